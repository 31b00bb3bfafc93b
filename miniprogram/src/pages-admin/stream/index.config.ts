export default definePageConfig({ navigationBarTitleText: '诉求动态', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
