// (metoo) Ranking of 附议 suggestions (petition.similar): candidates come from the geohash cells or the 村居;
// here the exact distance filter (150 m), the order (distance, then character-bigram Jaccard similarity of the
// texts, then newest) and the public face of each (public summary, or a redacted excerpt).
import type { LngLat, SimilarCase } from '../../typings/api'
import type { CaseDoc } from './types'
import type { Refs } from './common'
import { distanceM, SIMILAR_MAX, SIMILAR_RADIUS_M, textSimilarity } from './geo'
import { isFollower } from './grants'
import { redactionFor } from './publication'
import { redactPublic } from './redact'

const EXCERPT = 60

function cut(s: string): string {
  const chars = Array.from(s.replace(/\s+/g, ' ').trim())
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : chars.join('')
}

/** The first photo a stranger may see: its asynchronous check passed or was never requested; none on a held case. */
export function publicThumb(c: CaseDoc): string | undefined {
  if (c.moderation.status !== 'pass') return undefined
  const bad = new Set((c.mediaChecks ?? []).filter((m) => m.status !== 'pass').map((m) => m.fileId))
  return c.photos.find((p) => !bad.has(p))
}

/** Candidates → at most 5 suggestions for `viewer` (their own cases are left out). */
export function rankSimilar(
  candidates: CaseDoc[],
  q: { categoryId: string; point?: LngLat; villageId?: string; text?: string },
  viewerOpenid: string,
  refs: Refs
): Array<{ item: SimilarCase; thumb?: string }> {
  const rows: Array<{ c: CaseDoc; distance?: number; sim: number }> = []
  for (const c of candidates) {
    if (c.categoryId !== q.categoryId || c.residentOpenid === viewerOpenid || c.moderation.status !== 'pass') continue
    let distance: number | undefined
    if (q.point) {
      if (!c.point) continue
      distance = distanceM(q.point, c.point)
      if (distance > SIMILAR_RADIUS_M) continue
    } else if (c.villageId !== q.villageId) continue
    rows.push({ c, ...(distance !== undefined ? { distance } : {}), sim: q.text ? textSimilarity(q.text, c.text) : 0 })
  }
  // Nearest first (in 10 m steps, so that text similarity decides between about-equally near cases), then more
  // similar text, then newest.
  rows.sort((a, b) => Math.round((a.distance ?? 0) / 10) - Math.round((b.distance ?? 0) / 10) || b.sim - a.sim || b.c.submittedAt.getTime() - a.c.submittedAt.getTime())
  return rows.slice(0, SIMILAR_MAX).map(({ c, distance }) => {
    const o = redactionFor(c, refs)
    const summary = c.publicState === 'published' && c.publication ? redactPublic(c.publication.summary, o) : redactPublic(c.text, o)
    const item: SimilarCase = {
      caseId: c._id,
      no: c.no,
      state: c.state,
      categoryName: refs.categories.get(c.categoryId)?.name ?? c.categoryId,
      summary: cut(summary),
      followerCount: c.followerCount ?? 0,
      submittedAt: c.submittedAt.toISOString(),
      following: isFollower(c, { openid: viewerOpenid })
    }
    if (distance !== undefined) item.distance = Math.round(distance)
    const thumb = publicThumb(c)
    return thumb ? { item, thumb } : { item }
  })
}
