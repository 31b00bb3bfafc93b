export default definePageConfig({ navigationBarTitleText: '我的督办', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
