export default definePageConfig({ navigationBarTitleText: '被监护人' })
