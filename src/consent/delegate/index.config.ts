export default definePageConfig({ navigationBarTitleText: '委托代办' })
