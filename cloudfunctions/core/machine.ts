// The case state machine: authorisation by role and scope, transitions, events and notifications.
import type { CaseAction, CaseState, Me, Rating, Role, SubmitInput } from '../../typings/api'
import { RATING_LABELS, ROLES } from '../../typings/api'
import type { CaseDoc, EventDoc, ExtensionDoc, NotificationDraft } from './types'
import {
  type Actor,
  type Refs,
  SYSTEM_ACTOR,
  cloneCase,
  finalize,
  makeEvent,
  newCaseAudience,
  toAudience,
  toResident
} from './common'
import { DomainError } from './errors'
import { locate } from './grid'
import { routeDepartment } from './routing'
import { acceptDeadline, effectiveSla } from './sla'
import { dayKey, endOfDay, formatBeijing } from './time'

export { SYSTEM_ACTOR }
export type { Actor, Refs }

export type Command =
  | { type: 'accept' }
  | { type: 'return'; reason: string }
  | { type: 'resolve'; text: string; photos: string[] }
  | { type: 'resolve_on_spot'; text: string; photos: string[] }
  | { type: 'supplement'; text: string; photos: string[] }
  | { type: 'withdraw'; reason?: string }
  | { type: 'rate'; rating: Rating; comment?: string }
  | { type: 'route'; departmentId: string; note?: string }
  | { type: 'transfer'; departmentId: string; note: string }
  | { type: 'release'; note?: string }
  | { type: 'request_extension'; workdays: number; reason: string; extensionId: string }
  | { type: 'decide_extension'; extension: ExtensionDoc; approve: boolean; note?: string }

export interface TransitionResult {
  /** version + 1, updatedAt = now, alarmAt recomputed. */
  next: CaseDoc
  events: Array<Omit<EventDoc, '_id'>>
  notifications: NotificationDraft[]
  /** Created (request) or updated (decision). */
  extension?: ExtensionDoc
}

/** A submission after validation: the contract's SubmitInput (who files it is passed separately). */
export type NewCaseInput = SubmitInput

/** Most working days one extension may add. */
export const MAX_EXTENSION_WORKDAYS = 30
/** After this many reopens, an unsatisfied rating sends the case to county review instead. */
export const MAX_REOPENS = 2

const STAFF_ROLES: ReadonlySet<Role> = new Set<Role>(ROLES.filter((r) => r !== 'resident'))
const GRID_ROLES: ReadonlySet<Role> = new Set<Role>(['grid_member', 'building_leader'])
const COUNTY_ROLES: ReadonlySet<Role> = new Set<Role>(['county_dispatcher', 'county_admin'])
/** Roles that may file on someone's behalf (代报). */
const PROXY_ROLES: ReadonlySet<Role> = new Set<Role>([
  'grid_member',
  'building_leader',
  'township_supervisor',
  'county_dispatcher',
  'county_admin'
])

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.has(role)
}

export function tabsFor(role: Role): Me['tabs'] {
  if (role === 'resident') return ['file', 'mine', 'board', 'me']
  if (GRID_ROLES.has(role) || role === 'dept_handler') return ['file', 'mine', 'board', 'work', 'me']
  return ['file', 'mine', 'board', 'admin', 'me']
}

// ---------------------------------------------------------------------------------------------------------
// Authorisation
// ---------------------------------------------------------------------------------------------------------

type Act = CaseAction | 'decide_extension'
type Capacity = 'owner' | 'filer' | 'grid' | 'dept' | 'supervisor'
interface Grant {
  cap: Capacity
  states: CaseState[]
  /** A further condition once the state fits; its failure code. */
  extra?: (c: CaseDoc, actor: Actor) => 'FORBIDDEN' | 'INVALID_STATE' | null
}

