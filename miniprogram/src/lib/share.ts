// (share) A case shared to a WeChat group: the card's title and the page it opens (pages/shared, main package, so
// the card opens without loading a subpackage). On H5 there is no WeChat share: the same page is a link to copy.
import type { CaseState, FollowerRatings, PublicCaseView } from '../../../typings/api'
import { RATING_LABELS } from '../../../typings/api'

/** Characters of the redacted excerpt in a card's title (WeChat shows about two lines of it). */
export const SHARE_TITLE_EXCERPT = 20
/** States in which a shared card asks for 附议 (the case is still being worked on). */
export const SHAREABLE_STATES: readonly CaseState[] = ['queued', 'dispatched', 'accepted']

/** "【附议】<category>·<村居 or 镇街>：<short redacted excerpt>" */
export function shareTitle(v: Pick<PublicCaseView, 'categoryName' | 'villageName' | 'townshipName' | 'summary'>): string {
  const chars = Array.from(v.summary.replace(/\s+/g, ' ').trim())
  const short = chars.length > SHARE_TITLE_EXCERPT ? `${chars.slice(0, SHARE_TITLE_EXCERPT).join('')}…` : chars.join('')
  return `【附议】${v.categoryName}·${v.villageName ?? v.townshipName}：${short}`
}

/** The shared page of a case (a path as onShareAppMessage wants it: leading slash, query). */
export function sharedPath(caseId: string): string {
  return `/pages/shared/index?caseId=${encodeURIComponent(caseId)}`
}

/** H5: the address of the shared page (the router uses the hash), e.g. http://host/#/pages/shared/index?caseId=… */
export function sharedLink(caseId: string, loc: { origin: string; pathname: string }): string {
  return `${loc.origin}${loc.pathname}#${sharedPath(caseId)}`
}

export interface ShareInfo {
  title: string
  path: string
  caseId: string
}

/** What a page shares for a public view: a card inviting 附议 while the case is worked on, else none. */
export function shareInfoOf(v: PublicCaseView): ShareInfo | null {
  if (!SHAREABLE_STATES.includes(v.state)) return null
  return { title: shareTitle(v), path: sharedPath(v.caseId), caseId: v.caseId }
}

/** 附议群众评价: "满意 N · 基本满意 N · 不满意 N". */
export function followerRatingsText(r: FollowerRatings): string {
  return (['satisfied', 'basic', 'unsatisfied'] as const).map((k) => `${RATING_LABELS[k]} ${r[k]}`).join(' · ')
}
