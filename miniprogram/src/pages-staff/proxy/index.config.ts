export default definePageConfig({ navigationBarTitleText: '代报诉求' })
