// Rollup counters. contribution() is a pure function of the case document alone, so rollups can be
// recomputed from the raw cases, and rollupDelta(before, after) keeps them incrementally.
import type { Metrics, Rating } from '../../typings/api'
import type { CaseDoc, Counters, RollupDoc, SupervisionDoc } from './types'
import { dayKey, monthKey } from './time'
import { channelType } from './channels'

export const COUNTER_KEYS: Array<keyof Counters> = [
  'volume',
  'acceptDecided',
  'acceptedOnTime',
  'finishDecided',
  'finishedOnTime',
  'satisfied',
  'basic',
  'unsatisfied',
  'unrated',
  'returned',
  'reopened',
  'resolved',
  'ratedOwn',
  'ratedCallback',
  'callbackOverrides',
  'urges',
  'supervised',
  'supervisionOrders',
  'supervisionDecided',
  'supervisionOnTime',
  'instructed',
  'merged'
]

export function emptyCounters(): Counters {
  return {
    volume: 0,
    acceptDecided: 0,
    acceptedOnTime: 0,
    finishDecided: 0,
    finishedOnTime: 0,
    satisfied: 0,
    basic: 0,
    unsatisfied: 0,
    unrated: 0,
    returned: 0,
    reopened: 0,
    resolved: 0,
    ratedOwn: 0,
    ratedCallback: 0,
    callbackOverrides: 0,
    urges: 0,
    supervised: 0,
    supervisionOrders: 0,
    supervisionDecided: 0,
    supervisionOnTime: 0,
    instructed: 0,
    merged: 0
  }
}

/** The counters one case contributes to each of its units. */
export function caseCounters(c: CaseDoc): Counters {
  const k = emptyCounters()
  // (metoo) A merged duplicate counts once, as merged: not in the volume (its case A is), nor in on-time figures.
  if (c.state === 'merged') {
    k.merged = 1
    return k
  }
  k.volume = c.state === 'withdrawn' ? 0 : 1
  k.acceptDecided = c.firstAcceptedAt || c.flags.acceptOverdue ? 1 : 0
  k.acceptedOnTime = c.firstAcceptOnTime ? 1 : 0
  k.finishDecided = c.firstResolvedAt || c.flags.finishOverdue ? 1 : 0
  k.finishedOnTime = c.firstResolveOnTime ? 1 : 0
  const eff = effectiveRating(c)
  if (eff) {
    k[eff.value] = 1
    if (eff.source === 'callback') k.ratedCallback = 1
    else k.ratedOwn = 1
  }
  if (eff?.source === 'callback' && c.rating && c.rating.value !== eff.value) k.callbackOverrides = 1
  k.unrated = c.unrated && !eff ? 1 : 0
  k.returned = c.returnCount > 0 ? 1 : 0
  k.reopened = c.reopenCount > 0 ? 1 : 0
  k.resolved = c.firstResolvedAt ? 1 : 0
  k.urges = c.urgeCount ?? 0
  const orders = c.supervisions ?? []
  k.supervised = orders.length > 0 ? 1 : 0
  k.supervisionOrders = orders.length
  for (const o of orders) {
    const s = supervisionOutcome(o)
    if (s.decided) k.supervisionDecided += 1
    if (s.onTime) k.supervisionOnTime += 1
  }
  k.instructed = c.instructed ? 1 : 0
  return k
}

/** The rating the metrics count: the latest reached 回访 with a rating wins over the resident's own rating. */
export function effectiveRating(c: CaseDoc): { value: Rating; source: 'own' | 'callback' } | null {
  const cbs = c.callbacks ?? []
  for (let i = cbs.length - 1; i >= 0; i--) {
    const cb = cbs[i]!
    if (cb.reached && cb.rating) return { value: cb.rating, source: 'callback' }
  }
  return c.rating ? { value: c.rating.value, source: 'own' } : null
}

/** The unit a case is credited to in the department dimension: the grid for an on-the-spot fix. */
export function creditedUnit(c: CaseDoc): string {
  if (c.onSpot) return `grid:${c.onSpot.gridId ?? c.gridId ?? '_none'}`
  return c.departmentId ?? '_none'
}

/**
 * A 督办 order's outcome: decided once answered, escalated (past reply-by) or closed with the case; on time when
 * answered — or the case finished — by its reply-by time.
 */
