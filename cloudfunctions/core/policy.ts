// Policy notices (惠民政策): who may issue and review (grant data), the draft → review → published → expired
// lifecycle (`now` passed in), audience matching for readers and subscribers, search text, and reach.
// Pure: handlers load documents, call these, and write what they return.
import type { PolicyAction, PolicyArea, PolicyStatus, PolicySummary, Role } from '../../typings/api'
import type { Actor, Refs } from './common'
import { DomainError } from './errors'
import type { PolicyDoc, PolicyReads, PolicySubscriptionDoc, UserDoc } from './types'
import { endOfDay, startOfDay } from './time'

// ---------------------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------------------

export const POLICY_TITLE_MAX = 80
/** Characters of HTML a body may have (before sanitizing). */
export const POLICY_BODY_MAX = 50_000
export const POLICY_ATTACHMENTS_MAX = 9
export const POLICY_ATTACHMENT_BYTES_MAX = 20 * 1024 * 1024
export const POLICY_TAGS_MAX = 10
export const POLICY_AREA_IDS_MAX = 200
export const EXCERPT_CHARS = 80
/** A notice published at least this long ago with fewer unique readers than LOW_REACH_READS is flagged. */
export const LOW_REACH_AFTER_MS = 3 * 86_400_000
export const LOW_REACH_READS = 20
/** Search: at most this many published notices are candidates of one query (a county has a few thousand). */
export const SEARCH_CANDIDATES = 1000

// ---------------------------------------------------------------------------------------------------------
// Grants: who may do what, as data
// ---------------------------------------------------------------------------------------------------------

/** How an actor relates to a notice. */
export type PolicyCapacity = 'author' | 'unit' | 'county'
export type PolicyAct = PolicyAction

const COUNTY_ROLES: ReadonlySet<Role> = new Set<Role>(['county_dispatcher', 'county_admin'])

/** Which issuer kinds each role may draft for; `own` ties the issuer to the actor's scope. */
export const ISSUE_GRANTS: Partial<Record<Role, Array<{ kind: PolicyDoc['issuer']['kind']; own: boolean }>>> = {
  county_admin: [{ kind: 'county', own: false }, { kind: 'township', own: false }, { kind: 'department', own: false }],
  county_dispatcher: [{ kind: 'county', own: false }, { kind: 'township', own: false }, { kind: 'department', own: false }],
  township_supervisor: [{ kind: 'township', own: true }],
  dept_handler: [{ kind: 'department', own: true }]
}

/** Roles that may see reach and the from-afar counts in 管理 (a township supervisor: their township's notices). */
export const REACH_ROLES: ReadonlySet<Role> = new Set<Role>(['township_supervisor', 'county_dispatcher', 'county_admin'])
/** Roles that may edit the audience tag list. */
export const TAG_EDITORS: ReadonlySet<Role> = new Set<Role>(['county_admin'])

/** capacity → act → stored statuses it is allowed in. Review is never by the author (POLICY_SELF_REVIEW). */
export const POLICY_GRANTS: Record<PolicyCapacity, Partial<Record<PolicyAct, ReadonlyArray<PolicyDoc['status']>>>> = {
  author: { edit: ['draft'], submit: ['draft'], withdraw: ['review'] },
  unit: { edit: ['draft'], submit: ['draft'], approve: ['review'], reject: ['review'], withdraw: ['review', 'published'] },
  county: { edit: ['draft'], submit: ['draft'], approve: ['review'], reject: ['review'], withdraw: ['review', 'published'] }
}
const REVIEW_ACTS: ReadonlySet<PolicyAct> = new Set<PolicyAct>(['approve', 'reject'])

function ownsIssuer(actor: Pick<Actor, 'role' | 'scope'>, issuer: { kind: string; id?: string }): boolean {
  if (issuer.kind === 'township') return actor.role === 'township_supervisor' && !!issuer.id && actor.scope.townshipId === issuer.id
  if (issuer.kind === 'department') return actor.role === 'dept_handler' && !!issuer.id && actor.scope.departmentId === issuer.id
  return false
}

const HOLDS: Record<PolicyCapacity, (a: Actor, p: PolicyDoc) => boolean> = {
  author: (a, p) => p.authorOpenid === a.openid && mayIssue(a, p.issuer),
  unit: (a, p) => ownsIssuer(a, p.issuer),
  county: (a) => COUNTY_ROLES.has(a.role)
}

export function policyCapacities(actor: Actor, p: PolicyDoc): PolicyCapacity[] {
  return (Object.keys(POLICY_GRANTS) as PolicyCapacity[]).filter((cap) => HOLDS[cap](actor, p))
}

