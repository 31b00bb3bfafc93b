// Role-based tab bar, rendered by the weapp custom-tab-bar and by pages (H5, and subpackage pages on weapp).
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useMe } from '../hooks/useMe'
import { useStore } from '../hooks/useStore'
import { tabsFor, type TabDef, type TabKey } from '../lib/tabs'
import { Category, Edit, Notice, Order, Service, User } from '@nutui/icons-react-taro'

/** Each tab's NutUI icon (SVG): the same drawing on H5 and weapp. */
const TAB_ICONS: Record<TabKey, typeof Edit> = { file: Edit, mine: Order, board: Notice, work: Service, admin: Category, me: User }

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
          <View className='ws-tab-icon' data-icon={t.icon}>
            {(() => {
              const I = TAB_ICONS[t.key]
              return <I size={large ? 24 : 21} color={current === t.key ? '#1d5bbf' : '#6b7280'} />
            })()}
          </View>
          <Text className='ws-tab-text'>{t.text}</Text>
        </View>
      ))}
    </View>
  )
}
