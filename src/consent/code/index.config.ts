export default definePageConfig({ navigationBarTitleText: '政务码' })