/** May this actor draft a notice for this issuer? */
export function mayIssue(actor: Pick<Actor, 'role' | 'scope'>, issuer: { kind: PolicyDoc['issuer']['kind']; id?: string }): boolean {
  return (ISSUE_GRANTS[actor.role] ?? []).some((g) => g.kind === issuer.kind && (!g.own || ownsIssuer(actor, issuer)))
}

/** FORBIDDEN without a capacity granting the act, INVALID_STATE in the wrong status, POLICY_SELF_REVIEW for the author. */
export function checkPolicy(actor: Actor, p: PolicyDoc, act: PolicyAct): { ok: true } | { ok: false; code: 'FORBIDDEN' | 'INVALID_STATE' | 'POLICY_SELF_REVIEW' } {
  let failure: 'FORBIDDEN' | 'INVALID_STATE' | 'POLICY_SELF_REVIEW' | null = null
  for (const cap of policyCapacities(actor, p)) {
    const states = POLICY_GRANTS[cap][act]
    if (!states) continue
    if (!states.includes(p.status)) {
      failure ??= 'INVALID_STATE'
      continue
    }
    if (REVIEW_ACTS.has(act) && p.authorOpenid === actor.openid) {
      failure = 'POLICY_SELF_REVIEW'
      continue
    }
    return { ok: true }
  }
  return { ok: false, code: failure ?? 'FORBIDDEN' }
}

export function policyActions(actor: Actor, p: PolicyDoc): PolicyAct[] {
  return (['edit', 'submit', 'approve', 'reject', 'withdraw'] as PolicyAct[]).filter((a) => checkPolicy(actor, p, a).ok)
}

/** May the actor see a notice that is not published (a draft or one in review)? Its unit, its author, the county. */
export function maySeeUnpublished(actor: Actor, p: PolicyDoc): boolean {
  return policyCapacities(actor, p).length > 0
}

/** The `issuerKey`s of the notices a staff member manages (null: all of them), or [] for none. */
export function managedIssuerKeys(actor: Pick<Actor, 'role' | 'scope'>): string[] | null {
  if (COUNTY_ROLES.has(actor.role)) return null
  if (actor.role === 'township_supervisor' && actor.scope.townshipId) return [`t:${actor.scope.townshipId}`]
  if (actor.role === 'dept_handler' && actor.scope.departmentId) return [`d:${actor.scope.departmentId}`]
  return []
}

export function issuerKey(issuer: { kind: string; id?: string }): string {
  return issuer.kind === 'county' ? 'county' : `${issuer.kind === 'township' ? 't' : 'd'}:${issuer.id ?? ''}`
}

// ---------------------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------------------

/** The status a reader sees: a published notice past its expiry instant is expired. */
export function policyStatus(p: Pick<PolicyDoc, 'status' | 'expiresAt'>, now: Date): PolicyStatus {
  if (p.status === 'published' && p.expiresAt && p.expiresAt.getTime() <= now.getTime()) return 'expired'
  return p.status
}

/** Listed for readers: published and not expired (expired ones stay searchable). */
export function isListed(p: Pick<PolicyDoc, 'status' | 'expiresAt'>, now: Date): boolean {
  return policyStatus(p, now) === 'published'
}

export interface PolicyDraftInput {
  title: string
  body: string
  attachments: PolicyDoc['attachments']
  issuer: { kind: PolicyDoc['issuer']['kind']; id?: string }
  tags: string[]
  area: PolicyArea
  effectiveDate?: string
  expiryDate?: string
}

export interface PolicyRefs extends Pick<Refs, 'townships' | 'villages' | 'departments'> {
  tags: Map<string, { _id: string; name: string; active: boolean }>
}

function issuerName(issuer: PolicyDraftInput['issuer'], refs: PolicyRefs): string {
  if (issuer.kind === 'county') return '汶上县人民政府'
  const name = issuer.kind === 'township' ? refs.townships.get(issuer.id ?? '')?.name : refs.departments.get(issuer.id ?? '')?.name
  if (!name) throw new DomainError('POLICY_AREA_INVALID', '发布单位不存在')
  return name
}

