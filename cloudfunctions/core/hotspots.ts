// (hotspots) 热点: clusters of open cases of one category close together, for the 管理 tab. Pure, `now` passed in.
//
// A cluster is ≥ 3 cases of one category, submitted in the last 30 days, still being worked on (queued /
// dispatched / accepted), all within 300 m of each other. Clustering is greedy and deterministic:
//   1. per category, each case's neighbours (same category, ≤ 300 m) are found through the 3 × 3 geohash cells
//      around it (a precision-6 cell is ≥ 600 m on each side, so every neighbour lies in them), then haversine;
//   2. seeds are tried densest first (most neighbours, then newest, then 工单号);
//   3. a seed takes its unassigned neighbours nearest first, each only if it is within 300 m of every member taken
//      so far (so members are pairwise ≤ 300 m apart); a group of ≥ 3 becomes a cluster, and its cases are used up
//      (each case is in at most one cluster).
// Cases without a point fall back to their 村居: ≥ 3 open cases of one category in one village form a cluster
// (basis 'village', no centre on the map).
// Ranking: more cases first, then the most recent submission, then the key.
import type { Hotspot, HotspotCase, LngLat } from '../../typings/api'
import type { CaseDoc } from './types'
import { openSupervision, type Actor, type Refs } from './common'
import { cellsAround, distanceM, geohash } from './geo'
import { DomainError } from './errors'
import type { TransitionResult } from './machine'
import { mergePair } from './merge'

export const HOTSPOT_RADIUS_M = 300
export const HOTSPOT_WINDOW_DAYS = 30
export const HOTSPOT_MIN_CASES = 3
/** The states a hotspot counts (being worked on; not review, resolved, closed, withdrawn, merged). */
export const HOTSPOT_STATES: readonly CaseDoc['state'][] = ['queued', 'dispatched', 'accepted']
/** Most cases one read considers (one query page on CloudBase); beyond it the answer says `truncated`. */
export const HOTSPOT_READ_MAX = 1000
/** Most cases one 合并 of a cluster writes in one transaction (the main case and its duplicates). */
export const HOTSPOT_MERGE_MAX = 20
/** The 工单号 a 督办 note lists at most. */
const NOTE_NOS_MAX = 20

/** The fields the clustering reads (the handler projects the query to these). */
export type HotspotInput = Pick<
  CaseDoc,
  '_id' | 'no' | 'state' | 'categoryId' | 'point' | 'townshipId' | 'villageId' | 'submittedAt' | 'overdue' | 'supervisions'
>

const DAY_MS = 86_400_000

function byNewest(a: HotspotInput, b: HotspotInput): number {
  return b.submittedAt.getTime() - a.submittedAt.getTime() || a.no.localeCompare(b.no)
}

/** The greedy clusters among cases with a point (all of one category); each a list of members. */
function clusterPoints(cases: Array<HotspotInput & { point: LngLat }>): Array<Array<HotspotInput & { point: LngLat }>> {
  const cells = new Map<string, number[]>()
  cases.forEach((c, i) => {
    const k = geohash(c.point)
    cells.set(k, [...(cells.get(k) ?? []), i])
  })
  const near: Array<Array<{ j: number; d: number }>> = cases.map((c, i) => {
    const out: Array<{ j: number; d: number }> = []
    for (const cell of cellsAround(c.point)) {
      for (const j of cells.get(cell) ?? []) {
        if (j === i) continue
        const d = distanceM(c.point, cases[j]!.point)
        if (d <= HOTSPOT_RADIUS_M) out.push({ j, d })
      }
    }
    return out.sort((a, b) => a.d - b.d || cases[a.j]!.no.localeCompare(cases[b.j]!.no))
  })
  const seeds = cases.map((_, i) => i).sort((a, b) => near[b]!.length - near[a]!.length || byNewest(cases[a]!, cases[b]!))
  const used = new Set<number>()
  const out: Array<Array<HotspotInput & { point: LngLat }>> = []
  for (const s of seeds) {
    if (used.has(s) || near[s]!.length + 1 < HOTSPOT_MIN_CASES) continue
    const members = [s]
    for (const { j } of near[s]!) {
      if (used.has(j)) continue
      if (members.every((m) => distanceM(cases[m]!.point, cases[j]!.point) <= HOTSPOT_RADIUS_M)) members.push(j)
    }
    if (members.length < HOTSPOT_MIN_CASES) continue
    for (const m of members) used.add(m)
    out.push(members.map((m) => cases[m]!))
  }
  return out
}

function centreOf(points: LngLat[]): LngLat {
  const lng = points.reduce((s, p) => s + p.lng, 0) / points.length
  const lat = points.reduce((s, p) => s + p.lat, 0) / points.length
  return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 }
}

/** The note of the one-tap 督办 on the cluster's oldest case: the other 工单号 listed. */
export function hotspotNote(categoryName: string, place: string, target: string, nos: string[]): string {
  const others = nos.filter((n) => n !== target)
  const listed = others.slice(0, NOTE_NOS_MAX).join('、') + (others.length > NOTE_NOS_MAX ? ` 等 ${others.length} 件` : '')
  return `热点督办：${place}，近 ${HOTSPOT_WINDOW_DAYS} 天内同类“${categoryName}”诉求 ${nos.length} 件，请统筹办理并一并答复。同一热点的其他工单：${listed}`
}

