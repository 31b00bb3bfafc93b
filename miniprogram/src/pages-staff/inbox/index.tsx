import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Tabs } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { CaseSummary } from '../../../../typings/api'
import { ROLE_LABELS } from '../../../../typings/api'
import { call } from '../../api/client'
import CaseCard from '../../components/CaseCard'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { Empty, ErrorState, ListFooter, Loading } from '../../components/States'
import { useMe } from '../../hooks/useMe'
import { usePaged } from '../../hooks/usePaged'
import { isStaffRole } from '../../lib/tabs'

type Bucket = 'pending' | 'active' | 'done' | 'overdue'
const BUCKETS: Array<{ key: Bucket; text: string }> = [
  { key: 'pending', text: '待受理' },
  { key: 'active', text: '办理中' },
  { key: 'overdue', text: '超时' },
  { key: 'done', text: '已办结' }
]

function Inbox() {
  const { me } = useMe()
  const [bucket, setBucket] = useState<Bucket>('pending')
  const [counts, setCounts] = useState<Record<Bucket, number> | null>(null)
  const list = usePaged<CaseSummary, Awaited<ReturnType<typeof fetchInbox>>>((page) => fetchInbox(bucket, page), [bucket], (p) => setCounts(p.counts))
  const canProxy = me?.role === 'grid_member' || me?.role === 'building_leader'
  return (
    <View>
      <View className='ws-hero' style={{ paddingBottom: '30px' }}>
        <View className='ws-row-between'>
          <View>
            <View className='ws-hero-title'>工作台</View>
            <View className='ws-hero-motto'>
              {me ? `${ROLE_LABELS[me.role]} ${me.name ?? ''}` : ''}
              {me?.scopeLabel ? ` · ${me.scopeLabel}` : ''}
            </View>
          </View>
          {canProxy && (
            <Button className='ws-hero-btn' size='small' id='ws-proxy-open' onClick={() => Taro.navigateTo({ url: '/pages-staff/proxy/index' })}>
              代报
            </Button>
          )}
        </View>
      </View>
      <View className='ws-body'>
        <Tabs
          className={`ws-tabs ws-buckets ${(counts?.overdue ?? 0) > 0 ? 'has-overdue' : ''}`}
          id='ws-buckets'
          value={bucket}
          onChange={(v) => setBucket(v as Bucket)}
        >
          {BUCKETS.map((b) => (
            <Tabs.TabPane key={b.key} title={`${b.text} ${counts ? counts[b.key] : '–'}`} value={b.key} />
          ))}
        </Tabs>
        {list.error && !list.items.length ? (
          <ErrorState text={list.error} onRetry={list.reload} />
        ) : list.loading && !list.items.length ? (
          <Loading />
        ) : !list.items.length ? (
          <Empty text={bucket === 'overdue' ? '没有超时的诉求，继续保持' : '暂无诉求'} icon='▣' />
        ) : (
          <View id='ws-inbox-list'>
            {list.items.map((c) => (
              <CaseCard key={c._id} c={c} url={`/pages-staff/case/index?id=${c._id}`} />
            ))}
            <ListFooter loading={list.loading} done={list.done} count={list.items.length} />
          </View>
        )}
      </View>
    </View>
  )
}

function fetchInbox(bucket: Bucket, page: number) {
  return call('staff', 'inbox', { bucket, page, pageSize: 10 }, { toast: false })
}

export default function InboxPage() {
  return (
    <PageShell tab='work'>
      <RoleGate allow={isStaffRole}>
        <Inbox />
      </RoleGate>
    </PageShell>
  )
}
