// timer: the deadline timer (cron every minute). Looks only at cases whose indexed `alarmAt` is due, applies
// core.tick to each in its own transaction (OCC: every warning / overdue mark / escalation / auto-close happens
// exactly once, however often or concurrently the timer runs), then sends the notifications.
import { tick } from '../core'
import type { CaseDoc } from '../core/types'
import { db } from '../shared/app'
import { getRefs } from '../shared/refs'
import { sendNotifications } from '../shared/notify'
import { tcb } from '../shared/app'
import { applyTransition } from '../shared/tx'

export const BATCH = 100
/** Upper bound of rounds per run (100 cases each); the next run picks up the rest. */
export const MAX_ROUNDS = 50
const PARALLEL = 4

export interface TimerResult {
  now: string
  scanned: number
  applied: number
  skipped: number
  failed: number
  notifications: number
  events: Record<string, number>
  rounds: number
}

async function runPool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!)
    })
  )
}

export async function runTimer(now: Date): Promise<TimerResult> {
  const refs = await getRefs()
  const _ = db().command
  const out: TimerResult = { now: now.toISOString(), scanned: 0, applied: 0, skipped: 0, failed: 0, notifications: 0, events: {}, rounds: 0 }
  const seen = new Set<string>()
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const res = await db()
      .collection('cases')
      .where({ alarmAt: _.lte(now) })
      .orderBy('alarmAt', 'asc')
      .limit(BATCH)
      .get()
    const due = ((res.data ?? []) as CaseDoc[]).filter((c) => !seen.has(c._id))
    out.rounds++
    if (due.length === 0) break
    out.scanned += due.length
    await runPool(due, PARALLEL, async (c) => {
      seen.add(c._id)
      try {
        const applied = await applyTransition(c._id, (fresh) => tick(fresh, refs, now), now)
        if (!applied) {
          out.skipped++
          return
        }
        out.applied++
        for (const e of applied.events) out.events[e.type] = (out.events[e.type] ?? 0) + 1
        out.notifications += await sendNotifications(applied.result.notifications)
      } catch (e) {
        out.failed++
        console.error(`[timer] case ${c._id} failed:`, e)
      }
    })
    if (((res.data ?? []) as CaseDoc[]).length < BATCH) break
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
