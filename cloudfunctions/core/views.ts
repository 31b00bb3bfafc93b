// CaseDoc → API shapes for a viewer: masking and allowed actions.
import type { BoardItem, CaseDetail, CaseEvent, CaseSummary, Deadlines, Extension, PublicationItem, SupervisionOrder } from '../../typings/api'
import type { CaseDoc, EventDoc, ExtensionDoc, SupervisionDoc } from './types'
import { urgeStatus } from './sla'
import { type Actor, type Refs, allowedActions } from './machine'
import { capacitiesOf, isFollower, isStaff } from './grants'
import { publicationView, redactionFor } from './publication'
import { ANONYMOUS, maskName, maskPhone, redactPublic } from './redact'
import { dayKey, endOfDay } from './time'
import { channelOf } from './channels'
import { countFollowerRatings } from './transitions/followerRate'

export const EXCERPT_LENGTH = 60
/** How residents appear in a timeline. */
export const RESIDENT_LABEL = '群众'

const iso = (d: Date) => d.toISOString()

export function excerpt(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim())
  return chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : chars.join('')
}

export function toSummary(c: CaseDoc, refs: Refs): CaseSummary {
  const due: Deadlines = { finishBy: iso(c.finishBy), provisional: c.provisional }
  if (c.state === 'dispatched' && c.acceptBy) due.acceptBy = iso(c.acceptBy)
  const s: CaseSummary = {
    _id: c._id,
    no: c.no,
    state: c.state,
    categoryId: c.categoryId,
    categoryName: refs.categories.get(c.categoryId)?.name ?? c.categoryId,
    excerpt: excerpt(c.text),
    townshipName: refs.townships.get(c.townshipId)?.name ?? c.townshipId,
    submittedAt: iso(c.submittedAt),
    due,
    overdue: c.overdue,
    escalation: c.escalation,
    reopenCount: c.reopenCount,
    proxy: !!c.filedBy
  }
  if (c.departmentId) s.departmentName = refs.departments.get(c.departmentId)?.name ?? c.departmentId
  if (c.instructed) s.instructed = true
  if (c.supervisionOpen) s.supervisionOpen = true
  if (c.urgeCount) s.urgeCount = c.urgeCount
  if (c.followerCount) s.followerCount = c.followerCount
  if (c.merge) s.mergedInto = { caseId: c.merge.intoId, no: c.merge.intoNo }
  s.channel = channelOf(c)
  if (c.state === 'dispatched' && c.acceptBy) s.activeDeadline = { kind: 'accept', at: iso(c.acceptBy) }
  else if (c.state === 'accepted') s.activeDeadline = { kind: 'finish', at: iso(c.finishBy) }
  return s
}

function toEvent(e: EventDoc): CaseEvent {
  const actor: CaseEvent['actor'] =
    e.actorRole === 'system'
      ? { role: 'system', name: e.actorName || '系统' }
      : e.actorRole === 'resident'
        ? { role: 'resident', name: RESIDENT_LABEL }
        : { role: e.actorRole, name: e.actorName }
  const out: CaseEvent = { _id: e._id, caseId: e.caseId, type: e.type, at: iso(e.at), actor }
  if (e.from) out.from = e.from
  if (e.to) out.to = e.to
  if (e.note) out.note = e.note
  if (e.photos?.length) out.photos = [...e.photos]
  return out
}

/**
 * A pending request's two deadlines: the case's finish deadline now, and the one approval would give (the same
 * rule as decide_extension: `workdays` working days after the current deadline's day, end of that day).
 */
export function extensionDeadlines(x: ExtensionDoc, c: Pick<CaseDoc, 'finishBy'>, refs: Refs): { currentFinishBy: string; requestedFinishBy: string } {
  const requested = endOfDay(refs.calendar.addWorkdays(dayKey(c.finishBy), x.workdays))
  return { currentFinishBy: iso(c.finishBy), requestedFinishBy: iso(requested) }
}

