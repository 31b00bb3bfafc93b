import { describe, expect, it } from 'vitest'
import { transition } from '../../../cloudfunctions/core/machine'
import { computeAlarmAt, recomputeProvisional, tick } from '../../../cloudfunctions/core/timer'
import { WorkCalendar } from '../../../cloudfunctions/core/calendar'
import { dayKey } from '../../../cloudfunctions/core/time'
import type { CaseDoc } from '../../../cloudfunctions/core/types'
import { A, bj, holidayRows, makeRefs } from './fixtures'
import { cmd, file, run } from './helpers'

const refs = makeRefs()

/** Tick, check idempotency at the same instant, and return the result. */
function step(c: CaseDoc, at: Date) {
  const r = tick(c, refs, at)
  if (r) {
    expect(tick(r.next, refs, at)).toBeNull()
    expect(r.next.alarmAt).toEqual(computeAlarmAt(r.next))
  }
  return r
}

describe('timer', () => {
  // Filed and dispatched Mon 2026-09-28 09:00; accept by 09-29 09:00; finish by the end of 10-10 (make-up Saturday).
  it('warn → overdue → township → county, then finish warning, overdue and auto-close', () => {
    let c = file()
    expect(c.alarmAt).toEqual(bj('2026-09-29 05:00'))
    expect(step(c, bj('2026-09-29 04:59'))).toBeNull()

    let r = step(c, bj('2026-09-29 05:00'))!
    expect(r.events.map((e) => e.type)).toEqual(['warn_accept'])
    expect(r.notifications[0]).toMatchObject({ template: 'staff_warning', audience: { role: 'dept_handler', scope: { departmentId: 'transport' } } })
    c = r.next
    expect(c.alarmAt).toEqual(bj('2026-09-29 09:00'))

    r = step(c, bj('2026-09-29 09:00'))!
    expect(r.events.map((e) => e.type)).toEqual(['overdue_accept', 'escalate_township'])
    expect(r.notifications.map((n) => n.audience?.role)).toContain('township_supervisor')
    c = r.next
    expect(c).toMatchObject({ overdue: true, escalation: 1, flags: { acceptOverdue: true } })
    expect(c.alarmAt).toEqual(bj('2026-09-30 09:00'))
    expect(step(c, bj('2026-09-30 08:59'))).toBeNull()

    r = step(c, bj('2026-09-30 09:00'))!
    expect(r.events.map((e) => e.type)).toEqual(['escalate_county'])
    expect(r.events[0]).toMatchObject({ actorRole: 'system', actorName: '系统' })
    c = r.next
    expect(c.escalation).toBe(2)
    expect(c.alarmAt).toEqual(bj('2026-10-10 00:00'))

    // Accepted late: no longer overdue; the first acceptance is not on time.
    c = transition(c, cmd.accept, A.dept, refs, bj('2026-09-30 10:00')).next
    expect(c).toMatchObject({ overdue: false, escalation: 0, firstAcceptOnTime: false })
    expect(c.alarmAt).toEqual(bj('2026-10-10 00:00'))

    r = step(c, bj('2026-10-10 00:00'))!
    expect(r.events.map((e) => e.type)).toEqual(['warn_finish'])
    expect(r.notifications[0].touser).toBe('o_dept')
    c = r.next
    r = step(c, bj('2026-10-10 23:59:59.999'))!
    expect(r.events.map((e) => e.type)).toEqual(['overdue_finish', 'escalate_township'])
    c = r.next
    expect(c.alarmAt).toEqual(new Date(bj('2026-10-10 23:59:59.999').getTime() + 86_400_000))

    c = transition(c, cmd.resolve, A.dept, refs, bj('2026-10-11 10:00')).next
    expect(c).toMatchObject({ state: 'resolved', overdue: false, firstResolveOnTime: false })
    expect(c.alarmAt).toEqual(bj('2026-10-18 10:00'))
    expect(step(c, bj('2026-10-18 09:59'))).toBeNull()
    r = step(c, bj('2026-10-18 10:00'))!
    expect(r.events.map((e) => e.type)).toEqual(['auto_close'])
    expect(r.next).toMatchObject({ state: 'closed', unrated: true, alarmAt: null })
    expect(step(r.next, bj('2026-12-01 10:00'))).toBeNull()
  })

  it('catches up after a long pause in one idempotent step, without stale warnings', () => {
    const c = file()
    const r = step(c, bj('2026-10-15 12:00'))!
    expect(r.events.map((e) => e.type)).toEqual(['overdue_accept', 'overdue_finish', 'escalate_township', 'escalate_county'])
    expect(r.next).toMatchObject({ escalation: 2, overdue: true, flags: { acceptWarned: true, acceptOverdue: true, finishWarned: true, finishOverdue: true } })
    expect(r.next.alarmAt).toBeNull()
  })

  it('the finish clock also runs in the queue and in review', () => {
    const q = file({ categoryId: 'other' })
    expect(q.alarmAt).toEqual(bj('2026-10-10 00:00'))
    const r = step(q, bj('2026-10-11 00:00'))!
    expect(r.events.map((e) => e.type)).toEqual(['overdue_finish', 'escalate_township'])
  })

  it('the finish warning goes to whoever holds the case: the county office while it waits in the queue', () => {
    // Queued from the start (no routing rule): the county routes it, so the county is warned, not a department.
    const q = step(file({ categoryId: 'other' }), bj('2026-10-10 00:00'))!
    expect(q.events.map((e) => e.type)).toEqual(['warn_finish'])
    expect(q.notifications).toEqual([expect.objectContaining({ template: 'staff_warning', audience: expect.objectContaining({ role: 'county_dispatcher' }) })])
    // 不满意 after two reopens: back to the county queue for review, the department kept only for reference.
    const R = (d: string) => bj(`2026-09-${d}`)
    const c = run(file(), [
      [cmd.accept, A.dept, R('28 10:00')], [cmd.resolve, A.dept, R('28 11:00')], [cmd.rate('unsatisfied'), A.resident, R('28 12:00')],
      [cmd.resolve, A.dept, R('28 13:00')], [cmd.rate('unsatisfied'), A.resident, R('28 14:00')],
      [cmd.resolve, A.dept, R('28 15:00')], [cmd.rate('unsatisfied'), A.resident, R('28 16:00')]
    ])
    expect(c).toMatchObject({ state: 'queued', departmentId: 'transport' })
    const r = step(c, c.alarmAt!)!
    expect(r.events.map((e) => e.type)).toEqual(['warn_finish'])
    expect(r.notifications).toHaveLength(1)
    expect(r.notifications[0]).toMatchObject({ audience: { role: 'county_dispatcher' } })
    expect(r.notifications[0].touser).toBeUndefined()
    // A 督办 of that case is for the county office too (it must route it), not for the department.
    const s = transition(c, { type: 'supervise', orderId: 'o1', note: '请尽快分派' }, A.town, refs, R('29 09:00'))
    expect(s.notifications).toEqual([expect.objectContaining({ audience: expect.objectContaining({ role: 'county_dispatcher' }) })])
    // So is the resident's 催办 (found by the simulation's notification sweep: it went to the department).
    const u = transition(c, { type: 'urge' }, A.resident, refs, c.alarmAt!)
    expect(u.notifications.map((m) => m.audience?.role ?? m.touser)).toEqual(['county_dispatcher', 'township_supervisor'])
  })

  it('a reopened case resolved again and left unrated auto-closes', () => {
    let c = run(file(), [[cmd.accept, A.dept, bj('2026-09-28 10:00')], [cmd.resolve, A.dept, bj('2026-09-28 12:00')], [cmd.rate('unsatisfied'), A.resident, bj('2026-09-28 13:00')], [cmd.resolve, A.dept, bj('2026-09-29 12:00')]])
    expect(c.alarmAt).toEqual(bj('2026-10-06 12:00'))
    c = step(c, bj('2026-10-06 12:00'))!.next
    expect(c).toMatchObject({ state: 'closed', unrated: true, rating: { value: 'unsatisfied' } })
  })

  it('corrects a stale alarmAt once, then has nothing to do', () => {
    const c = { ...file(), alarmAt: bj('2026-09-28 09:01') }
    const r = tick(c, refs, bj('2026-09-28 09:02'))!
    expect(r.events).toEqual([])
    expect(r.next.alarmAt).toEqual(bj('2026-09-29 05:00'))
    expect(tick(r.next, refs, bj('2026-09-28 09:02'))).toBeNull()
  })

  it('recomputes a provisional deadline when the year is confirmed', () => {
    const c = file({}, { at: bj('2026-12-28 10:00') })
    expect(c.provisional).toBe(true)
    expect(dayKey(c.finishBy)).toBe('2027-01-04')
    expect(recomputeProvisional(c, refs.calendar, bj('2026-12-29 10:00'))).toBeNull()
    const confirmed = new WorkCalendar([...holidayRows([2026]), { _id: '2027-01-01', kind: 'holiday' }], [
      { year: 2026, confirmed: true },
      { year: 2027, confirmed: true }
    ])
    const n = recomputeProvisional(c, confirmed, bj('2026-12-29 10:00'))!
    expect(dayKey(n.finishBy)).toBe('2027-01-05')
    expect(n).toMatchObject({ provisional: false, version: c.version + 1 })
    expect(n.alarmAt).toEqual(computeAlarmAt(n))
    expect(recomputeProvisional(n, confirmed, bj('2026-12-29 10:00'))).toBeNull()
  })
})
