export default definePageConfig({ navigationBarTitleText: '学校成员健康申报' })
