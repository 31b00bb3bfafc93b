// Role-based tab bar, rendered by the weapp custom-tab-bar and by pages (H5, and subpackage pages on weapp).
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useMe } from '../hooks/useMe'
import { useStore } from '../hooks/useStore'
import { tabsFor, type TabDef, type TabKey } from '../lib/tabs'

export function goTab(tab: TabDef): void {
  if (process.env.TARO_ENV !== 'h5' && tab.native) {
    void Taro.switchTab({ url: tab.url })
  } else {
    void Taro.reLaunch({ url: tab.url })
  }
}

export default function TabBar({ current }: { current?: TabKey }) {
  const { me } = useMe()
  const large = useStore((s) => s.largeText)
  const tabs = tabsFor(me)
  return (
    <View className={`ws-tabbar ${large ? 'ws-large' : ''}`} id='ws-tabbar'>
      {tabs.map((t) => (
        <View
          key={t.key}
          className={`ws-tab ${current === t.key ? 'on' : ''}`}
          data-tab={t.key}
          onClick={() => current !== t.key && goTab(t)}
        >
          <Text className='ws-tab-icon'>{t.icon}</Text>
          <Text className='ws-tab-text'>{t.text}</Text>
        </View>
      ))}
    </View>
  )
}
