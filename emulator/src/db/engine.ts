// Document operations (find / insert / update / remove / aggregate) over either the committed store or a
// transaction's view of it, plus the optimistic transaction manager.
import crypto from 'node:crypto'
import { Aggregator, ProcessingMode, update as mingoUpdate } from 'mingo'
import { isEqual } from 'mingo/util'
import { EmulatorError } from '../types'
import { cloneDoc, isPlainObject, stringifyEJSON } from './ejson'
import { keyOf, MINGO_OPTIONS, newId, runFind, type Doc, type FindOptions, type Store, type Write } from './store'

/** Inactivity after which an open transaction is discarded. */
export const TRANSACTION_TTL_MS = 30_000

export interface Transaction {
  id: string
  /** Buffered writes: collection → key → new doc (null = deleted). */
  overlay: Map<string, Map<string, Doc | null>>
  /** Version of every document read or written, at first touch. */
  touched: Map<string, { collection: string; key: string; version: number }>
  lastUsed: number
}

/** Reads and writes either directly (committed) or inside a transaction. */
export class View {
  /** Writes collected by a non-transactional operation, applied at the end in one SQLite transaction. */
  readonly pending: Write[] = []

  constructor(private readonly store: Store, readonly tx?: Transaction) {}

  private touch(collection: string, key: string): void {
    if (!this.tx) return
    const k = `${collection}\u0000${key}`
    if (!this.tx.touched.has(k)) this.tx.touched.set(k, { collection, key, version: this.store.versionOf(collection, key) })
  }

  private overlay(collection: string): Map<string, Doc | null> | undefined {
    return this.tx?.overlay.get(collection)
  }

  /** The current document with this key, as this view sees it. */
  get(collection: string, key: string): Doc | undefined {
    this.store.get(collection)
    this.touch(collection, key)
    const pend = this.pendingDoc(collection, key)
    if (pend !== undefined) return pend ?? undefined
    const ov = this.overlay(collection)
    if (ov?.has(key)) return ov.get(key) ?? undefined
    return this.store.getDoc(collection, key)
  }

  private pendingDoc(collection: string, key: string): Doc | null | undefined {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const w = this.pending[i]
      if (w.collection === collection && w.key === key) return w.doc
    }
    return undefined
  }

  /** Candidate documents (superset of matches) in this view. */
  candidates(collection: string, query: Doc): Doc[] {
    const base = this.store.candidates(collection, query)
    if (this.tx && query._id !== undefined) {
      // A lookup by _id that found nothing is tracked too: a concurrent insert of that _id conflicts (as in MongoDB).
      const plan = this.store.plan(collection, query)
      if (plan.kind === 'ids') for (const key of plan.keys!) this.touch(collection, key)
    }
    const ov = this.overlay(collection)
    if (!ov || ov.size === 0) {
      if (this.tx) for (const [key] of base) this.touch(collection, key)
      return base.map(([, d]) => d)
    }
    const out: Doc[] = []
    for (const [key, doc] of base) {
      this.touch(collection, key)
      if (ov.has(key)) {
        const d = ov.get(key)
        if (d) out.push(d)
      } else out.push(doc)
    }
    for (const [key, doc] of ov) if (doc && !this.store.hasDoc(collection, key)) out.push(doc)
    return out
  }

  find(collection: string, query: Doc, opts: FindOptions = {}): Doc[] {
    return runFind(this.candidates(collection, query), query, opts)
  }

  write(collection: string, key: string, doc: Doc | null): void {
    if (this.tx) {
      this.touch(collection, key)
      let ov = this.tx.overlay.get(collection)
      if (!ov) this.tx.overlay.set(collection, (ov = new Map()))
      ov.set(key, doc)
    } else {
      this.pending.push({ collection, key, doc })
    }
  }

  /** Apply collected non-transactional writes atomically. */
  flush(): void {
    if (!this.tx) this.store.apply(this.pending)
    this.pending.length = 0
  }
}

function isOperatorUpdate(data: Doc): boolean {
  const keys = Object.keys(data)
  const ops = keys.filter(k => k.startsWith('$'))
  if (ops.length > 0 && ops.length !== keys.length) {
    throw new EmulatorError('INVALID_PARAM', 'update data mixes operators and plain fields')
  }
  return ops.length > 0
}

