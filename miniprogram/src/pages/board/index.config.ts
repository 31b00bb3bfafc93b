export default definePageConfig({ navigationBarTitleText: '办理公开', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
