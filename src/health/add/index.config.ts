export default definePageConfig({ navigationBarTitleText: '添加申报人' })
