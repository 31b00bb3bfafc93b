export default definePageConfig({ navigationBarTitleText: '惠民政策', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