/** The API view of an extension; with the case, a pending one carries its current and requested deadlines. */
export function toExtension(x: ExtensionDoc, refs: Refs, c?: Pick<CaseDoc, 'finishBy'>): Extension {
  const out: Extension = {
    _id: x._id,
    caseId: x.caseId,
    caseNo: x.caseNo,
    requestedAt: iso(x.requestedAt),
    requestedBy: x.requestedByName,
    workdays: x.workdays,
    reason: x.reason,
    state: x.state
  }
  if (x.decidedAt) out.decidedAt = iso(x.decidedAt)
  if (x.decisionNote) out.decisionNote = x.decisionNote
  if (x.departmentId) out.departmentName = refs.departments.get(x.departmentId)?.name ?? x.departmentId
  if (c && x.state === 'pending') Object.assign(out, extensionDeadlines(x, c, refs))
  return out
}

/** Whether `viewer` may see the full phone number of `c` (the county officer who may record its 回访 must call). */
export function seesFullPhone(viewer: Actor, c: CaseDoc): boolean {
  if ([c.residentOpenid, c.handlerOpenid, c.filedBy].some((o) => !!o && o === viewer.openid)) return true
  return !!c.callbackDue && allowedActions(viewer, c).includes('callback')
}

/** A 督办 order as the API shows it, with its derived status. */
export function toSupervisionOrder(o: SupervisionDoc): SupervisionOrder {
  const status: SupervisionOrder['status'] = o.reply
    ? o.reply.at.getTime() <= o.replyBy.getTime()
      ? 'replied'
      : 'replied_late'
    : o.closedAt
      ? 'closed'
      : o.escalatedAt
        ? 'overdue'
        : 'open'
  const out: SupervisionOrder = { id: o.id, at: iso(o.at), byName: o.byName, byRole: o.byRole, level: o.level, note: o.note, replyBy: iso(o.replyBy), status }
  if (o.reply) out.reply = { at: iso(o.reply.at), byName: o.reply.byName, text: o.reply.text }
  return out
}

/** `now` (optional) adds the resident's 催办 status. */
export function toDetail(c: CaseDoc, viewer: Actor, events: EventDoc[], extensions: ExtensionDoc[], refs: Refs, now?: Date): CaseDetail {
  const d = fullDetail(c, viewer, events, extensions, refs, now)
  if (isFollower(c, viewer)) d.following = true
  addFollowerRatings(c, viewer, d)
  return isFollowerOnly(c, viewer) ? followerDetail(c, d, refs) : d
}

/** (share) 附议群众评价: the counts for whoever sees the case, and the caller's own when they are a follower. */
function addFollowerRatings(c: CaseDoc, viewer: Actor, d: CaseDetail): void {
  if (!c.followerRatings?.length) return
  d.followerRatings = countFollowerRatings(c.followerRatings)
  const mine = c.followerRatings.find((r) => r.openid === viewer.openid)
  if (mine) d.myFollowerRating = mine.value
}

/** (metoo) A row of 我的附议: the excerpt redacted (a follower never reads the reporter's raw text). */
export function toFollowerSummary(c: CaseDoc, refs: Refs): CaseSummary {
  const text = c.publicState === 'published' && c.publication ? c.publication.summary : c.text
  return { ...toSummary(c, refs), excerpt: excerpt(redactPublic(text, redactionFor(c, refs))) }
}

/** (metoo) A follower who is neither the case's resident, filer nor staff with a part in it sees the limited view. */
function isFollowerOnly(c: CaseDoc, viewer: Actor): boolean {
  if (!isFollower(c, viewer)) return false
  if ([c.residentOpenid, c.filedBy, c.handlerOpenid].some((o) => !!o && o === viewer.openid)) return false
  return !capacitiesOf(viewer, c).some((cap) => cap === 'grid' || cap === 'dept' || cap === 'supervisor' || cap === 'leader')
}

/**
 * (metoo) A follower's view (附议): status, deadlines, the timeline without names, the public summary when published
 * or a redacted excerpt; never the reporter's contact details, text, photos, replies' authors or supplements.
 */
