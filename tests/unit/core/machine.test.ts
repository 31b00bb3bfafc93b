import { describe, expect, it } from 'vitest'
import { DomainError } from '../../../cloudfunctions/core/errors'
import { allowedActions, canSee, newCase, tabsFor, transition, type Actor, type Command } from '../../../cloudfunctions/core/machine'
import { computeAlarmAt } from '../../../cloudfunctions/core/timer'
import { dayKey } from '../../../cloudfunctions/core/time'
import type { CaseDoc } from '../../../cloudfunctions/core/types'
import { A, IN_G3, bj, makeRefs } from './fixtures'
import { cmd, file, input, run } from './helpers'

const refs = makeRefs()
const NOW = bj('2026-09-28 09:00')

function code(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof DomainError) return e.code
    throw e
  }
  return 'OK'
}

describe('newCase', () => {
  it('locates by point, routes by rule, starts both clocks and notifies', () => {
    const r = newCase(input(), A.resident, refs, NOW, { caseId: 'c1', no: 'WS1' }, { status: 'pass' }, false)
    const c = r.next
    expect(c).toMatchObject({ state: 'dispatched', gridId: 'g1', villageId: 'v_dongguan', townshipId: 'zhongdu', departmentId: 'transport', residentOpenid: 'o_res', filedBy: null, version: 1 })
    expect(c.acceptBy!.toISOString()).toBe(bj('2026-09-29 09:00').toISOString())
    expect(dayKey(c.finishBy)).toBe('2026-10-10') // 29, 30, 10-08, 10-09, 10-10 (make-up Saturday)
    expect(c.provisional).toBe(false)
    expect(c.contact.consentAt).toEqual(NOW)
    expect(c.alarmAt).toEqual(bj('2026-09-29 05:00'))
    expect(r.events.map((e) => e.type)).toEqual(['submit', 'route'])
    expect(r.events[1]).toMatchObject({ from: 'review', to: 'dispatched', actorRole: 'system', actorOpenid: null })
    expect(r.notifications.find((n) => n.touser === 'o_res')?.template).toBe('case_status')
    const audiences = r.notifications.filter((n) => n.audience).map((n) => n.audience!.role)
    expect(audiences.sort()).toEqual(['building_leader', 'dept_handler', 'grid_member'])
    expect(r.notifications.find((n) => n.audience?.role === 'dept_handler')!.audience!.scope).toEqual({ departmentId: 'transport' })
  })

  it('uses the township override before the county-wide rule', () => {
    expect(file({ categoryId: 'light' }).departmentId).toBe('zd_office')
    expect(file({ categoryId: 'light', place: { point: IN_G3 } }).departmentId).toBe('urban')
  })

  it('queues when no rule matches; holds flagged text in review', () => {
    const q = newCase(input({ categoryId: 'other' }), A.resident, refs, NOW, { caseId: 'q', no: 'Q' }, { status: 'pass' }, false)
    expect(q.next.state).toBe('queued')
    expect(q.next.acceptBy).toBeUndefined()
    expect(q.events.map((e) => e.type)).toEqual(['submit', 'queue'])
    expect(q.notifications.some((n) => n.touser)).toBe(false)
    expect(q.notifications.some((n) => n.audience?.role === 'county_dispatcher')).toBe(true)
    const h = newCase(input(), A.resident, refs, NOW, { caseId: 'h', no: 'H' }, { status: 'held', label: 'politics' }, false)
    expect(h.next).toMatchObject({ state: 'review', departmentId: null, moderation: { status: 'held', label: 'politics' } })
    expect(h.next.acceptBy).toBeUndefined()
    expect(dayKey(h.next.finishBy)).toBe('2026-10-10')
    expect(h.events.map((e) => e.type)).toEqual(['submit', 'hold'])
    expect(h.notifications.map((n) => n.audience?.role)).toEqual(['county_dispatcher'])
  })

  it('falls back to the chosen village or township; else PLACE_UNKNOWN', () => {
    expect(file({ place: { villageId: 'v_nanzhan1' } })).toMatchObject({ townshipId: 'nanzhan', villageId: 'v_nanzhan1' })
    const t = file({ place: { townshipId: 'junttun', point: { lng: 116.0, lat: 35.0 } } })
    expect(t.townshipId).toBe('junttun')
    expect(t.gridId).toBeUndefined()
    expect(code(() => file({ place: { point: { lng: 116.0, lat: 35.0 } } }))).toBe('PLACE_UNKNOWN')
    expect(code(() => file({ place: { townshipId: 'nowhere' } }))).toBe('PLACE_UNKNOWN')
  })

  it('rejects unknown or inactive categories and a phone without consent', () => {
    expect(code(() => file({ categoryId: 'old' }))).toBe('CATEGORY_UNKNOWN')
    expect(code(() => file({ categoryId: 'nope' }))).toBe('CATEGORY_UNKNOWN')
    expect(code(() => file({ consent: false }))).toBe('CONSENT_REQUIRED')
    const noPhone = file({ consent: false, contact: { name: '张三' } })
    expect(noPhone.contact.consentAt).toBeUndefined()
  })

  it('copies the category SLA (water: 2 h / 1 working day)', () => {
    const c = file({ categoryId: 'water' }, { at: bj('2026-09-30 10:00') })
    expect(c.acceptBy).toEqual(bj('2026-09-30 12:00'))
    expect(dayKey(c.finishBy)).toBe('2026-10-08')
  })

  it('proxy filing (代报): filer recorded, no resident openid, name required', () => {
    const c = file({ contact: { name: '刘大爷' }, consent: true }, { filer: A.grid, proxy: true })
    expect(c).toMatchObject({ filedBy: 'o_grid', residentOpenid: null })
    expect(code(() => file({ contact: { phone: '13812345678' } }, { filer: A.grid, proxy: true }))).toBe('INVALID_INPUT')
    expect(code(() => file({}, { filer: A.resident, proxy: true }))).toBe('FORBIDDEN')
    expect(code(() => file({}, { filer: A.dept, proxy: true }))).toBe('FORBIDDEN')
  })
})