export function supervisionOutcome(o: SupervisionDoc): { decided: boolean; onTime: boolean } {
  const by = o.replyBy.getTime()
  if (o.reply) return { decided: true, onTime: o.reply.at.getTime() <= by }
  if (o.closedAt) return { decided: true, onTime: o.closedAt.getTime() <= by }
  return { decided: !!o.escalatedAt, onTime: false }
}

/**
 * The rollups a case counts in: its submission day and month, for the county and for its township: four docs,
 * each with the units of its own scope only. (For a while the township's units were nested in the county docs,
 * under `townships.<id>`, to write two docs instead of four; at a million cases a year that made every county
 * doc about 16 times larger, a summary read hundreds of megabytes and each $inc rewrote a multi-megabyte doc:
 * bench/RESULTS.md. Such nested units are still read by rollupUnits, but no longer written.)
 */
export function rollupIds(c: CaseDoc): string[] {
  const day = dayKey(c.submittedAt)
  const month = monthKey(c.submittedAt)
  return [`d|${day}|county`, `m|${month}|county`, `d|${day}|t:${c.townshipId}`, `m|${month}|t:${c.townshipId}`]
}

/** A core unit key as stored: ['units', unit] or ['townships', townshipId, unit]. */
export function storedUnitPath(u: string): [string, string] | [string, string, string] {
  const bar = u.indexOf('|')
  if (u.startsWith('t:') && bar > 0) return ['townships', u.slice(2, bar), u.slice(bar + 1)]
  return ['units', u]
}

/** Every unit of a stored rollup doc, townships' under their core keys (`t:<id>|<unit>`). */
export function rollupUnits(doc: Pick<RollupDoc, 'units' | 'townships'>): Record<string, Partial<Counters>> {
  const out: Record<string, Partial<Counters>> = { ...doc.units }
  for (const [t, units] of Object.entries(doc.townships ?? {})) for (const [u, k] of Object.entries(units)) out[`t:${t}|${u}`] = k
  return out
}

export function unitKeys(c: CaseDoc): string[] {
  return ['all:all', `department:${creditedUnit(c)}`, `township:${c.townshipId}`, `category:${c.categoryId}`, `channel:${channelType(c)}`]
}

export function contribution(c: CaseDoc): Map<string, Map<string, Counters>> {
  return contributionOf(rollupSnapshot(c))
}

/**
 * What a case counts in the rollups, compactly: its rollup docs, its units and its (non-zero) counters, the same
 * counters in every unit of every doc. The stored case keeps the snapshot the rollups last counted
 * (shared/rollups.ts: rollups are written behind the transitions), so the next flush can add
 * snapshot(now) − snapshot(counted) without the case's earlier state.
 */
export interface RollupSnapshot {
  ids: string[]
  units: string[]
  k: Partial<Counters>
}

export function rollupSnapshot(c: CaseDoc): RollupSnapshot {
  const all = caseCounters(c)
  const k: Partial<Counters> = {}
  for (const key of COUNTER_KEYS) if (all[key] !== 0) k[key] = all[key]
  return { ids: rollupIds(c), units: unitKeys(c), k }
}

/** Whether two snapshots count the same (null: nothing counted). */
export function sameSnapshot(a: RollupSnapshot | null, b: RollupSnapshot | null): boolean {
  if (!a || !b) return a === b
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i])
  return same(a.ids, b.ids) && same(a.units, b.units) && COUNTER_KEYS.every((key) => (a.k[key] ?? 0) === (b.k[key] ?? 0))
}

function contributionOf(s: RollupSnapshot): Map<string, Map<string, Counters>> {
  const k = { ...emptyCounters(), ...s.k }
  const out = new Map<string, Map<string, Counters>>()
  for (const id of s.ids) out.set(id, new Map(s.units.map((u) => [u, { ...k }])))
  return out
}

/** contribution(after) − contribution(before); only non-zero counters, units and docs. */
export function rollupDelta(before: CaseDoc | null, after: CaseDoc): Map<string, Map<string, Partial<Counters>>> {
  return snapshotDelta(before && rollupSnapshot(before), rollupSnapshot(after))
}

