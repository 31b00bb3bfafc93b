// CaseDoc → API shapes for a viewer: masking and allowed actions.
import type { BoardItem, CaseDetail, CaseEvent, CaseSummary, Deadlines, Extension } from '../../typings/api'
import type { CaseDoc, EventDoc, ExtensionDoc } from './types'
import { type Actor, type Refs, allowedActions } from './machine'
import { ANONYMOUS, maskName, maskPhone, redactPublicText } from './redact'

export const EXCERPT_LENGTH = 60
/** How residents appear in a timeline. */
export const RESIDENT_LABEL = '群众'

const iso = (d: Date) => d.toISOString()

function excerpt(text: string): string {
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

export function toExtension(x: ExtensionDoc, refs: Refs): Extension {
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
  return out
}

/** Whether `viewer` may see the full phone number of `c`. */
export function seesFullPhone(viewer: Actor, c: CaseDoc): boolean {
  return [c.residentOpenid, c.handlerOpenid, c.filedBy].some((o) => !!o && o === viewer.openid)
}

export function toDetail(c: CaseDoc, viewer: Actor, events: EventDoc[], extensions: ExtensionDoc[], refs: Refs): CaseDetail {
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
    extensions: [...extensions].sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime()).map((x) => toExtension(x, refs)),
    allowed: allowedActions(viewer, c)
  }
  if (c.departmentId) d.departmentId = c.departmentId
  if (c.handlerName) d.handlerName = c.handlerName
  if (c.rating) d.rating = c.rating.comment ? { value: c.rating.value, comment: c.rating.comment, at: iso(c.rating.at) } : { value: c.rating.value, at: iso(c.rating.at) }
  if (c.policy) d.policy = { id: c.policy.id, title: c.policy.title }
  if (c.fromAfar) d.fromAfar = true
  return d
}

/** The public board: no names, no phones, redacted text. */
export function toBoardItem(c: CaseDoc, refs: Refs): BoardItem {
  const lastReply = c.replies.length ? c.replies[c.replies.length - 1] : undefined
  const item: BoardItem = {
    _id: c._id,
    no: c.no,
    categoryName: refs.categories.get(c.categoryId)?.name ?? c.categoryId,
    townshipName: refs.townships.get(c.townshipId)?.name ?? c.townshipId,
    text: redactPublicText(c.text),
    reporter: c.hideName ? ANONYMOUS : maskName(c.contact.name),
    submittedAt: iso(c.submittedAt),
    resolvedAt: iso(c.resolvedAt ?? c.closedAt ?? c.updatedAt)
  }
  if (c.departmentId) item.departmentName = refs.departments.get(c.departmentId)?.name ?? c.departmentId
  if (lastReply) item.reply = redactPublicText(lastReply.text)
  if (c.rating) item.rating = c.rating.value
  return item
}