function toHotspot(members: HotspotInput[], basis: Hotspot['basis'], refs: Refs): Hotspot {
  const list = [...members].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || a.no.localeCompare(b.no))
  const first = list[0]!
  const categoryName = refs.categories.get(first.categoryId)?.name ?? first.categoryId
  const townshipIds = [...new Set(list.map((c) => c.townshipId))].sort()
  const townships = townshipIds.map((id) => ({ id, name: refs.townships.get(id)?.name ?? id }))
  // The place: the 镇街 · 村居 most of the cases share (ties: the oldest case's).
  const votes = new Map<string, number>()
  for (const c of list) {
    const label = [refs.townships.get(c.townshipId)?.name, c.villageId ? refs.villages.get(c.villageId)?.name : undefined].filter(Boolean).join(' · ')
    votes.set(label, (votes.get(label) ?? 0) + 1)
  }
  let place = ''
  let best = 0
  for (const [label, n] of votes) if (n > best) [place, best] = [label, n]
  const cases: HotspotCase[] = list.map((c) => ({
    caseId: c._id,
    no: c.no,
    state: c.state,
    submittedAt: c.submittedAt.toISOString(),
    overdue: !!c.overdue,
    supervised: !!openSupervision(c as CaseDoc)
  }))
  const points = list.map((c) => c.point).filter((p): p is LngLat => !!p)
  const centre = basis === 'distance' ? centreOf(points) : undefined
  const h: Hotspot = {
    key: `${first.categoryId}|${basis === 'distance' ? geohash(centre!, 8) : first.villageId}|${first._id}`,
    categoryId: first.categoryId,
    categoryName,
    basis,
    radiusM: centre ? Math.round(Math.max(...points.map((p) => distanceM(centre, p)))) : 0,
    count: list.length,
    cases,
    townships,
    place: place || townships.map((t) => t.name).join('、'),
    oldestAt: cases[0]!.submittedAt,
    newestAt: cases[cases.length - 1]!.submittedAt,
    overdueCount: cases.filter((c) => c.overdue).length,
    supervisionOpen: cases.some((c) => c.supervised)
  }
  if (centre) h.centre = centre
  // One-tap 督办: the oldest case without an open order (a case holds one open order at a time).
  const target = cases.find((c) => !c.supervised)
  if (target) h.supervise = { caseId: target.caseId, no: target.no, note: hotspotNote(categoryName, h.place, target.no, cases.map((c) => c.no)) }
  return h
}

/** The ranked 热点 among `cases` at `now` (cases outside the window or the states are ignored). */
export function findHotspots(cases: HotspotInput[], refs: Refs, now: Date): Hotspot[] {
  const since = now.getTime() - HOTSPOT_WINDOW_DAYS * DAY_MS
  const open = cases.filter((c) => HOTSPOT_STATES.includes(c.state) && c.submittedAt.getTime() >= since && c.submittedAt.getTime() <= now.getTime())
  // Deterministic whatever order the query answered in.
  open.sort((a, b) => a.no.localeCompare(b.no) || a._id.localeCompare(b._id))
  const byCategory = new Map<string, HotspotInput[]>()
  for (const c of open) byCategory.set(c.categoryId, [...(byCategory.get(c.categoryId) ?? []), c])
  const out: Hotspot[] = []
  for (const list of byCategory.values()) {
    const withPoint = list.filter((c): c is HotspotInput & { point: LngLat } => !!c.point)
    for (const members of clusterPoints(withPoint)) out.push(toHotspot(members, 'distance', refs))
    // Fallback: no point, grouped by 村居.
    const byVillage = new Map<string, HotspotInput[]>()
    for (const c of list) if (!c.point && c.villageId) byVillage.set(c.villageId, [...(byVillage.get(c.villageId) ?? []), c])
    for (const members of byVillage.values()) if (members.length >= HOTSPOT_MIN_CASES) out.push(toHotspot(members, 'village', refs))
  }
  return out.sort((a, b) => b.count - a.count || b.newestAt.localeCompare(a.newestAt) || a.key.localeCompare(b.key))
}

/**
 * 合并 of a cluster: every duplicate into `main`, for `actor` at `now`. Each pair is the ordinary `merge` / `absorb`
 * of core/merge.ts; the main case's absorbs are chained in memory and written as ONE new version (the handler
 * writes the whole thing in one transaction: all or nothing).
 */
export function mergeCluster(main: CaseDoc, dups: CaseDoc[], actor: Actor, refs: Refs, now: Date, note?: string): { dups: TransitionResult[]; main: TransitionResult } {
  if (!dups.length || dups.length + 1 > HOTSPOT_MERGE_MAX) throw new DomainError('INVALID_INPUT')
  const ids = new Set([main._id, ...dups.map((d) => d._id)])
  if (ids.size !== dups.length + 1) throw new DomainError('MERGE_INVALID')
  let a = main
  const out: TransitionResult[] = []
  const mainEvents: TransitionResult['events'] = []
  const notifications: TransitionResult['notifications'] = []
  for (const b of dups) {
    const r = mergePair(b, a, actor, refs, now, note)
    out.push(r.b)
    mainEvents.push(...r.a.events)
    notifications.push(...r.a.notifications)
    a = r.a.next
  }
  return { dups: out, main: { next: { ...a, version: main.version + 1 }, events: mainEvents, notifications } }
}
