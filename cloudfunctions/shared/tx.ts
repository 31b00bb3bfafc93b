// Transactions with retry, and the one way a case changes: applyTransition.
//
// The SDK's `runTransaction` swallows errors, so transactions are driven by hand with `db.startTransaction()`.
// Inside a transaction CloudBase supports only document-level get/set/update/delete, so every read and write
// here goes through `tx.collection(name).doc(id)`.
import { randomBytes } from 'node:crypto'
import { DomainError, rollupDelta, applyDelta, storedUnitPath } from '../core'
import type { TransitionResult } from '../core'
import type { CaseDoc, Counters, EventDoc } from '../core/types'
import { db } from './app'

export type Tx = Awaited<ReturnType<ReturnType<typeof db>['startTransaction']>>

export const MAX_TX_ATTEMPTS = 16

/** Codes after which the whole transaction is run again. */
const RETRYABLE = new Set(['DATABASE_TRANSACTION_CONFLICT', 'DATABASE_TRANSACTION_FAIL'])

export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

export function isRetryable(e: unknown): boolean {
  if (e instanceof DomainError) return false
  const code = errorCode(e)
  return code !== undefined && RETRYABLE.has(code)
}

/**
 * One atomic increment of the counter doc `id` (findAndModify) in the counters collection, outside any transaction:
 * answers the new value. The first increment creates the doc with `fields` (a concurrent creation answers a
 * duplicate write; then it increments again).
 */
export async function bumpCounter(id: string, fields: Record<string, unknown>): Promise<number> {
  const counters = db().collection('counters')
  const _ = db().command
  for (let attempt = 0; ; attempt++) {
    const res = (await counters.where({ _id: id }).updateAndReturn({ seq: _.inc(1) })) as { doc?: { seq?: number } | null }
    if (res.doc?.seq !== undefined) return res.doc.seq
    try {
      await counters.add({ _id: id, seq: 1, ...fields })
      return 1
    } catch (e) {
      if (errorCode(e) !== 'DATABASE_DUPLICATE_WRITE' || attempt >= 3) throw e
    }
  }
}

/** A random document id (32 hex characters), like the ones CloudBase generates. */
export function newId(): string {
  return randomBytes(16).toString('hex')
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export interface TxInfo {
  /** 1 on the first run, 2+ when re-run after a conflict. */
  attempt: number
}

/**
 * Run `fn` in a transaction and commit it. Conflicts are retried (up to 16 tries, full-jitter exponential backoff
 * from 4 ms up to 250 ms: rollup docs are sharded and case numbers are taken outside, so conflicts are rare and
 * short); domain errors and anything else abort the transaction and are rethrown. Nothing is written unless the
 * commit succeeds.
 */
export async function withTransaction<T>(fn: (tx: Tx, info: TxInfo) => Promise<T>): Promise<T> {
  let lastError: unknown
  for (let attempt = 1; attempt <= MAX_TX_ATTEMPTS; attempt++) {
    let tx: Tx | null = null
    let committing = false
    try {
      tx = await db().startTransaction()
      const value = await fn(tx, { attempt })
      committing = true
      await tx.commit()
      return value
    } catch (e) {
      lastError = e
      // A commit that answered a conflict has already ended the transaction: nothing to release.
      if (tx && !(committing && isRetryable(e))) {
        try {
          await tx.rollback(undefined)
        } catch {
          // Already ended (commit failed, expired): nothing to release.
        }
      }
      if (!isRetryable(e) || attempt === MAX_TX_ATTEMPTS) throw e
      // Full jitter: concurrent losers spread out instead of colliding again.
      const cap = Math.min(250, 4 * 2 ** (attempt - 1))
      await sleep(Math.random() * cap)
    }
  }
  throw lastError
}

export function eventId(caseId: string, version: number, index: number): string {
  return `${caseId}-${String(version).padStart(5, '0')}-${String(index).padStart(2, '0')}`
}

/** Strip `_id` (CloudBase refuses it in set data). */
export function body<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id, ...rest } = doc
  void _id
  return rest
}

export async function txGet<T>(tx: Tx, collection: string, id: string): Promise<T | null> {
  const res = await tx.collection(collection).doc(id).get()
  const data = (res as { data?: unknown }).data
  if (Array.isArray(data)) return (data[0] as T) ?? null
  return (data as T) ?? null
}

export async function txSet<T extends { _id: string }>(tx: Tx, collection: string, doc: T): Promise<void> {
  await tx.collection(collection).doc(doc._id).set(body(doc))
}

export async function txDelete(tx: Tx, collection: string, id: string): Promise<void> {
  await tx.collection(collection).doc(id).delete()
}

