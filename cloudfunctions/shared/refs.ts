// Reference data (categories, departments, divisions, grids, routing rules, holidays) as core.Refs, cached per
// warm instance for about a minute. Holiday edits invalidate the cache of the instance that made them.
import { WorkCalendar } from '../core'
import type { NameTagger, Refs } from '../core'
import type {
  CategoryDoc,
  DepartmentDoc,
  GridDoc,
  HolidayDoc,
  HolidayYearDoc,
  RoutingRuleDoc,
  TownshipDoc,
  VillageDoc
} from '../core/types'
import type { Db } from './app'
import { readAll } from './db'

export const REFS_TTL_MS = 60_000

let nameTagger: NameTagger | undefined

/** Functions that write or show public summaries give the refs jieba's tagger (shared/tagger.ts) at start. */
export function useNameTagger(tagger: NameTagger): void {
  nameTagger = tagger
  if (cache) cache.refs.tagger = tagger
}

let cache: { refs: Refs; at: number } | null = null
let loading: Promise<Refs> | null = null

function byId<T extends { _id: string }>(docs: T[]): Map<string, T> {
  return new Map(docs.map((d) => [d._id, d]))
}

/** The reference data as core.Refs, read through `database` (the function's own by default). */
export async function loadRefs(database?: Db): Promise<Refs> {
  const all = <T>(collection: string) => readAll<T>(collection, {}, 100_000, database)
  const [categories, departments, townships, villages, grids, rules, holidays, years] = await Promise.all([
    all<CategoryDoc>('categories'),
    all<DepartmentDoc>('departments'),
    all<TownshipDoc>('townships'),
    all<VillageDoc>('villages'),
    all<GridDoc>('grids'),
    all<RoutingRuleDoc>('routing_rules'),
    all<HolidayDoc>('holidays'),
    all<HolidayYearDoc>('holiday_years')
  ])
  return {
    categories: byId(categories),
    departments: byId(departments),
    townships: byId(townships),
    villages: byId(villages),
    grids,
    rules,
    calendar: new WorkCalendar(
      holidays.map((h) => ({ _id: h._id, kind: h.kind })),
      years.map((y) => ({ year: Number(y.year), confirmed: !!y.confirmed }))
    ),
    ...(nameTagger ? { tagger: nameTagger } : {})
  }
}

/** The cached refs (Date.now follows the emulated clock locally, so moving the clock expires the cache). */
export async function getRefs(): Promise<Refs> {
  const t = Date.now()
  if (cache && t - cache.at < REFS_TTL_MS && t >= cache.at) return cache.refs
  if (!loading) {
    loading = loadRefs()
      .then((refs) => {
        cache = { refs, at: Date.now() }
        return refs
      })
      .finally(() => {
        loading = null
      })
  }
  return await loading
}

export function invalidateRefs(): void {
  cache = null
}
