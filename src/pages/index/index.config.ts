export default definePageConfig({ navigationBarTitleText: '粤省事·学校服务' })