describe('transitions', () => {
  it('accept → resolve → rate 满意 closes, on time', () => {
    const c0 = file()
    const a = transition(c0, cmd.accept, A.dept, refs, bj('2026-09-28 15:00'))
    expect(a.next).toMatchObject({ state: 'accepted', handlerOpenid: 'o_dept', handlerName: '孙经办', firstAcceptOnTime: true, version: c0.version + 1 })
    expect(a.events[0]).toMatchObject({ type: 'accept', from: 'dispatched', to: 'accepted', actorRole: 'dept_handler', actorOpenid: 'o_dept' })
    expect(code(() => transition(a.next, cmd.accept, A.dept2, refs, bj('2026-09-28 15:00')))).toBe('INVALID_STATE')
    const r = transition(a.next, cmd.resolve, A.dept, refs, bj('2026-09-30 11:00'))
    expect(r.next).toMatchObject({ state: 'resolved', firstResolveOnTime: true })
    expect(r.next.replies[0]).toMatchObject({ by: '孙经办', departmentName: '县交通运输局', text: '已修复信号灯' })
    expect(r.next.alarmAt).toEqual(bj('2026-10-07 11:00')) // auto-close after 7 days
    const z = transition(r.next, cmd.rate('satisfied'), A.resident, refs, bj('2026-10-01 08:00'))
    expect(z.next).toMatchObject({ state: 'closed', rating: { value: 'satisfied' }, alarmAt: null })
  })

  it('a department colleague may resolve; a late accept is not on time', () => {
    const c = run(file(), [[cmd.accept, A.dept, bj('2026-09-29 09:00:01')], [cmd.resolve, A.dept2]])
    expect(c.firstAcceptOnTime).toBe(false)
    expect(c.state).toBe('resolved')
  })

  it('department return: back to the queue with a reason, counted', () => {
    const c = run(file(), [[cmd.accept, A.dept], [cmd.ret, A.dept]])
    expect(c).toMatchObject({ state: 'queued', departmentId: null, handlerOpenid: null, returnCount: 1 })
    expect(code(() => transition(file(), { type: 'return', reason: '  ' }, A.dept, refs, NOW))).toBe('INVALID_INPUT')
  })

  it('grid member: accept from the queue, pass it up (not counted as a return), resolve on the spot', () => {
    const q = file({ categoryId: 'other' })
    const acc = transition(q, cmd.accept, A.grid, refs, bj('2026-09-28 10:00')).next
    expect(acc).toMatchObject({ state: 'accepted', handlerOpenid: 'o_grid', firstAcceptOnTime: true })
    const up = transition(acc, cmd.ret, A.grid, refs, bj('2026-09-28 11:00')).next
    expect(up).toMatchObject({ state: 'queued', returnCount: 0, handlerOpenid: null })
    const spot = transition(file(), cmd.spot, A.leader, refs, bj('2026-09-28 10:00'))
    expect(spot.next).toMatchObject({ state: 'resolved', handlerOpenid: 'o_lead', firstAcceptedAt: bj('2026-09-28 10:00'), firstResolveOnTime: true })
    expect(spot.events[0].type).toBe('resolve_on_spot')
  })

  it('withdraw only before acceptance', () => {
    const w = transition(file(), cmd.withdraw, A.resident, refs, NOW)
    expect(w.next).toMatchObject({ state: 'withdrawn', alarmAt: null })
    expect(w.events[0].note).toBe('已自行解决')
    expect(code(() => run(file(), [[cmd.accept, A.dept], [cmd.withdraw, A.resident]]))).toBe('INVALID_STATE')
  })

  it('route, transfer and release by the county or the township', () => {
    const q = file({ categoryId: 'other' })
    expect(code(() => transition(q, cmd.route('nope'), A.disp, refs, NOW))).toBe('DEPARTMENT_UNKNOWN')
    const r = transition(q, cmd.route('urban'), A.town, refs, bj('2026-09-28 12:00')).next
    expect(r).toMatchObject({ state: 'dispatched', departmentId: 'urban', acceptBy: bj('2026-09-29 12:00') })
    expect(code(() => transition(q, cmd.route(), A.town2, refs, NOW))).toBe('FORBIDDEN')
    const acc = run(file(), [[cmd.accept, A.dept, bj('2026-09-28 10:00')]])
    expect(code(() => transition(acc, cmd.transfer('transport'), A.disp, refs, NOW))).toBe('INVALID_INPUT')
    const t = transition(acc, cmd.transfer('urban'), A.admin, refs, bj('2026-09-29 10:00'))
    expect(t.next).toMatchObject({ state: 'dispatched', departmentId: 'urban', handlerOpenid: null, acceptBy: bj('2026-09-30 10:00') })
    expect(t.next.flags.acceptWarned).toBe(false)
    expect(t.events[0]).toMatchObject({ type: 'transfer', from: 'accepted', to: 'dispatched' })
    const held = file({}, { held: true })
    const rel = transition(held, cmd.release, A.disp, refs, bj('2026-09-28 10:00'))
    expect(rel.next).toMatchObject({ state: 'dispatched', departmentId: 'transport', moderation: { status: 'pass' } })
    expect(rel.events.map((e) => e.type)).toEqual(['release', 'route'])
  })

  it('reopen twice, then county review', () => {
    const refsX = makeRefs()
    let c = run(file(), [[cmd.accept, A.dept, bj('2026-09-28 10:00')], [cmd.resolve, A.dept, bj('2026-09-29 10:00')]], refsX)
    const r1 = transition(c, cmd.rate('unsatisfied'), A.resident, refsX, bj('2026-09-30 09:00'))
    expect(r1.events.map((e) => e.type)).toEqual(['rate', 'reopen'])
    c = r1.next
    expect(c).toMatchObject({ state: 'accepted', reopenCount: 1, handlerOpenid: 'o_dept', departmentId: 'transport', rating: { value: 'unsatisfied' } })
    expect(dayKey(c.finishBy)).toBe('2026-10-13') // new clock from the reopen day (the brief's example)
    expect(c.flags.finishWarned).toBe(false)
    c = run(c, [[cmd.resolve, A.dept, bj('2026-10-08 10:00')], [cmd.rate('unsatisfied'), A.resident, bj('2026-10-08 12:00')], [cmd.resolve, A.dept, bj('2026-10-09 10:00')]], refsX)
    expect(c.reopenCount).toBe(2)
    const r3 = transition(c, cmd.rate('unsatisfied'), A.resident, refsX, bj('2026-10-09 12:00'))
    expect(r3.events.map((e) => e.type)).toEqual(['rate', 'county_review'])
    expect(r3.next).toMatchObject({ state: 'queued', reopenCount: 2, departmentId: 'transport', handlerOpenid: null })
    expect(r3.notifications.some((n) => n.audience?.role === 'county_dispatcher')).toBe(true)
  })

  it('extension: request, approve moves finishBy by working days and clears the overdue mark; refuse keeps it', () => {
    const acc = run(file(), [[cmd.accept, A.dept, bj('2026-09-28 10:00')]])
    const req = transition(acc, cmd.ext('x1', 3), A.dept, refs, bj('2026-09-30 10:00'))
    expect(req.extension).toMatchObject({ _id: 'x1', state: 'pending', workdays: 3, departmentId: 'transport', requestedBy: 'o_dept' })
    expect(req.next.pendingExtensionId).toBe('x1')
    expect(allowedActions(A.dept, req.next)).not.toContain('request_extension')
    expect(code(() => transition(req.next, cmd.ext('x2'), A.dept, refs, NOW))).toBe('INVALID_STATE')
    expect(code(() => transition(acc, { ...cmd.ext(), workdays: 0 } as Command, A.dept, refs, NOW))).toBe('INVALID_INPUT')
    // Overdue first: the deadline 10-10 passed.
    const overdue = { ...req.next, flags: { ...req.next.flags, finishWarned: true, finishOverdue: true }, overdue: true, escalation: 1 as const }
    const decide = (approve: boolean, actor: Actor) =>
      transition(overdue, { type: 'decide_extension', extension: req.extension!, approve, note: '同意' }, actor, refs, bj('2026-10-11 09:00'))
    expect(code(() => decide(true, A.town2))).toBe('FORBIDDEN')
    expect(code(() => decide(true, A.dept))).toBe('FORBIDDEN')
    const ok = decide(true, A.town)
    expect(dayKey(ok.next.finishBy)).toBe('2026-10-14') // 10-10 + 12, 13, 14
    expect(ok.next).toMatchObject({ overdue: false, escalation: 0, pendingExtensionId: null, flags: { finishOverdue: false, finishWarned: false } })
    expect(ok.next.finishBasis).toEqual({ day: '2026-09-28', workdays: 8 })
    expect(ok.extension).toMatchObject({ state: 'approved', decidedBy: 'o_town', decisionNote: '同意' })
    expect(ok.events[0].type).toBe('extension_approve')
    const no = decide(false, A.disp)
    expect(no.next.finishBy).toEqual(overdue.finishBy)
    expect(no.next.overdue).toBe(true)
    expect(no.extension!.state).toBe('refused')
    expect(code(() => transition(ok.next, { type: 'decide_extension', extension: req.extension!, approve: true }, A.disp, refs, NOW))).toBe('INVALID_STATE')
  })

  it('every result recomputes alarmAt and bumps the version', () => {
    const c0 = file()
    const c1 = transition(c0, cmd.accept, A.dept, refs, bj('2026-09-28 10:00')).next
    expect(c1.version).toBe(c0.version + 1)
    expect(c1.alarmAt).toEqual(computeAlarmAt(c1))
    expect(c1.alarmAt).toEqual(bj('2026-10-10 00:00')) // finish warning on the last working day
  })
})