/** What the rollups must add to go from counting `before` (null: nothing) to counting `after`. */
export function snapshotDelta(before: RollupSnapshot | null, after: RollupSnapshot): Map<string, Map<string, Partial<Counters>>> {
  const acc = new Map<string, Map<string, Counters>>()
  const add = (src: Map<string, Map<string, Counters>>, sign: 1 | -1) => {
    for (const [id, units] of src) {
      let dst = acc.get(id)
      if (!dst) acc.set(id, (dst = new Map()))
      for (const [u, k] of units) {
        let t = dst.get(u)
        if (!t) dst.set(u, (t = emptyCounters()))
        for (const key of COUNTER_KEYS) t[key] += sign * k[key]
      }
    }
  }
  add(contributionOf(after), 1)
  if (before) add(contributionOf(before), -1)
  const out = new Map<string, Map<string, Partial<Counters>>>()
  for (const [id, units] of acc) {
    const du = new Map<string, Partial<Counters>>()
    for (const [u, k] of units) {
      const p: Partial<Counters> = {}
      let any = false
      for (const key of COUNTER_KEYS) {
        if (k[key] !== 0) {
          p[key] = k[key]
          any = true
        }
      }
      if (any) du.set(u, p)
    }
    if (du.size) out.set(id, du)
  }
  return out
}

export function parseRollupId(id: string): { gran: 'd' | 'm'; period: string; scope: string } {
  const m = /^([dm])\|(\d{4}-\d{2}(?:-\d{2})?)\|(county|t:.+)$/.exec(id)
  if (!m) throw new RangeError(`bad rollup id: ${id}`)
  const gran = m[1] as 'd' | 'm'
  if ((gran === 'd') !== (m[2].length === 10)) throw new RangeError(`bad rollup id: ${id}`)
  return { gran, period: m[2], scope: m[3] }
}

/**
 * A rollup doc with `delta` added (`doc` null: a new doc). Units keep only their non-zero counters (readers add
 * into emptyCounters), which makes a doc about half as large: a summary moves and parses half the bytes.
 */
export function applyDelta(doc: RollupDoc | null, rollupId: string, delta: Map<string, Partial<Counters>>, now: Date): RollupDoc {
  const p = parseRollupId(rollupId)
  const all: Record<string, Counters> = {}
  if (doc) for (const [u, k] of Object.entries(rollupUnits(doc))) all[u] = addCounters(emptyCounters(), k)
  for (const [u, d] of delta) addCounters(all[u] ?? (all[u] = emptyCounters()), d)
  const units: Record<string, Partial<Counters>> = {}
  const townships: Record<string, Record<string, Partial<Counters>>> = {}
  for (const [u, k] of Object.entries(all)) {
    const sparse: Partial<Counters> = {}
    for (const key of COUNTER_KEYS) if (k[key] !== 0) sparse[key] = k[key]
    if (Object.keys(sparse).length === 0) continue
    const path = storedUnitPath(u)
    if (path.length === 3) (townships[path[1]] ??= {})[path[2]] = sparse
    else units[u] = sparse
  }
  const out: RollupDoc = { _id: rollupId, gran: p.gran, period: p.period, scope: p.scope, units, updatedAt: now }
  if (Object.keys(townships).length) out.townships = townships
  return out
}

export function addCounters(into: Counters, k: Partial<Counters>): Counters {
  for (const key of COUNTER_KEYS) into[key] += k[key] ?? 0
  return into
}

function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null
}

export function metrics(c: Counters, overdueNow = 0): Metrics {
  const rated = c.satisfied + c.basic + c.unsatisfied
  return {
    volume: c.volume,
    acceptDecided: c.acceptDecided,
    acceptedOnTime: c.acceptedOnTime,
    responseRate: ratio(c.acceptedOnTime, c.acceptDecided),
    finishDecided: c.finishDecided,
    finishedOnTime: c.finishedOnTime,
    onTimeRate: ratio(c.finishedOnTime, c.finishDecided),
    satisfied: c.satisfied,
    basic: c.basic,
    unsatisfied: c.unsatisfied,
    unrated: c.unrated,
    satisfactionRate: ratio(c.satisfied + 0.9 * c.basic, rated),
    returned: c.returned,
    returnRate: ratio(c.returned, c.volume),
    reopened: c.reopened,
    reopenRate: ratio(c.reopened, c.resolved),
    resolved: c.resolved,
    overdueNow,
    sources: { own: c.ratedOwn ?? 0, callback: c.ratedCallback ?? 0, unrated: c.unrated, overrides: c.callbackOverrides ?? 0 },
    urges: c.urges ?? 0,
    supervised: c.supervised ?? 0,
    supervisionOrders: c.supervisionOrders ?? 0,
    supervisionDecided: c.supervisionDecided ?? 0,
    supervisionOnTime: c.supervisionOnTime ?? 0,
    supervisionReplyRate: ratio(c.supervisionOnTime ?? 0, c.supervisionDecided ?? 0),
    instructed: c.instructed ?? 0,
    merged: c.merged ?? 0
  }
}
