export default definePageConfig({ navigationBarTitleText: 'other' })
