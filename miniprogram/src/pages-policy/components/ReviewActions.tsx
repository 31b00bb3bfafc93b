// The review buttons a staff member may use on a notice (PolicyDetail.allowed).
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { PolicyDetail } from '../../../../typings/api'
import { call } from '../../api/client'
import { toast } from '../../lib/toast'

export default function ReviewActions({ p, onChange }: { p: PolicyDetail; onChange: (p: PolicyDetail) => void }) {
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const run = async (what: 'submit' | 'approve' | 'reject' | 'withdraw') => {
    setBusy(true)
    try {
      const n = note.trim() ? { note: note.trim() } : {}
      const next =
        what === 'submit'
          ? await call('policy', 'submitForReview', { policyId: p._id })
          : what === 'withdraw'
            ? await call('policy', 'withdraw', { policyId: p._id, ...n })
            : await call('policy', 'review', { policyId: p._id, approve: what === 'approve', ...n })
      onChange(next)
      toast({ submit: '已提交审核', approve: '已发布', reject: '已退回修改', withdraw: '已撤回' }[what], 'success')
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }
  const can = (a: PolicyDetail['allowed'][number]) => p.allowed.includes(a)
  return (
    <View className='ws-card' id='ws-policy-review'>
      {p.reviewNote && <View className='ws-notice'>审核意见：{p.reviewNote}</View>}
      {(can('approve') || can('reject') || can('withdraw')) && (
        <TextArea className='ws-textarea ws-mt8' id='ws-policy-note' placeholder='审核意见（选填）' value={note} maxLength={500} onChange={setNote} />
      )}
      <View className='ws-row ws-wrap ws-mt8'>
        {can('edit') && (
          <Button size='small' onClick={() => Taro.redirectTo({ url: `/pages-policy/edit/index?id=${p._id}` })}>
            编辑
          </Button>
        )}
        {can('submit') && (
          <Button size='small' type='primary' id='ws-policy-submit' loading={busy} onClick={() => !busy && run('submit')}>
            提交审核
          </Button>
        )}
        {can('approve') && (
          <Button size='small' type='primary' id='ws-policy-approve' loading={busy} onClick={() => !busy && run('approve')}>
            审核通过并发布
          </Button>
        )}
        {can('reject') && (
          <Button size='small' id='ws-policy-reject' loading={busy} onClick={() => !busy && run('reject')}>
            退回修改
          </Button>
        )}
        {can('withdraw') && (
          <Button size='small' id='ws-policy-withdraw' loading={busy} onClick={() => !busy && run('withdraw')}>
            撤回
          </Button>
        )}
      </View>
    </View>
  )
}
