export default definePageConfig({ navigationBarTitleText: '开放接口密钥', enablePullDownRefresh: true, backgroundTextStyle: 'dark' })