describe('authorisation matrix', () => {
  const dispatched = file()
  const states: Record<string, CaseDoc> = {
    review: file({}, { held: true }),
    queued: file({ categoryId: 'other' }),
    dispatched,
    accepted: run(dispatched, [[cmd.accept, A.dept]]),
    resolved: run(dispatched, [[cmd.accept, A.dept], [cmd.resolve, A.dept]]),
    closed: run(dispatched, [[cmd.accept, A.dept], [cmd.resolve, A.dept], [cmd.rate('basic'), A.resident]]),
    withdrawn: run(dispatched, [[cmd.withdraw, A.resident]])
  }
  const S = ['review', 'queued', 'dispatched', 'accepted', 'resolved', 'closed', 'withdrawn']
  // actor → allowed actions per state, in S order; '' = none.
  const matrix: Record<string, string[]> = {
    resident: ['supplement withdraw', 'supplement withdraw urge', 'supplement withdraw urge', 'supplement urge', 'rate', '', ''],
    // (metoo) Any other resident may follow (附议) a case being worked on.
    other: ['', 'follow', 'follow', 'follow', '', '', ''],
    grid: ['', 'accept resolve_on_spot', 'accept resolve_on_spot', '', '', '', ''],
    leader: ['', 'accept resolve_on_spot', 'accept resolve_on_spot', '', '', '', ''],
    grid3: ['', '', '', '', '', '', ''],
    dept: ['', '', 'accept return', 'return resolve request_extension progress', '', '', ''],
    water: ['', '', '', '', '', '', ''],
    town: ['release merge', 'route supervise merge', 'transfer supervise merge', 'transfer supervise merge', '', '', ''],
    town2: ['', '', '', '', '', '', ''],
    disp: ['release merge', 'route supervise merge', 'transfer supervise merge', 'transfer supervise merge', '', '', ''],
    admin: ['release merge', 'route supervise merge', 'transfer supervise merge', 'transfer supervise merge', '', '', '']
  }
  for (const [who, row] of Object.entries(matrix)) {
    it(`${who}`, () => {
      const actor = A[who as keyof typeof A]
      S.forEach((s, i) => {
        const want = row[i] ? row[i].split(' ').sort() : []
        expect([s, allowedActions(actor, states[s]).sort()]).toEqual([s, want])
      })
    })
  }

  it('visibility follows scope', () => {
    const c = states.dispatched
    expect(['resident', 'grid', 'leader', 'dept', 'town', 'disp', 'admin'].every((w) => canSee(A[w as keyof typeof A], c))).toBe(true)
    expect(['other', 'grid3', 'water', 'town2'].some((w) => canSee(A[w as keyof typeof A], c))).toBe(false)
    const proxied = file({ contact: { name: '刘大爷' } }, { filer: A.grid3, proxy: true })
    expect(canSee(A.grid3, proxied)).toBe(true)
    expect(allowedActions(A.grid3, proxied)).toEqual(['supplement', 'urge'])
  })

  it('FORBIDDEN without the power, INVALID_STATE with it in the wrong state', () => {
    const t = (c: CaseDoc, command: Command, actor: Actor) => code(() => transition(c, command, actor, refs, NOW))
    expect(t(states.dispatched, cmd.rate('satisfied'), A.resident)).toBe('INVALID_STATE')
    expect(t(states.dispatched, cmd.accept, A.resident)).toBe('FORBIDDEN')
    expect(t(states.dispatched, cmd.supplement, A.other)).toBe('FORBIDDEN')
    expect(t(states.accepted, cmd.accept, A.dept2)).toBe('INVALID_STATE')
    expect(t(states.dispatched, cmd.accept, A.water)).toBe('FORBIDDEN')
    expect(t(states.queued, cmd.route(), A.dept)).toBe('FORBIDDEN')
    expect(t(states.accepted, cmd.resolve, A.grid)).toBe('FORBIDDEN') // handled by the department, not by them
    expect(t(states.accepted, cmd.accept, A.grid)).toBe('INVALID_STATE')
    expect(t(states.dispatched, cmd.route(), A.town)).toBe('INVALID_STATE')
    expect(t(states.resolved, cmd.transfer(), A.disp)).toBe('INVALID_STATE')
    expect(t(states.queued, cmd.transfer(), A.disp)).toBe('INVALID_STATE') // a queued case is routed, not transferred
    expect(t(states.closed, cmd.rate('basic'), A.resident)).toBe('INVALID_STATE')
    expect(t(states.review, cmd.release, A.town2)).toBe('FORBIDDEN')
  })

  it('a proxy filer never rates: the county records a 回访 instead (issue 7 §2)', () => {
    const p = file({ contact: { name: '刘大爷' } }, { filer: A.grid3, proxy: true })
    const c = run(p, [[cmd.accept, A.dept], [cmd.resolve, A.dept]])
    expect(allowedActions(A.grid3, c)).toEqual([])
    expect(() => transition(c, cmd.rate('basic'), A.grid3, refs, bj('2026-09-29 09:00'))).toThrow(/权限/)
    expect(c.callbackDue).toBe(true)
    expect(allowedActions(A.disp, c)).toContain('callback')
    const r = transition(c, { type: 'callback', reached: true, rating: 'basic', note: '电话回访' }, A.disp, refs, bj('2026-09-29 09:00'))
    expect(r.next.state).toBe('closed')
    expect(r.next.callbackDue).toBe(false)
    expect(r.events.map((e) => e.type)).toEqual(['callback'])
  })

  it('a grid member who solved on the spot never rates, nor records a 回访 (issue 7 §2)', () => {
    const p = file({ contact: { name: '刘大爷' }, place: { point: IN_G3 } }, { filer: A.grid3, proxy: true })
    const c = run(p, [[cmd.spot, A.grid3]])
    expect(c.state).toBe('resolved')
    expect(c.onSpot?.byOpenid).toBe(A.grid3.openid)
    expect(allowedActions(A.grid3, c)).not.toContain('rate')
    // The county dispatcher who had routed it is involved too; another county officer may call back.
    const routed = run(file({}, { filer: A.resident }), [[cmd.accept, A.dept], [cmd.resolve, A.dept]])
    expect(allowedActions(A.dept, routed)).toEqual([])
    expect(allowedActions(A.resident, routed)).toEqual(['rate'])
  })

  it('tabs per role', () => {
    expect(tabsFor('resident')).toEqual(['file', 'mine', 'board', 'me'])
    expect(tabsFor('dept_handler')).toContain('work')
    expect(tabsFor('county_admin')).toContain('admin')
    expect(tabsFor('grid_member')).not.toContain('admin')
  })
})
