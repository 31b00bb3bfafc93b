// Abuse limits per filer: submissions and supplements per Beijing day, and a resubmit of the same text within a
// window. One quota per filer (QuotaDoc, kept on their user doc: UserDoc.quota), read and written in the same transaction as the case,
// so a refused call writes nothing and an accepted one always counts (concurrent calls of one filer conflict and
// re-run on the fresh counts).
import type { QuotaDoc } from './types'
import { DomainError } from './errors'
import { dayKey } from './time'

export interface Limits {
  submitsPerDay: number
  supplementsPerDay: number
  duplicateWindowMs: number
}

/** The defaults (cloudbaserc.json: LIMIT_SUBMITS_PER_DAY, LIMIT_SUPPLEMENTS_PER_DAY, DUPLICATE_WINDOW_MINUTES). */
export const DEFAULT_LIMITS: Limits = { submitsPerDay: 10, supplementsPerDay: 30, duplicateWindowMs: 10 * 60_000 }

/** The filer's quota as of `now`: counts reset on a new Beijing day; recent hashes older than the window dropped. */
export function currentQuota(q: QuotaDoc | null, openid: string, now: Date, limits: Limits): QuotaDoc {
  const day = dayKey(now)
  const since = now.getTime() - limits.duplicateWindowMs
  const recent = limits.duplicateWindowMs > 0 ? (q?.recent ?? []).filter((r) => new Date(r.at).getTime() > since).map((r) => ({ ...r })) : []
  if (!q || q.day !== day) return { _id: openid, day, submits: 0, supplements: 0, recent, updatedAt: now }
  return { ...q, recent, updatedAt: now }
}

/**
 * May the filer submit this text now? DUPLICATE_SUBMIT (with the earlier case) for the same text within the
 * window, DAILY_LIMIT past the day's submissions (`counted`: residents' own submissions; a 代报 is only checked
 * for duplicates). Answers the quota with this submission counted.
 */
export function admitSubmit(q: QuotaDoc, hash: string, ids: { caseId: string; no: string }, now: Date, limits: Limits, counted: boolean): QuotaDoc {
  const dup = q.recent.find((r) => r.hash === hash)
  if (dup) throw new DomainError('DUPLICATE_SUBMIT', undefined, { caseId: dup.caseId, no: dup.no })
  if (counted && q.submits >= limits.submitsPerDay) {
    throw new DomainError('DAILY_LIMIT', `今日已提交 ${q.submits} 件诉求，已达每日上限，请明天再试`, { limit: limits.submitsPerDay })
  }
  const recent = limits.duplicateWindowMs > 0 ? [...q.recent, { hash, at: now, caseId: ids.caseId, no: ids.no }] : []
  return { ...q, submits: q.submits + (counted ? 1 : 0), recent, updatedAt: now }
}

export function admitSupplement(q: QuotaDoc, now: Date, limits: Limits): QuotaDoc {
  if (q.supplements >= limits.supplementsPerDay) {
    throw new DomainError('DAILY_LIMIT', `今日已补充 ${q.supplements} 次，已达每日上限，请明天再试`, { limit: limits.supplementsPerDay })
  }
  return { ...q, supplements: q.supplements + 1, updatedAt: now }
}

/** Limits from the environment (non-numbers fall back to the defaults; 0 turns a check off). */
export function limitsFrom(env: Record<string, string | undefined>): Limits {
  const num = (v: string | undefined, d: number) => (v !== undefined && v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : d)
  const submits = num(env.LIMIT_SUBMITS_PER_DAY, DEFAULT_LIMITS.submitsPerDay)
  const supplements = num(env.LIMIT_SUPPLEMENTS_PER_DAY, DEFAULT_LIMITS.supplementsPerDay)
  return {
    submitsPerDay: submits === 0 ? Number.POSITIVE_INFINITY : submits,
    supplementsPerDay: supplements === 0 ? Number.POSITIVE_INFINITY : supplements,
    duplicateWindowMs: num(env.DUPLICATE_WINDOW_MINUTES, DEFAULT_LIMITS.duplicateWindowMs / 60_000) * 60_000
  }
}
