import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { Extension } from '../../../../typings/api'
import { call } from '../../api/client'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { Empty, ErrorState, ListFooter, Loading } from '../../components/States'
import { usePaged } from '../../hooks/usePaged'
import { formatTime } from '../../lib/countdown'
import { isAdminRole } from '../../lib/tabs'
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

  const decide = async (x: Extension, approve: boolean) => {
    const r = await Taro.showModal({
      title: approve ? '批准延期' : '不批准延期',
      content: approve ? `同意 ${x.caseNo} 延长 ${x.workdays} 个工作日？` : '请填写不批准的理由',
      editable: !approve,
      placeholderText: '理由'
    } as Taro.showModal.Option)
    if (!r.confirm) return
    const note = (r as { content?: string }).content?.trim()
    try {
      const res = await call('admin', 'decideExtension', { extensionId: x._id, approve, ...(note ? { note } : {}) })
      setDecided((d) => ({ ...d, [x._id]: res }))
      Taro.showToast({ title: approve ? '已批准' : '已驳回', icon: 'success' })
    } catch {
      /* toast shown */
    }
  }

  return (
    <View className='ws-body'>
      <View className='ws-seg'>
        {STATES.map((s) => (
          <View key={s.key} className={`ws-seg-item ${state === s.key ? 'on' : ''}`} onClick={() => setStateKey(s.key)}>
            {s.text}
          </View>
        ))}
      </View>
      {list.error && !list.items.length ? (
        <ErrorState text={list.error} onRetry={list.reload} />
      ) : list.loading && !list.items.length ? (
        <Loading />
      ) : !list.items.length ? (
        <Empty text='暂无延期申请' icon='⏱' />
      ) : (
        <View>
          {list.items.map((x0) => {
            const x = decided[x0._id] ?? x0
            return (
              <View key={x._id} className='ws-case'>
                <View className='ws-case-top'>
                  <Text className='ws-case-cat' onClick={() => Taro.navigateTo({ url: `/pages-staff/case/index?id=${x.caseId}` })}>
                    {x.caseNo} ›
                  </Text>
                  <Text className='ws-chip' style={{ background: '#fff3e0', color: '#b35c00' }}>
                    延长 {x.workdays} 个工作日
                  </Text>
                </View>
                <View className='ws-mt8 ws-break'>{x.reason}</View>
                <View className='ws-case-foot'>
                  <Text>
                    {x.departmentName ?? ''} {x.requestedBy} · {formatTime(x.requestedAt)}
                  </Text>
                </View>
                {x.state === 'pending' ? (
                  <View className='ws-row ws-mt8' style={{ justifyContent: 'flex-end' }}>
                    <View className='ws-btn-sm danger' onClick={() => decide(x, false)}>
                      不批准
                    </View>
                    <View className='ws-btn-sm' onClick={() => decide(x, true)}>
                      批准
                    </View>
                  </View>
                ) : (
                  <View className='ws-sub ws-t-s ws-mt8'>
                    {x.state === 'approved' ? '已批准' : '未批准'}
                    {x.decisionNote ? `：${x.decisionNote}` : ''}
                  </View>
                )}
              </View>
            )
          })}
          <ListFooter loading={list.loading} done={list.done} count={list.items.length} />
        </View>
      )}
    </View>
  )
}

export default function ExtensionsPage() {
  return (
    <PageShell>
      <RoleGate allow={isAdminRole}>
        <Extensions />
      </RoleGate>
    </PageShell>
  )
}
