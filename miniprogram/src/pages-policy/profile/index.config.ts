export default definePageConfig({ navigationBarTitleText: '我的家乡与订阅' })
