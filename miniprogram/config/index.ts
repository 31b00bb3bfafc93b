import path from 'path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { releaseProblems } from './release'

// Taro build config for weapp and H5. Design width 375 (NutUI's), so 1px in our CSS = 2rpx on weapp.
export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const isH5 = process.env.TARO_ENV === 'h5'
  const problems = releaseProblems(process.env)
  if (problems.length) {
    console.error(`\n✗ weapp release build stopped:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`)
    process.exit(1)
  }
  const devTools = isH5 && process.env.WS_NO_DEV_TOOLS !== '1'
  const typings = path.resolve(__dirname, '../../typings')
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'wenshang-o2o',
    date: '2025-11-27',
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist/h5' : 'dist/weapp',
    plugins: [],
    defineConstants: {
      // The dev persona switcher exists only in the local H5 build.
      __DEV_PERSONAS__: JSON.stringify(devTools),
      __GATEWAY__: JSON.stringify(process.env.TARO_APP_GATEWAY || ''),
      __CLOUD_ENV__: JSON.stringify(process.env.TARO_APP_CLOUD_ENV || ''),
      __SUBSCRIBE_TEMPLATES__: JSON.stringify((process.env.TARO_APP_SUBSCRIBE_TEMPLATES || '').split(',').filter(Boolean)),
      __POLICY_TEMPLATE__: JSON.stringify(process.env.TARO_APP_POLICY_TEMPLATE || '')
    },
    alias: {
      // NutUI's package.json `main` is a UMD bundle of every component; its ES build (`module`) tree-shakes.
      '@nutui/nutui-react-taro$': path.resolve(__dirname, '../../node_modules/@nutui/nutui-react-taro/dist/es/packages/nutui.react.build.js'),
      '@typings': typings,
      '@': path.resolve(__dirname, '../src')
    },
    // sitemap.json (app.json's sitemapLocation) exists only on weapp.
    copy: { patterns: isH5 ? [] : [{ from: 'src/sitemap.json', to: 'dist/weapp/sitemap.json' }], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile: { include: [typings] },
      optimizeMainPackage: { enable: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [typings] },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    }
  }
  if (mode === 'development' || process.env.NODE_ENV === 'development') {
    return merge({}, base, { mini: {}, h5: {} })
  }
  return merge({}, base, { mini: {}, h5: {} })
})
