// Cases with a county leader's 批示, tracked until closed (open ones first; the closed ones on their own tab).
import { View } from '@tarojs/components'
import { Tabs } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { CaseSummary } from '../../../../typings/api'
import { call } from '../../api/client'
import CaseCard from '../../components/CaseCard'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { Empty, ErrorState, ListFooter, Loading } from '../../components/States'
import { usePaged } from '../../hooks/usePaged'
import '../components/admin.css'

function Instructed() {
  const [open, setOpen] = useState(true)
  const list = usePaged<CaseSummary>((page) => call('admin', 'instructed', { open, page, pageSize: 10 }, { toast: false }), [open])
  return (
    <View className='ws-body'>
      <Tabs className='ws-tabs' id='ws-instructed-tabs' value={open ? 'open' : 'all'} onChange={(v) => setOpen(v === 'open')}>
        <Tabs.TabPane title='办理中' value='open' />
        <Tabs.TabPane title='全部' value='all' />
      </Tabs>
      {list.error && !list.items.length ? (
        <ErrorState text={list.error} onRetry={list.reload} />
      ) : list.loading && !list.items.length ? (
        <Loading />
      ) : !list.items.length ? (
        <Empty text='暂无批示件' icon='批' />
      ) : (
        <View id='ws-instructed-list'>
          {list.items.map((c) => (
            <CaseCard key={c._id} c={c} url={`/pages-staff/case/index?id=${c._id}`} />
          ))}
          <ListFooter loading={list.loading} done={list.done} count={list.items.length} />
        </View>
      )}
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
