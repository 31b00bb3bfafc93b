// timer: the deadline timer (cron every minute). Looks only at cases whose indexed `alarmAt` is due, applies
// core.tick to them in groups of GROUP cases per transaction (each case read in the transaction, OCC on its
// version: every warning / overdue mark / escalation / auto-close happens exactly once, however often or
// concurrently the timer runs), several groups in parallel, then sends the round's notifications. Then it flushes
// the rollups (shared/rollups.ts: every case changed since the last flush, this run's ticks included).
import { tick } from '../core'
import type { Refs, TransitionResult } from '../core'
import type { CaseDoc, EventDoc, NotificationDraft } from '../core/types'
import { db } from '../shared/app'
import { getRefs } from '../shared/refs'
import { sendNotifications } from '../shared/notify'
import { runPool } from '../shared/pool'
import { flushRollups, writeResultsCounted } from '../shared/rollups'
import { anonymizeExpired } from '../shared/privacy'
import { tcb } from '../shared/app'
import { applyTransition, txGetCase, withTransaction } from '../shared/tx'

export const BATCH = 100
/** Upper bound of rounds per run (100 cases each); the next run picks up the rest. */
export const MAX_ROUNDS = 50
/** Due cases ticked together in one transaction (fewer round trips; a conflict re-runs the group). */
export const GROUP = 10
/** Groups in flight at once. */
const PARALLEL = 8

export interface TimerResult {
  now: string
  scanned: number
  applied: number
  skipped: number
  failed: number
  notifications: number
  events: Record<string, number>
  rounds: number
  /** Cases whose changes the rollups now count (every run: shared/rollups.ts flushRollups). */
  rolledUp: number
  /** Cases whose contact details the daily retention pass anonymized (shared/privacy.ts). */
  anonymized?: number
}

interface Ticked {
  result: TransitionResult
  events: EventDoc[]
}

/**
 * Tick a group of cases in ONE transaction: read each (OCC on its version), run core.tick, write every case,
 * its events, and the group's rollup deltas (summed: the cases share rollup docs). A conflict re-runs the whole
 * group on fresh state, so each warning, overdue mark or escalation still happens exactly once. Answers the ticked cases (null: nothing was due).
 */
async function tickGroup(ids: string[], refs: Refs, now: Date): Promise<Array<Ticked | null>> {
  return await withTransaction(async (tx) => {
    const cases = await Promise.all(ids.map(async (id) => (await txGetCase(tx, id))?.c ?? null))
    const out: Array<Ticked | null> = cases.map(() => null)
    const items: Array<{ index: number; before: CaseDoc; result: TransitionResult }> = []
    cases.forEach((c, index) => {
      const result = c ? tick(c, refs, now) : null
      if (c && result) items.push({ index, before: c, result })
    })
    if (items.length === 0) return out
    const events = await writeResultsCounted(tx, items, now)
    items.forEach((it, k) => (out[it.index] = { result: it.result, events: events[k]! }))
    return out
  })
}

/** One case in its own transaction (the fallback when its group fails for another reason than a conflict). */
async function tickOne(id: string, refs: Refs, now: Date): Promise<Ticked | null> {
  const applied = await applyTransition(id, (fresh) => tick(fresh, refs, now), now)
  return applied ? { result: applied.result, events: applied.events } : null
}

export async function runTimer(now: Date): Promise<TimerResult> {
  const refs = await getRefs()
  const _ = db().command
  const out: TimerResult = { now: now.toISOString(), scanned: 0, applied: 0, skipped: 0, failed: 0, notifications: 0, events: {}, rounds: 0, rolledUp: 0 }
  const seen = new Set<string>()
  const count = (t: Ticked | null, drafts: NotificationDraft[]) => {
    if (!t) {
      out.skipped++
      return
    }
    out.applied++
    for (const e of t.events) out.events[e.type] = (out.events[e.type] ?? 0) + 1
    drafts.push(...t.result.notifications)
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // Only the ids: each case is read again inside its transaction.
    const res = await db()
      .collection('cases')
      .where({ alarmAt: _.lte(now) })
      .orderBy('alarmAt', 'asc')
      .field({ _id: true })
      .limit(BATCH)
      .get()
    const found = ((res.data ?? []) as Array<{ _id: string }>).map((c) => c._id)
    const due = found.filter((id) => !seen.has(id))
    out.rounds++
    if (due.length === 0) break
    out.scanned += due.length
    for (const id of due) seen.add(id)
    const groups: string[][] = []
    for (let i = 0; i < due.length; i += GROUP) groups.push(due.slice(i, i + GROUP))
    const drafts: NotificationDraft[] = []
    await runPool(groups, PARALLEL, async (ids) => {
      try {
        const ticked = await tickGroup(ids, refs, now)
        for (const t of ticked) count(t, drafts)
      } catch (e) {
        console.error(`[timer] group of ${ids.length} failed, ticking one by one:`, (e as Error)?.message ?? e)
        for (const id of ids) {
          try {
            count(await tickOne(id, refs, now), drafts)
          } catch (err) {
            out.failed++
            console.error(`[timer] case ${id} failed:`, err)
          }
        }
      }
    })
    // After the commits: the round's notifications together (one recipients query, recipients in parallel).
    out.notifications += await sendNotifications(drafts)
    if (found.length < BATCH) break
  }
  try {
    // After the ticks, so this run's warnings and overdue marks are counted too.
    out.rolledUp = await flushRollups(now)
  } catch (e) {
    // The cases stay due: the next run (or the next summary) flushes them.
    console.error('[timer] rollup flush failed:', (e as Error)?.message ?? e)
  }
  try {
    out.anonymized = await anonymizeExpired(refs, now)
  } catch (e) {
    // The marker is not set: the next run goes on.
    console.error('[timer] retention pass failed:', (e as Error)?.message ?? e)
  }
  return out
}

/** Timer trigger entry. A call from a WeChat client (an openid in the context) is refused. */
export async function main(_event: unknown, context: unknown): Promise<{ ok: true; data: TimerResult } | { ok: false; code: string; message: string }> {
  const now = new Date()
  try {
    const c = tcb.getCloudbaseContext(context as never) as unknown as Record<string, unknown>
    if (typeof c.WX_OPENID === 'string' && c.WX_OPENID) return { ok: false, code: 'FORBIDDEN', message: '您没有权限进行此操作' }
  } catch {
    // No context: a direct invocation (tests, local tools).
  }
  try {
    return { ok: true, data: await runTimer(now) }
  } catch (e) {
    console.error('[timer] run failed:', e)
    return { ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后再试' }
  }
}
