export default definePageConfig({ navigationBarTitleText: '无法在线办理' })
