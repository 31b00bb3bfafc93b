// A case with everything the caller may see; shared by residents (pages/case) and staff (pages-staff/case).
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Step, Steps, Tag } from '@nutui/nutui-react-taro'
import { useCallback, useEffect, useState } from 'react'
import type { CaseDetail } from '../../../typings/api'
import { RATING_LABELS, ROLE_LABELS } from '../../../typings/api'
import { call } from '../api/client'
import { toApiError } from '../api/envelope'
import { useCountdown } from '../hooks/useNow'
import { formatTime } from '../lib/countdown'
import { EVENT_LABELS } from '../lib/events'
import { stateChip, TONE_COLORS } from '../lib/status'
import CaseActions from './CaseActions'
import { PhotoGrid } from './Photos'
import { ErrorState, Loading } from './States'
import { SectionTitle } from './SectionTitle'

const HEADER_HINT: Record<string, string> = {
  review: '内容正在审核，审核通过后将派给承办部门',
  queued: '正在由县级分派员确定承办部门',
  dispatched: '已派给承办部门，等待受理',
  accepted: '承办部门正在办理',
  resolved: '已办结，请对办理结果进行评价',
  closed: '诉求已关闭，感谢您的参与',
  withdrawn: '诉求已撤回'
}

function Header({ d }: { d: CaseDetail }) {
  const chip = stateChip(d.state, { overdue: d.overdue, reopenCount: d.reopenCount })
  const running = d.activeDeadline && (d.state === 'dispatched' || d.state === 'accepted') ? d.activeDeadline : undefined
  const cd = useCountdown(running?.at, 15_000)
  const bg = chip.tone === 'danger' ? 'linear-gradient(135deg,#c62828,#e0574f)' : chip.tone === 'success' ? 'linear-gradient(135deg,#1a7f37,#35a35a)' : chip.tone === 'default' ? 'linear-gradient(135deg,#5c6370,#8a919c)' : 'linear-gradient(135deg,#1d5bbf,#3d8ae6)'
  return (
    <View className='ws-hero' style={{ background: bg }} id='ws-case-header'>
      <View className='ws-row-between'>
        <Text className='ws-hero-title' id='ws-case-state'>
          {chip.label}
        </Text>
        {d.escalation > 0 && <Text className='ws-hero-badge'>{d.escalation === 2 ? '县级督办' : '镇街督办'}</Text>}
      </View>
      <View className='ws-hero-motto'>{HEADER_HINT[d.state]}</View>
      {running && cd && (
        <View className='ws-countdown' id='ws-countdown' style={{ color: cd.tone === 'normal' ? '#fff' : '#ffe1de' }}>
          {running.kind === 'accept' ? '受理' : '办结'}
          {cd.text}
        </View>
      )}
      <View className='ws-hero-motto ws-t-s'>编号 {d.no}</View>
    </View>
  )
}