function sameId(a: unknown, b: unknown): boolean {
  return keyOf(a) === keyOf(b)
}

/** Equality fields of a query, used as the base document of an upsert. */
function upsertBase(query: Doc): Doc {
  const base: Doc = {}
  const visit = (q: Doc): void => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) {
        v.forEach(s => isPlainObject(s) && visit(s))
        continue
      }
      if (k.startsWith('$')) continue
      let value: unknown
      if (isPlainObject(v) && Object.keys(v).some(op => op.startsWith('$'))) {
        if (!('$eq' in v)) continue
        value = v.$eq
      } else if (v instanceof RegExp) continue
      else value = v
      setPath(base, k, cloneDoc(value))
    }
  }
  visit(query)
  return base
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const segs = path.split('.')
  let cur: Doc = doc
  for (let i = 0; i < segs.length - 1; i++) {
    if (!isPlainObject(cur[segs[i]])) cur[segs[i]] = {}
    cur = cur[segs[i]]
  }
  cur[segs[segs.length - 1]] = value
}

/** MongoDB rejects arithmetic on non-numbers (mingo silently skips it): check $inc / $mul first. */
function checkArithmetic(doc: Doc, data: Doc): void {
  for (const op of ['$inc', '$mul']) {
    const spec = data[op]
    if (!isPlainObject(spec)) continue
    for (const [path, operand] of Object.entries(spec)) {
      if (typeof operand !== 'number') throw new EmulatorError('DATABASE_REQUEST_FAILED', `Cannot ${op} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`)
      let cur: any = doc
      for (const seg of path.split('.')) {
        if (cur === undefined || cur === null || typeof cur !== 'object') {
          cur = undefined
          break
        }
        cur = cur[seg]
      }
      if (cur !== undefined && cur !== null && typeof cur !== 'number') {
        throw new EmulatorError('DATABASE_REQUEST_FAILED', `Cannot apply ${op} to a value of non-numeric type at ${path}`)
      }
    }
  }
}

const SIMPLE_SEGMENT = /^(?!\$)(?!\d+$)[^.]+$/

/**
 * `$set` / `$inc` / `$unset` on plain dotted paths through objects only (the bulk of CloudBase updates), applied
 * directly with mingo's semantics (a `$set` to an equal value changes nothing; `$inc` creates a missing field;
 * `$unset` of a missing field changes nothing). Answers
 * undefined, without touching `next`, for anything else (arrays or non-objects on the way, positional or numeric
 * segments, overlapping paths, other operators): mingo handles those.
 */
function simpleUpdate(next: Doc, data: Doc): boolean | undefined {
  const steps: Array<{ op: '$set' | '$inc' | '$unset'; segs: string[]; value: unknown }> = []
  for (const op of Object.keys(data)) {
    if (op !== '$set' && op !== '$inc' && op !== '$unset') return undefined
    const spec = data[op]
    if (!isPlainObject(spec)) return undefined
    for (const [path, value] of Object.entries(spec)) {
      const segs = path.split('.')
      if (!segs.every(seg => SIMPLE_SEGMENT.test(seg))) return undefined
      if (op === '$inc' && typeof value !== 'number') return undefined
      steps.push({ op, segs, value })
    }
  }
  if (steps.length === 0) return undefined
  const paths = steps.map(s => s.segs.join('.'))
  const sorted = [...paths].sort()
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1] || sorted[i].startsWith(`${sorted[i - 1]}.`)) return undefined
  // Check every path before changing anything.
  for (const { op, segs } of steps) {
    let cur: unknown = next
    for (let i = 0; i < segs.length; i++) {
      if (cur === undefined) break
      if (!isPlainObject(cur)) return undefined
      cur = (cur as Doc)[segs[i]]
    }
    if (op === '$inc' && cur !== undefined && typeof cur !== 'number') return undefined
  }
  let changed = false
  for (const { op, segs, value } of steps) {
    if (op === '$unset') {
      let parent: unknown = next
      for (let i = 0; i < segs.length - 1 && parent !== undefined; i++) parent = (parent as Doc)[segs[i]]
      const k = segs[segs.length - 1]
      if (parent !== undefined && Object.prototype.hasOwnProperty.call(parent, k)) {
        delete (parent as Doc)[k]
        changed = true
      }
      continue
    }
    let cur: Doc = next
    for (let i = 0; i < segs.length - 1; i++) {
      if (cur[segs[i]] === undefined) cur[segs[i]] = {}
      cur = cur[segs[i]]
    }
    const k = segs[segs.length - 1]
    if (op === '$set') {
      if (isEqual(cur[k], value)) continue
      cur[k] = cloneDoc(value)
      changed = true
    } else {
      const previous = cur[k]
      cur[k] = (previous || 0) + (value as number)
      if (cur[k] !== previous) changed = true
    }
  }
  return changed
}

