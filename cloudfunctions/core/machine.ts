// The case state machine: a new case, and `transition`, the one way to change a case. Who may do what is in
// grants.ts; what each command does is in transitions/<command>.ts.
import type { CaseChannel, SubmitInput } from '../../typings/api'
import type { CaseDoc, EventDoc, ExtensionDoc, NotificationDraft } from './types'
import { type Actor, type Refs, SYSTEM_ACTOR, cloneCase, finalize, makeEvent } from './common'
import { DomainError } from './errors'
import { check, isStaff, mayFileForOthers, mayTakeHotline, noteInvolvement } from './grants'
import { newCaseChannel, SOURCE_PATTERN } from './channels'
import { locate } from './grid'
import { homeGrid } from './policy'
import { effectiveSla } from './sla'
import { dayKey } from './time'
import { type Command, type Step, TRANSITIONS } from './transitions'
import { geohash, SIMILAR_PRECISION } from './geo'
import { autoRoute, checkPhotos, optText, requireText, routedNotifications } from './transitions/shared'

export { SYSTEM_ACTOR }
export type { Actor, Refs, Command }
export { MAX_EXTENSION_WORKDAYS, MAX_REOPENS } from './transitions'
export { allowedActions, canSee, isStaff, tabsFor } from './grants'
export { mayUseTile, tilesFor, TILE_ROLES, openSupervision } from './grants'

export interface TransitionResult {
  /** version + 1, updatedAt = now, alarmAt recomputed. */
  next: CaseDoc
  events: Array<Omit<EventDoc, '_id'>>
  notifications: NotificationDraft[]
  /** Created (request) or updated (decision). */
  extension?: ExtensionDoc
}

/** A submission after validation: the contract's SubmitInput (who files it is passed separately). */
export type NewCaseInput = SubmitInput & {
  /** (policy) The notice a 政策咨询 is about, resolved by the handler. */
  policy?: { id: string; title: string }
  /** (policy) The filer says they work away from home. */
  migrant?: boolean
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
  proxy: boolean,
  /** The intake channel when the handler knows it (热线, 开放接口); else from the source or `proxy`. */
  intake?: { channel: CaseChannel }
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
  // An Open311 client (an API key of the county's) files for people the platform does not know; names optional.
  const viaApi = intake?.channel.type === 'open311' && !!intake.channel.clientId && filer.openid === `open311:${intake.channel.clientId}`
  if (proxy && !viaApi) {
    if (!mayFileForOthers(filer.role)) throw new DomainError('FORBIDDEN')
    if (!name) throw new DomainError('INVALID_INPUT', '代报诉求需填写群众姓名')
  }
  if (intake?.channel.type === 'open311' && (!viaApi || !proxy)) throw new DomainError('FORBIDDEN')
  if (intake?.channel.type === 'hotline') {
    if (!proxy || !mayTakeHotline(filer.role)) throw new DomainError('FORBIDDEN')
    if (!phone) throw new DomainError('INVALID_INPUT', '热线诉求需填写来电号码')
  }
  const source = optText(input.source)
  if (source && !SOURCE_PATTERN.test(source)) throw new DomainError('INVALID_INPUT', '来源格式不正确')

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
  // Staff who file (for someone or themselves) are part of the case: they never rate it.
  if (isStaff(filer.role)) base.involved = [filer.openid]
  if (input.place.point) base.point = { lng: input.place.point.lng, lat: input.place.point.lat }
  // (metoo) The geohash cell of the point, for 附议 suggestions (core/geo.ts).
  if (input.place.point) base.geo6 = geohash(input.place.point)
  // (share) The finer cell the suggestion's candidate query reads (core/geo.ts SIMILAR_PRECISION).
  if (input.place.point) base.geo7 = geohash(input.place.point, SIMILAR_PRECISION)
  if (place.villageId) base.villageId = place.villageId
  if (place.gridId) base.gridId = place.gridId
  if (place.gridGroup) base.gridGroup = [...place.gridGroup]
  const address = optText(input.place.address)
  if (address) base.address = address
  // 同意公开: off unless the resident (or the filer on their behalf) ticks it; see core/publication.ts.
  base.publicConsent = !!input.publicConsent
  if (input.fromAfar) {
    // 在外地: the handler put the home village as the place (no point); its only grid, if it has one.
    base.fromAfar = true
    const grid = base.gridId ?? (base.villageId ? homeGrid(base.villageId, refs) : undefined)
    if (grid) base.gridId = grid
  }
  if (input.migrant) base.migrant = true
  if (input.policy) base.policy = { id: input.policy.id, title: input.policy.title }
  base.channel = newCaseChannel(intake?.channel, source, proxy)
  if (source) base.source = source

  const n = cloneCase(base)
  const events: Array<Omit<EventDoc, '_id'>> = [
    makeEvent(n, 'submit', filer, now, { photos, note: proxy ? `${base.channel.type === 'hotline' ? '热线' : '代报'}：${name}` : undefined })
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

/** Apply `cmd` to `c` for `actor` at `now`: authorised by grants.ts, carried out by the command's module. */
export function transition(c: CaseDoc, cmd: Command, actor: Actor, refs: Refs, now: Date): TransitionResult {
  const t = TRANSITIONS[cmd.type] as { act: Parameters<typeof check>[2]; run(step: Step<Command>): void }
  const chk = check(actor, c, t.act)
  if (!chk.ok) throw new DomainError(chk.code)
  const step: Step<Command> = { c, n: cloneCase(c), cmd, actor, cap: chk.cap, refs, now, from: c.state, events: [], notifications: [] }
  t.run(step)
  noteInvolvement(step.n, actor, t.act)
  const next = finalize(c, step.n, now)
  const out: TransitionResult = { next, events: step.events, notifications: step.notifications }
  if (step.extension) out.extension = step.extension
  return out
}
