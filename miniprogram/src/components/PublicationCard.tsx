// 公开: where the case stands on the way to the public board, and what the caller may do about it — the
// resident's consent (until the case closes), the county's approval (editing the summary), publication of public
// interest without consent (summary only), and 撤下 with a reason. Hidden when there is nothing to show or do.
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { CaseDetail } from '../../../typings/api'
import { PUBLIC_STATE_LABELS } from '../../../typings/api'
import { call } from '../api/client'
import { toast } from '../lib/toast'
import { useDialog } from './Confirm'
import { SectionTitle } from './SectionTitle'

export default function PublicationCard({ d, onChange }: { d: CaseDetail; onChange: (d: CaseDetail) => void }) {
  const [busy, setBusy] = useState(false)
  const [dialog, ask] = useDialog()
  const p = d.publication
  if (!p) return null
  const any = p.may.set_publication || p.may.publish_summary || p.may.unpublish
  if (!any && p.state === 'none' && !p.consent) return null

  const run = async (fn: () => Promise<CaseDetail>, done: string) => {
    setBusy(true)
    try {
      onChange(await fn())
      toast(done, 'success')
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  const toggleConsent = async () => {
    const next = !p.consent
    const a = await ask({
      title: next ? '同意公开' : '撤回公开同意',
      content: next ? '办结后，经县级审核、已隐去个人信息的办理摘要可在公开栏展示。' : '撤回后，公开栏将不再展示本诉求（县级作为公共事项公开的除外）。'
    })
    if (a.confirm) void run(() => call('petition', 'setPublication', { caseId: d._id, consent: next }), next ? '已同意公开' : '已撤回')
  }

  const publish = async () => {
    const publicInterest = !p.consent
    const a = await ask({
      title: publicInterest ? '作为公共事项公开' : '审核通过并公开',
      content: publicInterest ? '群众未同意公开。作为公共事项公开时，公开栏仅显示下方摘要，不显示群众称呼。' : '确认后，下方摘要将在公开栏展示。',
      input: { initial: p.summary ?? '', maxLength: 500, placeholder: '公开摘要' }
    })
    if (!a.confirm) return
    const edited = a.value && a.value !== (p.summary ?? '') ? { summary: a.value } : {}
    void run(() => call('admin', 'publishSummary', { caseId: d._id, publicInterest, ...edited }), '已公开')
  }

  const takeDown = async () => {
    const a = await ask({ title: '撤下', content: '请填写撤下理由，理由会记入办理进度。', input: { maxLength: 500, placeholder: '撤下理由，如：涉及当事人隐私' } })
    if (!a.confirm) return
    if (a.value.length < 2) return toast('请填写撤下理由')
    void run(() => call('admin', 'unpublish', { caseId: d._id, reason: a.value }), '已撤下')
  }

  return (
    <View className='ws-card' id='ws-publication'>
      <SectionTitle title='公开'>
        <Text className='ws-sub' id='ws-publication-state'>
          {PUBLIC_STATE_LABELS[p.state]}
        </Text>
      </SectionTitle>
      <View className='ws-kv'>
        <Text className='ws-kv-k'>群众意愿</Text>
        <Text className='ws-kv-v' id='ws-publication-consent'>
          {p.consent ? '同意公开' : '未同意公开'}
          {p.basis === 'public_interest' ? '（县级作为公共事项公开）' : ''}
        </Text>
      </View>
      {p.summary && (
        <View className='ws-kv'>
          <Text className='ws-kv-k'>公开摘要</Text>
          <Text className='ws-kv-v ws-break' id='ws-publication-summary'>
            {p.summary}
          </Text>
        </View>
      )}
      {p.takenDownReason && (
        <View className='ws-kv'>
          <Text className='ws-kv-k'>撤下理由</Text>
          <Text className='ws-kv-v'>{p.takenDownReason}</Text>
        </View>
      )}
      {any && (
        <View className='ws-row ws-mt12' style={{ gap: '8px' }}>
          {p.may.set_publication && (
            <Button size='small' type='primary' fill='outline' id='ws-consent-toggle' disabled={busy} onClick={toggleConsent}>
              {p.consent ? '撤回公开同意' : '同意公开'}
            </Button>
          )}
          {p.may.publish_summary && p.state !== 'published' && (
            <Button size='small' type='primary' id='ws-publish' disabled={busy} onClick={publish}>
              {p.consent ? '审核通过并公开' : '作为公共事项公开'}
            </Button>
          )}
          {p.may.unpublish && (
            <Button size='small' type='danger' fill='outline' id='ws-unpublish' disabled={busy} onClick={takeDown}>
              {p.state === 'pending' ? '不予公开' : '撤下'}
            </Button>
          )}
        </View>
      )}
      {dialog}
    </View>
  )
}
