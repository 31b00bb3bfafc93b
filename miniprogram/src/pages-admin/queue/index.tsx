import { View } from '@tarojs/components'
import { useState } from 'react'
import type { CaseSummary } from '../../../../typings/api'
import { call } from '../../api/client'
import CaseCard from '../../components/CaseCard'
import FilterTabs, { type FilterTab } from '../../components/FilterTabs'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { usePaged } from '../../hooks/usePaged'
import '../components/admin.css'

const KINDS: Array<FilterTab<'queued' | 'review'>> = [
  { key: 'queued', text: '待分派' },
  { key: 'review', text: '内容审核' }
]

function Queue() {
  const [kind, setKind] = useState<'queued' | 'review'>('queued')
  const list = usePaged<CaseSummary>((page) => call('admin', 'queue', { kind, page, pageSize: 10 }, { toast: false }), [kind])
  return (
    <View className='ws-body'>
      <FilterTabs id='ws-queue-tabs' tabs={KINDS} value={kind} onChange={setKind} />
      <View className='ws-muted ws-t-s ws-mt8'>{kind === 'queued' ? '未匹配到规则、被退回或需县级复核的诉求，点开后选择承办部门派单。' : '内容安全检查标记的诉求，核实后“审核通过”进入派单。'}</View>
      <PagedList list={list} id='ws-queue-list' empty={{ text: '队列已清空', icon: '✓' }}>
        {(c) => <CaseCard key={c._id} c={c} url={`/pages-staff/case/index?id=${c._id}`} />}
      </PagedList>
    </View>
  )
}

export default function QueuePage() {
  return (
    <PageShell>
      <RoleGate tile='queue'>
        <Queue />
      </RoleGate>
    </PageShell>
  )
}
