// Internals shared by machine.ts and timer.ts (kept apart to avoid an import cycle).
import type { CaseState, Role, Scope, StaffRole } from '../../typings/api'
import { STATE_LABELS } from '../../typings/api'
import type {
  CaseDoc,
  CategoryDoc,
  DepartmentDoc,
  EventDoc,
  GridDoc,
  NotificationDraft,
  NotificationFields,
  RoutingRuleDoc,
  SupervisionDoc,
  TownshipDoc,
  VillageDoc
} from './types'
import type { WorkCalendar } from './calendar'
import type { NameTagger } from './redact'
import { acceptWarnAt, AUTO_CLOSE_AFTER_MS, effectiveSla, ESCALATE_COUNTY_AFTER_MS, finishWarnAt } from './sla'
import { dayKey, formatBeijing } from './time'

export interface Actor {
  openid: string
  role: Role
  scope: Scope
  name: string
}

/** The timer and rule-based routing act as the system; events record actorRole 'system'. */
export const SYSTEM_ACTOR: Actor = { openid: 'system', role: 'county_admin', scope: {}, name: '系统' }

export interface Refs {
  categories: Map<string, CategoryDoc>
  departments: Map<string, DepartmentDoc>
  townships: Map<string, TownshipDoc>
  villages: Map<string, VillageDoc>
  grids: GridDoc[]
  rules: RoutingRuleDoc[]
  calendar: WorkCalendar
  /** (publication) jieba's tagger where the function loads it (shared/tagger.ts); redaction heuristics otherwise. */
  tagger?: NameTagger
}

/** States in which the finish clock runs. */
export const OPEN_STATES: ReadonlySet<CaseState> = new Set<CaseState>(['review', 'queued', 'dispatched', 'accepted'])

export function isSystem(actor: Actor): boolean {
  return actor.openid === SYSTEM_ACTOR.openid
}

export function makeEvent(
  c: CaseDoc,
  type: EventDoc['type'],
  actor: Actor,
  now: Date,
  extra: { from?: CaseState; to?: CaseState; note?: string; photos?: string[] } = {}
): Omit<EventDoc, '_id'> {
  const e: Omit<EventDoc, '_id'> = {
    caseId: c._id,
    type,
    at: now,
    actorOpenid: isSystem(actor) ? null : actor.openid,
    actorRole: isSystem(actor) ? 'system' : actor.role,
    actorName: isSystem(actor) ? SYSTEM_ACTOR.name : actor.name
  }
  if (extra.from !== undefined) e.from = extra.from
  if (extra.to !== undefined) e.to = extra.to
  if (extra.note !== undefined && extra.note !== '') e.note = extra.note
  if (extra.photos !== undefined && extra.photos.length > 0) e.photos = extra.photos
  return e
}

export function caseFields(c: CaseDoc, refs: Pick<Refs, 'categories' | 'departments' | 'townships'>, now: Date, extra: NotificationFields = {}): NotificationFields {
  const f: NotificationFields = {
    no: c.no,
    category: refs.categories.get(c.categoryId)?.name ?? c.categoryId,
    status: STATE_LABELS[c.state],
    time: formatBeijing(now),
    place: refs.townships.get(c.townshipId)?.name ?? c.townshipId,
    deadline: formatBeijing(c.state === 'dispatched' && c.acceptBy ? c.acceptBy : c.finishBy)
  }
  if (c.departmentId) f.remark = `承办部门：${refs.departments.get(c.departmentId)?.name ?? c.departmentId}`
  return { ...f, ...extra }
}

/**
 * The resident's case_status message, and (metoo) the same progress for every follower (附议). A follower is
 * never asked to rate: `followerExtra` replaces `extra` for them when given (the resolve message).
 */
export function toResident(
  c: CaseDoc,
  refs: Pick<Refs, 'categories' | 'departments' | 'townships'>,
  now: Date,
  extra?: NotificationFields,
  followerExtra?: NotificationFields
): NotificationDraft[] {
  const out: NotificationDraft[] = []
  if (c.residentOpenid) out.push({ touser: c.residentOpenid, template: 'case_status', caseId: c._id, fields: caseFields(c, refs, now, extra) })
  return [...out, ...toFollowers(c, refs, now, followerExtra ?? extra)]
}

