// Transactions with retry, and the one way a case changes: applyTransition.
//
// The SDK's `runTransaction` swallows errors, so transactions are driven by hand with `db.startTransaction()`.
// Inside a transaction CloudBase supports only document-level get/set/update/delete, so every read and write
// here goes through `tx.collection(name).doc(id)`.
import { randomBytes } from 'node:crypto'
import { DomainError, rollupDelta, applyDelta } from '../core'
import type { TransitionResult } from '../core'
import type { CaseDoc, EventDoc, RollupDoc } from '../core/types'
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
 * Run `fn` in a transaction and commit it. Conflicts are retried (up to 16 tries, full-jitter exponential backoff up to 1 s: the
 * rollup and case-number docs are shared by every case of a day/month, so bursts of concurrent writes contend);
 * domain errors and anything else abort the transaction and are rethrown. Nothing is written unless the commit
 * succeeds.
 */
export async function withTransaction<T>(fn: (tx: Tx, info: TxInfo) => Promise<T>): Promise<T> {
  let lastError: unknown
  for (let attempt = 1; attempt <= MAX_TX_ATTEMPTS; attempt++) {
    let tx: Tx | null = null
    try {
      tx = await db().startTransaction()
      const value = await fn(tx, { attempt })
      await tx.commit()
      return value
    } catch (e) {
      lastError = e
      if (tx) {
        try {
          await tx.rollback(undefined)
        } catch {
          // Already ended (commit failed, expired): nothing to release.
        }
      }
      if (!isRetryable(e) || attempt === MAX_TX_ATTEMPTS) throw e
      // Full jitter: concurrent losers spread out instead of colliding again.
      const cap = Math.min(1000, 20 * 2 ** (attempt - 1))
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
 * Apply a rollup delta (before → after) to the rollup docs, inside the transaction. The rollup docs are shared
 * by every case of a day, so they are read as late as possible (just before the commit) and in parallel, to keep
 * the window in which a concurrent transaction can conflict small.
 */
export async function writeRollups(tx: Tx, before: CaseDoc | null, after: CaseDoc, now: Date): Promise<number> {
  const delta = [...rollupDelta(before, after)]
  const docs = await Promise.all(delta.map(([rollupId]) => txGet<RollupDoc>(tx, 'rollups', rollupId)))
  await Promise.all(
    delta.map(([rollupId, units], i) => txSet(tx, 'rollups', { ...applyDelta(docs[i] ?? null, rollupId, units, now), _id: rollupId }))
  )
  return delta.length
}

/** Write a transition's case, events, extension and rollups inside `tx`; returns the events with their ids. */
export async function writeResult(tx: Tx, before: CaseDoc | null, r: TransitionResult, now: Date): Promise<EventDoc[]> {
  const expected = before ? before.version + 1 : r.next.version
  if (r.next.version !== expected) throw new Error(`core returned version ${r.next.version}, expected ${expected}`)
  // Ids in write order (a version is written once: OCC), so equal timestamps keep their order.
  const events = r.events.map((e, i) => ({ ...e, _id: eventId(r.next._id, r.next.version, i) }) as EventDoc)
  await Promise.all([
    txSet(tx, 'cases', r.next),
    ...events.map((ev) => txSet(tx, 'case_events', ev)),
    ...(r.extension ? [txSet(tx, 'extensions', r.extension)] : [])
  ])
  await writeRollups(tx, before, r.next, now)
  return events
}

export interface Applied {
  before: CaseDoc
  result: TransitionResult
  events: EventDoc[]
  /** The transaction was re-run after a conflict. */
  retried: boolean
}

/**
 * Change one case: in ONE transaction read it, run the core, and write the case (conditional on the version
 * read — a concurrent change makes the commit conflict and the whole thing re-runs on the new state), its
 * events, the extension doc and the rollup docs. `step` may read more documents through `tx` and returns null
 * when there is nothing to do (nothing is written then).
 */
export async function applyTransition(
  caseId: string,
  step: (c: CaseDoc, tx: Tx, info: TxInfo) => TransitionResult | null | Promise<TransitionResult | null>,
  now: Date
): Promise<Applied | null> {
  return await withTransaction(async (tx, info) => {
    const before = await txGet<CaseDoc>(tx, 'cases', caseId)
    if (!before) throw new DomainError('NOT_FOUND')
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
    return { before, result, events, retried: info.attempt > 1 }
  })
}

