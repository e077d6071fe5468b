export default definePageConfig({ navigationBarTitleText: '关联被监护人' })
