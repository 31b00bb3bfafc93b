// Rollups are written behind the transitions. A transition never touches a rollup doc: it writes its case with
// `rollupDue` set (indexed) when what the case counts changed, and every stored case keeps `rolled`, the snapshot
// of what the rollups count for it (core/rollups.ts RollupSnapshot). flushRollups adds snapshot(case) − rolled
// for the due cases, a group per transaction (the cases read, their deltas summed per rollup doc, each case's new
// snapshot written and its mark cleared), so nothing is counted twice or lost, and a group's cases share their
// rollup writes. The timer flushes every minute and admin.summary flushes before it reads (the only reader), so
// a summary counts every committed transition. Why: a transition used to write four rollup docs (day and month,
// county and township) in its transaction; now it writes only its case (docs/architecture.md).
import { applyDelta, rollupSnapshot, snapshotDelta } from '../core'
import type { Counters, TransitionResult } from '../core'
import type { CaseDoc, EventDoc } from '../core/types'
import { db } from './app'
import { countedOf, splitCase, txGet, txSet, withTransaction, writeResults, type StoredCase, type Tx } from './tx'

/** Due cases flushed per transaction. */
export const FLUSH_GROUP = 20
/** Due cases looked up per query. */
const PAGE = 100

/**
 * Add the rollup deltas of several cases inside `tx`, summed per rollup doc: an `$inc` of the non-zero counters
 * (no read), or, when the doc does not exist yet, the whole doc. Answers the number of docs written.
 */
export async function writeRollups(tx: Tx, deltas: Array<Map<string, Map<string, Partial<Counters>>>>, now: Date): Promise<number> {
  const docs = new Map<string, Map<string, Partial<Counters>>>()
  for (const delta of deltas) {
    for (const [rollupId, units] of delta) {
      let doc = docs.get(rollupId)
      if (!doc) docs.set(rollupId, (doc = new Map()))
      for (const [u, k] of units) {
        const t = doc.get(u) ?? {}
        for (const [key, v] of Object.entries(k) as Array<[keyof Counters, number]>) t[key] = (t[key] ?? 0) + v
        doc.set(u, t)
      }
    }
  }
  const _ = db().command
  let written = 0
  await Promise.all(
    [...docs].map(async ([id, units]) => {
      const inc: Record<string, Record<string, unknown>> = {}
      for (const [u, k] of units) {
        const fields: Record<string, unknown> = {}
        for (const [key, v] of Object.entries(k)) if (v) fields[key] = _.inc(v)
        if (Object.keys(fields).length) inc[u] = fields
        else units.delete(u)
      }
      if (units.size === 0) return
      written++
      const res = (await tx.collection('rollups').doc(id).update({ updatedAt: now, units: inc })) as { updated?: number }
      // Not there yet: create it. The failed lookup is part of the transaction, so a concurrent creation conflicts.
      if (!res.updated) await txSet(tx, 'rollups', applyDelta(null, id, units, now))
    })
  )
  return written
}

/**
 * writeResults with the rollups counted in the same transaction: for a writer of many cases at once (the timer's
 * tick groups), whose cases share their rollup writes, so a flush need not read them again.
 */
export async function writeResultsCounted(tx: Tx, items: Array<{ before: CaseDoc | null; result: TransitionResult }>, now: Date): Promise<EventDoc[][]> {
  const deltas = items.map(({ before, result }) => snapshotDelta(before ? countedOf(before) : null, rollupSnapshot(result.next)))
  const [events] = await Promise.all([writeResults(tx, items, true), writeRollups(tx, deltas, now)])
  return events
}

/** Flush one group of cases in one transaction; answers how many were due. */
async function flushGroup(ids: string[], now: Date): Promise<number> {
  return await withTransaction(async (tx) => {
    const docs = await Promise.all(ids.map((id) => txGet<StoredCase>(tx, 'cases', id)))
    const due = docs.flatMap((d) => (d?.rollupDue ? [splitCase(d).c] : []))
    if (due.length === 0) return 0
    const _ = db().command
    const snaps = due.map(rollupSnapshot)
    await Promise.all([
      writeRollups(tx, due.map((c, i) => snapshotDelta(countedOf(c), snaps[i]!)), now),
      ...due.map((c, i) => tx.collection('cases').doc(c._id).update({ rolled: _.set(snaps[i]!), rollupDue: _.remove() }))
    ])
    return due.length
  })
}

/**
 * Bring the rollups up to date with every case marked due (at most `max` cases; the rest on the next call).
 * Answers how many cases were flushed. A group that fails is left due for the next flush.
 */
export async function flushRollups(now: Date, max = 5000): Promise<number> {
  const _ = db().command
  let flushed = 0
  let after = ''
  while (flushed < max) {
    const where: Record<string, unknown> = { rollupDue: true }
    if (after) where._id = _.gt(after)
    const res = await db().collection('cases').where(where).orderBy('_id', 'asc').field({ _id: true }).limit(PAGE).get()
    const ids = ((res.data ?? []) as Array<{ _id: string }>).map((d) => d._id)
    if (ids.length === 0) break
    after = ids[ids.length - 1]!
    const groups: string[][] = []
    for (let i = 0; i < ids.length; i += FLUSH_GROUP) groups.push(ids.slice(i, i + FLUSH_GROUP))
    const done = await Promise.all(
      groups.map((g) =>
        flushGroup(g, now).catch((e) => {
          console.error(`[rollups] flushing ${g.length} cases failed:`, (e as Error)?.message ?? e)
          return 0
        })
      )
    )
    flushed += done.reduce((a, b) => a + b, 0)
    if (ids.length < PAGE) break
  }
  return flushed
}
