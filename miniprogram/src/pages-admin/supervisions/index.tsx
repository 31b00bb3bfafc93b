// A supervisor's own 督办 orders with their states (待回复, 逾期未回复, 已按时回复, 逾期回复, 已办结).
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { SupervisionRow } from '../../../../typings/api'
import { call } from '../../api/client'
import FilterTabs, { type FilterTab } from '../../components/FilterTabs'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { usePaged } from '../../hooks/usePaged'
import { formatTime } from '../../lib/countdown'
import '../components/admin.css'

export const ORDER_STATUS = { open: '待回复', overdue: '逾期未回复', replied: '已按时回复', replied_late: '逾期回复', closed: '已办结' } as const

const STATUSES: Array<FilterTab<'open' | 'done'>> = [
  { key: 'open', text: '待回复' },
  { key: 'done', text: '已回复' }
]

function Supervisions() {
  const [status, setStatus] = useState<'open' | 'done'>('open')
  const list = usePaged<SupervisionRow>((page) => call('admin', 'supervisions', { status, page, pageSize: 10 }, { toast: false }), [status])
  return (
    <View className='ws-body'>
      <FilterTabs id='ws-supervision-tabs' tabs={STATUSES} value={status} onChange={setStatus} />
      <PagedList list={list} id='ws-supervision-list' empty={{ text: status === 'open' ? '没有待回复的督办' : '暂无记录', icon: '督' }}>
        {(r) => (
          <View
            key={r.order.id}
            className='ws-case'
            data-case={r.case.no}
            data-status={r.order.status}
            onClick={() => Taro.navigateTo({ url: `/pages-staff/case/index?id=${r.case._id}` })}
          >
            <View className='ws-case-top'>
              <Text className='ws-case-cat'>{r.case.categoryName}</Text>
              <Text className={r.order.status === 'overdue' || r.order.status === 'replied_late' ? 'ws-danger' : 'ws-sub'}>{ORDER_STATUS[r.order.status]}</Text>
            </View>
            <View className='ws-case-text'>督办：{r.order.note}</View>
            {r.order.reply && <View className='ws-case-text'>回复：{r.order.reply.text}</View>}
            <View className='ws-case-foot'>
              <Text>
                {r.case.no} · {r.case.departmentName ?? '待分派'}
              </Text>
              <Text>回复期限 {formatTime(r.order.replyBy)}</Text>
            </View>
          </View>
        )}
      </PagedList>
    </View>
  )
}

export default function SupervisionsPage() {
  return (
    <PageShell>
      <RoleGate tile='supervisions'>
        <Supervisions />
      </RoleGate>
    </PageShell>
  )
}
