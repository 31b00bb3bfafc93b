export default definePageConfig({ navigationBarTitleText: '电话查看记录', enablePullDownRefresh: true })
