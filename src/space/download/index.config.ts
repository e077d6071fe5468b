export default definePageConfig({ navigationBarTitleText: '下载证照PDF' })
