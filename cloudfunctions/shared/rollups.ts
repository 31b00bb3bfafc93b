// Compaction of sharded rollups (see tx.ts: ROLLUP_SHARDS). Shards exist to spread the writes of *current*
// periods; once a day or month is over they only cost reads. Once per Beijing day the timer merges every shard of
// the recent closed periods (the last COMPACT_DAYS days and the months they touch, before the current one) into
// shard 0, in one transaction per rollup, so a summary reads about one doc per period. Merging is idempotent and
// conflicts like any transaction (a transition writing a shard meanwhile makes it re-run); a late transition on
// an old case may re-create a shard of an old period, which the next compaction within the window merges again
// (older residue is simply read as extra shards).
import { addCounters, addDays, applyDelta, dayKey, emptyCounters, monthKey, rollupUnits } from '../core'
import type { Counters, Refs } from '../core'
import type { RollupDoc } from '../core/types'
import { db } from './app'
import { getByIds, getDoc } from './db'
import { ROLLUP_SHARDS, shardDocId, txDelete, txGet, txSet, withTransaction } from './tx'

/** Closed days (before today) whose rollups are compacted every day. */
export const COMPACT_DAYS = 7
const MARKER = 'rollup_compaction'

/** Merge every shard of `rollupId` into shard 0. Answers whether anything was merged. */
export async function compactRollup(rollupId: string, now: Date): Promise<boolean> {
  return await withTransaction(async (tx) => {
    const ids = Array.from({ length: ROLLUP_SHARDS }, (_, s) => shardDocId(rollupId, s))
    const docs = await Promise.all(ids.map((id) => txGet<RollupDoc>(tx, 'rollups', id)))
    if (docs.slice(1).every((d) => !d)) return false
    const units = new Map<string, Counters>()
    for (const d of docs) {
      if (!d) continue
      for (const [u, k] of Object.entries(rollupUnits(d))) units.set(u, addCounters(units.get(u) ?? emptyCounters(), k))
    }
    await Promise.all([
      txSet(tx, 'rollups', { ...applyDelta(null, rollupId, units, now), _id: rollupId }),
      ...ids.slice(1).flatMap((id, i) => (docs[i + 1] ? [txDelete(tx, 'rollups', id)] : []))
    ])
    return true
  })
}

/** The rollup ids of the recent closed periods, for every scope. */
export function recentClosedRollupIds(refs: Refs, now: Date): string[] {
  const today = dayKey(now)
  const thisMonth = monthKey(now)
  const scopes = ['county', ...[...refs.townships.keys()].map((t) => `t:${t}`)]
  const days: string[] = []
  const months = new Set<string>()
  for (let i = 1; i <= COMPACT_DAYS; i++) {
    const d = addDays(today, -i)
    days.push(d)
    if (d.slice(0, 7) !== thisMonth) months.add(d.slice(0, 7))
  }
  return scopes.flatMap((scope) => [...days.map((d) => `d|${d}|${scope}`), ...[...months].map((m) => `m|${m}|${scope}`)])
}

/**
 * Once per Beijing day (a marker doc in `counters`): merge the shards of the recent closed periods. Answers how
 * many rollups were merged (0 when already done today).
 */
export async function compactRecentRollups(refs: Refs, now: Date): Promise<number> {
  const today = dayKey(now)
  const marker = await getDoc<{ _id: string; day: string }>('counters', MARKER)
  if (marker?.day === today) return 0
  const ids = recentClosedRollupIds(refs, now)
  const extra = await getByIds<RollupDoc>(
    'rollups',
    ids.flatMap((id) => Array.from({ length: ROLLUP_SHARDS - 1 }, (_, s) => shardDocId(id, s + 1)))
  )
  const sharded = [...new Set(extra.map((d) => d._id.slice(0, d._id.indexOf('#'))))]
  let merged = 0
  for (let i = 0; i < sharded.length; i += 4) {
    const done = await Promise.all(sharded.slice(i, i + 4).map((id) => compactRollup(id, now)))
    merged += done.filter(Boolean).length
  }
  await db().collection('counters').doc(MARKER).set({ day: today, merged, at: now })
  return merged
}