function applyUpdate(doc: Doc, data: Doc, operator: boolean): { next: Doc; changed: boolean } {
  if (operator) {
    checkArithmetic(doc, data)
    const next = cloneDoc(doc)
    const simple = simpleUpdate(next, data)
    if (simple !== undefined) {
      if (!sameId(next._id, doc._id)) throw new EmulatorError('DATABASE_REQUEST_FAILED', 'the _id field can not be modified')
      return { next, changed: simple }
    }
    let modified: string[]
    try {
      modified = mingoUpdate(next, data as any, undefined, undefined, { cloneMode: 'deep', queryOptions: MINGO_OPTIONS })
    } catch (e) {
      throw new EmulatorError('DATABASE_REQUEST_FAILED', `update failed: ${(e as Error).message}`)
    }
    if (!sameId(next._id, doc._id)) throw new EmulatorError('DATABASE_REQUEST_FAILED', 'the _id field can not be modified')
    return { next, changed: modified.length > 0 }
  }
  if ('_id' in data && !sameId(data._id, doc._id)) throw new EmulatorError('DATABASE_REQUEST_FAILED', 'the _id field can not be modified')
  const next: Doc = { _id: doc._id, ...cloneDoc(data) }
  next._id = doc._id
  return { next, changed: stringifyEJSON(next) !== stringifyEJSON(doc) }
}

/** Aggregation stages that never modify their input documents. */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$count', '$sort', '$limit', '$skip', '$sortByCount'])

export interface ModifyParams {
  query: Doc
  data: Doc
  multi: boolean
  /** true: operator update (plain fields become $set); false: replace the document. */
  merge: boolean
  upsert: boolean
}

export class Engine {
  readonly transactions = new Map<string, Transaction>()

  constructor(readonly store: Store) {}

  view(transactionId?: unknown): View {
    this.sweep()
    if (transactionId === undefined || transactionId === null || transactionId === '') return new View(this.store)
    const tx = this.transactions.get(String(transactionId))
    if (!tx) throw new EmulatorError('DATABASE_TRANSACTION_FAIL', `transaction ${String(transactionId)} does not exist or has expired`)
    tx.lastUsed = Date.now()
    return new View(this.store, tx)
  }

  insert(view: View, collection: string, docs: Doc[]): unknown[] {
    this.store.get(collection)
    const ids: unknown[] = []
    const batch = new Set<string>()
    for (const raw of docs) {
      if (!isPlainObject(raw)) throw new EmulatorError('INVALID_PARAM', 'each document must be an object')
      const copy = cloneDoc(raw)
      const doc: Doc = { _id: copy._id === undefined || copy._id === null ? newId() : copy._id, ...copy }
      if (doc._id === undefined || doc._id === null) doc._id = newId()
      if (Array.isArray(doc._id) || doc._id instanceof RegExp || isPlainObject(doc._id)) throw new EmulatorError('INVALID_PARAM', '_id must be a string or a number')
      const key = keyOf(doc._id)
      if (batch.has(key) || view.get(collection, key)) {
        throw new EmulatorError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`)
      }
      batch.add(key)
      view.write(collection, key, doc)
      ids.push(doc._id)
    }
    view.flush()
    return ids
  }

  modify(view: View, collection: string, p: ModifyParams): { updated: number; matched: number; upsertId?: unknown; docs: Doc[] } {
    const operator = isOperatorUpdate(p.data)
    const data = !operator && p.merge ? { $set: p.data } : p.data
    const isOp = operator || p.merge
    const matches = view.find(collection, p.query, p.multi ? {} : { limit: 1 })
    let updated = 0
    const docs: Doc[] = []
    for (const doc of matches) {
      const { next, changed } = applyUpdate(doc, data, isOp)
      docs.push(next)
      if (changed) {
        updated++
        view.write(collection, keyOf(doc._id), next)
      }
    }
    let upsertId: unknown
    if (matches.length === 0 && p.upsert) {
      const base = upsertBase(p.query)
      if (base._id === undefined) base._id = newId()
      let doc: Doc
      if (isOp) {
        doc = applyUpdate(base, data, true).next
      } else {
        doc = { _id: base._id, ...cloneDoc(data) }
        doc._id = base._id
      }
      const key = keyOf(doc._id)
      if (view.get(collection, key)) throw new EmulatorError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${collection} index: _id_`)
      view.write(collection, key, doc)
      upsertId = doc._id
      docs.push(doc)
    }
    view.flush()
    return { updated, matched: matches.length, upsertId, docs }
  }

