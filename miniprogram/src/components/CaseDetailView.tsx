// A case with everything the caller may see; shared by residents (pages/case) and staff (pages-staff/case).
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Step, Steps, Tag } from '@nutui/nutui-react-taro'
import type { CaseDetail } from '../../../typings/api'
import { CHANNEL_LABEL, RATING_LABELS, ROLE_LABELS } from '../../../typings/api'
import { call } from '../api/client'
import { useLoaded } from '../hooks/useLoaded'
import { useCountdown } from '../hooks/useNow'
import { formatTime } from '../lib/countdown'
import { EVENT_LABELS } from '../lib/events'
import { stateChip, TONE_COLORS } from '../lib/status'
import CaseActions from './CaseActions'
import PublicationCard from './PublicationCard'
import CopyButton from './CopyNo'
import { PhotoGrid } from './Photos'
import { ErrorState, Loading } from './States'
import { SectionTitle } from './SectionTitle'
import ShareButton from './ShareButton'
import type { ShareInfo } from '../lib/share'
import { followerRatingsText } from '../lib/share'

const SUPERVISION_STATUS = { open: '待回复', overdue: '逾期未回复', replied: '已按时回复', replied_late: '逾期回复', closed: '已办结' } as const

const HEADER_HINT: Record<string, string> = {
  review: '内容正在审核，审核通过后将派给承办部门',
  queued: '正在由县级分派员确定承办部门',
  dispatched: '已派给承办部门，等待受理',
  accepted: '承办部门正在办理',
  resolved: '已办结，请对办理结果进行评价',
  closed: '诉求已关闭，感谢您的参与',
  withdrawn: '诉求已撤回',
  merged: '同一问题已合并办理，办理进展以主件为准'
}

/** The staff page speaks to staff: never a request to rate. */
const STAFF_HINT: Partial<Record<string, string>> = {
  resolved: '已办结，等待群众评价',
  closed: '诉求已关闭'
}

function hintFor(d: CaseDetail, audience: 'resident' | 'staff'): string | undefined {
  // (share) A follower is never asked to rate the case for its reporter; they may leave their own rating.
  if (d.viewAs === 'follower' && d.state === 'resolved') return d.allowed.includes('follower_rate') ? '已办结，等待反映人评价；您可以留下附议评价' : '已办结，等待反映人评价'
  if (audience === 'resident') return HEADER_HINT[d.state]
  if (d.state === 'resolved' && d.callbackDue) return '已办结，等待县级回访'
  return STAFF_HINT[d.state] ?? HEADER_HINT[d.state]
}

/** (metoo) A merged case: 已合并到 the main case's 工单号, and the way to it (its clocks and its share card are the main case's). */
function MergedInto({ into, audience }: { into: NonNullable<CaseDetail['mergedInto']>; audience: 'resident' | 'staff' }) {
  const url = `${audience === 'staff' ? '/pages-staff/case/index' : '/pages/case/index'}?id=${encodeURIComponent(into.caseId)}`
  return (
    <View className='ws-card' id='ws-merged-into' data-main={into.no}>
      <View className='ws-bold'>已合并到 工单号 {into.no}</View>
      <View className='ws-sub ws-t-s ws-mt8'>
        两件诉求为同一问题，已合并办理，办理时限以主件为准{audience !== 'staff' ? '，您将收到主件的办理进展' : ''}。
      </View>
      <View className='ws-link ws-mt8' id='ws-merged-open' style={{ marginLeft: 0 }} onClick={() => Taro.navigateTo({ url })}>
        查看主件 {into.no} 的办理进度 ›
      </View>
    </View>
  )
}

function Header({ d, audience = 'resident' }: { d: CaseDetail; audience?: 'resident' | 'staff' }) {
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
      <View className='ws-hero-motto'>{hintFor(d, audience)}</View>
      {running && cd && (
        <View className='ws-countdown' id='ws-countdown' style={{ color: cd.tone === 'normal' ? '#fff' : '#ffe1de' }}>
          {running.kind === 'accept' ? '受理' : '办结'}
          {cd.text}
        </View>
      )}
      <View className='ws-hero-motto ws-t-s ws-row' style={{ gap: '8px' }}>
        <Text id='ws-detail-no'>编号 {d.no}</Text>
        <CopyButton no={d.no} id='ws-detail-copy' className='on-hero' />
      </View>
    </View>
  )
}

/** Tap-to-call: the number comes from the server at the tap (staff.revealPhone), which logs the call. */
async function callResident(caseId: string) {
  try {
    const { phone } = await call('staff', 'revealPhone', { caseId })
    await Taro.makePhoneCall({ phoneNumber: phone })
  } catch {
    /* toast shown, or the call was cancelled */
  }
}

