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

type DeskBucket = 'overdue' | 'escalated' | 'supervised'
const DESK: Array<{ key: DeskBucket; text: string; empty: string }> = [
  { key: 'overdue', text: '超时', empty: '本镇街没有超时诉求' },
  { key: 'escalated', text: '已提请县级', empty: '没有超时逾 24 小时、已提请县级督办的诉求' },
  { key: 'supervised', text: '督办中', empty: '没有待回复的督办' }
]

/** The township supervisor's 工作台: their township's overdue, escalated and 督办 cases; 督办 and 转办 on the case page. */
function SuperviseDesk() {
  const { me } = useMe()
  const [bucket, setBucket] = useState<DeskBucket>('overdue')
  const [counts, setCounts] = useState<Record<DeskBucket, number> | null>(null)
  const list = usePaged<CaseSummary, Awaited<ReturnType<typeof fetchDesk>>>((page) => fetchDesk(bucket, page), [bucket], (p) => setCounts(p.counts))
  return (
    <View>
      <View className='ws-hero' style={{ paddingBottom: '30px' }}>
        <View className='ws-row-between'>
          <View>
            <View className='ws-hero-title'>督办工作台</View>
            <View className='ws-hero-motto'>
              {me ? `${ROLE_LABELS[me.role]} ${me.name ?? ''}` : ''}
              {me?.scopeLabel ? ` · ${me.scopeLabel}` : ''}
            </View>
          </View>
          <Button className='ws-hero-btn' size='small' id='ws-proxy-open' onClick={() => Taro.navigateTo({ url: '/pages-staff/proxy/index' })}>
            代报
          </Button>
        </View>
      </View>
      <View className='ws-body'>
        <Tabs className={`ws-tabs ws-buckets ${(counts?.overdue ?? 0) > 0 ? 'has-overdue' : ''}`} id='ws-desk' value={bucket} onChange={(v) => setBucket(v as DeskBucket)}>
          {DESK.map((b) => (
            <Tabs.TabPane key={b.key} title={`${b.text} ${counts ? counts[b.key] : '–'}`} value={b.key} />
          ))}
        </Tabs>
        <View className='ws-muted ws-t-s ws-mt8'>点开诉求可“督办”（要求承办单位限时回复）或“转办”到其他单位。</View>
        {list.error && !list.items.length ? (
          <ErrorState text={list.error} onRetry={list.reload} />
        ) : list.loading && !list.items.length ? (
          <Loading />
        ) : !list.items.length ? (
          <Empty text={DESK.find((b) => b.key === bucket)!.empty} icon='▣' />
        ) : (
          <View id='ws-desk-list'>
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

function fetchDesk(bucket: DeskBucket, page: number) {
  return call('admin', 'superviseDesk', { bucket, page, pageSize: 10 }, { toast: false })
}

/** 工作台: the supervisor's desk for those who have it (Me.tiles), the case inbox for the others. */
function Work() {
  const { me } = useMe()
  return me?.tiles?.includes('supervise_desk') ? <SuperviseDesk /> : <Inbox />
}

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
        <Work />
      </RoleGate>
    </PageShell>
  )
}
