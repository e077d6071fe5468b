export default definePageConfig({ navigationBarTitleText: '数字档案袋' })