export default function CaseDetailView({ caseId }: { caseId: string }) {
  const [d, setD] = useState<CaseDetail | null>(null)
  const [err, setErr] = useState<string | null>(null)
  const load = useCallback(async () => {
    setErr(null)
    try {
      setD(await call('petition', 'detail', { caseId }, { toast: false }))
    } catch (e) {
      setErr(toApiError(e).message)
    }
  }, [caseId])
  useEffect(() => {
    void load()
  }, [load])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (err) return <ErrorState text={err} onRetry={load} />
  if (!d) return <Loading />

  const place = [d.place.townshipName, d.place.villageName, d.place.gridName].filter(Boolean).join(' · ')
  // Newest first; events of the same instant keep their recorded order (reversed).
  const events = d.timeline
    .map((ev, i) => ({ ev, i }))
    .sort((a, b) => b.ev.at.localeCompare(a.ev.at) || b.i - a.i)
    .map((x) => x.ev)
  return (
    <View style={{ paddingBottom: d.allowed.length ? '70px' : 0 }}>
      <Header d={d} />
      <View className='ws-body'>
        <View className='ws-card'>
          <SectionTitle title={<>{d.categoryName}</>}>
            {d.proxy && (
              <Tag className='ws-chip' round color={TONE_COLORS.info.fg} background={TONE_COLORS.info.bg}>
                网格员代报
              </Tag>
            )}
          </SectionTitle>
          <View className='ws-break' id='ws-case-text'>
            {d.text}
          </View>
          {d.policy && (
            <View className='ws-notice ws-mt8' id='ws-case-policy' onClick={() => Taro.navigateTo({ url: `/pages-policy/detail/index?id=${d.policy!.id}` })}>
              关于政策：《{d.policy.title}》 ›
            </View>
          )}
          {d.fromAfar && <View className='ws-muted ws-t-xs ws-mt8'>在外地反映（按家乡村居定位）</View>}
          <PhotoGrid photos={d.photos} urls={d.photoUrls} />
          <View className='ws-mt12'>
            <View className='ws-kv'>
              <Text className='ws-kv-k'>位置</Text>
              <Text className='ws-kv-v'>
                {place}
                {d.place.address ? `（${d.place.address}）` : ''}
              </Text>
            </View>
            <View className='ws-kv'>
              <Text className='ws-kv-k'>提交时间</Text>
              <Text className='ws-kv-v'>{formatTime(d.submittedAt, true)}</Text>
            </View>
            <View className='ws-kv'>
              <Text className='ws-kv-k'>承办部门</Text>
              <Text className='ws-kv-v' id='ws-case-dept'>
                {d.departmentName ?? '待分派'}
                {d.handlerName ? ` · ${d.handlerName}` : ''}
              </Text>
            </View>
            {d.due.acceptBy && d.state === 'dispatched' && (
              <View className='ws-kv'>
                <Text className='ws-kv-k'>受理时限</Text>
                <Text className='ws-kv-v'>{formatTime(d.due.acceptBy, true)} 前</Text>
              </View>
            )}
            <View className='ws-kv'>
              <Text className='ws-kv-k'>办结时限</Text>
              <Text className='ws-kv-v' id='ws-case-finish'>
                {formatTime(d.due.finishBy, true)} 前{d.due.provisional ? '（暂定）' : ''}
              </Text>
            </View>
            {(d.contact.name || d.contact.phone) && (
              <View className='ws-kv'>
                <Text className='ws-kv-k'>联系人</Text>
                <Text className='ws-kv-v'>
                  {d.contact.name ?? ''} {d.contact.phone ?? ''}
                </Text>
              </View>
            )}
          </View>
        </View>

        {d.replies.length > 0 && (
          <View className='ws-card' id='ws-replies'>
            <SectionTitle title='办理答复' />
            {d.replies.map((r, i) => (
              <View key={i} className={i ? 'ws-mt12' : ''}>
                <View className='ws-tl-meta'>
                  {r.departmentName ?? r.by} · {formatTime(r.at, true)}
                </View>
                <View className='ws-break ws-mt8'>{r.text}</View>
                <PhotoGrid photos={r.photos} urls={d.photoUrls} />
              </View>
            ))}
          </View>
        )}

        {d.rating && (
          <View className='ws-card'>
            <SectionTitle title='群众评价'>
              <Text className={d.rating.value === 'unsatisfied' ? 'ws-danger' : ''}>{RATING_LABELS[d.rating.value]}</Text>
            </SectionTitle>
            {d.rating.comment && <View className='ws-break ws-sub'>{d.rating.comment}</View>}
          </View>
        )}

        {d.supplements.length > 0 && (
          <View className='ws-card'>
            <SectionTitle title='补充材料' />
            {d.supplements.map((s, i) => (
              <View key={i} className={i ? 'ws-mt12' : ''}>
                <View className='ws-tl-meta'>{formatTime(s.at, true)}</View>
                <View className='ws-break'>{s.text}</View>
                <PhotoGrid photos={s.photos} urls={d.photoUrls} />
              </View>
            ))}
          </View>
        )}

        {d.extensions.length > 0 && (
          <View className='ws-card'>
            <SectionTitle title='延期申请' />
            {d.extensions.map((x) => (
              <View key={x._id} className='ws-kv'>
                <Text className='ws-kv-k'>{x.state === 'pending' ? '审批中' : x.state === 'approved' ? '已批准' : '未批准'}</Text>
                <Text className='ws-kv-v'>
                  延长 {x.workdays} 个工作日：{x.reason}
                  {x.decisionNote ? `（${x.decisionNote}）` : ''}
                </Text>
              </View>
            ))}
          </View>
        )}

        <View className='ws-card' id='ws-timeline'>
          <SectionTitle title='办理进度' />
          <Steps className='ws-tl' direction='vertical' type='dot' value={events.length}>
            {events.map((ev, i) => (
              <Step
                key={ev._id}
                value={events.length - i}
                className={`ws-tl-item ${i === 0 ? 'first' : ''}`}
                title={<View className='ws-tl-title'>{EVENT_LABELS[ev.type] ?? ev.type}</View>}
                description={
                  <View>
                    <View className='ws-tl-meta'>
                      {formatTime(ev.at, true)} · {ev.actor.role === 'system' ? '系统' : `${ROLE_LABELS[ev.actor.role] ?? ''} ${ev.actor.name}`}
                    </View>
                    {ev.note && <View className='ws-tl-note'>{ev.note}</View>}
                    {ev.photos && <PhotoGrid photos={ev.photos} urls={d.photoUrls} />}
                  </View>
                }
              />
            ))}
          </Steps>
        </View>
      </View>
      <CaseActions detail={d} onChange={setD} />
    </View>
  )
}
