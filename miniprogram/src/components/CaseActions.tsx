// The action bar of a case: exactly the actions in detail.allowed, each with its form.
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, InputNumber, Radio, TextArea } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { CaseAction, CaseDetail, Rating } from '../../../typings/api'
import { RATING_LABELS } from '../../../typings/api'
import { call } from '../api/client'
import { useCatalog } from '../hooks/useCatalog'
import { ACTION_LABELS, orderedActions } from '../lib/events'
import { PhotoUploader } from './Photos'
import Sheet from './Sheet'
import { useDialog } from './Confirm'
import { toast } from '../lib/toast'
import { formatTime } from '../lib/countdown'

const DANGER: CaseAction[] = ['withdraw', 'return']
/** 不满意 needs a reason of at least this many characters (the backend's rule too: core/schemas.ts). */
const UNSATISFIED_MIN = 5
const UNIT_KIND_LABELS = { bureau: '县直部门', township: '镇街', village: '村居' } as const

/** 满意 / 基本满意 / 不满意, as the resident's rating and as the result of a 回访. */
function RatingChoice({ value, onChange, className = '' }: { value: Rating | null | undefined; onChange: (r: Rating) => void; className?: string }) {
  return (
    <Radio.Group className={`ws-rates ${className}`.trim()} value={value ?? ''} shape='button' direction='horizontal' onChange={(v) => onChange(v as Rating)}>
      {(['satisfied', 'basic', 'unsatisfied'] as Rating[]).map((r) => (
        <View key={r} className={`ws-rate ${r}`} data-rating={r}>
          <Radio value={r} shape='button'>
            {RATING_LABELS[r]}
          </Radio>
        </View>
      ))}
    </Radio.Group>
  )
}

