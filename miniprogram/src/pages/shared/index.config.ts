export default definePageConfig({ navigationBarTitleText: '邻里附议', enableShareAppMessage: true, enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
