export default definePageConfig({ navigationBarTitleText: '诉求办理', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
