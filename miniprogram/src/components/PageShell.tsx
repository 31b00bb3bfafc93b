// Every page's root: applies large-text mode, hosts the page's NutUI Toast, and renders the tab bar where
// weapp's custom-tab-bar does not.
import { useEffect, useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ArrowLeft } from '@nutui/icons-react-taro'
import { getState } from '../lib/store'
import { tabsFor } from '../lib/tabs'
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

/** The current page's title from its page config (navigationBarTitleText), as weapp's own bar shows it. */
function pageTitle(): string {
  const page = Taro.getCurrentInstance().page as { config?: { navigationBarTitleText?: string } } | null | undefined
  return page?.config?.navigationBarTitleText || (typeof document !== 'undefined' ? document.title : '') || ''
}

/** Back: to the previous page when there is one, else (a reload or a shared link) to the user's first tab. */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) {
    void Taro.navigateBack({ delta: 1 })
    return
  }
  const home = tabsFor(getState().me)[0]!
  void Taro.reLaunch({ url: home.url })
}

/**
 * H5 only: the navigation bar weapp draws natively — the page's title and a back button — for sub-pages (pages
 * that are not tabs). Tab pages have their hero instead, as on weapp they have no back button.
 */
export function NavBar({ title }: { title?: string }) {
  const [t, setT] = useState(() => title ?? pageTitle())
  useEffect(() => {
    if (!title) setT(pageTitle())
  }, [title])
  return (
    <View className='ws-navbar' id='ws-navbar'>
      <View className='ws-navbar-back' id='ws-navbar-back' onClick={goBack}>
        <ArrowLeft size={18} color='#ffffff' />
        <Text className='ws-navbar-back-text'>返回</Text>
      </View>
      <Text className='ws-navbar-title' id='ws-navbar-title'>
        {t}
      </Text>
    </View>
  )
}

export default function PageShell({ tab, children, className, title }: { tab?: TabKey; children: ReactNode; className?: string; title?: string }) {
  const large = useStore((s) => s.largeText)
  // weapp shows custom-tab-bar on native tab pages; everywhere else the page draws the bar itself.
  const inline = !!tab && (process.env.TARO_ENV === 'h5' || !TAB_DEFS[tab].native)
  return (
    <View className={`ws-page ${large ? 'ws-large' : ''} ${tab ? '' : 'ws-no-tab'} ${className ?? ''}`}>
      {process.env.TARO_ENV === 'h5' && !tab && <NavBar title={title} />}
      {children}
      {inline && <TabBar current={tab} />}
      <ToastHost />
    </View>
  )
}
