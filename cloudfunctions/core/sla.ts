import type { Sla } from '../../typings/api'
import { dayKey, startOfDay } from './time'

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
