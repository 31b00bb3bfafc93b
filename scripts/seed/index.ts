// Seed a CloudBase database (real or the local emulator) with the Wenshang demo data, through the real
// @cloudbase/node-sdk. Idempotent: documents are keyed by stable _ids; missing ones are inserted in batches of
// 100 (`collection.add([...])`), existing ones are replaced with `doc(id).set()` — except the holiday table,
// whose existing rows are kept so that a re-seed never undoes the county office's edits.
import type { CloudBase } from '@cloudbase/node-sdk'
import { buildHolidays } from './holidays'
import { AUDIENCE_TAGS } from './policy'
import { CATEGORIES, DEPARTMENTS, GRIDS, ROUTING_RULES, TOWNSHIPS, UNITS, VILLAGES, demoUsers } from './wenshang'

export type SeedDb = ReturnType<CloudBase['database']>

export interface SeedOptions {
  /** Remove every document of the seeded collections first (other collections are left alone). */
  reset?: boolean
  log?: (s: string) => void
  /** Seed the demo personas as users (default true; turn off for a production environment). */
  personas?: boolean
  /** Timestamp for createdAt/updatedAt and audit entries (default: now). */
  now?: Date
}

export interface SeedResult {
  /** Seed documents per collection (all present after the run). */
  counts: Record<string, number>
  inserted: Record<string, number>
  updated: Record<string, number>
  /** Existing documents left as they were (holiday table). */
  kept: Record<string, number>
}

type Mode = 'upsert' | 'insertMissing'
interface SeedSet {
  collection: string
  mode: Mode
  docs: Array<{ _id: string } & Record<string, unknown>>
}

export const BATCH = 100
const SET_CONCURRENCY = 10

/** The documents to write, in dependency order (divisions before grids, categories before rules). */
export function seedSets(opts: Pick<SeedOptions, 'personas' | 'now'> = {}): SeedSet[] {
  const now = opts.now ?? new Date()
  const { holidays, years } = buildHolidays(now)
  const sets: SeedSet[] = [
    { collection: 'departments', mode: 'upsert', docs: [...DEPARTMENTS, ...UNITS] as unknown as SeedSet['docs'] },
    { collection: 'townships', mode: 'upsert', docs: TOWNSHIPS as unknown as SeedSet['docs'] },
    { collection: 'villages', mode: 'upsert', docs: VILLAGES as unknown as SeedSet['docs'] },
    { collection: 'grids', mode: 'upsert', docs: GRIDS as unknown as SeedSet['docs'] },
    { collection: 'categories', mode: 'upsert', docs: CATEGORIES as unknown as SeedSet['docs'] },
    { collection: 'routing_rules', mode: 'upsert', docs: ROUTING_RULES as unknown as SeedSet['docs'] },
    { collection: 'holiday_years', mode: 'insertMissing', docs: years as unknown as SeedSet['docs'] },
    { collection: 'holidays', mode: 'insertMissing', docs: holidays as unknown as SeedSet['docs'] },
    { collection: 'policy_tags', mode: 'insertMissing', docs: AUDIENCE_TAGS as unknown as SeedSet['docs'] }
  ]
  if (opts.personas !== false) {
    sets.push({ collection: 'users', mode: 'upsert', docs: demoUsers(now) as unknown as SeedSet['docs'] })
  }
  return sets
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out
}

/** The SDK either throws or answers `{ code, message }` depending on throwOnCode; treat both as errors. */
function check<T>(res: T, what: string): T {
  const r = res as { code?: unknown; message?: unknown } | null
  if (r && typeof r === 'object' && r.code) throw Object.assign(new Error(`${what}: ${String(r.code)} ${String(r.message ?? '')}`), { code: r.code })
  return res
}

function errorCode(e: unknown): string {
  const c = (e as { code?: unknown })?.code
  return typeof c === 'string' ? c : ''
}

async function ensureCollection(db: SeedDb, name: string): Promise<void> {
  try {
    check(await db.collection(name).limit(1).get(), `probe ${name}`)
  } catch (e) {
    const code = errorCode(e)
    if (code !== 'DATABASE_COLLECTION_NOT_EXIST' && !/COLLECTION_NOT_EXIST/.test(String((e as Error).message))) throw e
    try {
      check(await db.createCollection(name), `create ${name}`)
    } catch (e2) {
      if (!/EXIST/.test(errorCode(e2))) throw e2
    }
  }
}

async function existingIds(db: SeedDb, name: string, ids: string[]): Promise<Set<string>> {
  const _ = db.command
  const found = new Set<string>()
  for (const part of chunks(ids, BATCH)) {
    const res = check(
      await db.collection(name).where({ _id: _.in(part) }).field({ _id: true }).limit(part.length).get(),
      `read ${name}`
    )
    for (const d of (res.data ?? []) as Array<{ _id: string }>) found.add(d._id)
  }
  return found
}

async function removeAll(db: SeedDb, name: string): Promise<number> {
  const _ = db.command
  const res = check(await db.collection(name).where({ _id: _.exists(true) }).remove(), `reset ${name}`)
  return Number((res as { deleted?: number }).deleted ?? 0)
}

export async function seed(db: SeedDb, opts: SeedOptions = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {})
  const result: SeedResult = { counts: {}, inserted: {}, updated: {}, kept: {} }
  for (const set of seedSets(opts)) {
    const { collection, docs, mode } = set
    await ensureCollection(db, collection)
    if (opts.reset) {
      const removed = await removeAll(db, collection)
      if (removed) log(`${collection}: removed ${removed}`)
    }
    const existing = opts.reset ? new Set<string>() : await existingIds(db, collection, docs.map((d) => d._id))
    const missing = docs.filter((d) => !existing.has(d._id))
    const present = docs.filter((d) => existing.has(d._id))

    for (const batch of chunks(missing, BATCH)) {
      check(await db.collection(collection).add(batch), `insert ${collection}`)
    }
    let updated = 0
    if (mode === 'upsert') {
      for (const group of chunks(present, SET_CONCURRENCY)) {
        await Promise.all(
          group.map(async ({ _id, ...data }) => {
            check(await db.collection(collection).doc(_id).set(data), `set ${collection}/${_id}`)
          })
        )
        updated += group.length
      }
    }
    result.counts[collection] = docs.length
    result.inserted[collection] = missing.length
    result.updated[collection] = updated
    result.kept[collection] = mode === 'upsert' ? 0 : present.length
    log(
      `${collection.padEnd(14)} ${String(docs.length).padStart(4)} docs: ${missing.length} inserted, ` +
        (mode === 'upsert' ? `${updated} updated` : `${present.length} kept`)
    )
  }
  return result
}
