import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { PolicySummary } from '../../../../typings/api'
import { formatTime } from '../../lib/countdown'
import { statusLabel } from '../../lib/policy'

const TONE: Record<PolicySummary['status'], { color: string; background: string }> = {
  draft: { color: '#4e5969', background: '#f2f3f5' },
  review: { color: '#b35c00', background: '#fff4e5' },
  published: { color: '#1a7f37', background: '#e6f4ea' },
  expired: { color: '#86909c', background: '#f2f3f5' }
}

/** A notice as a list row; `staff` shows its status and opens the editor for drafts. */
export default function PolicyCard({ p, tagNames, staff = false, lowReach }: { p: PolicySummary; tagNames: Map<string, string>; staff?: boolean; lowReach?: boolean }) {
  const open = () => {
    const url = staff && (p.status === 'draft' || p.status === 'review') ? `/pages-policy/edit/index?id=${p._id}` : `/pages-policy/detail/index?id=${p._id}`
    void Taro.navigateTo({ url })
  }
  return (
    <View className='ws-case ws-policy-card' data-policy={p.title} onClick={open}>
      <View className='ws-case-top'>
        <Text className='ws-case-cat ws-policy-title'>{p.title}</Text>
        {(staff || p.status === 'expired') && (
          <Text className='ws-chip' style={TONE[p.status]}>
            {statusLabel(p)}
          </Text>
        )}
        {!staff && p.forYou && p.status !== 'expired' && (
          <Text className='ws-chip' style={{ color: '#1d5bbf', background: '#e8f0fc' }}>
            与您相关
          </Text>
        )}
      </View>
      <View className='ws-sub ws-t-s ws-mt8'>
        {p.issuer.name}
        {p.publishedAt ? ` · ${formatTime(p.publishedAt, true)}` : ''}
        {p.expiresAt ? ` · 有效期至 ${p.expiresAt.slice(0, 10)}` : ''}
      </View>
      {p.excerpt && <View className='ws-mt8 ws-break ws-t-s'>{p.excerpt}</View>}
      <View className='ws-case-foot'>
        <Text>{p.tags.map((t) => tagNames.get(t) ?? t).join(' · ') || '面向全体群众'}</Text>
        <Text>
          {p.reads} 人已读{lowReach ? ' · 触达偏低' : ''}
        </Text>
      </View>
    </View>
  )
}