/** (metoo) case_status to each follower of the case (their detail view is the limited one). */
export function toFollowers(c: CaseDoc, refs: Pick<Refs, 'categories' | 'departments' | 'townships'>, now: Date, extra?: NotificationFields): NotificationDraft[] {
  const remark = extra?.remark ?? '您附议的诉求有新进展'
  return (c.followers ?? []).map((o) => ({ touser: o, template: 'case_status' as const, caseId: c._id, fields: caseFields(c, refs, now, { ...extra, remark }) }))
}

export function toAudience(
  c: CaseDoc,
  role: StaffRole,
  scope: Scope,
  template: NotificationDraft['template'],
  refs: Pick<Refs, 'categories' | 'departments' | 'townships'>,
  now: Date,
  extra?: NotificationFields
): NotificationDraft {
  return { audience: { role, scope }, template, caseId: c._id, fields: caseFields(c, refs, now, extra) }
}

/**
 * The staff who hold a case now, told of a deadline or a 督办 (staff_warning): the county office while it waits in
 * the queue or in review (a department kept there for reference can do nothing with it); else its handler; else
 * its department.
 */
export function toHolder(c: CaseDoc, refs: Pick<Refs, 'categories' | 'departments' | 'townships'>, now: Date, fields: NotificationFields): NotificationDraft[] {
  if (c.state === 'queued' || c.state === 'review') return [toAudience(c, 'county_dispatcher', {}, 'staff_warning', refs, now, fields)]
  if (c.handlerOpenid) return [{ touser: c.handlerOpenid, template: 'staff_warning', caseId: c._id, fields: { no: c.no, ...fields } }]
  if (c.departmentId) return [toAudience(c, 'dept_handler', { departmentId: c.departmentId }, 'staff_warning', refs, now, fields)]
  return []
}

/** Staff to tell about a case that just entered the queue, a department, or review. */
export function newCaseAudience(c: CaseDoc, refs: Pick<Refs, 'categories' | 'departments' | 'townships'>, now: Date): NotificationDraft[] {
  const out: NotificationDraft[] = []
  if (c.state === 'dispatched' && c.departmentId) {
    out.push(toAudience(c, 'dept_handler', { departmentId: c.departmentId }, 'staff_new_case', refs, now))
  }
  const grids = c.gridId ? [c.gridId] : (c.gridGroup ?? [])
  if ((c.state === 'dispatched' || c.state === 'queued') && grids.length) {
    out.push(toAudience(c, 'grid_member', { gridIds: grids }, 'staff_new_case', refs, now))
    out.push(toAudience(c, 'building_leader', { gridIds: grids }, 'staff_new_case', refs, now))
  }
  if (c.state === 'queued' || c.state === 'review') {
    out.push(toAudience(c, 'county_dispatcher', {}, 'staff_new_case', refs, now))
  }
  return out
}

export function cloneCase(c: CaseDoc): CaseDoc {
  return {
    ...c,
    contact: { ...c.contact },
    moderation: { ...c.moderation },
    sla: { ...c.sla },
    flags: { ...c.flags },
    photos: [...c.photos],
    replies: c.replies.map((r) => ({ ...r, photos: [...r.photos] })),
    supplements: c.supplements.map((s) => ({ ...s, photos: [...s.photos] })),
    ...(c.supervisions ? { supervisions: c.supervisions.map(cloneOrder) } : {}),
    ...(c.instructions ? { instructions: c.instructions.map((i) => ({ ...i })) } : {}),
    ...(c.gridGroup ? { gridGroup: [...c.gridGroup] } : {}),
    ...(c.point ? { point: { ...c.point } } : {}),
    ...(c.rating ? { rating: { ...c.rating } } : {}),
    ...(c.finishBasis ? { finishBasis: { ...c.finishBasis } } : {}),
    ...(c.publication ? { publication: { ...c.publication } } : {}),
    ...(c.involved ? { involved: [...c.involved] } : {}),
    ...(c.callbacks ? { callbacks: c.callbacks.map((x) => ({ ...x })) } : {}),
    ...(c.onSpot ? { onSpot: { ...c.onSpot } } : {}),
    ...(c.mediaChecks ? { mediaChecks: c.mediaChecks.map((m) => ({ ...m })) } : {}),
    // (metoo)
    ...(c.followers ? { followers: [...c.followers] } : {}),
    ...(c.followerNames ? { followerNames: [...c.followerNames] } : {}),
    ...(c.followerNotes ? { followerNotes: c.followerNotes.map((x) => ({ ...x, photos: [...x.photos] })) } : {}),
    ...(c.merge ? { merge: { ...c.merge, added: [...c.merge.added] } } : {})
  }
}

