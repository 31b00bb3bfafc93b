import { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
// NutUI: per-component stylesheets only (the full stylesheet adds ~225 KB to the main package).
import '@nutui/icons-react-taro/dist/style_icon.css'
import '@nutui/nutui-react-taro/dist/es/packages/configprovider/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/overlay/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/tabpane/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/toast/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/input/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/checkbox/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/radiogroup/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/empty/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/step/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/cascader/style/style.css'
import '@nutui/nutui-react-taro/dist/es/packages/noticebar/style/style.css'
import './app.css'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      Taro.cloud.init({ ...(__CLOUD_ENV__ ? { env: __CLOUD_ENV__ } : {}), traceUser: true })
    }
  })
  return children
}

export default App
