export default definePageConfig({ navigationBarTitleText: '采集员工作台', enableShareAppMessage: true })
