// The emulator's document database module: CloudBase `database.*` actions over SQLite + mingo.
import type BetterSqlite3 from 'better-sqlite3'
import { EmulatorError, type ActionHandler, type EmulatorModule } from '../types'
import { isPlainObject, parseEJSON, stringifyEJSON } from './ejson'
import { Engine, TRANSACTION_TTL_MS } from './engine'
import { loadSchema, validateSchema, isValidCollectionName, type CollectionSpec, type DatabaseSchema } from './schema'
import { docText, keyOf, Store, type Doc, type FindOptions } from './store'

export { TRANSACTION_TTL_MS }
export type { DatabaseSchema, CollectionSpec }

export interface DatabaseOptions {
  sqlite: BetterSqlite3.Database
  /** Schema file: collections and their indexes, created or updated at start. */
  schemaPath?: string
  /** Schema object (alternative to schemaPath). */
  schema?: DatabaseSchema
  /** Size of the parsed-document cache, all collections together, in characters of EJSON text (LRU; default 128 M). */
  docCacheSize?: number
}

export interface DatabaseModule extends EmulatorModule {
  actions: Record<string, ActionHandler>
  /** How a query on a collection selects candidates: 'ids' (by _id), 'sql' (index columns, with SQLite's EXPLAIN QUERY PLAN) or 'scan'. */
  explain(collection: string, query?: Doc | string): { kind: 'ids' | 'sql' | 'scan'; sql: string | null; indexes: string[]; plan: string[] }
  /** Names of all collections. */
  collections(): string[]
  /** Create a collection (no error if it exists) with optional indexes. */
  ensureCollection(name: string, spec?: Partial<CollectionSpec>): void
  /** Committed documents matching a query (direct access for control endpoints and tests). */
  find(collection: string, query?: Doc, opts?: FindOptions): Doc[]
  /** Number of open transactions. */
  openTransactions(): number
}

const MAX_LIMIT = 1000
const DEFAULT_LIMIT = 100

function collectionName(params: Record<string, any>): string {
  const name = params.collectionName
  if (!isValidCollectionName(name)) throw new EmulatorError('INVALID_PARAM', `invalid collectionName: ${JSON.stringify(name ?? null)}`)
  return name
}

function parseQuery(raw: unknown, what = 'query'): Doc {
  if (raw === undefined || raw === null || raw === '') return {}
  const q = parseEJSON(raw, what)
  if (!isPlainObject(q)) throw new EmulatorError('INVALID_PARAM', `${what} must be an object`)
  return q
}

function parseOrder(raw: unknown): Record<string, 1 | -1> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined
  const value = parseEJSON(raw, 'order')
  const out: Record<string, 1 | -1> = {}
  const add = (field: unknown, dir: unknown): void => {
    if (typeof field !== 'string' || !field) throw new EmulatorError('INVALID_PARAM', 'order field must be a non-empty string')
    const d = dir === 1 || dir === 'asc' ? 1 : dir === -1 || dir === 'desc' ? -1 : 0
    if (!d) throw new EmulatorError('INVALID_PARAM', `order direction of ${field} must be 1, -1, 'asc' or 'desc'`)
    out[field] = d
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isPlainObject(item) && 'field' in item) add(item.field, item.direction)
      else if (isPlainObject(item)) for (const [k, v] of Object.entries(item)) add(k, v)
      else throw new EmulatorError('INVALID_PARAM', 'bad order')
    }
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) add(k, v)
  } else throw new EmulatorError('INVALID_PARAM', 'order must be an object')
  return out
}

function parseInt0(raw: unknown, what: string, fallback: number): number {
  if (raw === undefined || raw === null) return fallback
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new EmulatorError('INVALID_PARAM', `${what} must be a non-negative integer`)
  return n
}

function parseBool(raw: unknown, fallback: boolean): boolean {
  if (raw === undefined || raw === null) return fallback
  if (raw === true || raw === 'true' || raw === 1) return true
  if (raw === false || raw === 'false' || raw === 0) return false
  throw new EmulatorError('INVALID_PARAM', `expected a boolean, got ${JSON.stringify(raw)}`)
}

