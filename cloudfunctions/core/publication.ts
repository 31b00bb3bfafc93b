// Publication on the public board (公开), a decision and never a side effect:
//   - the resident consents (同意公开, off by default) and may change that until the case closes;
//   - at resolution the handler writes or accepts a public summary (公开摘要), prefilled from the redacted text;
//   - the county office approves it before it appears, may publish a case of public interest without consent
//     (the public then sees only the summary), and may take an item down (撤下) with a reason.
// Redaction runs when a summary is written and again whenever it is shown (redactPublic).
import type { PublicState, PublicationView } from '../../typings/api'
import type { CaseDoc } from './types'
import type { Actor, Refs } from './common'
import { check } from './grants'
import { knownNames, redactPublic, type RedactOptions } from './redact'

export const SUMMARY_MAX = 500

/** The places of the county that must survive redaction: townships, villages / communities, grids. */
export function placeNames(refs: Pick<Refs, 'townships' | 'villages' | 'grids'>): string[] {
  return [...[...refs.townships.values()].map((t) => t.name), ...[...refs.villages.values()].map((v) => v.name), ...refs.grids.map((g) => g.name)]
}

/** Redaction options for a case: every name it knows, the county's places, the tagger where it runs. */
export function redactionFor(c: CaseDoc, refs: Refs, extraNames: string[] = []): RedactOptions {
  // (metoo) Followers' names are names of the case too.
  return { names: [...knownNames(c), ...(c.followerNames ?? []), ...extraNames], places: placeNames(refs), tagger: refs.tagger ?? null }
}

/** The prefill of the summary: the case text, redacted. */
export function prefillSummary(c: CaseDoc, refs: Refs): string {
  return cut(redactPublic(c.text, redactionFor(c, refs)))
}

/** The summary written when the handler leaves it empty: the petition and the result, both redacted. */
export function defaultSummary(c: CaseDoc, refs: Refs, reply: string, by: string): string {
  const o = redactionFor(c, refs, [by])
  return cut(`诉求：${redactPublic(c.text, o)}\n办理结果：${redactPublic(reply, o)}`)
}

function cut(s: string): string {
  const chars = Array.from(s.trim())
  return chars.length > SUMMARY_MAX ? `${chars.slice(0, SUMMARY_MAX - 1).join('')}…` : chars.join('')
}

/** Redact a summary written (or edited) by staff before it is stored. */
export function cleanSummary(c: CaseDoc, refs: Refs, text: string, by: string): string {
  return cut(redactPublic(text, redactionFor(c, refs, [by])))
}

/** Derived: where the case stands on the way to the board (null before any summary). */
export function publicStateOf(c: CaseDoc): PublicState | null {
  const p = c.publication
  if (!p) return null
  if (p.takenDownAt) return 'taken_down'
  if (p.approvedAt && (p.basis === 'public_interest' || c.publicConsent)) return 'published'
  return c.publicConsent ? 'pending' : 'draft'
}

/** Recompute the indexed publicState / publicAt of `n` after a change (publicAt moves only with the state). */
export function syncPublicState(prev: CaseDoc, n: CaseDoc, now: Date): void {
  const state = publicStateOf(n)
  const before = prev.publicState ?? null
  if (state === null && before === null && n.publicState === undefined) return
  n.publicState = state
  if (state !== before || n.publicAt === undefined) n.publicAt = state ? now : null
}

/** The publication as `viewer` may see it: staff see the summary; whoever may resolve gets the prefill. */
export function publicationView(c: CaseDoc, viewer: Actor, refs: Refs, staff: boolean): PublicationView {
  const may = {
    set_publication: check(viewer, c, 'set_publication').ok,
    publish_summary: check(viewer, c, 'publish_summary').ok,
    unpublish: check(viewer, c, 'unpublish').ok
  }
  const p = c.publication
  const v: PublicationView = { consent: !!c.publicConsent, state: publicStateOf(c) ?? 'none', may }
  if (p?.basis && v.state === 'published') v.basis = p.basis
  if (p && staff) {
    v.summary = redactPublic(p.summary, redactionFor(c, refs))
    v.writtenBy = p.writtenBy
  }
  if (p?.approvedAt && v.state === 'published') v.publishedAt = p.approvedAt.toISOString()
  if (p?.takenDownReason && v.state === 'taken_down') v.takenDownReason = p.takenDownReason
  if (check(viewer, c, 'resolve').ok || check(viewer, c, 'resolve_on_spot').ok) v.draft = prefillSummary(c, refs)
  return v
}
