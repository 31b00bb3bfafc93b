// Cases with a county leader's 批示, tracked until closed (open ones first; the closed ones on their own tab).
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

const TABS: Array<FilterTab<'open' | 'all'>> = [
  { key: 'open', text: '办理中' },
  { key: 'all', text: '全部' }
]

function Instructed() {
  const [open, setOpen] = useState(true)
  const list = usePaged<CaseSummary>((page) => call('admin', 'instructed', { open, page, pageSize: 10 }, { toast: false }), [open])
  return (
    <View className='ws-body'>
      <FilterTabs id='ws-instructed-tabs' tabs={TABS} value={open ? 'open' : 'all'} onChange={(k) => setOpen(k === 'open')} />
      <PagedList list={list} id='ws-instructed-list' empty={{ text: '暂无批示件', icon: '批' }}>
        {(c) => <CaseCard key={c._id} c={c} url={`/pages-staff/case/index?id=${c._id}`} />}
      </PagedList>
    </View>
  )
}

export default function InstructedPage() {
  return (
    <PageShell>
      <RoleGate tile='instructed'>
        <Instructed />
      </RoleGate>
    </PageShell>
  )
}