export function createDatabase(opts: DatabaseOptions): DatabaseModule {
  const store = new Store(opts.sqlite, opts.docCacheSize)
  const engine = new Engine(store)
  const schema = opts.schema ? validateSchema(opts.schema) : opts.schemaPath ? loadSchema(opts.schemaPath) : undefined
  if (schema) for (const [name, spec] of Object.entries(schema.collections)) store.ensure(name, spec)

  /** Wrap a handler: unexpected (non-CloudBase) errors become DATABASE_REQUEST_FAILED. */
  const wrap = (fn: ActionHandler): ActionHandler => (params, ctx) => {
    try {
      return fn(params ?? {}, ctx)
    } catch (e) {
      if (e instanceof EmulatorError) throw e
      throw new EmulatorError('DATABASE_REQUEST_FAILED', (e as Error)?.message ?? String(e))
    }
  }

  const actions: Record<string, ActionHandler> = {
    'database.addCollection': params => {
      const name = collectionName(params)
      if (store.has(name)) throw new EmulatorError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`)
      store.ensure(name, { indexes: [] })
      return {}
    },

    'database.insertDocument': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      const raw = Array.isArray(params.data) ? params.data : [params.data]
      if (raw.length === 0 || raw.some((d: unknown) => d === undefined || d === null)) throw new EmulatorError('INVALID_PARAM', 'data must be a non-empty list of documents')
      const docs = raw.map((d: unknown) => parseEJSON(d, 'data'))
      const ids = engine.insert(view, name, docs)
      return { data: { insertedIds: ids } }
    },

    'database.getDocument': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      const query = parseQuery(params.query)
      const offset = parseInt0(params.offset, 'offset', 0)
      const limit = Math.min(parseInt0(params.limit, 'limit', DEFAULT_LIMIT) || DEFAULT_LIMIT, MAX_LIMIT)
      const projection = params.projection ? parseQuery(params.projection, 'projection') : undefined
      const sort = parseOrder(params.order)
      const docs = view.find(name, query, { sort, skip: offset, limit, projection })
      return { data: { list: docs.map(docText), limit, offset } }
    },

    'database.calculateDocument': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      const total = view.find(name, parseQuery(params.query)).length
      return { data: { total } }
    },

    'database.modifyDocument': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      const data = parseQuery(params.data, 'data')
      const r = engine.modify(view, name, {
        query: parseQuery(params.query),
        data,
        multi: parseBool(params.multi, false),
        merge: parseBool(params.merge, true),
        upsert: parseBool(params.upsert, false)
      })
      const out: Record<string, unknown> = { updated: r.updated, matched: r.matched }
      if (r.upsertId !== undefined) out.upsert_id = r.upsertId
      return { data: out }
    },

    'database.modifyAndReturnDoc': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      const r = engine.modify(view, name, { query: parseQuery(params.query), data: parseQuery(params.data, 'data'), multi: false, merge: true, upsert: false })
      return { data: { updated: r.updated, doc: r.docs[0] ? stringifyEJSON(r.docs[0]) : null } }
    },

    'database.removeDocument': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      const deleted = engine.remove(view, name, parseQuery(params.query), parseBool(params.multi, false))
      return { data: { deleted } }
    },

    'database.aggregateDocuments': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      if (!Array.isArray(params.stages)) throw new EmulatorError('INVALID_PARAM', 'stages must be an array')
      const pipeline = params.stages.map((s: any, i: number) => {
        if (!s || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) throw new EmulatorError('INVALID_PARAM', `stage ${i} needs a stageKey like "$match"`)
        return { [s.stageKey]: parseEJSON(s.stageValue, `stage ${s.stageKey}`) }
      })
      const docs = engine.aggregate(view, name, pipeline)
      return { data: { list: docs.map(stringifyEJSON) } }
    },

    // --- transactions ---
    'database.startTransaction': () => ({ transactionId: engine.begin().id }),
    'database.commitTransaction': params => {
      engine.commit(params.transactionId)
      return {}
    },
    'database.abortTransaction': params => {
      engine.abort(params.transactionId)
      return {}
    },
    // Legacy transaction API (Transaction in @cloudbase/database transaction.ts).
    'database.getInTransaction': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      if (params._id === undefined) throw new EmulatorError('INVALID_PARAM', '_id is required')
      const doc = view.get(name, keyOf(params._id))
      return { data: stringifyEJSON(doc ?? null) }
    },
    'database.updateDocInTransaction': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      if (params._id === undefined) throw new EmulatorError('INVALID_PARAM', '_id is required')
      const data = parseQuery(params.data, 'data')
      const upsert = parseBool(params.upsert, false)
      const r = engine.modify(view, name, { query: { _id: params._id }, data, multi: false, merge: !upsert, upsert })
      const out: Record<string, unknown> = { updated: stringifyEJSON(r.updated) }
      if (r.upsertId !== undefined) out.upserted = JSON.stringify([{ _id: r.upsertId }])
      return out
    },
    'database.deleteDocInTransaction': params => {
      const name = collectionName(params)
      const view = engine.view(params.transactionId)
      if (params._id === undefined) throw new EmulatorError('INVALID_PARAM', '_id is required')
      const deleted = engine.remove(view, name, { _id: params._id }, false)
      return { deleted: stringifyEJSON(deleted) }
    }
  }
  for (const k of Object.keys(actions)) actions[k] = wrap(actions[k])

  return {
    actions,
    explain(collection, query) {
      const q = typeof query === 'string' ? parseQuery(query) : query ?? {}
      return store.explain(collection, q)
    },
    collections: () => store.names(),
    ensureCollection(name, spec) {
      store.ensure(name, { description: spec?.description, permission: spec?.permission, indexes: spec?.indexes ?? store.spec(name)?.indexes ?? [] })
    },
    find: (collection, query = {}, findOpts) => store.find(collection, query, findOpts),
    openTransactions: () => {
      engine.sweep()
      return engine.transactions.size
    },
    close() {
      engine.transactions.clear()
    }
  }
}
