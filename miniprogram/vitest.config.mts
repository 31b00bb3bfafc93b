import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The `ui` project: component and client tests in jsdom. Taro's runtime is replaced by small shims
// (tests/ui/shims) so the tests exercise our logic and markup, not Taro's platform layer.
const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '..')

export default defineConfig({
  root: repo,
  define: {
    __DEV_PERSONAS__: 'true',
    __GATEWAY__: '""',
    __CLOUD_ENV__: '""',
    __SUBSCRIBE_TEMPLATES__: '[]',
    __POLICY_TEMPLATE__: '""',
    'process.env.TARO_ENV': '"h5"'
  },
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: {
    alias: [
      { find: /^@tarojs\/taro$/, replacement: path.join(repo, 'tests/ui/shims/taro.ts') },
      { find: /^@tarojs\/components$/, replacement: path.join(repo, 'tests/ui/shims/components.tsx') },
      { find: /^@antv\/f2$/, replacement: path.join(repo, 'tests/ui/shims/f2.ts') },
      { find: /^@nutui\/nutui-react-taro$/, replacement: path.join(repo, 'node_modules/@nutui/nutui-react-taro/dist/es/packages/nutui.react.build.js') }
    ]
  },
  test: {
    name: 'ui',
    root: repo,
    include: ['tests/ui/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: [path.join(repo, 'tests/ui/setup.ts')],
    css: false
  }
})
