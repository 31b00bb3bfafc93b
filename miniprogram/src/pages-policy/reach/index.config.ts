export default definePageConfig({ navigationBarTitleText: '政策触达', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