/** Is the area within what the issuer may address? A township addresses itself or its own villages; the county and departments the whole county. */
export function areaAllowed(issuer: PolicyDraftInput['issuer'], area: PolicyArea, refs: PolicyRefs): boolean {
  if (area.kind === 'county') return area.ids.length === 0 && issuer.kind !== 'township'
  if (area.ids.length === 0) return false
  if (area.kind === 'townships' && !area.ids.every((id) => refs.townships.has(id))) return false
  if (area.kind === 'villages' && !area.ids.every((id) => refs.villages.has(id))) return false
  if (issuer.kind !== 'township') return true
  if (area.kind === 'townships') return area.ids.every((id) => id === issuer.id)
  return area.ids.every((id) => refs.villages.get(id)?.townshipId === issuer.id)
}

/** Plain text of sanitized HTML (tags dropped, entities of the common kind decoded, whitespace folded). */
export function plainText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h\d)[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

/** What the search matches: title and body text, lower-cased (Latin letters), whitespace folded. */
export function searchTextOf(title: string, bodyHtml: string): string {
  return `${title} ${plainText(bodyHtml)}`.toLowerCase().replace(/\s+/g, ' ').trim()
}

/** The regular expression source of a search query: every word must appear (in any order), literally. */
export function searchPattern(q: string): string | null {
  const words = q.toLowerCase().split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 5)
  if (!words.length) return null
  const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return words.map((w) => `(?=[\\s\\S]*${esc(w)})`).join('') + '[\\s\\S]*'
}

/** Does a notice match a search query (the same test the database query makes)? */
export function matchesQuery(p: Pick<PolicyDoc, 'searchText'>, q: string): boolean {
  const src = searchPattern(q)
  return !!src && new RegExp(src).test(p.searchText)
}

function dateOf(day: string | undefined, end: boolean): Date | undefined {
  if (!day) return undefined
  return end ? endOfDay(day) : startOfDay(day)
}

/**
 * A new or edited draft from validated input and its already-sanitized body. Throws POLICY_AREA_INVALID,
 * POLICY_TAG_UNKNOWN, POLICY_DATES_INVALID, FORBIDDEN (issuer not the actor's to issue for) or INVALID_STATE.
 */
export function draftPolicy(
  prev: PolicyDoc | null,
  input: PolicyDraftInput,
  safeBody: string,
  actor: Actor,
  refs: PolicyRefs,
  now: Date,
  id: string
): PolicyDoc {
  if (prev) {
    const chk = checkPolicy(actor, prev, 'edit')
    if (!chk.ok) throw new DomainError(chk.code)
  }
  if (!mayIssue(actor, input.issuer)) throw new DomainError('FORBIDDEN')
  const name = issuerName(input.issuer, refs)
  if (!areaAllowed(input.issuer, input.area, refs)) throw new DomainError('POLICY_AREA_INVALID')
  const tags = [...new Set(input.tags)]
  if (tags.some((t) => !refs.tags.get(t)?.active)) throw new DomainError('POLICY_TAG_UNKNOWN')
  const effectiveAt = dateOf(input.effectiveDate, false)
  const expiresAt = dateOf(input.expiryDate, true)
  if (effectiveAt && expiresAt && expiresAt.getTime() < effectiveAt.getTime()) throw new DomainError('POLICY_DATES_INVALID')
  const text = plainText(safeBody)
  if (!text && input.attachments.length === 0) throw new DomainError('INVALID_INPUT', '请填写正文或上传附件')
  const issuer: PolicyDoc['issuer'] = input.issuer.kind === 'county' ? { kind: 'county', name } : { kind: input.issuer.kind, id: input.issuer.id!, name }
  const doc: PolicyDoc = {
    _id: id,
    title: input.title,
    body: safeBody,
    searchText: searchTextOf(input.title, safeBody),
    excerpt: [...text].slice(0, EXCERPT_CHARS).join(''),
    attachments: input.attachments.map((a) => ({ ...a })),
    issuer,
    issuerKey: issuerKey(issuer),
    tags,
    area: { kind: input.area.kind, ids: input.area.kind === 'county' ? [] : [...new Set(input.area.ids)] },
    status: 'draft',
    authorOpenid: prev?.authorOpenid ?? actor.openid,
    authorName: prev?.authorName ?? actor.name,
    reads: prev?.reads ?? emptyReads(),
    version: (prev?.version ?? 0) + 1,
    createdAt: prev?.createdAt ?? now,
    updatedAt: now
  }
  if (effectiveAt) doc.effectiveAt = effectiveAt
  if (expiresAt) doc.expiresAt = expiresAt
  if (prev?.reviewNote) doc.reviewNote = prev.reviewNote
  return doc
}

export function emptyReads(): PolicyReads {
  return { total: 0, byTownship: {}, byTag: {} }
}

