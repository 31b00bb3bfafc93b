// The deadline timer: warnings, overdue marks, escalation and auto-close. Idempotent at a given `now`.
import type { CaseDoc, EventDoc, NotificationDraft } from './types'
import type { WorkCalendar } from './calendar'
import {
  type Refs,
  SYSTEM_ACTOR,
  OPEN_STATES,
  awaitingRating,
  cloneCase,
  computeAlarmAt,
  finalize,
  finishBasisOf,
  isOverdue,
  makeEvent,
  overdueSince,
  toAudience,
  toHolder,
  toResident,
  watchedSupervision
} from './common'
import type { TransitionResult } from './machine'
import { acceptWarnAt, AUTO_CLOSE_AFTER_MS, effectiveSla, ESCALATE_COUNTY_AFTER_MS, finishWarnAt } from './sla'
import { endOfDay, formatBeijing } from './time'

export { computeAlarmAt }

function sameInstant(a: Date | null | undefined, b: Date | null | undefined): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null)
}

/** Everything due at `now`, in one result; null when nothing is due (and alarmAt is already right). */
export function tick(c: CaseDoc, refs: Refs, now: Date): TransitionResult | null {
  const n = cloneCase(c)
  const t = now.getTime()
  const events: Array<Omit<EventDoc, '_id'>> = []
  const notifications: NotificationDraft[] = []
  const sys = SYSTEM_ACTOR

  if (n.state === 'dispatched' && n.acceptBy && n.dispatchedAt) {
    if (!n.flags.acceptOverdue && t >= n.acceptBy.getTime()) {
      // A warning that would come after the deadline is pointless: mark it done silently.
      n.flags.acceptWarned = true
      n.flags.acceptOverdue = true
      events.push(makeEvent(n, 'overdue_accept', sys, now, { note: `超过受理期限 ${formatBeijing(n.acceptBy)}` }))
    } else if (!n.flags.acceptWarned && t >= acceptWarnAt(n.dispatchedAt, effectiveSla(n.sla)).getTime()) {
      n.flags.acceptWarned = true
      events.push(makeEvent(n, 'warn_accept', sys, now, { note: `请于 ${formatBeijing(n.acceptBy)} 前受理` }))
      if (n.departmentId) {
        notifications.push(toAudience(n, 'dept_handler', { departmentId: n.departmentId }, 'staff_warning', refs, now, { kind: '受理预警', remark: '即将超过受理期限', deadline: formatBeijing(n.acceptBy) }))
      }
    }
  }
  if (OPEN_STATES.has(n.state)) {
    if (!n.flags.finishOverdue && t >= n.finishBy.getTime()) {
      n.flags.finishWarned = true
      n.flags.finishOverdue = true
      events.push(makeEvent(n, 'overdue_finish', sys, now, { note: `超过办结期限 ${formatBeijing(n.finishBy)}` }))
    } else if (!n.flags.finishWarned && t >= finishWarnAt(n.finishBy).getTime()) {
      n.flags.finishWarned = true
      events.push(makeEvent(n, 'warn_finish', sys, now, { note: `今天是办结期限的最后一个工作日（${formatBeijing(n.finishBy)}）` }))
      const waiting = n.state === 'queued' || n.state === 'review'
      notifications.push(...toHolder(n, refs, now, { kind: '办结预警', remark: waiting ? '今日到期，请尽快分派办理' : '今日到期，请及时办结', deadline: formatBeijing(n.finishBy) }))
    }
  }
  if (isOverdue(n)) {
    const since = overdueSince(n)!
    if (n.escalation < 1) {
      n.escalation = 1
      events.push(makeEvent(n, 'escalate_township', sys, now, { note: '诉求超时，提请镇街督办' }))
      notifications.push(toAudience(n, 'township_supervisor', { townshipId: n.townshipId }, 'staff_warning', refs, now, { kind: '超时督办', remark: '诉求超时，请督办' }))
    }
    if (n.escalation < 2 && t >= since.getTime() + ESCALATE_COUNTY_AFTER_MS) {
      n.escalation = 2
      events.push(makeEvent(n, 'escalate_county', sys, now, { note: '超时逾 24 小时仍未处理，提请县级督办' }))
      notifications.push(toAudience(n, 'county_dispatcher', {}, 'staff_warning', refs, now, { kind: '县级督办', remark: '诉求超时逾24小时，请县级督办' }))
    }
  }
  // A 督办 order unanswered at its reply-by time: escalated to the county, once (escalatedAt on the order).
  const order = watchedSupervision(n)
  if (order && t >= order.replyBy.getTime()) {
    order.escalatedAt = now
    events.push(makeEvent(n, 'supervise_overdue', sys, now, { note: `督办逾期未回复（回复期限 ${formatBeijing(order.replyBy)}），提请县级督办` }))
    notifications.push(toAudience(n, 'county_dispatcher', {}, 'staff_warning', refs, now, { kind: '督办逾期', remark: '督办逾期未回复，请县级督办', deadline: formatBeijing(order.replyBy) }))
  }
  if (awaitingRating(n) && t >= n.resolvedAt!.getTime() + AUTO_CLOSE_AFTER_MS) {
    const from = n.state
    n.state = 'closed'
    n.closedAt = now
    n.unrated = true
    events.push(makeEvent(n, 'auto_close', sys, now, { from, to: 'closed', note: '办结后 7 天未评价，系统自动关闭' }))
    notifications.push(...toResident(n, refs, now))
  }

  if (!events.length) {
    const alarm = computeAlarmAt(c)
    if (sameInstant(alarm, c.alarmAt) && c.overdue === isOverdue(c)) return null
  }
  return { next: finalize(c, n, now), events, notifications }
}

/**
 * Recompute a provisional deadline (e.g. after its year's schedule was confirmed or edited).
 * Returns the updated case, or null when nothing changes. Finish flags restart when the deadline moves.
 */
export function recomputeProvisional(c: CaseDoc, calendar: WorkCalendar, now: Date): CaseDoc | null {
  if (!c.provisional || !OPEN_STATES.has(c.state)) return null
  const basis = finishBasisOf(c)
  const end = calendar.addWorkdays(basis.day, basis.workdays)
  const at = endOfDay(end)
  const provisional = calendar.crossesUnconfirmed(basis.day, end)
  if (at.getTime() === c.finishBy.getTime() && provisional === c.provisional) return null
  const n = cloneCase(c)
  if (at.getTime() !== c.finishBy.getTime()) {
    n.finishBy = at
    n.flags.finishWarned = false
    n.flags.finishOverdue = false
  }
  n.provisional = provisional
  n.finishBasis = basis
  return finalize(c, n, now)
}