function followerDetail(c: CaseDoc, d: CaseDetail, refs: Refs): CaseDetail {
  const o = redactionFor(c, refs)
  const text = c.publicState === 'published' && c.publication ? redactPublic(c.publication.summary, o) : excerpt(redactPublic(c.text, o))
  const place = { townshipId: d.place.townshipId, townshipName: d.place.townshipName } as CaseDetail['place']
  if (d.place.villageId) place.villageId = d.place.villageId
  if (d.place.villageName) place.villageName = d.place.villageName
  const out: CaseDetail = {
    ...d,
    excerpt: excerpt(text),
    text,
    photos: [],
    place,
    contact: { phoneMasked: true },
    hideName: true,
    replies: d.replies.map((r) => ({ at: r.at, by: r.departmentName ?? '承办单位', text: redactPublic(r.text, o), photos: [] })),
    supplements: [],
    timeline: d.timeline.map((e) => {
      const x: CaseEvent = { ...e, actor: { role: e.actor.role, name: e.actor.role === 'system' ? e.actor.name : e.actor.role === 'resident' ? RESIDENT_LABEL : '工作人员' } }
      delete x.photos
      if (x.note) x.note = redactPublic(x.note, o)
      return x
    }),
    extensions: [],
    viewAs: 'follower',
    following: true
  }
  delete out.handlerName
  delete out.photoUrls
  delete out.publication
  delete out.rating
  delete out.urge
  delete out.instructions
  return out
}

function fullDetail(c: CaseDoc, viewer: Actor, events: EventDoc[], extensions: ExtensionDoc[], refs: Refs, now?: Date): CaseDetail {
  const full = seesFullPhone(viewer, c)
  const contact: CaseDetail['contact'] = { phoneMasked: false }
  if (c.contact.name) contact.name = c.contact.name
  if (c.contact.phone) {
    contact.phone = full ? c.contact.phone : maskPhone(c.contact.phone)
    contact.phoneMasked = !full
  }
  const village = c.villageId ? refs.villages.get(c.villageId) : undefined
  const grid = c.gridId ? refs.grids.find((g) => g._id === c.gridId) : undefined
  const place: CaseDetail['place'] = {
    townshipId: c.townshipId,
    townshipName: refs.townships.get(c.townshipId)?.name ?? c.townshipId
  }
  if (c.point) place.point = { ...c.point }
  if (c.villageId) place.villageId = c.villageId
  if (village) place.villageName = village.name
  if (c.gridId) place.gridId = c.gridId
  if (grid) place.gridName = grid.name
  else if (c.gridGroup?.length) place.gridName = `全部 ${c.gridGroup.length} 个网格`
  if (c.address) place.address = c.address

  const d: CaseDetail = {
    ...toSummary(c, refs),
    text: c.text,
    photos: [...c.photos],
    place,
    contact,
    hideName: c.hideName,
    replies: c.replies.map((r) => {
      const o: CaseDetail['replies'][number] = { at: iso(r.at), by: r.by, text: r.text, photos: [...r.photos] }
      if (r.departmentName) o.departmentName = r.departmentName
      return o
    }),
    supplements: c.supplements.map((s) => ({ at: iso(s.at), text: s.text, photos: [...s.photos] })),
    timeline: [...events].sort((a, b) => a.at.getTime() - b.at.getTime()).map(toEvent),
    extensions: [...extensions].sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime()).map((x) => toExtension(x, refs, c)),
    allowed: allowedActions(viewer, c)
  }
  if (c.departmentId) d.departmentId = c.departmentId
  if (c.handlerName) d.handlerName = c.handlerName
  d.publication = publicationView(c, viewer, refs, isStaff(viewer.role))
  if (c.urgeCount) d.urgeCount = c.urgeCount
  if (now && d.allowed.includes('urge')) {
    const st = urgeStatus(c, refs.calendar, now)
    d.urge = { allowed: st.allowed }
    if (st.opensAt) d.urge.opensAt = iso(st.opensAt)
    if (st.reason && !st.allowed) d.urge.reason = st.reason
  }
  if (c.supervisions?.length && isStaff(viewer.role)) d.supervisions = c.supervisions.map(toSupervisionOrder)
  if (c.instructions?.length) d.instructions = c.instructions.map((i) => ({ at: iso(i.at), byName: i.byName, text: i.text }))
  if (c.rating) d.rating = c.rating.comment ? { value: c.rating.value, comment: c.rating.comment, at: iso(c.rating.at) } : { value: c.rating.value, at: iso(c.rating.at) }
  // 回访 records and the credit of an on-the-spot fix: for staff only (a resident's page speaks to the resident).
  if (isStaff(viewer.role)) {
    if (c.callbacks?.length) {
      d.callbacks = c.callbacks.map((cb) => {
        const o: NonNullable<CaseDetail['callbacks']>[number] = { at: iso(cb.at), by: cb.by, reached: cb.reached }
        if (cb.rating) o.rating = cb.rating
        if (cb.note) o.note = cb.note
        return o
      })
    }
    if (c.callbackDue) d.callbackDue = true
    if (c.onSpot) {
      const g = c.onSpot.gridId ? refs.grids.find((x) => x._id === c.onSpot!.gridId) : undefined
      d.onSpot = g ? { gridId: g._id, gridName: g.name, by: c.onSpot.by } : { by: c.onSpot.by }
    }
  }
  if (c.policy) d.policy = { id: c.policy.id, title: c.policy.title }
  if (c.fromAfar) d.fromAfar = true
  return d
}