/**
 * A case as stored: the case doc with its timeline embedded (`events`, in write order). One document per case
 * means a transition writes its events with the case (no event docs to insert) and a case page reads one doc
 * (no timeline query): see docs/architecture.md. The core never sees `events`: readers split them off.
 */
export type StoredCase = CaseDoc & { events?: EventDoc[] }

/** Events in timeline order: by time, then by id (`<caseId>-<version>-<index>`, so write order on ties). */
export function byTimeline(a: EventDoc, b: EventDoc): number {
  return new Date(a.at).getTime() - new Date(b.at).getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)
}

/** The case the core sees, and its timeline (sorted). */
export function splitCase(doc: StoredCase): { c: CaseDoc; events: EventDoc[] } {
  const { events, ...c } = doc
  return { c, events: [...(events ?? [])].sort(byTimeline) }
}

/** A case read in `tx`, split from its timeline (null when there is no such case). */
export async function txGetCase(tx: Tx, id: string): Promise<{ c: CaseDoc; events: EventDoc[] } | null> {
  const doc = await txGet<StoredCase>(tx, 'cases', id)
  return doc ? splitCase(doc) : null
}

/**
 * Rollup docs are sharded so that concurrent transitions of different cases rarely touch the same document: a
 * case's counters always go to shard `rollupShard(caseId)` of each of its rollup docs (so before and after of a
 * transition land in the same doc and the delta stays in one transaction). Shard 0 keeps the plain rollup id
 * (`d|2026-09-30|county`), shard s > 0 is `<id>#<s>`; every shard carries the same gran / period / scope fields,
 * so a summary reads all shards of a period with the range index and adds them up.
 */
export const ROLLUP_SHARDS = 16

/** The shard of a case (FNV-1a of its id). */
export function rollupShard(caseId: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < caseId.length; i++) {
    h ^= caseId.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) % ROLLUP_SHARDS
}

/** Document id of shard `shard` of rollup `rollupId`. */
export function shardDocId(rollupId: string, shard: number): string {
  return shard === 0 ? rollupId : `${rollupId}#${shard}`
}

/** The rollup id of a (possibly sharded) rollup document id. */
export function baseRollupId(docId: string): string {
  const i = docId.indexOf('#')
  return i < 0 ? docId : docId.slice(0, i)
}

/**
 * Apply the rollup deltas (before → after) of one or more transitions inside the transaction, summed per rollup
 * shard doc (each case to its own shard): an `$inc` of the non-zero counters (no read), or, when the shard doc
 * does not exist yet, the whole doc. Docs with a zero delta are not touched. Answers the number of docs written.
 */
export async function writeRollups(tx: Tx, changes: Array<{ before: CaseDoc | null; after: CaseDoc }>, now: Date): Promise<number> {
  const docs = new Map<string, { rollupId: string; units: Map<string, Partial<Counters>> }>()
  for (const { before, after } of changes) {
    const shard = rollupShard(after._id)
    for (const [rollupId, units] of rollupDelta(before, after)) {
      const id = shardDocId(rollupId, shard)
      let doc = docs.get(id)
      if (!doc) docs.set(id, (doc = { rollupId, units: new Map() }))
      for (const [u, k] of units) {
        const t = doc.units.get(u) ?? {}
        for (const [key, v] of Object.entries(k) as Array<[keyof Counters, number]>) t[key] = (t[key] ?? 0) + v
        doc.units.set(u, t)
      }
    }
  }
  const _ = db().command
  let written = 0
  await Promise.all(
    [...docs].map(async ([id, { rollupId, units }]) => {
      // One update: the county's units and the township's (stored under townships.<id>: core/rollups.ts).
      const inc: Record<string, Record<string, unknown>> = {}
      const townships: Record<string, Record<string, Record<string, unknown>>> = {}
      for (const [u, k] of units) {
        const fields: Record<string, unknown> = {}
        for (const [key, v] of Object.entries(k)) if (v) fields[key] = _.inc(v)
        if (!Object.keys(fields).length) {
          units.delete(u)
          continue
        }
        const path = storedUnitPath(u)
        if (path.length === 3) (townships[path[1]] ??= {})[path[2]] = fields
        else inc[u] = fields
      }
      if (units.size === 0) return
      written++
      const data: Record<string, unknown> = { updatedAt: now }
      if (Object.keys(inc).length) data.units = inc
      if (Object.keys(townships).length) data.townships = townships
      const res = (await tx.collection('rollups').doc(id).update(data)) as { updated?: number }
      // Not there yet: create it. The failed lookup is part of the transaction, so a concurrent creation conflicts.
      if (!res.updated) await txSet(tx, 'rollups', { ...applyDelta(null, rollupId, units, now), _id: id })
    })
  )
  return written
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  }
  return false
}

