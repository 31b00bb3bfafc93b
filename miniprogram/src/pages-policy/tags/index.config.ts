export default definePageConfig({ navigationBarTitleText: '受众标签' })
