export default definePageConfig({ navigationBarTitleText: '我的数字空间' })