export type PolicyCommand = { type: 'submit' } | { type: 'approve'; note?: string } | { type: 'reject'; note?: string } | { type: 'withdraw'; note?: string }

/**
 * The next notice after a command (authorised by POLICY_GRANTS): submit draft → review; approve review →
 * published (publishedAt = now, reviewer recorded); reject review → draft with the note; withdraw → draft
 * (the author pulls back a notice in review, or its unit / the county unpublishes it). An approval of a
 * notice already expired is refused (INVALID_STATE): nothing would ever list it.
 */
export function policyTransition(p: PolicyDoc, cmd: PolicyCommand, actor: Actor, now: Date): PolicyDoc {
  const chk = checkPolicy(actor, p, cmd.type)
  if (!chk.ok) throw new DomainError(chk.code)
  const n: PolicyDoc = { ...p, version: p.version + 1, updatedAt: now }
  if (cmd.type === 'submit') {
    n.status = 'review'
    delete n.reviewNote
  } else if (cmd.type === 'approve') {
    if (p.expiresAt && p.expiresAt.getTime() <= now.getTime()) throw new DomainError('POLICY_DATES_INVALID', '该通知已过失效日期，请修改后再发布')
    n.status = 'published'
    n.publishedAt = now
    n.reviewerOpenid = actor.openid
    n.reviewerName = actor.name
    if (cmd.note) n.reviewNote = cmd.note
    else delete n.reviewNote
  } else {
    n.status = 'draft'
    delete n.publishedAt
    if (cmd.note) n.reviewNote = cmd.note
    if (cmd.type === 'reject') {
      n.reviewerOpenid = actor.openid
      n.reviewerName = actor.name
    }
  }
  return n
}

// ---------------------------------------------------------------------------------------------------------
// Audience matching
// ---------------------------------------------------------------------------------------------------------

export interface Reader {
  townshipId?: string
  villageId?: string
  tags: string[]
}

export function readerOf(user: Pick<UserDoc, 'home' | 'tags'> | null): Reader {
  const r: Reader = { tags: user?.tags ?? [] }
  if (user?.home) {
    r.townshipId = user.home.townshipId
    r.villageId = user.home.villageId
  }
  return r
}

/** Does the notice's area cover the reader's home? A county-wide notice covers everyone. */
export function areaCovers(area: PolicyArea, r: Reader): boolean {
  if (area.kind === 'county') return true
  if (area.kind === 'townships') return !!r.townshipId && area.ids.includes(r.townshipId)
  return !!r.villageId && area.ids.includes(r.villageId)
}

/**
 * How much a notice is "for" a reader, for ordering the list: their village 4, their township 2 (a targeted
 * area beats a county-wide one), plus 3 for a shared audience tag. 0: nothing specific (still listed).
 */
export function relevance(p: Pick<PolicyDoc, 'area' | 'tags'>, r: Reader): number {
  let score = 0
  if (p.area.kind === 'villages' && r.villageId && p.area.ids.includes(r.villageId)) score += 4
  if (p.area.kind === 'townships' && r.townshipId && p.area.ids.includes(r.townshipId)) score += 2
  if (p.tags.some((t) => r.tags.includes(t))) score += 3
  return score
}

/** The reader's list: relevant ones first, then newest first (ties by id for a stable order). */
export function orderForReader<T extends Pick<PolicyDoc, '_id' | 'area' | 'tags' | 'publishedAt'>>(docs: T[], r: Reader): T[] {
  return [...docs].sort((a, b) => {
    const d = relevance(b, r) - relevance(a, r)
    if (d) return d
    const t = (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0)
    return t || a._id.localeCompare(b._id)
  })
}

/**
 * Is a newly published notice for this subscriber? Its area covers their home village (a subscriber without
 * a home gets county-wide notices only), and it shares a tag with them — an untagged notice is for everyone
 * in the area, and a subscriber without tags gets every notice of their area.
 */
export function subscriberMatches(p: Pick<PolicyDoc, 'area' | 'tags'>, s: Pick<PolicySubscriptionDoc, 'tags' | 'townshipId' | 'villageId'>): boolean {
  const r: Reader = { tags: s.tags }
  if (s.townshipId) r.townshipId = s.townshipId
  if (s.villageId) r.villageId = s.villageId
  if (!areaCovers(p.area, r)) return false
  return p.tags.length === 0 || s.tags.length === 0 || p.tags.some((t) => s.tags.includes(t))
}

