// (share) The public face of a case that a WeChat card opens (petition.publicView): what the board may show and no
// more — the approved public summary when published, else a redacted excerpt (the same redaction as the 附议
// suggestions), category, 镇街 · 村居 (no address detail), state, dates, 附议数, a checked photo; never names, contact
// data or the timeline. Withdrawn, anonymized and held cases are not public (CASE_NOT_PUBLIC).
import type { PublicCaseView } from '../../typings/api'
import type { CaseDoc } from './types'
import type { Actor, Refs } from './common'
import { DomainError } from './errors'
import { check, isFollower } from './grants'
import { redactionFor } from './publication'
import { redactPublic } from './redact'
import { publicThumb } from './similar'
import { countFollowerRatings } from './transitions/followerRate'
import { excerpt } from './views'

/** A case a card may show: not withdrawn, not anonymized, not held, not waiting in review. */
export function isShareable(c: CaseDoc): boolean {
  return c.state !== 'withdrawn' && c.state !== 'review' && !c.anonymizedAt && c.moderation.status === 'pass'
}

/**
 * The public view of `c` for `viewer` (any logged-in user); `mergedFrom` when `c` is the main case of the one asked
 * for. Throws CASE_NOT_PUBLIC for a case that is not shareable. The thumbnail is a fileID (the handler signs it).
 */
export function toPublicView(c: CaseDoc, viewer: Actor, refs: Refs, mergedFrom?: string): { view: PublicCaseView; thumb?: string } {
  if (!isShareable(c)) throw new DomainError('CASE_NOT_PUBLIC')
  const o = redactionFor(c, refs)
  const published = c.publicState === 'published' && !!c.publication
  const view: PublicCaseView = {
    caseId: c._id,
    no: c.no,
    state: c.state,
    categoryName: refs.categories.get(c.categoryId)?.name ?? c.categoryId,
    townshipName: refs.townships.get(c.townshipId)?.name ?? c.townshipId,
    summary: published ? redactPublic(c.publication!.summary, o) : excerpt(redactPublic(c.text, o)),
    summaryKind: published ? 'published' : 'excerpt',
    submittedAt: c.submittedAt.toISOString(),
    followerCount: c.followerCount ?? 0,
    following: isFollower(c, viewer),
    own: !!c.residentOpenid && c.residentOpenid === viewer.openid,
    canFollow: check(viewer, c, 'follow').ok
  }
  const village = c.villageId ? refs.villages.get(c.villageId) : undefined
  if (village) view.villageName = village.name
  if (c.resolvedAt) view.resolvedAt = c.resolvedAt.toISOString()
  if (c.closedAt && c.state === 'closed') view.closedAt = c.closedAt.toISOString()
  if (mergedFrom) view.mergedFrom = mergedFrom
  if (c.followerRatings?.length) view.followerRatings = countFollowerRatings(c.followerRatings)
  const thumb = publicThumb(c)
  return thumb ? { view, thumb } : { view }
}
