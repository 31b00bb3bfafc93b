// Small read helpers over the SDK (outside transactions).
import { db, type Db } from './app'

/** CloudBase answers at most 1000 documents per query. */
export const PAGE_MAX = 1000

type Query = ReturnType<ReturnType<ReturnType<typeof db>['collection']>['where']>

/**
 * Fields a list never needs, per collection: a case's embedded timeline (shared/tx.ts StoredCase) is read with
 * the one case, never with a page of them.
 */
export const NO_TIMELINE = { events: false } as const
const LIST_OMIT: Record<string, Record<string, false>> = { cases: NO_TIMELINE }

/** The query with the collection's list projection (unless `field` picks the fields itself). */
function listQuery<Q extends Query>(collection: string, q: Q, field?: Record<string, boolean>): Q {
  const f = field ?? LIST_OMIT[collection]
  return f ? (q.field(f) as Q) : q
}

/** Every document matching `where`, read in pages ordered by _id (reference data only: bounded collections). */
export async function readAll<T>(collection: string, where: Record<string, unknown> = {}, max = 100_000, database: Db = db()): Promise<T[]> {
  const out: T[] = []
  for (let skip = 0; skip < max; skip += PAGE_MAX) {
    const res = await database.collection(collection).where(where).orderBy('_id', 'asc').skip(skip).limit(PAGE_MAX).get()
    const list = (res.data ?? []) as T[]
    out.push(...list)
    if (list.length < PAGE_MAX) break
  }
  return out
}

export async function getDoc<T>(collection: string, id: string): Promise<T | null> {
  const res = await db().collection(collection).doc(id).get()
  const list = (res.data ?? []) as T[]
  return list[0] ?? null
}

/** Documents by id (any order); ids may repeat. */
export async function getByIds<T extends { _id: string }>(collection: string, ids: string[], field?: Record<string, boolean>): Promise<T[]> {
  const unique = [...new Set(ids)]
  const out: T[] = []
  const _ = db().command
  for (let i = 0; i < unique.length; i += PAGE_MAX) {
    const chunk = unique.slice(i, i + PAGE_MAX)
    const q = db().collection(collection).where({ _id: _.in(chunk) })
    const res = await listQuery(collection, q, field).limit(PAGE_MAX).get()
    out.push(...((res.data ?? []) as T[]))
  }
  return out
}

export async function count(collection: string, where: Record<string, unknown>): Promise<number> {
  const res = await db().collection(collection).where(where).count()
  return Number(res.total ?? 0)
}

export interface PageArgs {
  page?: number
  pageSize?: number
}

export function pageOf(q: PageArgs, maxSize = 50): { page: number; pageSize: number; skip: number } {
  const page = Math.max(1, Math.floor(q.page ?? 1))
  const pageSize = Math.min(maxSize, Math.max(1, Math.floor(q.pageSize ?? 20)))
  return { page, pageSize, skip: (page - 1) * pageSize }
}

/** One page of a query, plus the total (count on the same condition). */
export async function paged<T>(
  collection: string,
  where: Record<string, unknown>,
  order: Array<[string, 'asc' | 'desc']>,
  q: PageArgs
): Promise<{ items: T[]; total: number; page: number; pageSize: number }> {
  const { page, pageSize, skip } = pageOf(q)
  let query: Query = db().collection(collection).where(where)
  for (const [field, dir] of order) query = query.orderBy(field, dir)
  const [res, total] = await Promise.all([listQuery(collection, query).skip(skip).limit(pageSize).get(), count(collection, where)])
  return { items: (res.data ?? []) as T[], total, page, pageSize }
}