  remove(view: View, collection: string, query: Doc, multi: boolean): number {
    const matches = view.find(collection, query, multi ? {} : { limit: 1 })
    for (const doc of matches) view.write(collection, keyOf(doc._id), null)
    view.flush()
    return matches.length
  }

  aggregate(view: View, collection: string, pipeline: Doc[]): Doc[] {
    let input: Doc[]
    let stages = pipeline
    const first = pipeline[0]
    if (first && isPlainObject(first.$match)) {
      input = view.find(collection, first.$match)
      stages = pipeline.slice(1)
    } else input = view.candidates(collection, {})
    // Stages that only read their input need no defensive copy of every document (a big cost on large inputs).
    const readOnly = stages.every(st => READ_ONLY_STAGES.has(Object.keys(st)[0] ?? ''))
    const options = {
      ...MINGO_OPTIONS,
      processingMode: readOnly ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT,
      collectionResolver: (name: string) => view.candidates(name, {})
    }
    try {
      return new Aggregator(stages, options).run(input) as Doc[]
    } catch (e) {
      if (e instanceof EmulatorError) throw e
      throw new EmulatorError('DATABASE_REQUEST_FAILED', `aggregate failed: ${(e as Error).message}`)
    }
  }

  // --- transactions ---

  begin(): Transaction {
    this.sweep()
    const tx: Transaction = { id: crypto.randomBytes(12).toString('hex'), overlay: new Map(), touched: new Map(), lastUsed: Date.now() }
    this.transactions.set(tx.id, tx)
    this.store.trackVersions = true
    return tx
  }

  commit(id: unknown): void {
    const tx = this.transactions.get(String(id))
    if (!tx) throw new EmulatorError('DATABASE_TRANSACTION_FAIL', `transaction ${String(id)} does not exist or has expired`)
    try {
      for (const t of tx.touched.values()) {
        if (this.store.versionOf(t.collection, t.key) !== t.version) {
          throw new EmulatorError('DATABASE_TRANSACTION_CONFLICT', `transaction conflict on ${t.collection}/${t.key}: the document changed since the transaction read it`)
        }
      }
      const writes: Write[] = []
      for (const [collection, ov] of tx.overlay) for (const [key, doc] of ov) writes.push({ collection, key, doc })
      this.store.apply(writes) // versions are tracked while this transaction is open, so other open ones see the commit
    } finally {
      this.end(tx.id)
    }
  }

  abort(id: unknown): void {
    if (!this.transactions.has(String(id))) throw new EmulatorError('DATABASE_TRANSACTION_FAIL', `transaction ${String(id)} does not exist or has expired`)
    this.end(String(id))
  }

  private end(id: string): void {
    this.transactions.delete(id)
    if (this.transactions.size === 0) {
      this.store.trackVersions = false
      this.store.versions.clear()
    }
  }

  /** Discard transactions idle for longer than TRANSACTION_TTL_MS. */
  sweep(): void {
    if (this.transactions.size === 0) return
    const now = Date.now()
    for (const tx of [...this.transactions.values()]) if (now - tx.lastUsed > TRANSACTION_TTL_MS) this.end(tx.id)
  }
}
