export default definePageConfig({ navigationBarTitleText: '服务授权' })