/**
 * Write the next state of a case read in this transaction as an update of its changed top-level fields (whole
 * values, never merged; removed fields unset): the stored doc ends up equal to `after`, as with a full set, with
 * a fraction of the payload, and its new events appended to the embedded timeline. The case was read in the
 * transaction, so the commit still checks its version.
 */
async function txUpdateCase(tx: Tx, before: CaseDoc, after: CaseDoc, events: EventDoc[]): Promise<void> {
  const _ = db().command
  const b = before as unknown as Record<string, unknown>
  const a = after as unknown as Record<string, unknown>
  const data: Record<string, unknown> = {}
  // The timeline only grows: the transition's events are appended.
  if (events.length) data.events = _.push(events)
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === '_id' || key === 'events') continue
    const next = a[key]
    if (next === undefined) {
      if (b[key] !== undefined) data[key] = _.remove()
    } else if (!sameValue(b[key], next)) {
      data[key] = next !== null && typeof next === 'object' && !(next instanceof Date) ? _.set(next) : next
    }
  }
  // version always changes, so there is always something to write.
  await tx.collection('cases').doc(after._id).update(data)
}

function eventsOf(r: TransitionResult): EventDoc[] {
  // Ids in write order (a version is written once: OCC), so equal timestamps keep their order.
  return r.events.map((e, i) => ({ ...e, _id: eventId(r.next._id, r.next.version, i) }) as EventDoc)
}

function checkVersion(before: CaseDoc | null, r: TransitionResult): void {
  const expected = before ? before.version + 1 : r.next.version
  if (r.next.version !== expected) throw new Error(`core returned version ${r.next.version}, expected ${expected}`)
}

/** Write a transition's case (with its new events), extension and rollups inside `tx` (all at once); returns the events with their ids. */
export async function writeResult(tx: Tx, before: CaseDoc | null, r: TransitionResult, now: Date): Promise<EventDoc[]> {
  return (await writeResults(tx, [{ before, result: r }], now))[0]!
}

/**
 * Write several transitions (of different cases) in one transaction: each case with its events, its extension, and
 * the rollups with the deltas summed per shard doc. Answers the events of each, in order.
 */
export async function writeResults(tx: Tx, items: Array<{ before: CaseDoc | null; result: TransitionResult }>, now: Date): Promise<EventDoc[][]> {
  for (const { before, result } of items) checkVersion(before, result)
  const events = items.map(({ result }) => eventsOf(result))
  await Promise.all([
    ...items.flatMap(({ before, result }, i) => [
      before ? txUpdateCase(tx, before, result.next, events[i]!) : txSet<StoredCase>(tx, 'cases', { ...result.next, events: events[i]! }),
      ...(result.extension ? [txSet(tx, 'extensions', result.extension)] : [])
    ]),
    writeRollups(tx, items.map(({ before, result }) => ({ before, after: result.next })), now)
  ])
  return events
}

export interface Applied {
  before: CaseDoc
  /** The timeline the transaction read (before this transition). */
  history: EventDoc[]
  result: TransitionResult
  /** This transition's events. */
  events: EventDoc[]
  /** The transaction was re-run after a conflict. */
  retried: boolean
}

/**
 * Change one case: in ONE transaction read it, run the core, and write the case (conditional on the version
 * read — a concurrent change makes the commit conflict and the whole thing re-runs on the new state) with its
 * new events, the extension doc and the rollup docs. `step` may read more documents through `tx` and returns null
 * when there is nothing to do (nothing is written then).
 */
export async function applyTransition(
  caseId: string,
  step: (c: CaseDoc, tx: Tx, info: TxInfo) => TransitionResult | null | Promise<TransitionResult | null>,
  now: Date
): Promise<Applied | null> {
  return await withTransaction(async (tx, info) => {
    const read = await txGetCase(tx, caseId)
    if (!read) throw new DomainError('NOT_FOUND')
    const before = read.c
    let result: TransitionResult | null
    try {
      result = await step(before, tx, info)
    } catch (e) {
      // Lost a race: someone changed the case between our first look and the retry.
      if (e instanceof DomainError && e.code === 'INVALID_STATE' && info.attempt > 1) throw new DomainError('CONFLICT')
      throw e
    }
    if (!result) return null
    const events = await writeResult(tx, before, result, now)
    return { before, history: read.events, result, events, retried: info.attempt > 1 }
  })
}

