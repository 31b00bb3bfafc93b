import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import PageShell from '../../components/PageShell'
import { requestSubscribe } from '../../lib/subscribe'
import { SectionTitle } from '../../components/SectionTitle'

export default function SuccessPage() {
  const { params } = useRouter()
  const no = decodeURIComponent(params.no ?? '')
  const id = decodeURIComponent(params.id ?? '')
  const [subscribed, setSubscribed] = useState(false)
  return (
    <PageShell>
      <View className='ws-body'>
        <View className='ws-card ws-success'>
          <View className='ws-success-icon'>✓</View>
          <View className='ws-t-xl ws-bold ws-mt8'>提交成功</View>
          <View className='ws-sub ws-mt8'>诉求编号</View>
          <View className='ws-success-no' id='ws-case-no'>
            {no}
          </View>
          <View className='ws-muted ws-t-s ws-mt8'>我们将在 24 小时内受理，一般在 5 个工作日内办结。您可以在“我的诉求”中随时查看办理进度。</View>
        </View>
        <View className='ws-card'>
          <SectionTitle title='接收办理进度通知' />
          <View className='ws-sub ws-t-s'>允许后，受理、办结等进展会通过微信服务通知告诉您。</View>
          <Button
            className='ws-btn ws-mt12'
            type='primary'
            size='large'
            block
            fill={subscribed ? 'outline' : undefined}
            onClick={async () => {
              const ok = await requestSubscribe()
              setSubscribed(ok)
            }}
          >
            {subscribed ? '已允许通知' : '允许通知'}
          </Button>
        </View>
        <View className='ws-row ws-mt16'>
          <Button className='ws-btn ws-flex1' type='primary' fill='outline' size='large' onClick={() => Taro.redirectTo({ url: `/pages/case/index?id=${encodeURIComponent(id)}` })}>
            查看诉求
          </Button>
          <Button className='ws-btn ws-flex1' type='primary' size='large' id='ws-back-home' onClick={() => Taro.reLaunch({ url: '/pages/mine/index' })}>
            我的诉求
          </Button>
        </View>
      </View>
    </PageShell>
  )
}
