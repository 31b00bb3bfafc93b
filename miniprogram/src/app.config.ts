const isH5 = process.env.TARO_ENV === 'h5'

const tabList = [
  { pagePath: 'pages/file/index', text: '我要反映' },
  { pagePath: 'pages/mine/index', text: '我的诉求' },
  { pagePath: 'pages/board/index', text: '公开' },
  { pagePath: 'pages/me/index', text: '我的' }
]

export default defineAppConfig({
  pages: [
    'pages/file/index',
    'pages/mine/index',
    'pages/board/index',
    'pages/me/index',
    'pages/case/index',
    'pages/success/index',
    'pages/privacy/index',
    // (share) what a card shared to a WeChat group opens: in the main package so it opens fast
    'pages/shared/index'
  ],
  subPackages: [
    { root: 'pages-staff', pages: ['inbox/index', 'case/index', 'proxy/index'] },
    { root: 'pages-admin', pages: ['summary/index', 'queue/index', 'extensions/index', 'holidays/index', 'invites/index', 'publications/index', 'callbacks/index', 'phone-access/index', 'supervisions/index', 'stream/index', 'instructed/index', 'hotline/index', 'api-keys/index', 'hotspots/index'] },
    { root: 'pages-policy', pages: ['list/index', 'detail/index', 'ask/index', 'profile/index', 'manage/index', 'edit/index', 'reach/index', 'tags/index'] }
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#1d5bbf',
    navigationBarTitleText: '汶上便民服务',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f3f5f9'
  },
  // On weapp a custom tab bar (custom-tab-bar/) shows each role its own tabs. On H5 pages render the same
  // TabBar component themselves, so no tabBar is configured there.
  ...(isH5
    ? {}
    : {
        tabBar: { custom: true, color: '#6b7280', selectedColor: '#1d5bbf', backgroundColor: '#ffffff', list: tabList },
        requiredPrivateInfos: ['chooseLocation'],
        permission: { 'scope.userLocation': { desc: '用于确定您反映的问题所在位置，便于派给属地部门办理' } },
        lazyCodeLoading: 'requiredComponents',
        // src/sitemap.json, copied by config/index.ts: only the file and board pages are indexable.
        sitemapLocation: 'sitemap.json'
      })
})
