// Durable document store: one SQLite table per collection (canonical EJSON text + extracted index key columns),
// a bounded cache of parsed documents (LRU, so memory stays bounded however large a collection grows) and an
// index-aware candidate planner.
import crypto from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'
import { EJSON } from 'bson'
import { Query } from 'mingo'
import { EmulatorError } from '../types'
import { isPlainObject, stringifyEJSON } from './ejson'
import type { CollectionSpec, IndexSpec } from './schema'
import { isValidCollectionName } from './schema'

export type Doc = Record<string, any>

/** Options passed to every mingo call. Scripts ($where, $function) are disabled. */
export const MINGO_OPTIONS = { idKey: '_id', scriptEnabled: false } as const

const META_TABLE = '_db_collections'
const UNCERTAIN = Symbol('uncertain')

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

function shortHash(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex').slice(0, 8)
}

/** Storage key of an _id: strings as they are, anything else tagged so it can never collide with a string. */
export function keyOf(id: unknown): string {
  if (typeof id === 'string') return id
  if (typeof id === 'number') return `\u0001n:${id}`
  return `\u0001${stringifyEJSON({ v: id })}`
}

export function newId(): string {
  return crypto.randomBytes(16).toString('hex')
}

type SqlScalar = string | number | null

/** Normalise a document value for an index column. UNCERTAIN: arrays, objects and odd types (the row is then always a candidate). */
function normaliseStored(value: unknown): SqlScalar | typeof UNCERTAIN {
  if (value === undefined || value === null) return null
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isNaN(value) ? UNCERTAIN : value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? UNCERTAIN : value.getTime()
  return UNCERTAIN
}

/** Normalise a query operand; undefined when the operand can not be pushed down safely. */
function normaliseOperand(value: unknown): SqlScalar | undefined {
  const n = normaliseStored(value)
  return n === UNCERTAIN ? undefined : n
}

/** The value at a dot path; UNCERTAIN when the path crosses an array. */
function valueAtPath(doc: Doc, path: string): unknown {
  let cur: any = doc
  for (const seg of path.split('.')) {
    if (cur === undefined || cur === null) return undefined
    if (Array.isArray(cur)) return UNCERTAIN
    if (typeof cur !== 'object' || !isPlainObject(cur)) return undefined
    cur = cur[seg]
  }
  return cur
}

interface IndexedCollection {
  name: string
  table: string
  spec: CollectionSpec
  paths: string[]
  columns: Map<string, string>
  /** Insert or replace a document (keeps the rowid, i.e. the insertion order, of an existing one). */
  upsert: BetterSqlite3.Statement
  update: BetterSqlite3.Statement
  remove: BetterSqlite3.Statement
  selectDoc: BetterSqlite3.Statement
  selectAll: BetterSqlite3.Statement
}

/** Default size of the parsed-document cache (all collections together), in characters of their EJSON text. */
export const DEFAULT_DOC_CACHE = 128 * 1024 * 1024

/** Canonical EJSON text of committed documents (what SQLite holds), so reads need not stringify them again. */
const TEXT = new WeakMap<object, string>()

/** The canonical EJSON text of a document (cached for committed documents). */
export function docText(doc: Doc): string {
  return TEXT.get(doc) ?? stringifyEJSON(doc)
}

export interface Write {
  collection: string
  key: string
  /** New document, or null to delete. */
  doc: Doc | null
}

export interface FindOptions {
  sort?: Record<string, 1 | -1>
  skip?: number
  limit?: number
  projection?: Record<string, any>
}

export interface Plan {
  kind: 'ids' | 'sql' | 'scan'
  sql?: string
  params?: SqlScalar[]
  keys?: string[]
  indexes?: string[]
}

export class Store {
  private readonly collections = new Map<string, IndexedCollection>()
  private readonly stmtCache = new Map<string, BetterSqlite3.Statement>()
  /** Version of each document touched while transactions are open (see Transactions). */
  readonly versions = new Map<string, number>()
  trackVersions = false
  private seq = 0
  /** Parsed committed documents, least recently used first: `collection \0 key` → doc. */
  private readonly cache = new Map<string, Doc>()
  /** Total EJSON text length of the cached documents (the cache's measure of memory). */
  private cacheChars = 0

