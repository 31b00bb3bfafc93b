import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import FilingForm from '../../components/FilingForm'
import PageShell from '../../components/PageShell'
import { goTab } from '../../components/TabBar'
import { useMe } from '../../hooks/useMe'
import { tabsFor } from '../../lib/tabs'
import { sourceFromParams } from '../../lib/source'

export default function FilePage() {
  const { me } = useMe()
  // Where the page was opened from: `?src=official_account:gh_…` (an article's link) or a QR code's scene.
  const [source] = useState(() => sourceFromParams(Taro.getCurrentInstance().router?.params ?? {}))
  useEffect(() => {
    // The first page of the app: users without a 我要反映 tab go to their own first tab.
    if (me && !tabsFor(me).some((t) => t.key === 'file')) goTab(tabsFor(me)[0])
  }, [me])
  return (
    <PageShell tab='file'>
      <View className='ws-hero'>
        <View className='ws-hero-title'>汶上县便民服务平台</View>
        <View className='ws-hero-motto'>群众线上提诉求 · 干部线下马上办</View>
        <View className='ws-row ws-wrap'>
          <Text className='ws-hero-badge'>24小时内受理</Text>
          <Text className='ws-hero-badge'>5个工作日内办结</Text>
          <Text className='ws-hero-badge'>全程可查</Text>
        </View>
      </View>
      <View className='ws-body'>
        <FilingForm
          source={source}
          onSubmitted={(c) => {
            const q = `no=${encodeURIComponent(c.no)}&id=${encodeURIComponent(c._id)}&state=${c.state}&cat=${encodeURIComponent(c.categoryId)}`
            void Taro.redirectTo({ url: `/pages/success/index?${q}` })
          }}
        />
      </View>
    </PageShell>
  )
}