function cloneOrder(o: SupervisionDoc): SupervisionDoc {
  return { ...o, ...(o.reply ? { reply: { ...o.reply } } : {}) }
}

/** The 督办 order waiting for its answer, if any (at most one at a time). */
export function openSupervision(c: Pick<CaseDoc, 'supervisions'>): SupervisionDoc | undefined {
  return (c.supervisions ?? []).find((o) => !o.reply && !o.closedAt)
}

/** An open 督办 order whose reply-by time the timer still has to watch (not yet escalated). */
export function watchedSupervision(c: CaseDoc): SupervisionDoc | undefined {
  const o = openSupervision(c)
  return o && !o.escalatedAt && OPEN_STATES.has(c.state) ? o : undefined
}

/** Past an open deadline whose overdue mark has been set. */
export function isOverdue(c: CaseDoc): boolean {
  return (c.state === 'dispatched' && !!c.acceptBy && c.flags.acceptOverdue) || (OPEN_STATES.has(c.state) && c.flags.finishOverdue)
}

/** When the current overdue episode started: the earliest open missed deadline. */
export function overdueSince(c: CaseDoc): Date | null {
  let t: number | null = null
  if (c.state === 'dispatched' && c.acceptBy && c.flags.acceptOverdue) t = c.acceptBy.getTime()
  if (OPEN_STATES.has(c.state) && c.flags.finishOverdue) t = t === null ? c.finishBy.getTime() : Math.min(t, c.finishBy.getTime())
  return t === null ? null : new Date(t)
}

/** True when the case waits for a rating on its latest resolution. */
export function awaitingRating(c: CaseDoc): boolean {
  return c.state === 'resolved' && !!c.resolvedAt && (!c.rating || c.rating.at.getTime() < c.resolvedAt.getTime())
}

/** The earliest instant at which the deadline timer has something to do; null when none. */
export function computeAlarmAt(c: CaseDoc): Date | null {
  const ts: number[] = []
  if (c.state === 'dispatched' && c.acceptBy) {
    if (!c.flags.acceptWarned && c.dispatchedAt) ts.push(acceptWarnAt(c.dispatchedAt, effectiveSla(c.sla)).getTime())
    if (!c.flags.acceptOverdue) ts.push(c.acceptBy.getTime())
  }
  if (OPEN_STATES.has(c.state)) {
    if (!c.flags.finishWarned) ts.push(finishWarnAt(c.finishBy).getTime())
    if (!c.flags.finishOverdue) ts.push(c.finishBy.getTime())
  }
  const since = overdueSince(c)
  if (since) {
    if (c.escalation < 1) ts.push(since.getTime())
    if (c.escalation < 2) ts.push(since.getTime() + ESCALATE_COUNTY_AFTER_MS)
  }
  if (awaitingRating(c)) ts.push(c.resolvedAt!.getTime() + AUTO_CLOSE_AFTER_MS)
  const order = watchedSupervision(c)
  if (order) ts.push(order.replyBy.getTime())
  return ts.length ? new Date(Math.min(...ts)) : null
}

/** Derived fields after any change: overdue, escalation reset, alarmAt, version, updatedAt. */
export function finalize(prev: CaseDoc, next: CaseDoc, now: Date): CaseDoc {
  if (next.state !== 'accepted') next.pendingExtensionId = null
  // A case that leaves the open states settles its unanswered 督办 order (on time when before its reply-by).
  if (!OPEN_STATES.has(next.state)) {
    const o = openSupervision(next)
    if (o) o.closedAt = now
  }
  if (next.supervisions) next.supervisionOpen = !!openSupervision(next)
  next.overdue = isOverdue(next)
  if (!next.overdue) next.escalation = 0
  next.alarmAt = computeAlarmAt(next)
  next.version = prev.version + 1
  next.updatedAt = now
  return next
}

/** Basis of the finish clock (older docs without finishBasis: submission day + SLA). */
export function finishBasisOf(c: CaseDoc): { day: string; workdays: number } {
  return c.finishBasis ?? { day: dayKey(c.submittedAt), workdays: effectiveSla(c.sla).finishWorkdays }
}
