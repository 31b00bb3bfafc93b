export default definePageConfig({ navigationBarTitleText: '热点', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
