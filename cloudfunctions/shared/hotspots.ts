// (hotspots) 热点: the bounded read around core/hotspots.ts, and the 合并 of a cluster in one transaction.
import { DomainError, findHotspots, HOTSPOT_MERGE_MAX, HOTSPOT_RADIUS_M, HOTSPOT_READ_MAX, HOTSPOT_STATES, HOTSPOT_WINDOW_DAYS, mergeCluster, toDetail, type Actor } from '../core'
import type { CaseDoc } from '../core/types'
import type { CaseDetail, HotspotList } from '../../typings/api'
import { db } from './app'
import { detailFor } from './cases'
import { sendNotifications } from './notify'
import { getRefs } from './refs'
import { byTimeline, txGetCase, withTransaction, writeResults } from './tx'

/** The fields the clustering reads. */
const FIELDS = { _id: true, no: true, state: true, categoryId: true, point: true, townshipId: true, villageId: true, submittedAt: true, overdue: true, supervisions: true }

/**
 * The 热点 of a scope: ONE read of the open cases submitted in the last 30 days (index `state`: state +
 * submittedAt; with a township `township_state`: townshipId + state + submittedAt), newest first, at most 1000,
 * projected to the fields the clustering reads; then the pure clustering.
 */
export async function hotspotsIn(scope: { townshipId?: string; categoryId?: string }, now: Date): Promise<HotspotList> {
  const _ = db().command
  const where: Record<string, unknown> = {
    state: _.in([...HOTSPOT_STATES]),
    submittedAt: _.gte(new Date(now.getTime() - HOTSPOT_WINDOW_DAYS * 86_400_000))
  }
  if (scope.townshipId) where.townshipId = scope.townshipId
  if (scope.categoryId) where.categoryId = scope.categoryId
  const [res, refs] = await Promise.all([
    db().collection('cases').where(where).orderBy('submittedAt', 'desc').limit(HOTSPOT_READ_MAX).field(FIELDS).get(),
    getRefs()
  ])
  const cases = (res.data ?? []) as CaseDoc[]
  return {
    items: findHotspots(cases, refs, now),
    scanned: cases.length,
    truncated: cases.length >= HOTSPOT_READ_MAX,
    radiusM: HOTSPOT_RADIUS_M,
    windowDays: HOTSPOT_WINDOW_DAYS,
    mergeMax: HOTSPOT_MERGE_MAX
  }
}

/**
 * 合并 of a cluster: every case of `caseIds` into `mainId`, in ONE transaction (all the cases and their events;
 * the rollups follow: shared/rollups.ts): either every duplicate is merged or nothing is written. The grants
 * decide on each case (the township in scope, the county), exactly as for admin.merge. Then the notifications.
 */
export async function runMergeCluster(mainId: string, caseIds: string[], actor: Actor, now: Date, note?: string): Promise<CaseDetail> {
  const ids = [...new Set(caseIds)].filter((x) => x !== mainId)
  if (!ids.length) throw new DomainError('MERGE_INVALID')
  const refs = await getRefs()
  const out = await withTransaction(async (tx) => {
    const [main, ...read] = await Promise.all([mainId, ...ids].map((x) => txGetCase(tx, x)))
    if (!main) throw new DomainError('MERGE_INVALID')
    if (read.some((d) => !d)) throw new DomainError('NOT_FOUND')
    const dups = read.map((d) => d!.c)
    const r = mergeCluster(main.c, dups, actor, refs, now, note)
    const items = [{ before: main.c, result: r.main }, ...r.dups.map((result, i) => ({ before: dups[i]!, result }))]
    const events = await writeResults(tx, items)
    return { r, timeline: [...main.events, ...events[0]!].sort(byTimeline) }
  })
  await sendNotifications([...out.r.main.notifications, ...out.r.dups.flatMap((d) => d.notifications)])
  const next = out.r.main.next
  return await detailFor(next, out.timeline, actor, refs, now).catch(() => toDetail(next, actor, out.timeline, [], refs, now))
}
