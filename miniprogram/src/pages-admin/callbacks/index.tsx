// 回访: the cases waiting for a county callback — 代报 cases of residents without WeChat, and resident-rated cases
// drawn for verification. The county draws a sample here; each case opens in the staff case page, whose 记录回访
// form records the result (reached or not, the rating, a note).
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { CallbackItem } from '../../../../typings/api'
import { RATING_LABELS } from '../../../../typings/api'
import { call } from '../../api/client'
import { useDialog } from '../../components/Confirm'
import FilterTabs from '../../components/FilterTabs'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { usePaged } from '../../hooks/usePaged'
import { formatTime } from '../../lib/countdown'
import { periodRange } from '../../lib/period'
import { toast } from '../../lib/toast'
import '../components/admin.css'

const REASONS: Array<{ key: CallbackItem['reason']; text: string }> = [
  { key: 'proxy', text: '代报回访' },
  { key: 'sample', text: '抽样核实' }
]

function Callbacks() {
  const [reason, setReason] = useState<CallbackItem['reason']>('proxy')
  const list = usePaged<CallbackItem>((page) => call('admin', 'callbacks', { reason, page, pageSize: 10 }, { toast: false }), [reason])
  const [dialog, ask] = useDialog()
  const [busy, setBusy] = useState(false)

  const draw = async () => {
    const range = periodRange('month')
    const r = await ask({ title: '抽取回访样本', content: `从 ${range.from} 至 ${range.to} 群众已评价的诉求中随机抽取 10% 进行回访核实。` })
    if (!r.confirm) return
    setBusy(true)
    try {
      const res = await call('admin', 'sampleCallbacks', { from: range.from, to: range.to, percent: 10 })
      toast(`共 ${res.eligible} 件可抽，抽中 ${res.sampled} 件`, 'success')
      setReason('sample')
      await list.reload()
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='ws-body'>
      <FilterTabs id='ws-callback-tabs' tabs={REASONS} value={reason} onChange={setReason} />
      <View className='ws-row-between ws-mt8'>
        <Text className='ws-muted ws-t-xs'>回访结果计入满意率；核实结果与群众自评不一致时以回访为准并留痕。</Text>
        <Button size='small' type='primary' fill='outline' id='ws-draw-sample' loading={busy} onClick={draw}>
          抽样
        </Button>
      </View>
      {dialog}
      <PagedList list={list} empty={{ text: '暂无待回访的诉求', icon: '☎' }}>
        {(c) => (
          <View key={c._id} className='ws-case' data-case={c._id} onClick={() => Taro.navigateTo({ url: `/pages-staff/case/index?id=${c._id}` })}>
            <View className='ws-case-top'>
              <Text className='ws-case-cat'>
                {c.categoryName} · {c.no} ›
              </Text>
              <Tag className='ws-chip' round background='#e8f0fe' color='#1d5bbf'>
                {c.reason === 'proxy' ? '代报' : `自评：${c.ownRating ? RATING_LABELS[c.ownRating] : '—'}`}
              </Tag>
            </View>
            <View className='ws-mt8 ws-break'>{c.excerpt}</View>
            <View className='ws-case-foot'>
              <Text>
                {c.contactName ?? '群众'} {c.phoneMasked ?? '未留电话'} · {c.townshipName} · {formatTime(c.submittedAt)}
                {c.attempts ? ` · 已回访 ${c.attempts} 次` : ''}
              </Text>
            </View>
          </View>
        )}
      </PagedList>
    </View>
  )
}

export default function CallbacksPage() {
  return (
    <PageShell>
      <RoleGate tile='callbacks'>
        <Callbacks />
      </RoleGate>
    </PageShell>
  )
}
