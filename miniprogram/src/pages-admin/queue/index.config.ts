export default definePageConfig({ navigationBarTitleText: '分派队列', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
