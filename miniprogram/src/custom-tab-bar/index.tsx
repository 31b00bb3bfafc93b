// weapp custom tabBar: each role sees its own tabs (Me.tabs). H5 renders the same TabBar from PageShell.
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import TabBar from '../components/TabBar'
import { tabForPath, type TabKey } from '../lib/tabs'

function currentTab(): TabKey | undefined {
  const pages = Taro.getCurrentPages()
  const route = pages.length ? pages[pages.length - 1].route ?? '' : ''
  return tabForPath(route)
}

export default function CustomTabBar() {
  const [tab, setTab] = useState<TabKey | undefined>(currentTab)
  useEffect(() => {
    const id = setTimeout(() => setTab(currentTab()), 0)
    return () => clearTimeout(id)
  }, [])
  return <TabBar current={tab} />
}
