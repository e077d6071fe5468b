export default definePageConfig({ navigationBarTitleText: '我的纠错反馈' })
