// Shared bits of the integration tests: demo identities, places and a submit shortcut.
import type { SubmitInput } from '../../typings/api'
import { addCounters, COUNTER_KEYS, contribution, emptyCounters, rollupUnits } from '../../cloudfunctions/core'
import type { CaseDoc, Counters, RollupDoc } from '../../cloudfunctions/core/types'
import { VILLAGE_POINTS } from '../../scripts/seed/wenshang'
import type { Stack } from '../helpers/stack'

export const P = {
  resident1: 'demo-resident-1',
  resident2: 'demo-resident-2',
  grid: 'demo-grid-1',
  building: 'demo-building-1',
  zhujian: 'demo-dept-zhujian',
  jiaotong: 'demo-dept-jiaotong',
  gongdian: 'demo-dept-gongdian',
  township: 'demo-township-zhongdu',
  dispatcher: 'demo-dispatcher',
  admin: 'demo-admin',
  leader: 'demo-leader'
} as const

/** A point inside 中都街道 东门社区 第一网格 (gr-zhongdu-dongmen-1, the demo grid member's grid). */
export const DONGMEN_POINT = VILLAGE_POINTS['vl-zhongdu-dongmen']!

/** A point about `m` metres north of `p`. */
export const northOf = (p: { lng: number; lat: number }, m: number) => ({ lng: p.lng, lat: p.lat + m / 111_195 })

/** A case as stored (admin SDK), timeline included. */
export async function rawCase(stack: Stack, caseId: string): Promise<any> {
  return (await stack.db.collection('cases').doc(caseId).get()).data[0]
}

/** cat-road in 中都街道 is routed to 县住建局 (dp-zhujian, the demo handler 赵磊). */
export function roadCase(over: Partial<SubmitInput> = {}): SubmitInput {
  return {
    categoryId: 'cat-road',
    text: '东门社区门口道路有一个大坑，雨天积水，行人车辆通行困难',
    photos: [],
    place: { point: DONGMEN_POINT, address: '东门社区北门' },
    contact: { name: '王秀英', phone: '13812345678' },
    consent: true,
    hideName: false,
    ...over
  }
}

/** cat-policy matches no routing rule: it goes to the county dispatch queue. */
export function policyCase(over: Partial<SubmitInput> = {}): SubmitInput {
  return roadCase({ categoryId: 'cat-policy', text: '想咨询一下灵活就业人员的社保补贴政策怎么申请', ...over })
}

export async function submitAs(stack: Stack, openid: string, input: SubmitInput) {
  return (await stack.as(openid).ok('petition', 'submit', input)).case
}

export async function countDocs(stack: Stack, collection: string, where: Record<string, unknown> = {}): Promise<number> {
  const r = await stack.db.collection(collection).where(where).count()
  return Number(r.total)
}

/** The stored timeline of a case (embedded in the case doc), in timeline order: [] when there is no such case. */
export async function caseTimeline(stack: Stack, caseId: string): Promise<any[]> {
  const r = await stack.db.collection('cases').doc(caseId).get()
  const events = ((r.data?.[0] as { events?: any[] } | undefined)?.events ?? []).slice()
  return events.sort((a, b) => +new Date(a.at) - +new Date(b.at) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
}

/** The types of a case's stored events, in timeline order. */
export async function timelineTypes(stack: Stack, caseId: string): Promise<string[]> {
  return (await caseTimeline(stack, caseId)).map((e) => e.type)
}

/** How often `t` occurs in `types`. */
export const countOf = (types: string[], t: string): number => types.filter((x) => x === t).length

/** How many events all stored cases hold (every timeline). */
export async function countEvents(stack: Stack): Promise<number> {
  return (await allDocs<{ events?: unknown[] }>(stack, 'cases')).reduce((n, c) => n + (c.events?.length ?? 0), 0)
}

/** Every document of a collection (admin SDK, paged). */
export async function allDocs<T = any>(stack: Stack, collection: string, where: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = []
  for (let skip = 0; ; skip += 1000) {
    const r = await stack.db.collection(collection).where(where).orderBy('_id', 'asc').skip(skip).limit(1000).get()
    out.push(...(r.data as T[]))
    if (r.data.length < 1000) return out
  }
}

/**
 * Recount every rollup from the raw cases (core contribution) and compare with the rollup docs. Answers the ids
 * of the rollups that differ (all-zero counters do not matter) and how many rollups there are. Flush first: the
 * rollups are written behind the transitions (shared/rollups.ts).
 */
export async function rollupMismatches(stack: Stack): Promise<{ mismatches: string[]; ids: number }> {
  const count = (into: Map<string, Map<string, Counters>>, id: string, units: Iterable<[string, Partial<Counters>]>) => {
    let doc = into.get(id)
    if (!doc) into.set(id, (doc = new Map()))
    for (const [u, k] of units) doc.set(u, addCounters(doc.get(u) ?? emptyCounters(), k))
  }
  const expected = new Map<string, Map<string, Counters>>()
  for (const c of await allDocs<CaseDoc>(stack, 'cases')) for (const [id, units] of contribution(c)) count(expected, id, units)
  const actual = new Map<string, Map<string, Counters>>()
  for (const d of await allDocs<RollupDoc>(stack, 'rollups')) count(actual, d._id, Object.entries(rollupUnits(d)))
  const normalise = (units: Map<string, Counters> | undefined) =>
    JSON.stringify([...(units ?? [])].filter(([, k]) => COUNTER_KEYS.some((key) => k[key] !== 0)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([u, k]) => [u, COUNTER_KEYS.map((key) => k[key])]))
  const ids = new Set([...expected.keys(), ...actual.keys()])
  return { mismatches: [...ids].filter((id) => normalise(expected.get(id)) !== normalise(actual.get(id))), ids: ids.size }
}