const OWNER_GRANTS: Partial<Record<Act, CaseState[]>> = {
  supplement: ['review', 'queued', 'dispatched', 'accepted'],
  withdraw: ['review', 'queued', 'dispatched'],
  rate: ['resolved']
}
const FILER_GRANTS: Partial<Record<Act, CaseState[]>> = {
  supplement: ['review', 'queued', 'dispatched', 'accepted'],
  rate: ['resolved']
}
const mustBeHandler = (c: CaseDoc, a: Actor) => (c.handlerOpenid === a.openid ? null : ('FORBIDDEN' as const))
const GRID_GRANTS: Partial<Record<Act, Omit<Grant, 'cap'>>> = {
  accept: { states: ['queued', 'dispatched'] },
  resolve_on_spot: {
    states: ['queued', 'dispatched', 'accepted'],
    extra: (c, a) => (c.state === 'accepted' ? mustBeHandler(c, a) : null)
  },
  resolve: { states: ['accepted'], extra: mustBeHandler },
  return: { states: ['accepted'], extra: mustBeHandler }
}
const DEPT_GRANTS: Partial<Record<Act, Omit<Grant, 'cap'>>> = {
  accept: { states: ['dispatched'] },
  return: { states: ['dispatched', 'accepted'] },
  resolve: { states: ['accepted'] },
  request_extension: { states: ['accepted'], extra: (c) => (c.pendingExtensionId ? 'INVALID_STATE' : null) }
}
const SUPERVISOR_GRANTS: Partial<Record<Act, CaseState[]>> = {
  route: ['queued'],
  transfer: ['queued', 'dispatched', 'accepted'],
  release: ['review'],
  decide_extension: ['accepted']
}

function isCounty(actor: Actor): boolean {
  return COUNTY_ROLES.has(actor.role)
}
function inGrid(actor: Actor, c: CaseDoc): boolean {
  return GRID_ROLES.has(actor.role) && !!c.gridId && !!actor.scope.gridIds?.includes(c.gridId)
}
function inDept(actor: Actor, c: CaseDoc): boolean {
  return actor.role === 'dept_handler' && !!actor.scope.departmentId && c.departmentId === actor.scope.departmentId
}
function inTownship(actor: Actor, c: CaseDoc): boolean {
  return actor.role === 'township_supervisor' && !!actor.scope.townshipId && c.townshipId === actor.scope.townshipId
}

function grantsFor(actor: Actor, c: CaseDoc, act: Act): Grant[] {
  const out: Grant[] = []
  if (c.residentOpenid && c.residentOpenid === actor.openid && OWNER_GRANTS[act]) {
    out.push({ cap: 'owner', states: OWNER_GRANTS[act]! })
  }
  if (GRID_ROLES.has(actor.role) && c.filedBy === actor.openid && FILER_GRANTS[act]) {
    out.push({ cap: 'filer', states: FILER_GRANTS[act]! })
  }
  if (inGrid(actor, c) && GRID_GRANTS[act]) out.push({ cap: 'grid', ...GRID_GRANTS[act]! })
  if (inDept(actor, c) && DEPT_GRANTS[act]) out.push({ cap: 'dept', ...DEPT_GRANTS[act]! })
  if ((isCounty(actor) || inTownship(actor, c)) && SUPERVISOR_GRANTS[act]) {
    out.push({ cap: 'supervisor', states: SUPERVISOR_GRANTS[act]! })
  }
  return out
}

type Check = { ok: true; cap: Capacity } | { ok: false; code: 'FORBIDDEN' | 'INVALID_STATE' }

function check(actor: Actor, c: CaseDoc, act: Act): Check {
  const grants = grantsFor(actor, c, act)
  if (!grants.length) return { ok: false, code: 'FORBIDDEN' }
  let failure: 'FORBIDDEN' | 'INVALID_STATE' = 'INVALID_STATE'
  for (const g of grants) {
    if (!g.states.includes(c.state)) continue
    const err = g.extra?.(c, actor) ?? null
    if (!err) return { ok: true, cap: g.cap }
    failure = err
  }
  return { ok: false, code: failure }
}

export function canSee(actor: Actor, c: CaseDoc): boolean {
  if (isCounty(actor)) return true
  if (c.residentOpenid && c.residentOpenid === actor.openid) return true
  if (c.filedBy && c.filedBy === actor.openid) return true
  if (c.handlerOpenid && c.handlerOpenid === actor.openid) return true
  return inGrid(actor, c) || inDept(actor, c) || inTownship(actor, c)
}

const CASE_ACTIONS: CaseAction[] = [
  'supplement',
  'withdraw',
  'rate',
  'accept',
  'return',
  'resolve',
  'resolve_on_spot',
  'request_extension',
  'route',
  'transfer',
  'release'
]

export function allowedActions(actor: Actor, c: CaseDoc): CaseAction[] {
  return CASE_ACTIONS.filter((a) => check(actor, c, a).ok)
}

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

