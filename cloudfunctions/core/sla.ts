import type { Sla } from '../../typings/api'
import { dayKey, endOfDay, startOfDay } from './time'

export const DEFAULT_SLA: Sla = { acceptHours: 24, finishWorkdays: 5 }
/** Warn at 20 h of a 24 h accept window (the same fraction for shorter SLAs). */
export const ACCEPT_WARN_FRACTION = 20 / 24
export const HOUR_MS = 3_600_000
/** County escalation 24 h after the overdue mark (township first, then county). */
export const ESCALATE_COUNTY_AFTER_MS = 24 * HOUR_MS
/** A resolved case without a rating is closed 7 days after resolution. */
export const AUTO_CLOSE_AFTER_MS = 7 * 24 * HOUR_MS

export function effectiveSla(sla?: Partial<Sla> | null): Sla {
  const acceptHours = sla?.acceptHours && sla.acceptHours > 0 ? sla.acceptHours : DEFAULT_SLA.acceptHours
  const finishWorkdays =
    sla?.finishWorkdays && sla.finishWorkdays > 0 ? Math.floor(sla.finishWorkdays) : DEFAULT_SLA.finishWorkdays
  return { acceptHours, finishWorkdays }
}

export function acceptDeadline(dispatchedAt: Date, sla: Sla): Date {
  return new Date(dispatchedAt.getTime() + effectiveSla(sla).acceptHours * HOUR_MS)
}

export function acceptWarnAt(dispatchedAt: Date, sla: Sla): Date {
  return new Date(dispatchedAt.getTime() + Math.round(effectiveSla(sla).acceptHours * ACCEPT_WARN_FRACTION * HOUR_MS))
}

/** 00:00 Beijing of finishBy's day (the last working day). */
export function finishWarnAt(finishBy: Date): Date {
  return startOfDay(dayKey(finishBy))
}

// ---------------------------------------------------------------------------------------------------------
// 催办 and 督办 clocks
// ---------------------------------------------------------------------------------------------------------

/** A resident may urge a case once per 24 h. */
export const URGE_INTERVAL_MS = 24 * HOUR_MS
/** A 督办 order's reply-by time: the end of this many working days after the day of the order (default 1). */
export const SUPERVISE_REPLY_WORKDAYS = 1
/** The latest reply-by time a supervisor may set. */
export const SUPERVISE_REPLY_MAX_MS = 30 * 24 * HOUR_MS

/**
 * When 催办 opens for a case (null: not in an urgeable state): the accept deadline when it passes without
 * acceptance, or once the finish deadline is within one working day — from the end of the working day before
 * its last working day. The earlier of the two wins.
 */
export function urgeOpensAt(
  c: { state: string; acceptBy?: Date; finishBy: Date },
  calendar: { prevWorkday(day: string): string }
): Date | null {
  if (c.state !== 'queued' && c.state !== 'dispatched' && c.state !== 'accepted') return null
  const finish = endOfDay(calendar.prevWorkday(dayKey(c.finishBy))).getTime() + 1
  const accept = c.state === 'dispatched' && c.acceptBy ? c.acceptBy.getTime() : Infinity
  return new Date(Math.min(finish, accept))
}

/** Whether the resident may urge now: the window is open and the last urge is 24 h old. */
export function urgeStatus(
  c: { state: string; acceptBy?: Date; finishBy: Date; lastUrgedAt?: Date },
  calendar: { prevWorkday(day: string): string },
  now: Date
): { allowed: boolean; opensAt?: Date; code?: 'URGE_NOT_YET' | 'URGE_TOO_SOON' | 'INVALID_STATE'; reason?: string } {
  const opens = urgeOpensAt(c, calendar)
  if (!opens) return { allowed: false, code: 'INVALID_STATE', reason: '当前状态下不能催办' }
  const t = now.getTime()
  if (t < opens.getTime()) {
    return { allowed: false, opensAt: opens, code: 'URGE_NOT_YET', reason: '受理期限已过仍未受理，或距办结期限不足 1 个工作日时，可以催办' }
  }
  if (c.lastUrgedAt && t < c.lastUrgedAt.getTime() + URGE_INTERVAL_MS) {
    return { allowed: false, opensAt: new Date(c.lastUrgedAt.getTime() + URGE_INTERVAL_MS), code: 'URGE_TOO_SOON', reason: '每件诉求 24 小时内只能催办一次' }
  }
  return { allowed: true }
}

/** Default reply-by time of a 督办 order: the end of the next working day. */
export function superviseReplyBy(now: Date, calendar: { addWorkdays(day: string, n: number): string }): Date {
  return endOfDay(calendar.addWorkdays(dayKey(now), SUPERVISE_REPLY_WORKDAYS))
}
