import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { CaseSummary, Page } from '../../../../typings/api'
import { ROLE_LABELS } from '../../../../typings/api'
import { call } from '../../api/client'
import CaseCard from '../../components/CaseCard'
import FilterTabs from '../../components/FilterTabs'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
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

/** A desk's page of cases: one bucket's cases and every bucket's count (each desk has an overdue bucket). */
type DeskPage<K extends string> = Page<CaseSummary> & { counts: Record<K, number> & { overdue: number } }

/**
 * A 工作台: the hero (title, who is signed in and where, 代报 for those who may file for residents), the bucket
 * tabs with their counts ('–' until the first page answered; red when anything is overdue), and the bucket's cases.
 */
function Desk<K extends string>(props: {
  title: string
  proxy: boolean
  tabsId: string
  tabs: Array<{ key: K; text: string }>
  fetch: (bucket: K, page: number) => Promise<DeskPage<K>>
  listId: string
  empty: (bucket: K) => string
  note?: string
}) {
  const { title, proxy, tabsId, tabs, fetch, listId, empty, note } = props
  const { me } = useMe()
  const [bucket, setBucket] = useState<K>(tabs[0]!.key)
  const [counts, setCounts] = useState<DeskPage<K>['counts'] | null>(null)
  const list = usePaged<CaseSummary, DeskPage<K>>((page) => fetch(bucket, page), [bucket], (p) => setCounts(p.counts))
  return (
    <View>
      <View className='ws-hero' style={{ paddingBottom: '30px' }}>
        <View className='ws-row-between'>
          <View>
            <View className='ws-hero-title'>{title}</View>
            <View className='ws-hero-motto'>
              {me ? `${ROLE_LABELS[me.role]} ${me.name ?? ''}` : ''}
              {me?.scopeLabel ? ` · ${me.scopeLabel}` : ''}
            </View>
          </View>
          {proxy && (
            <Button className='ws-hero-btn' size='small' id='ws-proxy-open' onClick={() => Taro.navigateTo({ url: '/pages-staff/proxy/index' })}>
              代报
            </Button>
          )}
        </View>
      </View>
      <View className='ws-body'>
        <FilterTabs
          // The 超时 tab turns red while anything is overdue, wherever it stands (first on the desk, third in the inbox).
          className={(counts?.overdue ?? 0) > 0 ? `ws-buckets has-overdue overdue-tab-${tabs.findIndex((b) => b.key === 'overdue') + 1}` : 'ws-buckets'}
          id={tabsId}
          tabs={tabs.map((b) => ({ key: b.key, text: `${b.text} ${counts ? counts[b.key] : '–'}` }))}
          value={bucket}
          onChange={setBucket}
        />
        {note && <View className='ws-muted ws-t-s ws-mt8'>{note}</View>}
        <PagedList list={list} id={listId} empty={{ text: empty(bucket), icon: '▣' }}>
          {(c) => <CaseCard key={c._id} c={c} url={`/pages-staff/case/index?id=${c._id}`} />}
        </PagedList>
      </View>
    </View>
  )
}

/** The township supervisor's 工作台: their township's overdue, escalated and 督办 cases; 督办 and 转办 on the case page. */
function SuperviseDesk() {
  return (
    <Desk
      title='督办工作台'
      proxy
      tabsId='ws-desk'
      tabs={DESK}
      fetch={(bucket, page) => call('admin', 'superviseDesk', { bucket, page, pageSize: 10 }, { toast: false })}
      listId='ws-desk-list'
      empty={(bucket) => DESK.find((b) => b.key === bucket)!.empty}
      note='点开诉求可“督办”（要求承办单位限时回复）或“转办”到其他单位。'
    />
  )
}

/** The case inbox of the handling staff: pending, active, overdue and done; 代报 for grid members and building leaders. */
function Inbox() {
  const { me } = useMe()
  return (
    <Desk
      title='工作台'
      proxy={me?.role === 'grid_member' || me?.role === 'building_leader'}
      tabsId='ws-buckets'
      tabs={BUCKETS}
      fetch={(bucket, page) => call('staff', 'inbox', { bucket, page, pageSize: 10 }, { toast: false })}
      listId='ws-inbox-list'
      empty={(bucket) => (bucket === 'overdue' ? '没有超时的诉求，继续保持' : '暂无诉求')}
    />
  )
}

/** 工作台: the supervisor's desk for those who have it (Me.tiles), the case inbox for the others. */
function Work() {
  const { me } = useMe()
  return me?.tiles?.includes('supervise_desk') ? <SuperviseDesk /> : <Inbox />
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
