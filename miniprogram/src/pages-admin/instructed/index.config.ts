export default definePageConfig({ navigationBarTitleText: '批示件', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
