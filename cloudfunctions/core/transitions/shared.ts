// What the transitions share: the step each command runs, input checks, and the clock and routing moves.
import type { CaseState } from '../../../typings/api'
import type { CaseDoc, EventDoc, ExtensionDoc, NotificationDraft } from '../types'
import { type Actor, type Refs, SYSTEM_ACTOR, makeEvent, newCaseAudience, toResident } from '../common'
import { DomainError } from '../errors'
import type { Act, Capacity } from '../grants'
import { resolveUnit, routeDepartment } from '../routing'
import { acceptDeadline, effectiveSla } from '../sla'
import { dayKey } from '../time'

export type EventDraft = Omit<EventDoc, '_id'>

/** What a command's step sees and fills: `n` is the next case (a copy of `c`), to be changed in place. */
export interface Step<C> {
  c: CaseDoc
  n: CaseDoc
  cmd: C
  actor: Actor
  /** The capacity that granted the action (grants.ts). */
  cap: Capacity
  refs: Refs
  now: Date
  from: CaseState
  events: EventDraft[]
  notifications: NotificationDraft[]
  /** An extension document created or decided by the step. */
  extension?: ExtensionDoc
}

/** One command: the act it needs a grant for, and what it does. */
export interface Transition<C> {
  act: Act
  run(t: Step<C>): void
}

export function requireText(v: string | undefined, what: string, max = 1000): string {
  const t = (v ?? '').trim()
  if (!t) throw new DomainError('INVALID_INPUT', `请填写${what}`)
  if (t.length > max) throw new DomainError('INVALID_INPUT', `${what}不能超过 ${max} 字`)
  return t
}

export function optText(v: string | undefined): string | undefined {
  const t = (v ?? '').trim()
  return t ? t : undefined
}

export function checkPhotos(photos: string[] | undefined): string[] {
  const p = photos ?? []
  if (p.length > 9) throw new DomainError('TOO_MANY_PHOTOS')
  return [...p]
}

export function requireDepartment(refs: Refs, id: string): string {
  if (!refs.departments.has(id)) throw new DomainError('DEPARTMENT_UNKNOWN')
  return id
}

export function deptName(refs: Refs, id: string | null | undefined): string | undefined {
  return id ? (refs.departments.get(id)?.name ?? id) : undefined
}

/** Start a new accept clock towards `departmentId`. */
export function dispatchTo(n: CaseDoc, departmentId: string, now: Date): void {
  n.state = 'dispatched'
  n.departmentId = departmentId
  clearHandler(n)
  n.dispatchedAt = now
  n.acceptBy = acceptDeadline(now, effectiveSla(n.sla))
  n.flags.acceptWarned = false
  n.flags.acceptOverdue = false
}

export function clearHandler(n: CaseDoc): void {
  n.handlerOpenid = null
  delete n.handlerName
}

/** Start a new finish clock from the Beijing day of `now` (reopen). */
export function restartFinishClock(n: CaseDoc, refs: Refs, now: Date): void {
  const workdays = effectiveSla(n.sla).finishWorkdays
  const dl = refs.calendar.finishDeadline(now, workdays)
  n.finishBy = dl.at
  n.provisional = dl.provisional
  n.finishBasis = { day: dayKey(now), workdays }
  n.flags.finishWarned = false
  n.flags.finishOverdue = false
}

/** Route by the rules (newCase, release): dispatched or queued, with its event. */
export function autoRoute(n: CaseDoc, refs: Refs, now: Date): EventDraft {
  const from = n.state
  const target = routeDepartment(n.categoryId, n.townshipId, refs.rules)
  // A rule may target the case's own village or township unit (routing.ts VILLAGE_UNIT / TOWNSHIP_UNIT).
  const dept = target ? resolveUnit(target, n) : null
  if (dept && refs.departments.has(dept)) {
    dispatchTo(n, dept, now)
    return makeEvent(n, 'route', SYSTEM_ACTOR, now, { from, to: 'dispatched', note: `按规则派至${deptName(refs, dept)}` })
  }
  n.state = 'queued'
  n.departmentId = null
  return makeEvent(n, 'queue', SYSTEM_ACTOR, now, { from, to: 'queued', note: '未匹配派单规则，进入县级待分派队列' })
}

/** Whom to tell when a case was (re)routed: the resident when it reached a department, and its new staff. */
export function routedNotifications(n: CaseDoc, refs: Refs, now: Date): NotificationDraft[] {
  const out: NotificationDraft[] = []
  if (n.state === 'dispatched') out.push(...toResident(n, refs, now))
  out.push(...newCaseAudience(n, refs, now))
  return out
}

export function markFirstAccept(n: CaseDoc, now: Date): void {
  n.acceptedAt = now
  if (!n.firstAcceptedAt) {
    n.firstAcceptedAt = now
    // A case accepted from the queue had no accept clock running: on time.
    n.firstAcceptOnTime = n.state === 'dispatched' && n.acceptBy ? now.getTime() <= n.acceptBy.getTime() : true
  }
}