/** After the subscriber's cursor (publishedAt, then id), so each notice is delivered or counted once. */
export function afterCursor(p: Pick<PolicyDoc, '_id' | 'publishedAt'>, cursor: PolicySubscriptionDoc['cursor']): boolean {
  const t = p.publishedAt?.getTime() ?? 0
  const c = cursor.at.getTime()
  return t > c || (t === c && p._id > cursor.id)
}

/**
 * The notices waiting for a subscriber (published after the cursor, matching, not expired), oldest first.
 * A notice that expired while waiting is no longer pushed.
 */
export function pendingFor<T extends PolicyDoc>(docs: T[], s: PolicySubscriptionDoc, now: Date): T[] {
  return docs
    .filter((p) => p.status === 'published' && isListed(p, now) && afterCursor(p, s.cursor) && subscriberMatches(p, s))
    .sort((a, b) => (a.publishedAt!.getTime() - b.publishedAt!.getTime()) || a._id.localeCompare(b._id))
}

/**
 * The one-time subscription rule: each accepted wx.requestSubscribeMessage allows one message. Deliver the
 * oldest pending notices while credits last; returns which to send and the subscription after it.
 */
export function planDelivery<T extends PolicyDoc>(s: PolicySubscriptionDoc, pending: T[], now: Date): { send: T[]; next: PolicySubscriptionDoc } {
  const send = pending.slice(0, Math.max(0, s.credits))
  const next: PolicySubscriptionDoc = { ...s, credits: s.credits - send.length, updatedAt: now }
  const last = send[send.length - 1]
  if (last) next.cursor = { at: last.publishedAt!, id: last._id }
  return { send, next }
}

// ---------------------------------------------------------------------------------------------------------
// Reach
// ---------------------------------------------------------------------------------------------------------

/** The counter increments of one new unique reader (its home township, or 'none', and each of its tags). */
export function readIncrements(r: Reader): { township: string; tags: string[] } {
  return { township: r.townshipId ?? 'none', tags: [...new Set(r.tags)] }
}

/** Few readers: published at least LOW_REACH_AFTER_MS ago and fewer than LOW_REACH_READS unique readers. */
export function lowReach(p: Pick<PolicyDoc, 'status' | 'publishedAt' | 'reads'>, now: Date, threshold = LOW_REACH_READS): boolean {
  if (p.status !== 'published' || !p.publishedAt) return false
  return now.getTime() - p.publishedAt.getTime() >= LOW_REACH_AFTER_MS && p.reads.total < threshold
}

/** Sum the counters of several notices (per township / per tag). */
export function sumReads(docs: Array<Pick<PolicyDoc, 'reads'>>): PolicyReads {
  const out = emptyReads()
  for (const d of docs) {
    out.total += d.reads.total
    for (const [k, v] of Object.entries(d.reads.byTownship ?? {})) out.byTownship[k] = (out.byTownship[k] ?? 0) + v
    for (const [k, v] of Object.entries(d.reads.byTag ?? {})) out.byTag[k] = (out.byTag[k] ?? 0) + v
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------------

const iso = (d?: Date) => (d ? new Date(d).toISOString() : undefined)

export function toPolicySummary(p: PolicyDoc, now: Date, reader?: Reader): PolicySummary {
  const s: PolicySummary = {
    _id: p._id,
    title: p.title,
    excerpt: p.excerpt,
    issuer: { ...p.issuer },
    tags: [...p.tags],
    area: { kind: p.area.kind, ids: [...p.area.ids] },
    status: policyStatus(p, now),
    reads: p.reads?.total ?? 0
  }
  if (p.effectiveAt) s.effectiveAt = iso(p.effectiveAt)!
  if (p.expiresAt) s.expiresAt = iso(p.expiresAt)!
  if (p.publishedAt) s.publishedAt = iso(p.publishedAt)!
  if (reader) s.forYou = relevance(p, reader) > 0
  return s
}

/** The home a resident sets (我的家乡): a village → its township; null when unknown. */
export function homeOf(villageId: string, refs: Pick<Refs, 'villages' | 'townships'>): { townshipId: string; villageId: string } | null {
  const v = refs.villages.get(villageId)
  if (!v || !refs.townships.has(v.townshipId)) return null
  return { townshipId: v.townshipId, villageId: v._id }
}

/**
 * The grid of a case filed 在外地 from the home village: the village's only grid; a village split into several
 * grids leaves the grid open (the township and the routing rules still place the case; no grid member is
 * guessed).
 */
export function homeGrid(villageId: string, refs: Pick<Refs, 'grids'>): string | undefined {
  const grids = refs.grids.filter((g) => g.villageId === villageId)
  return grids.length === 1 ? grids[0]!._id : undefined
}
