export default definePageConfig({ navigationBarTitleText: '学生/教职工个人健康申报' })
