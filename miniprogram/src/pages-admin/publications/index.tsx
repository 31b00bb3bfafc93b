// 公开审核: the county office's review queue of public summaries — waiting (群众同意公开), on the board, drafts
// without consent (publishable only as of public interest) and taken down. Open a case to approve, edit or 撤下.
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { PublicationItem, PublicState } from '../../../../typings/api'
import { PUBLIC_STATE_LABELS } from '../../../../typings/api'
import { call } from '../../api/client'
import FilterTabs from '../../components/FilterTabs'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { usePaged } from '../../hooks/usePaged'
import { formatTime } from '../../lib/countdown'
import '../components/admin.css'

const TABS: PublicState[] = ['pending', 'published', 'draft', 'taken_down']
const HINT: Record<PublicState, string> = {
  pending: '群众同意公开、承办人已写摘要的诉求。核对摘要未含个人信息后“审核通过并公开”，或“不予公开”。',
  published: '正在公开栏展示的摘要。发现问题可“撤下”，理由记入办理进度。',
  draft: '群众未同意公开。确属公共利益的，可“作为公共事项公开”，公开栏仅显示摘要、不显示称呼。',
  taken_down: '已撤下或不予公开的摘要及理由。'
}

function Row({ x }: { x: PublicationItem }) {
  return (
    <View className='ws-case' data-publication={x.no} onClick={() => Taro.navigateTo({ url: `/pages-staff/case/index?id=${x.caseId}` })}>
      <View className='ws-case-top'>
        <Text className='ws-case-cat'>{x.categoryName}</Text>
        <Text className='ws-sub ws-t-s'>{x.consent ? '群众同意公开' : '未同意公开'}</Text>
      </View>
      <View className='ws-sub ws-t-s ws-mt8'>
        {x.townshipName}
        {x.departmentName ? ` · ${x.departmentName}` : ''}
        {x.writtenBy ? ` · 摘要：${x.writtenBy}` : ''}
      </View>
      <View className='ws-mt8 ws-break ws-publication-summary'>{x.summary}</View>
      {x.takenDownReason && <View className='ws-danger ws-t-s ws-mt8'>撤下理由：{x.takenDownReason}</View>}
      <View className='ws-case-foot'>
        <Text>{x.no}</Text>
        <Text>{x.publishedAt ? `公开于 ${formatTime(x.publishedAt)}` : x.writtenAt ? `撰写于 ${formatTime(x.writtenAt)}` : ''}</Text>
      </View>
    </View>
  )
}

function Publications() {
  const [state, setState] = useState<PublicState>('pending')
  const [counts, setCounts] = useState<Partial<Record<PublicState, number>>>({})
  const list = usePaged<PublicationItem>(
    async (page) => {
      const r = await call('admin', 'publications', { state, page, pageSize: 10 }, { toast: false })
      setCounts(r.counts)
      return r
    },
    [state]
  )
  return (
    <View className='ws-body'>
      <FilterTabs
        id='ws-publication-tabs'
        tabs={TABS.map((s) => ({ key: s, text: `${PUBLIC_STATE_LABELS[s]}${counts[s] ? ` ${counts[s]}` : ''}` }))}
        value={state}
        onChange={setState}
      />
      <View className='ws-muted ws-t-s ws-mt8'>{HINT[state]}</View>
      <PagedList list={list} id='ws-publication-list' empty={{ text: '暂无', icon: '✓' }}>
        {(x) => <Row key={x.caseId} x={x} />}
      </PagedList>
    </View>
  )
}

export default function PublicationsPage() {
  return (
    <PageShell>
      <RoleGate tile='publications'>
        <Publications />
      </RoleGate>
    </PageShell>
  )
}
