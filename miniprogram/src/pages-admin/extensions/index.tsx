import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { useDialog } from '../../components/Confirm'
import { toast } from '../../lib/toast'
import { useState } from 'react'
import type { Extension } from '../../../../typings/api'
import { call } from '../../api/client'
import FilterTabs from '../../components/FilterTabs'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { usePaged } from '../../hooks/usePaged'
import { formatTime } from '../../lib/countdown'
import '../components/admin.css'

const STATES: Array<{ key: Extension['state']; text: string }> = [
  { key: 'pending', text: '待审批' },
  { key: 'approved', text: '已批准' },
  { key: 'refused', text: '未批准' }
]

function Extensions() {
  const [state, setStateKey] = useState<Extension['state']>('pending')
  const [decided, setDecided] = useState<Record<string, Extension>>({})
  const list = usePaged<Extension>((page) => call('admin', 'extensions', { state, page, pageSize: 10 }, { toast: false }), [state])
  const [dialog, ask] = useDialog()

  const decide = async (x: Extension, approve: boolean) => {
    const r = await ask(
      approve
        ? {
            title: '批准延期',
            content: x.requestedFinishBy
              ? `同意 ${x.caseNo} 延长 ${x.workdays} 个工作日？办结时限将由 ${formatTime(x.currentFinishBy, true)} 延至 ${formatTime(x.requestedFinishBy, true)}。`
              : `同意 ${x.caseNo} 延长 ${x.workdays} 个工作日？`
          }
        : { title: '不批准延期', content: '请填写不批准的理由', input: { placeholder: '理由' } }
    )
    if (!r.confirm) return
    const note = r.value
    try {
      const res = await call('admin', 'decideExtension', { extensionId: x._id, approve, ...(note ? { note } : {}) })
      setDecided((d) => ({ ...d, [x._id]: res }))
      toast(approve ? '已批准' : '已驳回', 'success')
    } catch {
      /* toast shown */
    }
  }

  return (
    <View className='ws-body'>
      <FilterTabs id='ws-ext-tabs' tabs={STATES} value={state} onChange={setStateKey} />
      {dialog}
      <PagedList list={list} empty={{ text: '暂无延期申请', icon: '⏱' }}>
        {(x0) => {
          const x = decided[x0._id] ?? x0
          return (
            <View key={x._id} className='ws-case'>
              <View className='ws-case-top'>
                <Text className='ws-case-cat' onClick={() => Taro.navigateTo({ url: `/pages-staff/case/index?id=${x.caseId}` })}>
                  {x.caseNo} ›
                </Text>
                <Tag className='ws-chip' round background='#fff3e0' color='#b35c00'>
                  延长 {x.workdays} 个工作日
                </Tag>
              </View>
              <View className='ws-mt8 ws-break'>{x.reason}</View>
              {x.currentFinishBy && x.requestedFinishBy && (
                <View className='ws-mt8 ws-ext-due' data-ext={x._id}>
                  <View className='ws-kv'>
                    <Text className='ws-kv-k'>当前时限</Text>
                    <Text className='ws-kv-v ws-ext-current'>{formatTime(x.currentFinishBy, true)} 前</Text>
                  </View>
                  <View className='ws-kv'>
                    <Text className='ws-kv-k'>申请延至</Text>
                    <Text className='ws-kv-v ws-bold ws-ext-requested'>{formatTime(x.requestedFinishBy, true)} 前</Text>
                  </View>
                </View>
              )}
              <View className='ws-case-foot'>
                <Text>
                  {x.departmentName ?? ''} {x.requestedBy} · {formatTime(x.requestedAt)}
                </Text>
              </View>
              {x.state === 'pending' ? (
                <View className='ws-row ws-mt8' style={{ justifyContent: 'flex-end' }}>
                  <Button size='small' type='danger' fill='outline' onClick={() => decide(x, false)}>
                    不批准
                  </Button>
                  <Button size='small' type='primary' onClick={() => decide(x, true)}>
                    批准
                  </Button>
                </View>
              ) : (
                <View className='ws-sub ws-t-s ws-mt8'>
                  {x.state === 'approved' ? '已批准' : '未批准'}
                  {x.decisionNote ? `：${x.decisionNote}` : ''}
                </View>
              )}
            </View>
          )
        }}
      </PagedList>
    </View>
  )
}

export default function ExtensionsPage() {
  return (
    <PageShell>
      <RoleGate tile='extensions'>
        <Extensions />
      </RoleGate>
    </PageShell>
  )
}
