// Transactions with retry, and the one way a case changes: applyTransition.
//
// The SDK's `runTransaction` swallows errors, so transactions are driven by hand with `db.startTransaction()`.
// Inside a transaction CloudBase supports only document-level get/set/update/delete, so every read and write
// here goes through `tx.collection(name).doc(id)`.
import { randomBytes } from 'node:crypto'
import { DomainError, rollupSnapshot, sameSnapshot } from '../core'
import type { RollupSnapshot } from '../core'
import type { TransitionResult } from '../core'
import type { CaseDoc, EventDoc } from '../core/types'
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
 * from 4 ms up to 250 ms: transitions write only their own case (rollups are written behind them) and case
 * numbers are taken outside, so conflicts are rare and short); domain errors and anything else abort the
 * transaction and are rethrown. Nothing is written unless the commit succeeds.
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
 * (no timeline query): see docs/architecture.md. It also carries the rollup bookkeeping (shared/rollups.ts):
 * `rolled`, what the rollups count for it (null: nothing yet), and `rollupDue`, set while they lag the case.
 * The core sees neither: readers split them off.
 */
export type StoredCase = CaseDoc & { events?: EventDoc[]; rolled?: RollupSnapshot | null; rollupDue?: true }

/** The rollup bookkeeping of each case read, as stored (keyed by the CaseDoc splitCase answered), for writeResults. */
type Bookkeeping = Pick<StoredCase, 'rolled' | 'rollupDue'>
const bookkeeping = new WeakMap<CaseDoc, Bookkeeping>()

/** Events in timeline order: by time, then by id (`<caseId>-<version>-<index>`, so write order on ties). */
export function byTimeline(a: EventDoc, b: EventDoc): number {
  return new Date(a.at).getTime() - new Date(b.at).getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)
}

/** The case the core sees, and its timeline (sorted). */
export function splitCase(doc: StoredCase): { c: CaseDoc; events: EventDoc[] } {
  const { events, rolled, rollupDue, ...c } = doc
  bookkeeping.set(c, { rolled, rollupDue })
  return { c, events: [...(events ?? [])].sort(byTimeline) }
}

/** A case read in `tx`, split from its timeline (null when there is no such case). */
export async function txGetCase(tx: Tx, id: string): Promise<{ c: CaseDoc; events: EventDoc[] } | null> {
  const doc = await txGet<StoredCase>(tx, 'cases', id)
  return doc ? splitCase(doc) : null
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
async function txUpdateCase(tx: Tx, before: CaseDoc, after: CaseDoc, events: EventDoc[], rolledUp: boolean): Promise<void> {
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
  // The rollups' bookkeeping: the snapshot they count (written once for a case from before), and the mark.
  // (rolledUp: the caller counts `after` in this transaction, shared/rollups.ts writeResultsCounted.)
  const stored = bookkeepingOf(before)
  const counted = countedOf(before)
  const snap = rollupSnapshot(after)
  const rolled = rolledUp ? snap : counted
  if (stored.rolled === undefined || !sameSnapshot(counted, rolled)) data.rolled = rolled ? _.set(rolled) : null
  const due = !sameSnapshot(rolled, snap)
  if (due !== !!stored.rollupDue) data.rollupDue = due ? true : _.remove()
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

/** Write a transition's case (with its new events) and extension inside `tx` (all at once); returns the events with their ids. */
export async function writeResult(tx: Tx, before: CaseDoc | null, r: TransitionResult): Promise<EventDoc[]> {
  return (await writeResults(tx, [{ before, result: r }]))[0]!
}

function bookkeepingOf(before: CaseDoc): Bookkeeping {
  const book = bookkeeping.get(before)
  if (!book) throw new Error(`case ${before._id} was not read through splitCase / txGetCase`)
  return book
}

/**
 * What the rollups count for a case read through splitCase / txGetCase (null: nothing yet). A case without
 * `rolled` that is not due was written when transitions wrote the rollups: counted as it stands.
 */
export function countedOf(before: CaseDoc): RollupSnapshot | null {
  const { rolled, rollupDue } = bookkeepingOf(before)
  return rolled !== undefined ? rolled : rollupDue ? null : rollupSnapshot(before)
}

/**
 * Write several transitions (of different cases) in one transaction: each case with its events and extension, a
 * case whose counts changed marked for the rollup flush (shared/rollups.ts). Answers the events of each, in order.
 */
export async function writeResults(
  tx: Tx,
  items: Array<{ before: CaseDoc | null; result: TransitionResult }>,
  /** The caller adds the rollup deltas in this transaction: the cases are written as counted, not due. */
  rolledUp = false
): Promise<EventDoc[][]> {
  for (const { before, result } of items) checkVersion(before, result)
  const events = items.map(({ result }) => eventsOf(result))
  await Promise.all(
    items.flatMap(({ before, result }, i) => [
      before
        ? txUpdateCase(tx, before, result.next, events[i]!, rolledUp)
        : txSet<StoredCase>(tx, 'cases', { ...result.next, events: events[i]!, ...(rolledUp ? { rolled: rollupSnapshot(result.next) } : { rolled: null, rollupDue: true as const }) }),
      ...(result.extension ? [txSet(tx, 'extensions', result.extension)] : [])
    ])
  )
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
    const events = await writeResult(tx, before, result)
    return { before, history: read.events, result, events, retried: info.attempt > 1 }
  })
}

