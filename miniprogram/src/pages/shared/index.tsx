// (share) What a card shared to a WeChat group opens: the public view of a case (what the board may show: the
// approved summary or a redacted excerpt, 镇街 · 村居, state, dates, 附议数) and a 附议 button; or the states
// 您已附议 / 这是您提交的诉求. After 附议 the resident is taken to the follower's view of the case.
import Taro, { useRouter } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { PublicCaseView } from '../../../../typings/api'
import { call } from '../../api/client'
import { ApiError } from '../../api/envelope'
import PageShell, { goBack } from '../../components/PageShell'
import ShareButton from '../../components/ShareButton'
import { ErrorState, Loading } from '../../components/States'
import { useLoaded } from '../../hooks/useLoaded'
import { useShareCard } from '../../hooks/useShareCard'
import { followerRatingsText } from '../../lib/share'
import { formatTime } from '../../lib/countdown'
import { stateChip, TONE_COLORS } from '../../lib/status'

export function SharedCaseCard({ v }: { v: PublicCaseView }) {
  const chip = stateChip(v.state)
  const place = [v.townshipName, v.villageName].filter(Boolean).join(' · ')
  return (
    <View className='ws-card' id='ws-shared-case' data-case={v.no}>
      <View className='ws-case-top'>
        <Text className='ws-case-cat' id='ws-shared-category'>
          {v.categoryName}
        </Text>
        <Text className='ws-chip' style={{ color: TONE_COLORS[chip.tone].fg, background: TONE_COLORS[chip.tone].bg }} id='ws-shared-state'>
          {chip.label}
        </Text>
      </View>
      {v.mergedFrom && <View className='ws-notice ws-mt8'>您打开的 {v.mergedFrom} 与本诉求为同一问题，已合并办理。</View>}
      <View className='ws-break ws-mt12' id='ws-shared-summary'>
        {v.summary}
      </View>
      {v.thumbUrl && <Image className='ws-mt8' src={v.thumbUrl} mode='aspectFill' style={{ width: '96px', height: '96px', borderRadius: '8px' }} id='ws-shared-thumb' />}
      <View className='ws-mt12'>
        <View className='ws-kv'>
          <Text className='ws-kv-k'>位置</Text>
          <Text className='ws-kv-v' id='ws-shared-place'>
            {place}
          </Text>
        </View>
        <View className='ws-kv'>
          <Text className='ws-kv-k'>反映时间</Text>
          <Text className='ws-kv-v'>{formatTime(v.submittedAt, true)}</Text>
        </View>
        {v.resolvedAt && (
          <View className='ws-kv'>
            <Text className='ws-kv-k'>办结时间</Text>
            <Text className='ws-kv-v'>{formatTime(v.resolvedAt, true)}</Text>
          </View>
        )}
        <View className='ws-kv'>
          <Text className='ws-kv-k'>附议</Text>
          <Text className='ws-kv-v' id='ws-shared-followers'>
            {v.followerCount ? `${v.followerCount} 人附议` : '还没有人附议'}
          </Text>
        </View>
        {v.followerRatings && (
          <View className='ws-kv'>
            <Text className='ws-kv-k'>附议群众评价</Text>
            <Text className='ws-kv-v'>{followerRatingsText(v.followerRatings)}</Text>
          </View>
        )}
      </View>
      <View className='ws-muted ws-t-xs ws-mt12'>
        {v.summaryKind === 'published' ? '公开摘要经县级审核发布。' : '为保护反映人隐私，已隐去姓名、电话、门牌等个人信息。'}编号 {v.no}
      </View>
    </View>
  )
}

export default function SharedPage() {
  const { params } = useRouter()
  const caseId = decodeURIComponent(params.caseId ?? '')
  const [busy, setBusy] = useState(false)
  const { data: v, error: err, reload } = useLoaded(
    () => (caseId ? call('petition', 'publicView', { caseId }, { toast: false }) : Promise.reject(new ApiError('NOT_FOUND', '链接不完整，未找到该诉求'))),
    [caseId]
  )
  const share = useShareCard(caseId, v)

  const open = (id: string) => Taro.redirectTo({ url: `/pages/case/index?id=${encodeURIComponent(id)}` })
  const follow = async () => {
    if (!v || busy) return
    setBusy(true)
    try {
      await call('petition', 'follow', { caseId: v.caseId })
      Taro.showToast({ title: '已附议，办理进展将通知您', icon: 'none' })
      await open(v.caseId)
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  if (err)
    return (
      <PageShell>
        <ErrorState text={err} onRetry={reload} />
        <View className='ws-body'>
          <Button className='ws-btn' block fill='outline' type='primary' onClick={goBack}>
            返回首页
          </Button>
        </View>
      </PageShell>
    )
  if (!v)
    return (
      <PageShell>
        <Loading />
      </PageShell>
    )
  return (
    <PageShell>
      <View className='ws-body' id='ws-shared'>
        <SharedCaseCard v={v} />
        <View className='ws-card' id='ws-shared-action'>
          {v.own ? (
            <View>
              <View className='ws-bold' id='ws-shared-own'>这是您提交的诉求</View>
              <Button className='ws-btn ws-mt12' block type='primary' onClick={() => void open(v.caseId)}>
                查看办理进度
              </Button>
            </View>
          ) : v.following ? (
            <View>
              <View className='ws-bold' id='ws-shared-following'>您已附议</View>
              <View className='ws-sub ws-t-s ws-mt8'>办理进展会通知您。</View>
              <Button className='ws-btn ws-mt12' block type='primary' onClick={() => void open(v.caseId)}>
                查看办理进度
              </Button>
            </View>
          ) : v.canFollow ? (
            <View>
              <View className='ws-sub ws-t-s'>您也遇到了同样的问题？附议后，办理进展会同时通知您，您也可以补充看到的情况。</View>
              <Button className='ws-btn ws-mt12' id='ws-shared-follow' block type='primary' loading={busy} onClick={() => void follow()}>
                附议（我也遇到了）
              </Button>
            </View>
          ) : (
            <View className='ws-sub ws-t-s' id='ws-shared-closed'>
              {v.state === 'resolved' || v.state === 'closed' ? '该诉求已办结，感谢关注。' : '该诉求当前不能附议。'}
            </View>
          )}
          {share && <ShareButton info={share} />}
        </View>
        <Button className='ws-btn' block fill='none' type='primary' onClick={() => Taro.reLaunch({ url: '/pages/file/index' })}>
          我也要反映问题
        </Button>
      </View>
    </PageShell>
  )
}
