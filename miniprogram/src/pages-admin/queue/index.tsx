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

function Queue() {
  const [kind, setKind] = useState<'queued' | 'review'>('queued')
  const list = usePaged<CaseSummary>((page) => call('admin', 'queue', { kind, page, pageSize: 10 }, { toast: false }), [kind])
  return (
    <View className='ws-body'>
      <Tabs className='ws-tabs' id='ws-queue-tabs' value={kind} onChange={(v) => setKind(v as 'queued' | 'review')}>
        <Tabs.TabPane title='待分派' value='queued' />
        <Tabs.TabPane title='内容审核' value='review' />
      </Tabs>
      <View className='ws-muted ws-t-s ws-mt8'>{kind === 'queued' ? '未匹配到规则、被退回或需县级复核的诉求，点开后选择承办部门派单。' : '内容安全检查标记的诉求，核实后“审核通过”进入派单。'}</View>
      {list.error && !list.items.length ? (
        <ErrorState text={list.error} onRetry={list.reload} />
      ) : list.loading && !list.items.length ? (
        <Loading />
      ) : !list.items.length ? (
        <Empty text='队列已清空' icon='✓' />
      ) : (
        <View id='ws-queue-list'>
          {list.items.map((c) => (
            <CaseCard key={c._id} c={c} url={`/pages-staff/case/index?id=${c._id}`} />
          ))}
          <ListFooter loading={list.loading} done={list.done} count={list.items.length} />
        </View>
      )}
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