export default function CaseDetailView({ caseId, audience = 'resident', share }: { caseId: string; audience?: 'resident' | 'staff'; share?: ShareInfo | null }) {
  const { data: d, error: err, reload, setData: setD } = useLoaded(() => call('petition', 'detail', { caseId }, { toast: false }), [caseId])

  if (err) return <ErrorState text={err} onRetry={reload} />
  if (!d) return <Loading />

  // (metoo) A merged case runs no clock and is shared as the main case: no deadline, no countdown, no share card.
  const merged = d.state === 'merged'
  const place = [d.place.townshipName, d.place.villageName, d.place.gridName].filter(Boolean).join(' · ')
  // Newest first; events of the same instant keep their recorded order (reversed).
  const events = d.timeline
    .map((ev, i) => ({ ev, i }))
    .sort((a, b) => b.ev.at.localeCompare(a.ev.at) || b.i - a.i)
    .map((x) => x.ev)
  return (
    <View style={{ paddingBottom: d.allowed.length ? '70px' : 0 }}>
      <Header d={d} audience={audience} />
      <View className='ws-body'>
        {d.mergedInto && <MergedInto into={d.mergedInto} audience={audience} />}
        <View className='ws-card'>
          <SectionTitle title={<>{d.categoryName}</>}>
            {d.proxy && (
              <Tag className='ws-chip' round color={TONE_COLORS.info.fg} background={TONE_COLORS.info.bg}>
                {d.channel?.type === 'hotline' ? '热线来电' : d.channel?.type === 'open311' ? '开放接口' : '网格员代报'}
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
            {audience === 'staff' && d.channel && (
              <View className='ws-kv'>
                <Text className='ws-kv-k'>来源渠道</Text>
                <Text className='ws-kv-v' id='ws-case-channel'>
                  {CHANNEL_LABEL[d.channel.type]}
                  {d.channel.accountId ? ` · ${d.channel.accountId}` : d.channel.clientId ? ` · ${d.channel.clientId}` : ''}
                </Text>
              </View>
            )}
            <View className='ws-kv'>
              <Text className='ws-kv-k'>承办部门</Text>
              <Text className='ws-kv-v' id='ws-case-dept'>
                {d.onSpot ? `${d.onSpot.gridName ? `网格·${d.onSpot.gridName}` : '网格'}（现场办结）` : (d.departmentName ?? '待分派')}
                {d.onSpot ? ` · ${d.onSpot.by}` : d.handlerName ? ` · ${d.handlerName}` : ''}
              </Text>
            </View>
            {d.due.acceptBy && d.state === 'dispatched' && (
              <View className='ws-kv'>
                <Text className='ws-kv-k'>受理时限</Text>
                <Text className='ws-kv-v'>{formatTime(d.due.acceptBy, true)} 前</Text>
              </View>
            )}
            {!merged && (
              <View className='ws-kv'>
                <Text className='ws-kv-k'>办结时限</Text>
                <Text className='ws-kv-v' id='ws-case-finish'>
                  {formatTime(d.due.finishBy, true)} 前{d.due.provisional ? '（暂定）' : ''}
                </Text>
              </View>
            )}
            {(d.contact.name || d.contact.phone) && (
              <View className='ws-kv'>
                <Text className='ws-kv-k'>联系人</Text>
                <Text className='ws-kv-v'>
                  {d.contact.name ?? ''} {d.contact.phone ?? ''}
                  {audience === 'staff' && d.contact.phone && !d.contact.phoneMasked && (
                    <Text className='ws-link' id='ws-call' onClick={() => void callResident(d._id)}>
                      {' '}拨打
                    </Text>
                  )}
                </Text>
              </View>
            )}
          </View>
        </View>

        {/* (metoo) 附议数 and a follower's limited view (the case a merged one points to is above). */}
        {(!!d.followerCount || d.viewAs === 'follower') && (
          <View className='ws-card' id='ws-metoo'>
            <SectionTitle title='附议'>{d.followerCount ? <Text className='ws-sub' id='ws-follower-count'>{d.followerCount} 人附议</Text> : null}</SectionTitle>
            {d.viewAs !== 'follower' && !d.mergedInto && !!d.followerCount && (
              <View className='ws-sub ws-t-s ws-mt8' id='ws-followers-told'>
                {d.followerCount} 位群众反映了同样的问题，办理进展会同时通知他们。
              </View>
            )}
            {d.viewAs === 'follower' && <View className='ws-notice ws-mt8'>您已附议此诉求，办理进展会通知您。为保护反映人隐私，这里只显示办理状态和已隐去个人信息的内容。</View>}
          </View>
        )}

        {/* (share) 分享到群: neighbours with the same problem can 附议 from the card. */}
        {share && audience === 'resident' && !merged && (
          <View className='ws-card' id='ws-share-card'>
            <SectionTitle title='邀请邻居附议' />
            <View className='ws-sub ws-t-s'>同一问题的邻居可以通过分享卡片附议，办理进展会同时通知他们。卡片只显示已隐去个人信息的内容。</View>
            <ShareButton info={share} />
          </View>
        )}

        {d.instructions && d.instructions.length > 0 && (
          <View className='ws-card' id='ws-instructions'>
            <SectionTitle title='领导批示' />
            {d.instructions.map((x, i) => (
              <View key={i} className={i ? 'ws-mt12' : ''}>
                <View className='ws-tl-meta'>
                  {x.byName} · {formatTime(x.at, true)}
                </View>
                <View className='ws-break ws-mt8'>{x.text}</View>
              </View>
            ))}
          </View>
        )}

        {d.supervisions && d.supervisions.length > 0 && (
          <View className='ws-card' id='ws-supervisions'>
            <SectionTitle title='督办' />
            {d.supervisions.map((o) => (
              <View key={o.id} className='ws-mt8' data-status={o.status}>
                <View className='ws-row-between'>
                  <Text className='ws-tl-meta'>
                    {o.level === 'county' ? '县级' : '镇街'}督办 · {o.byName} · {formatTime(o.at, true)}
                  </Text>
                  <Text className={o.status === 'overdue' || o.status === 'replied_late' ? 'ws-danger' : 'ws-sub'}>{SUPERVISION_STATUS[o.status]}</Text>
                </View>
                <View className='ws-break'>{o.note}</View>
                <View className='ws-tl-meta'>回复期限 {formatTime(o.replyBy, true)}</View>
                {o.reply && (
                  <View className='ws-notice ws-mt8'>
                    {o.reply.byName}回复：{o.reply.text}（{formatTime(o.reply.at, true)}）
                  </View>
                )}
              </View>
            ))}
          </View>
        )}

        {d.allowed.includes('urge') && d.urge && (
          <View className='ws-card' id='ws-urge'>
            <SectionTitle title='催办'>{d.urgeCount ? <Text className='ws-sub'>已催办 {d.urgeCount} 次</Text> : null}</SectionTitle>
            {d.urge.allowed ? (
              <View className='ws-sub'>办理时限已到或即将到期，您可以点击下方“催办”提醒承办人和镇街督办人员。</View>
            ) : (
              <View className='ws-sub' id='ws-urge-rule'>
                {d.urge.reason}。{d.urge.opensAt ? `${formatTime(d.urge.opensAt, true)} 起可以${d.urgeCount ? '再次' : ''}催办。` : ''}
              </View>
            )}
          </View>
        )}

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
          <View className='ws-card' id='ws-rating'>
            <SectionTitle title='群众评价'>
              <Text className={d.rating.value === 'unsatisfied' ? 'ws-danger' : ''}>{RATING_LABELS[d.rating.value]}</Text>
            </SectionTitle>
            {/* Never an empty card: the reason, or a line saying none was given, and when. */}
            <View className={`ws-break ${d.rating.comment ? 'ws-sub' : 'ws-muted'}`} id='ws-rating-comment'>
              {d.rating.comment ?? '未填写评价意见'}
            </View>
            <View className='ws-tl-meta ws-mt8'>
              {formatTime(d.rating.at, true)} 评价{d.rating.value === 'unsatisfied' && d.state === 'accepted' ? '，已退回承办部门重新办理' : ''}
            </View>
          </View>
        )}

        {/* (share) 附议群众评价: apart from the reporter's rating; not counted in the satisfaction rate. */}
        {d.followerRatings && (
          <View className='ws-card' id='ws-follower-ratings'>
            <SectionTitle title='附议群众评价' />
            <View id='ws-follower-ratings-counts'>{followerRatingsText(d.followerRatings)}</View>
            {d.myFollowerRating && <View className='ws-sub ws-t-s ws-mt8' id='ws-my-follower-rating'>您的评价：{RATING_LABELS[d.myFollowerRating]}</View>}
            <View className='ws-muted ws-t-xs ws-mt8'>附议群众的评价单独显示，不计入满意率；满意率以反映人的评价为准。</View>
          </View>
        )}

        <PublicationCard d={d} onChange={setD} />
        {audience === 'staff' && (d.callbacks?.length || d.callbackDue) ? (
          <View className='ws-card' id='ws-callbacks'>
            <SectionTitle title='县级回访'>{d.callbackDue && <Text className='ws-muted ws-t-xs'>待回访</Text>}</SectionTitle>
            {(d.callbacks ?? []).map((cb, i) => (
              <View key={i} className='ws-kv'>
                <Text className='ws-kv-k'>{cb.reached ? (cb.rating ? RATING_LABELS[cb.rating] : '已联系') : '未联系上'}</Text>
                <Text className='ws-kv-v'>
                  {formatTime(cb.at, true)} · {cb.by}
                  {cb.note ? `：${cb.note}` : ''}
                </Text>
              </View>
            ))}
          </View>
        ) : null}

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