/**
 * The public board: the approved public summary only (never the raw text or replies), redacted again as it is
 * rendered. The reporter is '匿名群众' when they chose hideName or the county published without their consent.
 */
export function toBoardItem(c: CaseDoc, refs: Refs): BoardItem {
  const p = c.publication
  const anonymous = c.hideName || p?.basis !== 'consent'
  const item: BoardItem = {
    _id: c._id,
    no: c.no,
    categoryName: refs.categories.get(c.categoryId)?.name ?? c.categoryId,
    townshipName: refs.townships.get(c.townshipId)?.name ?? c.townshipId,
    summary: p ? redactPublic(p.summary, redactionFor(c, refs)) : '',
    reporter: anonymous ? ANONYMOUS : maskName(c.contact.name),
    submittedAt: iso(c.submittedAt),
    resolvedAt: iso(c.resolvedAt ?? c.closedAt ?? c.updatedAt),
    publishedAt: iso(p?.approvedAt ?? c.publicAt ?? c.updatedAt)
  }
  if (c.departmentId) item.departmentName = refs.departments.get(c.departmentId)?.name ?? c.departmentId
  if (c.rating) item.rating = c.rating.value
  if (c.followerCount) item.followerCount = c.followerCount
  return item
}

/** A row of the county's review queue (公开审核): the raw text for the reviewer beside the redacted summary. */
export function toPublicationItem(c: CaseDoc, refs: Refs): PublicationItem {
  const p = c.publication
  const item: PublicationItem = {
    caseId: c._id,
    no: c.no,
    categoryName: refs.categories.get(c.categoryId)?.name ?? c.categoryId,
    townshipName: refs.townships.get(c.townshipId)?.name ?? c.townshipId,
    text: c.text,
    summary: p ? redactPublic(p.summary, redactionFor(c, refs)) : '',
    consent: !!c.publicConsent,
    state: c.publicState ?? 'draft'
  }
  if (c.departmentId) item.departmentName = refs.departments.get(c.departmentId)?.name ?? c.departmentId
  if (p?.basis && c.publicState === 'published') item.basis = p.basis
  if (p) {
    item.writtenBy = p.writtenBy
    item.writtenAt = iso(p.writtenAt)
  }
  if (p?.approvedAt && c.publicState === 'published') item.publishedAt = iso(p.approvedAt)
  if (p?.takenDownReason && c.publicState === 'taken_down') item.takenDownReason = p.takenDownReason
  return item
}
