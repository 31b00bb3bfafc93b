import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { SearchBar } from '@nutui/nutui-react-taro'
import { useEffect, useState } from 'react'
import type { CaseState, CaseSummary } from '../../../../typings/api'
import { call } from '../../api/client'
import CaseCard from '../../components/CaseCard'
import ClaimByPhone from '../../components/ClaimByPhone'
import FilterTabs from '../../components/FilterTabs'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import { usePaged } from '../../hooks/usePaged'

/** (metoo) 'following': the cases the resident follows (附议), from petition.following. */
export type MineFilter = CaseState | 'all' | 'following'

export const FILTERS: Array<{ key: MineFilter; text: string }> = [
  { key: 'all', text: '全部' },
  { key: 'review', text: '审核中' },
  { key: 'queued', text: '待分派' },
  { key: 'dispatched', text: '待受理' },
  { key: 'accepted', text: '办理中' },
  { key: 'resolved', text: '待评价' },
  { key: 'closed', text: '已关闭' },
  { key: 'withdrawn', text: '已撤回' },
  { key: 'merged', text: '已合并' },
  { key: 'following', text: '我的附议' }
]

export default function MinePage() {
  const [filter, setFilter] = useState<MineFilter>('all')
  // The search box: typed text, and the query actually sent (on confirm, or after a pause in typing).
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), 400)
    return () => clearTimeout(t)
  }, [typed])
  const list = usePaged<CaseSummary>(
    (page) =>
      filter === 'following'
        ? call('petition', 'following', { page, pageSize: 10 }, { toast: false })
        : call('petition', 'mine', { page, pageSize: 10, ...(filter === 'all' ? {} : { state: filter }), ...(q ? { q } : {}) }, { toast: false }),
    [filter, q]
  )
  return (
    <PageShell tab='mine'>
      <View className='ws-body'>
        <View id='ws-mine-search'>
          <SearchBar
            className='ws-search'
            placeholder='搜索工单号或内容'
            value={typed}
            maxLength={40}
            onChange={(v) => setTyped(v)}
            onSearch={(v) => {
              setTyped(v)
              setQ(v.trim())
            }}
            onClear={() => {
              setTyped('')
              setQ('')
            }}
          />
        </View>
        <ClaimByPhone onClaimed={list.reload} />
        <FilterTabs id='ws-mine-tabs' tabs={FILTERS} value={filter} onChange={setFilter} />
        <PagedList
          list={list}
          id='ws-mine-list'
          empty={
            q
              ? { text: `没有找到与“${q}”相关的诉求`, icon: '☰' }
              : {
                  text: filter === 'all' ? '您还没有反映过问题' : filter === 'following' ? '您还没有附议过诉求' : '没有该状态的诉求',
                  icon: '☰',
                  action: '我要反映',
                  onAction: () => Taro.reLaunch({ url: '/pages/file/index' })
                }
          }
          head={
            <View className='ws-muted ws-t-s ws-mt8'>
              共 <Text className='ws-bold'>{list.total}</Text> 件，下拉可刷新
            </View>
          }
        >
          {(c) => <CaseCard key={c._id} c={c} url={`/pages/case/index?id=${c._id}`} />}
        </PagedList>
      </View>
    </PageShell>
  )
}
