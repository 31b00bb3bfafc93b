import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Check, Clock } from '@nutui/icons-react-taro'
import { useState } from 'react'
import type { CaseState, Category } from '../../../../typings/api'
import CopyButton from '../../components/CopyNo'
import PageShell from '../../components/PageShell'
import { useCatalog } from '../../hooks/useCatalog'
import { requestSubscribe } from '../../lib/subscribe'
import { SectionTitle } from '../../components/SectionTitle'

/** What happens next, from the case's state and its category's limits (the catalog has the SLA). */
export function nextSteps(state: CaseState | undefined, cat: Pick<Category, 'name' | 'sla'> | undefined): { title: string; text: string } {
  const accept = cat ? cat.sla.acceptHours : 24
  const finish = cat ? cat.sla.finishWorkdays : 5
  const limits = `${accept} 小时内受理，${finish} 个工作日内办结`
  if (state === 'review') {
    return { title: '已提交，审核中', text: `您的诉求正在审核，审核通过后派给承办部门，${limits}。您可以在“我的诉求”中随时查看进度。` }
  }
  if (state === 'queued') {
    return { title: '提交成功', text: `县级分派员将为您确定承办部门，派单后 ${limits}。您可以在“我的诉求”中随时查看进度。` }
  }
  return { title: '提交成功', text: `${cat ? `“${cat.name}”类诉求` : '我们将在'} ${limits}。您可以在“我的诉求”中随时查看办理进度。` }
}

export default function SuccessPage() {
  const { params } = useRouter()
  const no = decodeURIComponent(params.no ?? '')
  const id = decodeURIComponent(params.id ?? '')
  const state = (params.state || undefined) as CaseState | undefined
  const catalog = useCatalog()
  const cat = catalog?.categories.find((c) => c._id === decodeURIComponent(params.cat ?? ''))
  const steps = nextSteps(state, cat)
  const [subscribed, setSubscribed] = useState(false)
  return (
    <PageShell>
      <View className='ws-body'>
        <View className={`ws-card ws-success ${state === 'review' ? 'review' : ''}`} id='ws-success' data-state={state ?? ''}>
          <View className='ws-success-icon'>
            {state === 'review' ? <Clock size={30} color='#ffffff' /> : <Check size={30} color='#ffffff' />}
          </View>
          <View className='ws-t-xl ws-bold ws-mt8' id='ws-success-title'>
            {steps.title}
          </View>
          <View className='ws-sub ws-mt8'>诉求编号</View>
          <View className='ws-row ws-success-no-row'>
            <Text className='ws-success-no' id='ws-case-no'>
              {no}
            </Text>
            <CopyButton no={no} id='ws-copy-no' />
          </View>
          <View className='ws-muted ws-t-s ws-mt8' id='ws-success-next'>
            {steps.text}
          </View>
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
