// (metoo) 附议 suggestions and merges: the reads and the two-case transaction around the core.
import { cellsAround, DomainError, mergePair, rankSimilar, SIMILAR_PRECISION, SIMILAR_RINGS, SIMILAR_WINDOW_DAYS, toDetail, unmergePair, type Actor } from '../core'
import type { CaseDoc } from '../core/types'
import type { CaseDetail, LngLat, SimilarCase } from '../../typings/api'
import { app, db } from './app'
import { NO_TIMELINE } from './db'
import { detailFor } from './cases'
import { sendNotifications } from './notify'
import { PHOTO_URL_MAX_AGE_S } from './photos'
import { getRefs } from './refs'
import { byTimeline, txGetCase, withTransaction, writeResults } from './tx'

/**
 * (share) The fields rankSimilar reads (the filter, the order, the redaction's known names, the thumbnail): a
 * candidate travels at about a third of its size.
 */
const SIMILAR_FIELDS: Record<string, true> = Object.fromEntries(
  ['_id', 'no', 'state', 'categoryId', 'residentOpenid', 'moderation', 'point', 'villageId', 'text', 'submittedAt', 'followerCount', 'followers', 'followerNames', 'publicState', 'publication', 'mediaChecks', 'photos', 'contact', 'handlerName', 'filerName', 'replies'].map((f) => [f, true])
)

/** (share) Candidates read for a suggestion by 村居 (no point): the newest. */
const VILLAGE_CANDIDATES = 60

/** States a suggestion may show (being worked on). */
const SUGGESTED = ['queued', 'dispatched', 'accepted']

/**
 * Up to 5 open cases of the category near `point` (the 3 × 3 geohash cells, then ≤ 150 m exactly), or in the
 * 村居 without a point, submitted in the last 30 days; nearest first, then by text similarity.
 */
export async function similarCases(q: { categoryId: string; point?: LngLat; villageId?: string; text?: string }, viewer: Actor, now: Date): Promise<SimilarCase[]> {
  if (!q.point && !q.villageId) return []
  const _ = db().command
  const where: Record<string, unknown> = {
    categoryId: q.categoryId,
    state: _.in(SUGGESTED),
    submittedAt: _.gte(new Date(now.getTime() - SIMILAR_WINDOW_DAYS * 86400_000))
  }
  // (share) The 5 × 5 precision-7 cells (≈ 0.6 km × 0.8 km): the 3 × 3 precision-6 block read ~12 times more cases.
  if (q.point) where.geo7 = _.in(cellsAround(q.point, SIMILAR_PRECISION, SIMILAR_RINGS))
  else where.villageId = q.villageId
  // (share) Without a point every open case of the category in the 村居 is a candidate: the newest 60 are ranked
  // (the similar_village index is in submittedAt order), so a busy 村居 does not make the call read hundreds.
  const query = db().collection('cases').where(where).field(SIMILAR_FIELDS)
  const [res, refs] = await Promise.all([(q.point ? query.limit(200) : query.orderBy('submittedAt', 'desc').limit(VILLAGE_CANDIDATES)).get(), getRefs()])
  const ranked = rankSimilar((res.data ?? []) as CaseDoc[], q, viewer.openid, refs)
  // One temp-URL call for the thumbnails (photos whose asynchronous check passed or was never requested).
  const thumbs = ranked.map((r) => r.thumb).filter((x): x is string => !!x)
  const urls: Record<string, string> = {}
  if (thumbs.length) {
    const t = await app().getTempFileURL({ fileList: thumbs.map((fileID) => ({ fileID, maxAge: PHOTO_URL_MAX_AGE_S })) })
    for (const f of t.fileList ?? []) if (f.code === 'SUCCESS' && f.tempFileURL) urls[f.fileID] = f.tempFileURL
  }
  return ranked.map(({ item, thumb }) => (thumb && urls[thumb] ? { ...item, thumbUrl: urls[thumb] } : item))
}

/**
 * Merge case `bId` into `into` (its id, or its 工单号 as staff read it on its page) in ONE transaction (both cases,
 * their events; the rollups follow: shared/rollups.ts), then notify.
 */
export async function runMerge(bId: string, into: string, actor: Actor, now: Date, note?: string): Promise<CaseDetail> {
  const no = into.toUpperCase().replace(/[\s-]+/g, '')
  let aId = into
  if (/^WS\d{4,}$/.test(no)) {
    const r = await db().collection('cases').where({ no }).field({ _id: true }).limit(1).get()
    const found = (r.data?.[0] as CaseDoc | undefined)?._id
    if (!found) throw new DomainError('MERGE_INVALID')
    aId = found
  }
  return await pairCommand(bId, aId, actor, now, (b, a, refs) => mergePair(b, a, actor, refs, now, note))
}

/** Undo the merge of `bId` (within 24 h). */
export async function runUnmerge(bId: string, actor: Actor, now: Date): Promise<CaseDetail> {
  const b = await db().collection('cases').doc(bId).field(NO_TIMELINE).get()
  const intoId = (b.data?.[0] as CaseDoc | undefined)?.merge?.intoId
  if (!intoId) throw new DomainError(b.data?.[0] ? 'INVALID_STATE' : 'NOT_FOUND')
  return await pairCommand(bId, intoId, actor, now, (bb, a, refs) => unmergePair(bb, a, actor, refs, now))
}

async function pairCommand(
  bId: string,
  aId: string,
  actor: Actor,
  now: Date,
  run: (b: CaseDoc, a: CaseDoc, refs: Awaited<ReturnType<typeof getRefs>>) => ReturnType<typeof mergePair>
): Promise<CaseDetail> {
  if (bId === aId) throw new DomainError('MERGE_INVALID')
  const refs = await getRefs()
  const out = await withTransaction(async (tx) => {
    const [b, a] = await Promise.all([txGetCase(tx, bId), txGetCase(tx, aId)])
    if (!b) throw new DomainError('NOT_FOUND')
    if (!a) throw new DomainError('MERGE_INVALID')
    const r = run(b.c, a.c, refs)
    const events = await writeResults(tx, [{ before: b.c, result: r.b }, { before: a.c, result: r.a }])
    return { r, timeline: [...b.events, ...events[0]!].sort(byTimeline) }
  })
  const next = out.r.b.next
  await sendNotifications([...out.r.b.notifications, ...out.r.a.notifications])
  return await detailFor(next, out.timeline, actor, refs, now).catch(() => toDetail(next, actor, out.timeline, [], refs, now))
}
