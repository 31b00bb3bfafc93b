// 政策发布 (staff): the notices of the caller's unit by status; new drafts; reviews waiting for someone else.
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { PolicyStatus, PolicySummary } from '../../../../typings/api'
import { call } from '../../api/client'
import FilterTabs, { type FilterTab } from '../../components/FilterTabs'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { useMe } from '../../hooks/useMe'
import { usePaged } from '../../hooks/usePaged'
import PolicyCard from '../components/PolicyCard'
import { useTags } from '../components/useTags'
import '../components/policy.css'

const PUBLISHERS = ['dept_handler', 'township_supervisor', 'county_dispatcher', 'county_admin']
const TABS: Array<FilterTab<PolicyStatus>> = [
  { key: 'review', text: '待审核' },
  { key: 'draft', text: '草稿' },
  { key: 'published', text: '已发布' },
  { key: 'expired', text: '已过期' }
]

function Manage() {
  const { me } = useMe()
  const [status, setStatus] = useState<PolicyStatus>('review')
  const { names } = useTags()
  const list = usePaged<PolicySummary>((page) => call('policy', 'manage', { page, pageSize: 10, status }, { toast: false }), [status])
  return (
    <View className='ws-body'>
      <Button className='ws-btn' id='ws-policy-new' type='primary' block onClick={() => Taro.navigateTo({ url: '/pages-policy/edit/index' })}>
        新建政策通知
      </Button>
      <View className='ws-muted ws-t-xs ws-mt8'>草稿提交后须由本单位其他工作人员或县级审核后发布。</View>
      {me?.role === 'county_admin' && (
        <Button className='ws-mt8' size='small' id='ws-policy-tags' onClick={() => Taro.navigateTo({ url: '/pages-policy/tags/index' })}>
          管理受众标签
        </Button>
      )}
      <FilterTabs className='ws-mt8' id='ws-policy-tabs' tabs={TABS} value={status} onChange={setStatus} />
      <PagedList list={list} id='ws-policy-manage-list' empty={{ text: '暂无政策通知', icon: '☷' }}>
        {(p) => <PolicyCard key={p._id} p={p} tagNames={names} staff />}
      </PagedList>
    </View>
  )
}

export default function PolicyManagePage() {
  return (
    <PageShell>
      <RoleGate allow={(r) => PUBLISHERS.includes(r)}>
        <Manage />
      </RoleGate>
    </PageShell>
  )
}
