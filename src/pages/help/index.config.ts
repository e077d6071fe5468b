export default definePageConfig({ navigationBarTitleText: '帮助与反馈' })