export default function CaseActions({ detail, onChange }: { detail: CaseDetail; onChange: (d: CaseDetail) => void }) {
  const catalog = useCatalog()
  const [open, setOpen] = useState<CaseAction | null>(null)
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [uploading, setUploading] = useState(0)
  const [rating, setRating] = useState<Rating | null>(null)
  const [days, setDays] = useState(3)
  const [dept, setDept] = useState('')
  /** 公开摘要: prefilled from the redacted case text (detail.publication.draft) when the resolve sheet opens. */
  const [summary, setSummary] = useState('')
  const [reached, setReached] = useState(true)
  const [query, setQuery] = useState('')
  const [busy, setBusy] = useState(false)
  const [dialog, ask] = useDialog()

  const actions = orderedActions(detail.allowed)
  if (!actions.length) return null
  const id = detail._id

  const run = async (fn: () => Promise<CaseDetail>, done: string) => {
    setBusy(true)
    try {
      const d = await fn()
      setOpen(null)
      setText('')
      setPhotos([])
      setRating(null)
      toast(done, 'success')
      onChange(d)
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  const confirm = async (title: string, content: string) => (await ask({ title, content })).confirm

  const start = async (a: CaseAction) => {
    if (a === 'withdraw') {
      // An optional reason, kept on the timeline.
      const r = await ask({ title: '撤回诉求', content: '撤回后该诉求将不再办理，确定撤回吗？', input: { placeholder: '撤回原因（选填），如：问题已自行解决', maxLength: 100 }, confirmText: '确认撤回' })
      if (r.confirm) void run(() => call('petition', 'withdraw', { caseId: id, ...(r.value ? { reason: r.value } : {}) }), '已撤回')
      return
    }
    if (a === 'accept') {
      if (await confirm('受理诉求', '受理后请在办结时限内办理并答复群众。')) void run(() => call('staff', 'accept', { caseId: id }), '已受理')
      return
    }
    if (a === 'urge' && detail.urge && !detail.urge.allowed) {
      const when = detail.urge.opensAt ? `\n${formatTime(detail.urge.opensAt)} 起可以催办。` : ''
      await ask({ title: '暂时不能催办', content: `${detail.urge.reason ?? '当前不能催办'}。${when}`, hideCancel: true, confirmText: '知道了' })
      return
    }
    // (metoo) 附议 and 合并.
    if (a === 'follow') {
      void run(() => call('petition', 'follow', { caseId: id }), '已附议，办理进展将通知您')
      return
    }
    if (a === 'unfollow') {
      if (await confirm('取消附议', '取消后将不再收到该诉求的办理进展。')) void run(() => call('petition', 'unfollow', { caseId: id }), '已取消附议')
      return
    }
    // (share) 附议群众评价: the follower's own choice (again: changes it), no text.
    if (a === 'follower_rate') {
      setRating(detail.myFollowerRating ?? null)
      setOpen(a)
      return
    }
    if (a === 'unmerge') {
      if (await confirm('撤销合并', '撤销后该诉求恢复单独办理（合并后 24 小时内可撤销）。')) void run(() => call('admin', 'unmerge', { caseId: id }), '已撤销合并')
      return
    }
    if (a === 'release') {
      if (await confirm('审核通过', '内容审核通过后将进入派单流程。')) void run(() => call('admin', 'release', { caseId: id }), '已通过')
      return
    }
    setText('')
    if (a === 'resolve' || a === 'resolve_on_spot') setSummary(detail.publication?.draft ?? '')
    setOpen(a)
  }

  const need = (cond: boolean, msg: string) => {
    if (!cond) toast(msg)
    return cond
  }

  const submit = () => {
    if (busy || !open) return
    const t = text.trim()
    switch (open) {
      case 'supplement':
        if (need(t.length >= 5, '补充内容至少 5 个字') && need(!uploading, '照片正在上传'))
          void run(() => call('petition', 'supplement', { caseId: id, text: t, photos }), '已补充')
        break
      case 'rate':
        if (rating === 'unsatisfied') {
          // 不满意 reopens the case: a reason of at least 5 characters, then a confirmation.
          if (need(Array.from(t).length >= UNSATISFIED_MIN, `请说明不满意的原因，至少 ${UNSATISFIED_MIN} 个字`))
            void confirm('确认不满意', '提交后该诉求将退回承办部门重新办理（重办），并重新计算办结时限。').then(
              (ok) => {
                if (ok) void run(() => call('petition', 'rate', { caseId: id, rating: 'unsatisfied', comment: t }), '已提交，将重新办理')
              }
            )
          break
        }
        if (need(!!rating, '请选择评价'))
          void run(() => call('petition', 'rate', { caseId: id, rating: rating!, ...(t ? { comment: t } : {}) }), '感谢您的评价')
        break
      case 'follower_rate':
        if (need(!!rating, '请选择评价')) void run(() => call('petition', 'followerRate', { caseId: id, rating: rating! }), '感谢您的评价')
        break
      case 'return':
        if (need(t.length >= 2, '请填写退回理由')) void run(() => call('staff', 'return', { caseId: id, reason: t }), '已退回')
        break
      case 'resolve':
        if (need(t.length >= 5, '答复内容至少 5 个字') && need(!uploading, '照片正在上传'))
          void run(() => call('staff', 'resolve', { caseId: id, text: t, photos, ...(summary.trim() ? { summary: summary.trim() } : {}) }), '已办结')
        break
      case 'resolve_on_spot':
        if (need(t.length >= 5, '办理情况至少 5 个字') && need(!uploading, '照片正在上传'))
          void run(() => call('staff', 'resolveOnSpot', { caseId: id, text: t, photos, ...(summary.trim() ? { summary: summary.trim() } : {}) }), '已现场办结')
        break
      case 'request_extension':
        if (need(t.length >= 2, '请填写延期理由')) void run(() => call('staff', 'requestExtension', { caseId: id, workdays: days, reason: t }), '已提交延期申请')
        break
      case 'callback':
        if (!reached || need(!!rating, '请选择群众的评价'))
          void run(
            () => call('admin', 'callback', { caseId: id, reached, ...(reached && rating ? { rating } : {}), ...(t ? { note: t } : {}) }),
            reached ? '已记录回访' : '已记录未联系上'
          )
        break
      case 'route':
        if (need(!!dept, '请选择承办部门')) void run(() => call('admin', 'route', { caseId: id, departmentId: dept, ...(t ? { note: t } : {}) }), '已派单')
        break
      case 'transfer':
        if (need(!!dept, '请选择承办部门') && need(t.length >= 2, '请填写转办说明'))
          void run(() => call('admin', 'transfer', { caseId: id, departmentId: dept, note: t }), '已转办')
        break
      case 'urge':
        void run(() => call('petition', 'urge', { caseId: id, ...(t ? { note: t } : {}) }), '已催办，承办人和镇街将收到提醒')
        break
      case 'supervise':
        if (need(t.length >= 2, '请填写督办要求')) void run(() => call('admin', 'supervise', { caseId: id, note: t }), '已督办')
        break
      case 'supervise_reply':
        if (need(t.length >= 2, '请填写督办回复')) void run(() => call('staff', 'superviseReply', { caseId: id, text: t }), '已回复督办')
        break
      case 'progress':
        if (need(t.length >= 2, '请填写办理进展') && need(!uploading, '照片正在上传'))
          void run(() => call('staff', 'progress', { caseId: id, text: t, photos }), '已更新进展')
        break
      case 'follower_note':
        if (need(t.length >= 2, '请填写补充内容') && need(!uploading, '照片正在上传'))
          void run(() => call('petition', 'followerNote', { caseId: id, text: t, photos }), '已补充')
        break
      case 'merge': {
        // The number of the case this one duplicates (工单号), as staff see it on that case's page.
        const into = t.toUpperCase().replace(/[\s-]+/g, '')
        if (need(/^WS\d{4,}$/.test(into), '请填写要合并到的诉求编号，如 WS202612010001'))
          void confirm('合并为同一问题', `本诉求将关闭为“已合并”，群众改为跟进 ${into} 的办理进展。24 小时内可撤销。`).then((ok) => {
            if (ok) void run(() => call('admin', 'merge', { caseId: id, intoCaseId: into }), '已合并')
          })
        break
      }
      case 'instruct':
        if (need(t.length >= 2, '请填写批示内容')) void run(() => call('admin', 'instruct', { caseId: id, text: t }), '已批示')
        break
      default:
        break
    }
  }

  const openOrder = detail.supervisions?.find((o) => o.status === 'open' || o.status === 'overdue')

  const withPhotos = open === 'supplement' || open === 'resolve' || open === 'resolve_on_spot' || open === 'progress' || open === 'follower_note'
  const placeholder: Partial<Record<CaseAction, string>> = {
    supplement: '补充说明新的情况',
    rate: '说说您的意见（选填）',
    return: '退回理由，如：不属于本部门职责，应由××负责',
    resolve: '答复群众：办理过程和结果',
    resolve_on_spot: '现场办理情况',
    request_extension: '延期理由',
    route: '派单说明（选填）',
    callback: '回访记录（选填），如：电话回访，群众表示问题已解决',
    transfer: '转办说明',
    urge: '催办说明（选填），如：问题越来越严重',
    supervise: '督办要求，如：请于明天下班前说明办理进展',
    supervise_reply: '回复督办：目前进展和预计办结时间',
    progress: '办理进展，如：已联系施工队，明天进场',
    instruct: '批示内容',
    follower_note: '补充您看到的情况，如：我家门口也一样',
    merge: '要合并到的诉求编号（同一问题），如 WS202612010001'
  }
  // Bureaus, townships and villages (dispatch to any level). Without a search: the bureaus, the townships and
  // the villages of the case's own township; a search looks through all of them.
  const q = query.trim()
  const units = (catalog?.departments ?? []).filter((d) =>
    d._id !== detail.departmentId && (q ? d.name.includes(q) : (d.kind ?? 'bureau') !== 'village' || d.townshipId === detail.place.townshipId)
  )
  const groups = (['bureau', 'township', 'village'] as const)
    .map((k) => ({ kind: k, title: UNIT_KIND_LABELS[k], items: units.filter((d) => (d.kind ?? 'bureau') === k) }))
    .filter((g) => g.items.length)

  return (
    <View>
      <View className='ws-actions' id='ws-actions'>
        {actions.slice(0, 4).map((a, i) => (
          <Button
            key={a}
            className='ws-action'
            size='large'
            type={DANGER.includes(a) ? 'danger' : 'primary'}
            fill={DANGER.includes(a) || i > 0 ? 'outline' : undefined}
            data-action={a}
            onClick={() => start(a)}
          >
            {ACTION_LABELS[a]}
          </Button>
        ))}
        {actions.length > 4 && (
          <Button
            className='ws-action'
            size='large'
            type='primary'
            fill='outline'
            onClick={async () => {
              const rest = actions.slice(4)
              try {
                const r = await Taro.showActionSheet({ itemList: rest.map((a) => ACTION_LABELS[a]) })
                void start(rest[r.tapIndex])
              } catch {
                /* cancelled */
              }
            }}
          >
            更多
          </Button>
        )}
      </View>
      {dialog}
      <Sheet open={!!open} title={open ? ACTION_LABELS[open] : ''} onClose={() => setOpen(null)}>
        {open === 'rate' && (
          <View>
            <RatingChoice value={rating} onChange={setRating} />
            {rating === 'unsatisfied' && <View className='ws-notice ws-mt8 ws-danger'>选择“不满意”后，该诉求将退回承办部门重新办理（重办），并重新计算办结时限。</View>}
          </View>
        )}
        {open === 'follower_rate' && (
          <View id='ws-follower-rate-form'>
            <RatingChoice value={rating} onChange={setRating} />
            <View className='ws-notice ws-mt8'>您的评价作为附议群众评价单独显示，不影响反映人的评价和满意率。</View>
          </View>
        )}
        {open === 'callback' && (
          <View id='ws-callback-form'>
            <View className='ws-row ws-wrap' style={{ gap: 0 }}>
              {[true, false].map((r) => (
                <View key={String(r)} className={`ws-chip-select ${reached === r ? 'on' : ''}`} data-reached={String(r)} onClick={() => setReached(r)}>
                  {r ? '已联系到群众' : '未联系上'}
                </View>
              ))}
            </View>
            {reached && (
              <RatingChoice className='ws-mt8' value={rating} onChange={setRating} />
            )}
            {reached && detail.state === 'resolved' && rating === 'unsatisfied' && (
              <View className='ws-notice ws-mt8 ws-danger'>群众不满意：该诉求将重新办理（重办）。</View>
            )}
            {reached && detail.rating && <View className='ws-notice ws-mt8'>回访结果将替代群众自评（{RATING_LABELS[detail.rating.value]}）计入满意率，并记入办理进度。</View>}
          </View>
        )}
        {open === 'urge' && <View className='ws-notice'>催办后，承办人和镇街督办人员会收到提醒。每件诉求 24 小时内可催办一次。</View>}
        {open === 'supervise' && <View className='ws-notice'>承办人须在回复期限（默认下一个工作日下班前）内答复；逾期未回复将提请县级督办。</View>}
        {open === 'supervise_reply' && openOrder && (
          <View className='ws-notice' id='ws-open-order'>
            {openOrder.byName}督办：{openOrder.note}（请于 {formatTime(openOrder.replyBy)} 前回复）
          </View>
        )}
        {open === 'progress' && <View className='ws-notice'>进展会显示在群众的办理记录中；群众每天最多收到一次进展提醒。</View>}
        {(open === 'route' || open === 'transfer') && (
          <Input className='ws-input' id='ws-unit-search' placeholder='搜索承办单位' value={query} onChange={(v) => setQuery(v)} clearable />
        )}
        {(open === 'route' || open === 'transfer') && (
          <View id='ws-unit-list' style={{ maxHeight: '40vh', overflowY: 'auto' }}>
            {groups.map((g) => (
              <View key={g.kind} data-kind={g.kind}>
                <View className='ws-tl-meta ws-mt8'>{g.title}</View>
                <View className='ws-row ws-wrap' style={{ gap: 0 }}>
                  {g.items.map((d) => (
                    <View key={d._id} className={`ws-chip-select ${dept === d._id ? 'on' : ''}`} data-unit={d._id} onClick={() => setDept(d._id)}>
                      {d.name}
                    </View>
                  ))}
                </View>
              </View>
            ))}
            {!groups.length && <View className='ws-muted ws-t-s ws-mt8'>没有名称包含“{q}”的承办单位</View>}
          </View>
        )}
        {open === 'request_extension' && (
          <View className='ws-row-between'>
            <Text>延长工作日</Text>
            <View className='ws-row' id='ws-ext-days'>
              <InputNumber value={days} min={1} max={15} onChange={(v) => setDays(Math.min(15, Math.max(1, Number(v) || 1)))} />
              <Text>天</Text>
            </View>
          </View>
        )}
        {open !== 'follower_rate' && (
        <TextArea
          className='ws-textarea ws-mt12'
          id='ws-action-text'
          placeholder={open === 'rate' && rating === 'unsatisfied' ? `请说明不满意的原因（必填，至少 ${UNSATISFIED_MIN} 个字）` : open ? placeholder[open] : ''}
          value={text}
          maxLength={500}
          showCount
          onChange={(v) => setText(v)}
        />
        )}
        {withPhotos && (
          <View className='ws-mt8'>
            <PhotoUploader
              onChange={(p, u) => {
                setPhotos(p)
                setUploading(u)
              }}
            />
          </View>
        )}
        {(open === 'resolve' || open === 'resolve_on_spot') && (
          <View className='ws-mt12' id='ws-summary-box'>
            <View className='ws-bold ws-t-s'>公开摘要</View>
            <View className='ws-muted ws-t-xs'>
              {detail.publication?.consent ? '群众已同意公开：摘要经县级审核后在公开栏展示。' : '群众未同意公开：摘要仅供县级备查，不会自动公开。'}
              已按规则隐去姓名、电话、证件号、车牌和门牌，提交时会再次处理。
            </View>
            <TextArea className='ws-textarea ws-mt8' id='ws-summary-text' placeholder='公开摘要：问题和办理结果，不写个人信息' value={summary} maxLength={500} showCount onChange={(v) => setSummary(v)} />
          </View>
        )}
        <Button className='ws-btn ws-mt16' id='ws-action-submit' type='primary' size='large' block loading={busy} onClick={submit}>
          {busy ? '提交中…' : '确定'}
        </Button>
      </Sheet>
    </View>
  )
}