  constructor(readonly sqlite: BetterSqlite3.Database, readonly cacheLimit = DEFAULT_DOC_CACHE) {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (name TEXT PRIMARY KEY, spec TEXT NOT NULL)`)
    const rows = sqlite.prepare(`SELECT name, spec FROM ${META_TABLE}`).all() as Array<{ name: string; spec: string }>
    for (const row of rows) this.open(row.name, JSON.parse(row.spec) as CollectionSpec, false)
  }

  has(name: string): boolean {
    return this.collections.has(name)
  }

  names(): string[] {
    return [...this.collections.keys()].sort()
  }

  spec(name: string): CollectionSpec | undefined {
    return this.collections.get(name)?.spec
  }

  /** Create a collection, or bring an existing one's indexes in line with `spec` (schema start-up). */
  ensure(name: string, spec: CollectionSpec): void {
    if (!isValidCollectionName(name)) throw new EmulatorError('INVALID_PARAM', `invalid collection name: ${JSON.stringify(name)}`)
    this.open(name, spec, true)
  }

  private open(name: string, spec: CollectionSpec, persist: boolean): void {
    const table = quoteIdent(`col_${name}`)
    const paths = [...new Set(spec.indexes.flatMap(ix => ix.keys.map(k => k[0])))]
    const columns = new Map(paths.map(p => [p, quoteIdent(`k:${p}`)]))
    const tx = this.sqlite.transaction(() => {
      this.sqlite.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL, mk INTEGER NOT NULL DEFAULT 0)`)
      const existing = new Set((this.sqlite.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(c => c.name))
      const added: string[] = []
      for (const p of paths) {
        if (!existing.has(`k:${p}`)) {
          this.sqlite.exec(`ALTER TABLE ${table} ADD COLUMN ${columns.get(p)}`)
          added.push(p)
        }
      }
      // Indexes: deterministic names carry a hash of the definition, so a changed definition replaces the old one.
      const wanted = new Map<string, string>()
      wanted.set(`mk_${name}`, `CREATE INDEX IF NOT EXISTS ${quoteIdent(`mk_${name}`)} ON ${table}(mk) WHERE mk = 1`)
      for (const ix of spec.indexes) {
        const cols = ix.keys.map(([p, dir]) => `${columns.get(p)}${dir === -1 ? ' DESC' : ''}`).join(', ')
        const ixName = `ix_${name}_${ix.name}_${shortHash(JSON.stringify(ix))}`
        wanted.set(ixName, `CREATE INDEX IF NOT EXISTS ${quoteIdent(ixName)} ON ${table}(${cols})`)
        if (ix.unique) {
          const ucols = ix.keys.map(([p]) => `ifnull(${columns.get(p)}, x'00')`).join(', ')
          const uName = `ux_${name}_${ix.name}_${shortHash(JSON.stringify(ix))}`
          wanted.set(uName, `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(uName)} ON ${table}(${ucols})`)
        }
      }
      const have = this.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).all(`col_${name}`) as Array<{ name: string }>
      for (const { name: ixName } of have) if (!wanted.has(ixName)) this.sqlite.exec(`DROP INDEX ${quoteIdent(ixName)}`)
      const coll: IndexedCollection = {
        name,
        table,
        spec,
        paths,
        columns,
        upsert: this.sqlite.prepare(
          `INSERT INTO ${table} (id, doc, mk${paths.map(p => ', ' + columns.get(p)).join('')}) VALUES (?, ?, ?${paths.map(() => ', ?').join('')}) ` +
            `ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, mk = excluded.mk${paths.map(p => `, ${columns.get(p)} = excluded.${columns.get(p)}`).join('')}`
        ),
        update: this.sqlite.prepare(`UPDATE ${table} SET doc = ?, mk = ?${paths.map(p => `, ${columns.get(p)} = ?`).join('')} WHERE id = ?`),
        remove: this.sqlite.prepare(`DELETE FROM ${table} WHERE id = ?`),
        selectDoc: this.sqlite.prepare(`SELECT doc FROM ${table} WHERE id = ?`).pluck(),
        selectAll: this.sqlite.prepare(`SELECT id, doc FROM ${table} ORDER BY rowid`).raw()
      }
      if (added.length) {
        // Backfill new key columns from the stored documents.
        for (const [key, text] of coll.selectAll.all() as Array<[string, string]>) {
          const doc = EJSON.parse(text, { relaxed: true }) as Doc
          coll.update.run(text, ...this.keyColumns(coll, doc), key)
        }
      }
      // Creating a unique index over duplicates fails: report it with the collection and index.
      for (const [ixName, sql] of wanted) {
        try {
          this.sqlite.exec(sql)
        } catch (e) {
          throw new Error(`cannot create index ${ixName} on collection ${name}: ${(e as Error).message}`)
        }
      }
      if (persist) this.sqlite.prepare(`INSERT INTO ${META_TABLE} (name, spec) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET spec = excluded.spec`).run(name, JSON.stringify(spec))
      this.collections.set(name, coll)
      this.stmtCache.clear()
    })
    tx()
  }

  private keyColumns(coll: IndexedCollection, doc: Doc): SqlScalar[] {
    let mk = 0
    const values: SqlScalar[] = []
    for (const p of coll.paths) {
      const raw = valueAtPath(doc, p)
      const n = raw === UNCERTAIN ? UNCERTAIN : normaliseStored(raw)
      if (n === UNCERTAIN) {
        mk = 1
        // Keep a stable, non-null text so unique indexes still compare whole values.
        values.push(raw === UNCERTAIN ? '\u0001array-path' : `\u0001${stringifyEJSON({ v: raw })}`)
      } else values.push(n)
    }
    return [mk, ...values]
  }

  get(name: string): IndexedCollection {
    const coll = this.collections.get(name)
    if (!coll) throw new EmulatorError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`)
    return coll
  }

  private cacheGet(id: string): Doc | undefined {
    const doc = this.cache.get(id)
    if (doc !== undefined) {
      // Most recently used goes last.
      this.cache.delete(id)
      this.cache.set(id, doc)
    }
    return doc
  }

  private cacheDrop(id: string): void {
    const old = this.cache.get(id)
    if (old === undefined) return
    this.cache.delete(id)
    this.cacheChars -= TEXT.get(old)?.length ?? 0
  }

  private cachePut(id: string, doc: Doc): void {
    this.cacheDrop(id)
    this.cache.set(id, doc)
    this.cacheChars += TEXT.get(doc)?.length ?? 0
    if (this.cacheChars > this.cacheLimit) {
      for (const key of this.cache.keys()) {
        if (this.cacheChars <= this.cacheLimit || this.cache.size <= 1) break
        this.cacheDrop(key)
      }
    }
  }

  private parse(text: string): Doc {
    const doc = EJSON.parse(text, { relaxed: true }) as Doc
    TEXT.set(doc, text)
    return doc
  }

  /** The committed document with this key (from the cache, else SQLite). Do not mutate. */
  getDoc(name: string, key: string): Doc | undefined {
    const c = this.get(name)
    const id = `${name}\u0000${key}`
    const hit = this.cacheGet(id)
    if (hit) return hit
    const text = c.selectDoc.get(key) as string | undefined
    if (text === undefined) return undefined
    const doc = this.parse(text)
    this.cachePut(id, doc)
    return doc
  }

  hasDoc(name: string, key: string): boolean {
    return this.getDoc(name, key) !== undefined
  }

  /** Every committed document of a collection, in insertion order (a full scan: parsed or taken from the cache). */
  private all(c: IndexedCollection): Array<[string, Doc]> {
    const out: Array<[string, Doc]> = []
    for (const [key, text] of c.selectAll.iterate() as Iterable<[string, string]>) {
      const id = `${c.name}\u0000${key}`
      let doc = this.cache.get(id)
      if (!doc) {
        doc = this.parse(text)
        this.cachePut(id, doc)
      }
      out.push([key, doc])
    }
    return out
  }

  versionOf(name: string, key: string): number {
    return this.versions.get(`${name}\u0000${key}`) ?? 0
  }

  /** Apply writes atomically: one SQLite transaction, then the cache and versions. */
  apply(writes: Write[]): void {
    if (writes.length === 0) return
    const texts: Array<string | null> = []
    const run = this.sqlite.transaction(() => {
      for (const w of writes) {
        const coll = this.get(w.collection)
        if (w.doc === null) {
          coll.remove.run(w.key)
          texts.push(null)
        } else {
          const text = stringifyEJSON(w.doc)
          coll.upsert.run(w.key, text, ...this.keyColumns(coll, w.doc))
          texts.push(text)
        }
      }
    })
    try {
      run()
    } catch (e) {
      const err = e as { code?: string; message: string }
      if (typeof err.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT')) {
        const m = /index '([^']+)'|UNIQUE constraint failed: (.+)$/.exec(err.message)
        const where = m ? (m[1] ?? m[2]) : 'unique index'
        throw new EmulatorError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error: ${where.replace(/^col_/, '')}`)
      }
      throw e
    }
    writes.forEach((w, i) => {
      const id = `${w.collection}\u0000${w.key}`
      if (w.doc === null) this.cacheDrop(id)
      else {
        TEXT.set(w.doc, texts[i]!)
        this.cachePut(id, w.doc)
      }
      if (this.trackVersions) this.versions.set(id, ++this.seq)
    })
  }

  /** Choose how to find candidate documents for a query. */
  plan(name: string, query: Doc): Plan {
    const coll = this.get(name)
    // _id equality / $in → direct lookups.
    const idCond: any = query._id
    if (idCond !== undefined) {
      if (!isPlainObject(idCond) && !(idCond instanceof RegExp) && !Array.isArray(idCond)) return { kind: 'ids', keys: [keyOf(idCond)] }
      if (isPlainObject(idCond)) {
        if ('$eq' in idCond && !isPlainObject(idCond.$eq) && !Array.isArray(idCond.$eq) && !(idCond.$eq instanceof RegExp)) return { kind: 'ids', keys: [keyOf(idCond.$eq)] }
        const idIn: unknown = (idCond as Record<string, unknown>).$in
        if (Array.isArray(idIn) && idIn.every((v: unknown) => !isPlainObject(v) && !Array.isArray(v) && !(v instanceof RegExp))) {
          return { kind: 'ids', keys: idIn.map(keyOf) }
        }
      }
    }
    if (coll.paths.length === 0) return { kind: 'scan' }
    const clauses: string[] = []
    const params: SqlScalar[] = []
    const usedPaths = new Set<string>()
    const visit = (q: Doc, clauses: string[], params: SqlScalar[]): void => {
      for (const [k, v] of Object.entries(q)) {
        if (k === '$and' && Array.isArray(v)) {
          for (const sub of v) if (isPlainObject(sub)) visit(sub, clauses, params)
          continue
        }
        if (k === '$or' && Array.isArray(v) && v.length > 0) {
          // Usable only when every branch selects by an index: (branch 1) OR (branch 2) …
          const branches: Array<{ clauses: string[]; params: SqlScalar[] }> = []
          for (const sub of v) {
            const b = { clauses: [] as string[], params: [] as SqlScalar[] }
            if (isPlainObject(sub)) visit(sub, b.clauses, b.params)
            branches.push(b)
          }
          if (branches.some(b => b.clauses.length === 0)) continue
          clauses.push(`(${branches.map(b => `(${b.clauses.join(' AND ')})`).join(' OR ')})`)
          for (const b of branches) params.push(...b.params)
          continue
        }
        const col = coll.columns.get(k)
        if (!col) continue
        const before = clauses.length
        if (isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every(op => op.startsWith('$'))) {
          for (const [op, operand] of Object.entries(v)) this.pushOperator(col, op, operand, clauses, params)
        } else if (!isPlainObject(v) && !Array.isArray(v) && !(v instanceof RegExp)) {
          this.pushOperator(col, '$eq', v, clauses, params)
        }
        if (clauses.length > before) usedPaths.add(k)
      }
    }
    visit(query, clauses, params)
    if (clauses.length === 0) return { kind: 'scan' }
    // No ORDER BY here: it would make SQLite prefer a rowid-ordered table scan over the index. Candidates are
    // deduplicated and put back in insertion (rowid) order in JS.
    const sql = `SELECT rowid, id FROM ${coll.table} WHERE ${clauses.join(' AND ')} UNION ALL SELECT rowid, id FROM ${coll.table} WHERE mk = 1`
    const indexes = coll.spec.indexes.filter(ix => usedPaths.has(ix.keys[0][0])).map(ix => ix.name)
    return { kind: 'sql', sql, params, indexes }
  }

  private pushOperator(col: string, op: string, operand: unknown, clauses: string[], params: SqlScalar[]): void {
    switch (op) {
      case '$eq': {
        const n = normaliseOperand(operand)
        if (n === undefined) return
        if (n === null) clauses.push(`${col} IS NULL`)
        else {
          clauses.push(`${col} = ?`)
          params.push(n)
        }
        return
      }
      case '$in': {
        if (!Array.isArray(operand) || operand.length === 0) return
        const values = operand.map(normaliseOperand)
        if (values.some(v => v === undefined)) return
        const nonNull = values.filter((v): v is string | number => v !== null)
        const parts: string[] = []
        if (nonNull.length) {
          parts.push(`${col} IN (${nonNull.map(() => '?').join(', ')})`)
          params.push(...nonNull)
        }
        if (values.some(v => v === null)) parts.push(`${col} IS NULL`)
        clauses.push(parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`)
        return
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const n = normaliseOperand(operand)
        if (n === undefined || n === null) return
        // SQLite orders text by UTF-8 bytes, JS (mingo) by UTF-16 units; they agree when the bound has no char ≥ U+D800.
        if (typeof n === 'string' && /[\uD800-\uFFFF]/.test(n)) return
        const sqlOp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op]
        clauses.push(`${col} ${sqlOp} ?`)
        params.push(n)
        return
      }
      default:
    }
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let stmt = this.stmtCache.get(sql)
    if (!stmt) {
      stmt = this.sqlite.prepare(sql)
      if (this.stmtCache.size > 500) this.stmtCache.clear()
      this.stmtCache.set(sql, stmt)
    }
    return stmt
  }

  /** Committed candidate documents for a query: always a superset of the matches, in insertion order. */
  candidates(name: string, query: Doc): Array<[string, Doc]> {
    const coll = this.get(name)
    const plan = this.plan(name, query)
    if (plan.kind === 'ids') {
      const out: Array<[string, Doc]> = []
      const seen = new Set<string>()
      for (const key of plan.keys!) {
        if (seen.has(key)) continue
        seen.add(key)
        const doc = this.getDoc(name, key)
        if (doc) out.push([key, doc])
      }
      return out
    }
    if (plan.kind === 'sql') {
      const rows = this.statement(plan.sql!).raw().all(...plan.params!) as Array<[number, string]>
      rows.sort((a, b) => a[0] - b[0])
      const out: Array<[string, Doc]> = []
      let last = -1
      for (const [rowid, key] of rows) {
        if (rowid === last) continue
        last = rowid
        const doc = this.getDoc(name, key)
        if (doc) out.push([key, doc])
      }
      return out
    }
    return this.all(coll)
  }

  /** EXPLAIN QUERY PLAN of the candidate query (for tests and debugging). */
  explain(name: string, query: Doc): { kind: Plan['kind']; sql: string | null; indexes: string[]; plan: string[] } {
    const plan = this.plan(name, query)
    if (plan.kind !== 'sql') return { kind: plan.kind, sql: null, indexes: [], plan: [plan.kind === 'ids' ? 'LOOKUP BY _id' : 'SCAN (in memory)'] }
    const rows = this.sqlite.prepare(`EXPLAIN QUERY PLAN ${plan.sql}`).all(...plan.params!) as Array<{ detail: string }>
    return { kind: 'sql', sql: plan.sql!, indexes: plan.indexes ?? [], plan: rows.map(r => r.detail) }
  }

  /** Find committed documents with mingo, using the planner for candidates. */
  find(name: string, query: Doc, opts: FindOptions = {}): Doc[] {
    return runFind(this.candidates(name, query).map(([, d]) => d), query, opts)
  }
}

export function runFind(docs: Doc[], query: Doc, opts: FindOptions = {}): Doc[] {
  const hasProjection = opts.projection && Object.keys(opts.projection).length > 0
  // `{ _id: 'x' }`, the commonest query: string equality on _id, no need to compile a mingo query.
  const keys = Object.keys(query)
  if (!hasProjection && keys.length === 1 && keys[0] === '_id' && typeof query._id === 'string') {
    const hit = docs.filter(d => d._id === query._id)
    return hit.slice(opts.skip ?? 0, opts.limit === undefined ? undefined : (opts.skip ?? 0) + opts.limit)
  }
  const q = new Query(query, MINGO_OPTIONS)
  let cursor = q.find<Doc>(docs, hasProjection ? opts.projection : undefined)
  if (opts.sort && Object.keys(opts.sort).length > 0) cursor = cursor.sort(opts.sort)
  if (opts.skip) cursor = cursor.skip(opts.skip)
  if (opts.limit !== undefined) cursor = cursor.limit(opts.limit)
  return cursor.all()
}

export type { IndexSpec }
