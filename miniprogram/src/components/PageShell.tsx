// Every page's root: applies large-text mode, hosts the page's NutUI Toast, and renders the tab bar where
// weapp's custom-tab-bar does not.
import { useEffect, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Toast } from '@nutui/nutui-react-taro'
import { useStore } from '../hooks/useStore'
import type { TabKey } from '../lib/tabs'
import { TAB_DEFS } from '../lib/tabs'
import { registerToastHost, TOAST_ID } from '../lib/toast'
import TabBar from './TabBar'

function ToastHost() {
  useEffect(() => {
    registerToastHost(1)
    return () => registerToastHost(-1)
  }, [])
  return <Toast id={TOAST_ID} />
}

export default function PageShell({ tab, children, className }: { tab?: TabKey; children: ReactNode; className?: string }) {
  const large = useStore((s) => s.largeText)
  // weapp shows custom-tab-bar on native tab pages; everywhere else the page draws the bar itself.
  const inline = !!tab && (process.env.TARO_ENV === 'h5' || !TAB_DEFS[tab].native)
  return (
    <View className={`ws-page ${large ? 'ws-large' : ''} ${tab ? '' : 'ws-no-tab'} ${className ?? ''}`}>
      {children}
      {inline && <TabBar current={tab} />}
      <ToastHost />
    </View>
  )
}
