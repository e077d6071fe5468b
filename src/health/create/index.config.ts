export default definePageConfig({ navigationBarTitleText: '创建组织' })