function requireText(v: string | undefined, what: string, max = 1000): string {
  const t = (v ?? '').trim()
  if (!t) throw new DomainError('INVALID_INPUT', `请填写${what}`)
  if (t.length > max) throw new DomainError('INVALID_INPUT', `${what}不能超过 ${max} 字`)
  return t
}

function optText(v: string | undefined): string | undefined {
  const t = (v ?? '').trim()
  return t ? t : undefined
}

function checkPhotos(photos: string[] | undefined): string[] {
  const p = photos ?? []
  if (p.length > 9) throw new DomainError('TOO_MANY_PHOTOS')
  return [...p]
}

function requireDepartment(refs: Refs, id: string): string {
  if (!refs.departments.has(id)) throw new DomainError('DEPARTMENT_UNKNOWN')
  return id
}

function deptName(refs: Refs, id: string | null | undefined): string | undefined {
  return id ? (refs.departments.get(id)?.name ?? id) : undefined
}

/** Start a new accept clock towards `departmentId`. */
function dispatchTo(n: CaseDoc, departmentId: string, now: Date): void {
  n.state = 'dispatched'
  n.departmentId = departmentId
  n.handlerOpenid = null
  delete n.handlerName
  n.dispatchedAt = now
  n.acceptBy = acceptDeadline(now, effectiveSla(n.sla))
  n.flags.acceptWarned = false
  n.flags.acceptOverdue = false
}

/** Start a new finish clock from the Beijing day of `now` (reopen). */
function restartFinishClock(n: CaseDoc, refs: Refs, now: Date): void {
  const workdays = effectiveSla(n.sla).finishWorkdays
  const dl = refs.calendar.finishDeadline(now, workdays)
  n.finishBy = dl.at
  n.provisional = dl.provisional
  n.finishBasis = { day: dayKey(now), workdays }
  n.flags.finishWarned = false
  n.flags.finishOverdue = false
}

/** Route by the rules (newCase, release): dispatched or queued, with its event. */
function autoRoute(n: CaseDoc, refs: Refs, now: Date): Omit<EventDoc, '_id'> {
  const from = n.state
  const dept = routeDepartment(n.categoryId, n.townshipId, refs.rules)
  if (dept && refs.departments.has(dept)) {
    dispatchTo(n, dept, now)
    return makeEvent(n, 'route', SYSTEM_ACTOR, now, { from, to: 'dispatched', note: `按规则派至${deptName(refs, dept)}` })
  }
  n.state = 'queued'
  n.departmentId = null
  return makeEvent(n, 'queue', SYSTEM_ACTOR, now, { from, to: 'queued', note: '未匹配派单规则，进入县级待分派队列' })
}

function routedNotifications(n: CaseDoc, refs: Refs, now: Date): NotificationDraft[] {
  const out: NotificationDraft[] = []
  if (n.state === 'dispatched') out.push(...toResident(n, refs, now))
  out.push(...newCaseAudience(n, refs, now))
  return out
}

// ---------------------------------------------------------------------------------------------------------
// newCase
// ---------------------------------------------------------------------------------------------------------

export function newCase(
  input: NewCaseInput,
  filer: Actor,
  refs: Refs,
  now: Date,
  ids: { caseId: string; no: string },
  moderation: { status: 'pass' | 'held'; label?: string },
  proxy: boolean
): TransitionResult {
  const category = refs.categories.get(input.categoryId)
  if (!category || !category.active) throw new DomainError('CATEGORY_UNKNOWN')
  const place = locate(input.place, refs)
  if (!place) throw new DomainError('PLACE_UNKNOWN')
  const text = requireText(input.text, '诉求内容')
  const photos = checkPhotos(input.photos)
  const name = optText(input.contact?.name)
  const phone = optText(input.contact?.phone)
  if (phone && !input.consent) throw new DomainError('CONSENT_REQUIRED')
  if (proxy) {
    if (!PROXY_ROLES.has(filer.role)) throw new DomainError('FORBIDDEN')
    if (!name) throw new DomainError('INVALID_INPUT', '代报诉求需填写群众姓名')
  }

  const sla = effectiveSla(category.sla)
  const dl = refs.calendar.finishDeadline(now, sla.finishWorkdays)
  const contact: CaseDoc['contact'] = {}
  if (name) contact.name = name
  if (phone) contact.phone = phone
  if ((name || phone) && input.consent) contact.consentAt = now

  const base: CaseDoc = {
    _id: ids.caseId,
    no: ids.no,
    state: 'review',
    residentOpenid: proxy ? null : filer.openid,
    filedBy: proxy ? filer.openid : null,
    categoryId: category._id,
    text,
    photos,
    townshipId: place.townshipId,
    contact,
    hideName: !!input.hideName,
    moderation: moderation.label ? { status: moderation.status, label: moderation.label } : { status: moderation.status },
    departmentId: null,
    handlerOpenid: null,
    sla,
    submittedAt: now,
    finishBy: dl.at,
    provisional: dl.provisional,
    finishBasis: { day: dayKey(now), workdays: sla.finishWorkdays },
    pendingExtensionId: null,
    flags: { acceptWarned: false, acceptOverdue: false, finishWarned: false, finishOverdue: false },
    escalation: 0,
    overdue: false,
    alarmAt: null,
    reopenCount: 0,
    returnCount: 0,
    unrated: false,
    replies: [],
    supplements: [],
    version: 0,
    updatedAt: now
  }
  if (input.place.point) base.point = { lng: input.place.point.lng, lat: input.place.point.lat }
  if (place.villageId) base.villageId = place.villageId
  if (place.gridId) base.gridId = place.gridId
  const address = optText(input.place.address)
  if (address) base.address = address

  const n = cloneCase(base)
  const events: Array<Omit<EventDoc, '_id'>> = [
    makeEvent(n, 'submit', filer, now, { photos, note: proxy ? `代报：${name}` : undefined })
  ]
  if (moderation.status === 'held') {
    events.push(makeEvent(n, 'hold', SYSTEM_ACTOR, now, { to: 'review', note: '内容待人工审核' }))
  } else {
    events.push(autoRoute(n, refs, now))
  }
  // A new document: version 1 after finalize (base version 0).
  const next = finalize(base, n, now)
  return { next, events, notifications: routedNotifications(next, refs, now) }
}

// ---------------------------------------------------------------------------------------------------------
// transition
// ---------------------------------------------------------------------------------------------------------

const ACT_OF: Record<Command['type'], Act> = {
  accept: 'accept',
  return: 'return',
  resolve: 'resolve',
  resolve_on_spot: 'resolve_on_spot',
  supplement: 'supplement',
  withdraw: 'withdraw',
  rate: 'rate',
  route: 'route',
  transfer: 'transfer',
  release: 'release',
  request_extension: 'request_extension',
  decide_extension: 'decide_extension'
}

function markFirstAccept(n: CaseDoc, now: Date): void {
  n.acceptedAt = now
  if (!n.firstAcceptedAt) {
    n.firstAcceptedAt = now
    // A case accepted from the queue had no accept clock running: on time.
    n.firstAcceptOnTime = n.state === 'dispatched' && n.acceptBy ? now.getTime() <= n.acceptBy.getTime() : true
  }
}

function markResolved(n: CaseDoc, actor: Actor, refs: Refs, now: Date, text: string, photos: string[]): void {
  n.state = 'resolved'
  n.resolvedAt = now
  if (!n.firstResolvedAt) {
    n.firstResolvedAt = now
    n.firstResolveOnTime = now.getTime() <= n.finishBy.getTime()
  }
  const reply: CaseDoc['replies'][number] = { at: now, by: actor.name, text, photos }
  const dn = actor.role === 'dept_handler' ? deptName(refs, n.departmentId) : undefined
  if (dn) reply.departmentName = dn
  n.replies.push(reply)
}

export function transition(c: CaseDoc, cmd: Command, actor: Actor, refs: Refs, now: Date): TransitionResult {
  const chk = check(actor, c, ACT_OF[cmd.type])
  if (!chk.ok) throw new DomainError(chk.code)
  const n = cloneCase(c)
  const from = c.state
  const events: Array<Omit<EventDoc, '_id'>> = []
  const notifications: NotificationDraft[] = []
  let extension: ExtensionDoc | undefined

  switch (cmd.type) {
    case 'accept': {
      markFirstAccept(n, now)
      n.state = 'accepted'
      n.handlerOpenid = actor.openid
      n.handlerName = actor.name
      events.push(makeEvent(n, 'accept', actor, now, { from, to: 'accepted' }))
      notifications.push(...toResident(n, refs, now))
      break
    }
    case 'return': {
      const reason = requireText(cmd.reason, '退回理由', 500)
      if (chk.cap === 'dept') n.returnCount += 1 // a grid member passing a case up is the normal flow, not a refusal
      n.state = 'queued'
      n.departmentId = null
      n.handlerOpenid = null
      delete n.handlerName
      events.push(makeEvent(n, 'return', actor, now, { from, to: 'queued', note: reason }))
      notifications.push(toAudience(n, 'county_dispatcher', {}, 'staff_new_case', refs, now, { remark: `退回理由：${reason}` }))
      break
    }
    case 'resolve':
    case 'resolve_on_spot': {
      const text = requireText(cmd.text, '办理结果')
      const photos = checkPhotos(cmd.photos)
      if (cmd.type === 'resolve_on_spot') {
        if (from !== 'accepted') markFirstAccept(n, now)
        n.handlerOpenid = actor.openid
        n.handlerName = actor.name
      }
      markResolved(n, actor, refs, now, text, photos)
      events.push(makeEvent(n, cmd.type, actor, now, { from, to: 'resolved', note: text, photos }))
      notifications.push(...toResident(n, refs, now, { remark: '诉求已办结，请对办理结果进行评价' }))
      break
    }
    case 'supplement': {
      const text = requireText(cmd.text, '补充内容')
      const photos = checkPhotos(cmd.photos)
      n.supplements.push({ at: now, text, photos })
      events.push(makeEvent(n, 'supplement', actor, now, { note: text, photos }))
      if (n.handlerOpenid) {
        notifications.push({
          touser: n.handlerOpenid,
          template: 'case_status',
          caseId: n._id,
          fields: { no: n.no, status: '已补充', time: formatBeijing(now), remark: '群众补充了材料' }
        })
      }
      break
    }
    case 'withdraw': {
      n.state = 'withdrawn'
      n.closedAt = now
      events.push(makeEvent(n, 'withdraw', actor, now, { from, to: 'withdrawn', note: optText(cmd.reason) }))
      break
    }
    case 'rate': {
      const comment = optText(cmd.comment)
      n.rating = comment ? { value: cmd.rating, comment, at: now } : { value: cmd.rating, at: now }
      const note = comment ? `${RATING_LABELS[cmd.rating]}：${comment}` : RATING_LABELS[cmd.rating]
      if (cmd.rating !== 'unsatisfied') {
        n.state = 'closed'
        n.closedAt = now
        events.push(makeEvent(n, 'rate', actor, now, { from, to: 'closed', note }))
      } else if (n.reopenCount >= MAX_REOPENS) {
        // 不满意 after two reopens: to the county for review (department kept for reference).
        n.state = 'queued'
        n.handlerOpenid = null
        delete n.handlerName
        restartFinishClock(n, refs, now)
        events.push(makeEvent(n, 'rate', actor, now, { note }))
        events.push(makeEvent(n, 'county_review', SYSTEM_ACTOR, now, { from, to: 'queued', note: `已重办${n.reopenCount}次仍不满意，转县级审查` }))
        notifications.push(toAudience(n, 'county_dispatcher', {}, 'staff_warning', refs, now, { kind: '重办审查', remark: '多次重办仍不满意，请审查' }))
      } else {
        n.reopenCount += 1
        n.state = 'accepted'
        n.acceptedAt = now
        restartFinishClock(n, refs, now)
        events.push(makeEvent(n, 'rate', actor, now, { note }))
        events.push(makeEvent(n, 'reopen', SYSTEM_ACTOR, now, { from, to: 'accepted', note: `第${n.reopenCount}次重办，新的办结期限 ${formatBeijing(n.finishBy, 'YYYY-MM-DD')}` }))
        if (n.handlerOpenid) {
          notifications.push({ touser: n.handlerOpenid, template: 'staff_warning', caseId: n._id, fields: { no: n.no, kind: '诉求重办', remark: '群众不满意，诉求重办', deadline: formatBeijing(n.finishBy) } })
        }
      }
      break
    }
    case 'route': {
      const dept = requireDepartment(refs, cmd.departmentId)
      dispatchTo(n, dept, now)
      events.push(makeEvent(n, 'route', actor, now, { from, to: 'dispatched', note: optText(cmd.note) ?? `派至${deptName(refs, dept)}` }))
      notifications.push(...routedNotifications(n, refs, now))
      break
    }
    case 'transfer': {
      const note = requireText(cmd.note, '转办说明', 500)
      const dept = requireDepartment(refs, cmd.departmentId)
      if (dept === c.departmentId) throw new DomainError('INVALID_INPUT', '请选择其他部门')
      dispatchTo(n, dept, now)
      events.push(makeEvent(n, 'transfer', actor, now, { from, to: 'dispatched', note: `转办至${deptName(refs, dept)}：${note}` }))
      notifications.push(...routedNotifications(n, refs, now))
      break
    }
    case 'release': {
      n.moderation = { ...n.moderation, status: 'pass' }
      events.push(makeEvent(n, 'release', actor, now, { from, note: optText(cmd.note) }))
      events.push(autoRoute(n, refs, now))
      notifications.push(...routedNotifications(n, refs, now))
      break
    }
    case 'request_extension': {
      const reason = requireText(cmd.reason, '延期理由', 500)
      if (!Number.isInteger(cmd.workdays) || cmd.workdays < 1 || cmd.workdays > MAX_EXTENSION_WORKDAYS) {
        throw new DomainError('INVALID_INPUT', `延期天数须为 1 至 ${MAX_EXTENSION_WORKDAYS} 个工作日`)
      }
      extension = {
        _id: cmd.extensionId,
        caseId: n._id,
        caseNo: n.no,
        departmentId: n.departmentId,
        requestedAt: now,
        requestedBy: actor.openid,
        requestedByName: actor.name,
        workdays: cmd.workdays,
        reason,
        state: 'pending'
      }
      n.pendingExtensionId = cmd.extensionId
      events.push(makeEvent(n, 'extension_request', actor, now, { note: `申请延期 ${cmd.workdays} 个工作日：${reason}` }))
      notifications.push(toAudience(n, 'township_supervisor', { townshipId: n.townshipId }, 'staff_warning', refs, now, { kind: '延期待批', remark: '延期申请待审批' }))
      notifications.push(toAudience(n, 'county_dispatcher', {}, 'staff_warning', refs, now, { kind: '延期待批', remark: '延期申请待审批' }))
      break
    }
    case 'decide_extension': {
      const ext = cmd.extension
      if (ext.caseId !== c._id || ext.state !== 'pending' || c.pendingExtensionId !== ext._id) {
        throw new DomainError('INVALID_STATE')
      }
      const note = optText(cmd.note)
      extension = { ...ext, state: cmd.approve ? 'approved' : 'refused', decidedAt: now, decidedBy: actor.openid }
      if (note) extension.decisionNote = note
      n.pendingExtensionId = null
      if (cmd.approve) {
        const basis = c.finishBasis ?? { day: dayKey(c.submittedAt), workdays: effectiveSla(c.sla).finishWorkdays }
        const oldDay = dayKey(c.finishBy)
        const newDay = refs.calendar.addWorkdays(oldDay, ext.workdays)
        n.finishBy = endOfDay(newDay)
        n.provisional = c.provisional || refs.calendar.crossesUnconfirmed(oldDay, newDay)
        n.finishBasis = { day: basis.day, workdays: basis.workdays + ext.workdays }
        n.flags.finishWarned = false
        n.flags.finishOverdue = false
        events.push(makeEvent(n, 'extension_approve', actor, now, { note: `同意延期 ${ext.workdays} 个工作日，新的办结期限 ${newDay}${note ? `；${note}` : ''}` }))
      } else {
        events.push(makeEvent(n, 'extension_refuse', actor, now, { note: note ?? '不同意延期' }))
      }
      notifications.push({
        touser: ext.requestedBy,
        template: 'staff_warning',
        caseId: n._id,
        fields: { no: n.no, kind: cmd.approve ? '延期同意' : '延期未同意', remark: cmd.approve ? '延期申请已同意' : '延期申请未同意', deadline: formatBeijing(n.finishBy) }
      })
      break
    }
  }
  const next = finalize(c, n, now)
  return extension ? { next, events, notifications, extension } : { next, events, notifications }
}
