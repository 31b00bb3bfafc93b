// The deadline timer through the emulator's timer endpoint, with the emulated clock moved forward:
// accept warning, overdue marks, escalation to the township then the county, auto-close — each exactly once,
// however often and concurrently the timer runs. Then the holiday calendar: an edit plus confirmYear
// recompute the provisional deadlines of open cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../helpers/stack'
import { dayKey } from '../../cloudfunctions/core'
import { allDocs, caseTimeline, countDocs, countOf, P, rawCase, roadCase, rollupMismatches, submitAs, timelineTypes } from './helpers'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

const eventTypes = (caseId: string) => timelineTypes(stack, caseId)

/** Several timer runs at once, some with a clock move in between. */
async function stormTimers(n = 3) {
  const rs = await Promise.all(Array.from({ length: n }, () => stack.fireTimer()))
  for (const r of rs) expect(r.ok, JSON.stringify(r)).toBe(true)
  return rs
}

describe('deadline timer', () => {
  it('warns, marks overdue and escalates exactly once (water/power outage: 2 h to accept)', async () => {
    const c = await submitAs(stack, P.resident1, roadCase({ categoryId: 'cat-power-outage', text: '东门社区整栋楼停电两个小时了' }))
    expect(c.departmentId).toBe('dp-gongdian')
    await stormTimers()
    expect(await eventTypes(c._id)).toEqual(['submit', 'route'])

    await stack.advanceClock(101 * MIN)
    await stack.clearOutbox()
    await stormTimers(4)
    let types = await eventTypes(c._id)
    expect(countOf(types, 'warn_accept')).toBe(1)
    const warned = await stack.outbox(P.gongdian)
    expect(warned.length).toBe(1)

    // Past the 2 h accept deadline: overdue, and escalated to the township supervisor at once.
    await Promise.all([stack.fireTimer(), stack.advanceClock(20 * MIN).then(() => stormTimers(3))])
    await stormTimers(2)
    types = await eventTypes(c._id)
    expect(countOf(types, 'overdue_accept')).toBe(1)
    expect(countOf(types, 'escalate_township')).toBe(1)
    expect(countOf(types, 'escalate_county')).toBe(0)
    expect((await stack.outbox(P.township)).length).toBeGreaterThanOrEqual(1)

    const doc = (await stack.db.collection('cases').doc(c._id).get()).data[0]
    expect(doc).toMatchObject({ overdue: true, escalation: 1 })
    const overdue = await stack.as(P.dispatcher).ok('admin', 'overdue', { pageSize: 50 })
    expect(overdue.items.some((i) => i._id === c._id)).toBe(true)
    const inbox = await stack.as(P.gongdian).ok('staff', 'inbox', { bucket: 'overdue' })
    expect(inbox.counts.overdue).toBeGreaterThanOrEqual(1)
    expect(inbox.items.some((i) => i._id === c._id)).toBe(true)

    // 24 h after the overdue mark: the county.
    await stack.advanceClock(DAY)
    await Promise.all([stormTimers(3), stack.advanceClock(MIN).then(() => stack.fireTimer())])
    types = await eventTypes(c._id)
    expect(countOf(types, 'escalate_county')).toBe(1)
    expect(countOf(types, 'overdue_accept')).toBe(1)
    expect(countOf(types, 'warn_accept')).toBe(1)

    // Accepting late still counts: response decided, not on time; the overdue mark clears.
    const accepted = await stack.as(P.gongdian).ok('staff', 'accept', { caseId: c._id })
    expect(accepted.state).toBe('accepted')
    const after = (await stack.db.collection('cases').doc(c._id).get()).data[0]
    expect(after.firstAcceptOnTime).toBe(false)
  })

  it('auto-closes a resolved case after 7 days without a rating, once', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const h = stack.as(P.zhujian)
    await h.ok('staff', 'accept', { caseId: c._id })
    await h.ok('staff', 'resolve', { caseId: c._id, text: '已修补完毕，请评价' })
    await stack.advanceClock(7 * DAY - HOUR)
    await stormTimers()
    expect(countOf(await eventTypes(c._id), 'auto_close')).toBe(0)
    await stack.advanceClock(2 * HOUR)
    await Promise.all([stormTimers(3), stack.advanceClock(MIN).then(() => stormTimers(2))])
    const types = await eventTypes(c._id)
    expect(countOf(types, 'auto_close')).toBe(1)
    const d = await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    expect(d.state).toBe('closed')
    expect(d.rating).toBeUndefined()
    const late = await stack.as(P.resident1).call('petition', 'rate', { caseId: c._id, rating: 'satisfied' })
    expect(late).toMatchObject({ ok: false, code: 'INVALID_STATE' })
  })

  it('publication commands move no clock: a published case still auto-closes once, and stays on the board', async () => {
    const c = await submitAs(stack, P.resident1, roadCase({ publicConsent: true }))
    const h = stack.as(P.zhujian)
    await h.ok('staff', 'accept', { caseId: c._id })
    const resolved = await h.ok('staff', 'resolve', { caseId: c._id, text: '已修补完毕，请评价' })
    const alarm = async () => (await allDocs(stack, 'cases', { _id: c._id }))[0].alarmAt
    const before = await alarm()
    await stack.as(P.dispatcher).ok('admin', 'publishSummary', { caseId: c._id })
    await stack.as(P.resident1).ok('petition', 'setPublication', { caseId: c._id, consent: false })
    await stack.as(P.resident1).ok('petition', 'setPublication', { caseId: c._id, consent: true })
    await stack.as(P.dispatcher).ok('admin', 'publishSummary', { caseId: c._id })
    expect(+new Date(await alarm())).toBe(+new Date(before))
    await stack.advanceClock(7 * DAY + HOUR)
    await Promise.all([stormTimers(3), stormTimers(2)])
    const types = await eventTypes(c._id)
    expect(countOf(types, 'auto_close')).toBe(1)
    expect(countOf(types, 'publish')).toBe(2)
    const d = await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    expect(d.state).toBe('closed')
    expect(resolved.publication?.state).toBe('pending')
    const board = await stack.as(P.resident2).ok('petition', 'board', { pageSize: 50 })
    expect(board.items.some((i) => i._id === c._id)).toBe(true)
  })

  it('认领 moves no clock: a hotline case claimed amid timer runs is warned and marked overdue once, claimed once', async () => {
    const phone = '13900008888'
    const c = (
      await stack.as(P.dispatcher).ok('admin', 'hotlineSubmit', {
        categoryId: 'cat-power-outage',
        text: '来电反映东门社区整栋楼停电两个小时了',
        place: { townshipId: 'tw-zhongdu', villageId: 'vl-zhongdu-dongmen' },
        contact: { name: '来电群众', phone },
        consent: true
      })
    ).case
    const alarm = async () => (await allDocs(stack, 'cases', { _id: c._id }))[0].alarmAt
    const before = await alarm()
    await stack.advanceClock(101 * MIN)
    // Two claims by the caller (two phones of theirs open at once) while the timer runs.
    const claims = await Promise.all([
      stack.as('o-timer-caller').ok('user', 'claimByPhone', { code: `phone:${phone}` }),
      stack.as('o-timer-caller').ok('user', 'claimByPhone', { code: `phone:${phone}` }),
      stormTimers(3)
    ])
    expect(claims[0].claimed.length + claims[1].claimed.length).toBe(1)
    expect(+new Date(await alarm())).toBeGreaterThanOrEqual(+new Date(before))
    await stack.advanceClock(20 * MIN)
    await stormTimers(3)
    const types = await eventTypes(c._id)
    expect(countOf(types, 'claim')).toBe(1)
    expect(countOf(types, 'warn_accept')).toBe(1)
    expect(countOf(types, 'overdue_accept')).toBe(1)
    expect((await allDocs(stack, 'cases', { _id: c._id }))[0].residentOpenid).toBe('o-timer-caller')
  })

  it('warns on the last working day and marks the finish deadline overdue', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    const finishBy = new Date(c.due.finishBy)
    const now = await stack.now()
    // To 01:00 Beijing on the last working day: the warning.
    const lastDayStart = new Date(finishBy.getTime() + 1 - DAY + HOUR)
    await stack.advanceClock(Math.max(0, lastDayStart.getTime() - now.getTime()))
    await stormTimers()
    let types = await eventTypes(c._id)
    expect(countOf(types, 'warn_finish')).toBe(1)
    expect(countOf(types, 'overdue_finish')).toBe(0)
    await stack.advanceClock(DAY)
    await stormTimers()
    types = await eventTypes(c._id)
    expect(countOf(types, 'overdue_finish')).toBe(1)
    expect(countOf(types, 'escalate_township')).toBe(1)
    expect(countOf(types, 'warn_finish')).toBe(1)
  })

  it('a timer run costs the due cases only: nothing due → nothing scanned', async () => {
    await stormTimers()
    const r = await stack.fireTimer()
    expect(r.data.applied).toBe(0)
    expect(r.data.scanned).toBe(0)
  })

  it('a WeChat client cannot run the timer', async () => {
    const r = await stack.as(P.admin).raw('timer', {})
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('督办 reply-by', () => {
  it('an unanswered order escalates to the county exactly once, under repeated and concurrent timer runs', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    const o = await stack.as(P.township).ok('admin', 'supervise', { caseId: c._id, note: '请尽快处理' })
    const replyBy = new Date(o.supervisions![0]!.replyBy)
    const alarm = (await stack.db.collection('cases').doc(c._id).get()).data[0].alarmAt
    expect(new Date(alarm).getTime()).toBeLessThanOrEqual(replyBy.getTime())

    const now = await stack.now()
    await stack.advanceClock(replyBy.getTime() - now.getTime() - MIN)
    await stormTimers()
    expect(countOf(await eventTypes(c._id), 'supervise_overdue')).toBe(0)

    await stack.clearOutbox()
    await Promise.all([stack.fireTimer(), stack.advanceClock(2 * MIN).then(() => stormTimers(4))])
    await stormTimers(3)
    await stack.advanceClock(HOUR)
    await Promise.all([stormTimers(3), stack.advanceClock(MIN).then(() => stormTimers(2))])
    const types = await eventTypes(c._id)
    expect(countOf(types, 'supervise_overdue')).toBe(1)
    const doc = (await stack.db.collection('cases').doc(c._id).get()).data[0]
    expect(doc.supervisions[0].escalatedAt).toBeTruthy()
    expect(doc.supervisionOpen).toBe(true)
    const county = await stack.outbox(P.dispatcher)
    expect(county.filter((m) => JSON.stringify(m.data).includes('督办逾期')).length).toBe(1)

    // The late answer still counts as an answer, not on time.
    const late = await stack.as(P.zhujian).ok('staff', 'superviseReply', { caseId: c._id, text: '已处理，回复晚了' })
    expect(late.supervisions![0]!.status).toBe('replied_late')
    const after = (await stack.db.collection('cases').doc(c._id).get()).data[0]
    expect(after.supervisionOpen).toBe(false)
    // Resolving settles nothing more and the timer has nothing left for this order.
    await stormTimers(2)
    expect(countOf(await eventTypes(c._id), 'supervise_overdue')).toBe(1)
  })

})

describe('holiday calendar', () => {
  it('an edit is audited; confirming a year recomputes provisional deadlines of open cases', async () => {
    // Move to Monday 2026-12-28 10:00 Beijing: 5 working days end in 2027, whose schedule is not confirmed.
    const target = Date.parse('2026-12-28T10:00:00+08:00')
    const now = await stack.now()
    expect(now.getTime()).toBeLessThan(target) // the stack starts at TEST_EPOCH, never at today's date
    await stack.advanceClock(target - now.getTime())
    const c = await submitAs(stack, P.resident1, roadCase())
    expect(c.due.provisional).toBe(true)
    expect(c.due.finishBy).toBe(new Date('2027-01-04T23:59:59.999+08:00').toISOString())

    const admin = stack.as(P.admin)
    expect(await stack.as(P.dispatcher).call('admin', 'setHoliday', { date: '2027-01-01', kind: 'holiday', name: '元旦' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN'
    })
    const y = await admin.ok('admin', 'setHoliday', { date: '2027-01-01', kind: 'holiday', name: '元旦' })
    expect(y.days).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }])
    expect(y.confirmed).toBe(false)
    const confirmed = await admin.ok('admin', 'confirmYear', { year: 2027, confirmed: true })
    expect(confirmed.confirmed).toBe(true)

    const after = await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    expect(after.due.provisional).toBe(false)
    expect(after.due.finishBy).toBe(new Date('2027-01-05T23:59:59.999+08:00').toISOString())

    const withAudit = await stack.as(P.dispatcher).ok('admin', 'holidays', { year: 2027 })
    expect(withAudit.audit.map((a) => a.change).join('\n')).toMatch(/2027-01-01[\s\S]*确认 2027/)
    expect(withAudit.audit.filter((a) => a.by === '郑华')).toHaveLength(2)

    // Back to a normal day, audited too.
    const normal = await admin.ok('admin', 'setHoliday', { date: '2027-01-01', kind: 'normal' })
    expect(normal.days).toEqual([])
    expect(await countDocs(stack, 'holidays', { _id: '2027-01-01' })).toBe(0)
    const bad = await admin.call('admin', 'setHoliday', { date: '2027-13-01', kind: 'holiday' })
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('rollups written behind the transitions (shared/rollups.ts)', () => {
  it('a transition only marks its case; the summary and the timer flush, each change counted exactly once, also under concurrent flushes and for cases stored before', async () => {
    const s = await startStack()
    try {
      const admin = s.as(P.admin)
      const day = dayKey(await s.now())
      const rollupSums = async () => JSON.stringify((await allDocs(s, 'rollups')).map((d) => [d._id, d.units]).sort())
      const dueCases = async () => (await allDocs(s, 'cases')).filter((c) => c.rollupDue).map((c) => c._id)
      const rollupsBefore = await rollupSums()
      const cases = await Promise.all(Array.from({ length: 24 }, (_, i) => submitAs(s, `o-behind-${i}`, roadCase())))
      // The submits wrote no rollup doc: each case is marked due, counting nothing yet.
      expect(await rollupSums()).toBe(rollupsBefore)
      for (const c of cases) expect(await rawCase(s, c._id)).toMatchObject({ rollupDue: true, rolled: null })

      // The summary flushes first, so it counts every committed submit; then nothing is due and the rollups recount.
      const summary = await admin.ok('admin', 'summary', { from: day, to: day })
      expect(summary.total.volume).toBeGreaterThanOrEqual(24)
      expect(await dueCases()).toEqual([])
      expect(await rollupMismatches(s)).toMatchObject({ mismatches: [] })
      const flushed = await rawCase(s, cases[0]!._id)
      expect(flushed.rolled.ids).toEqual([`d|${day}|county`, `m|${day.slice(0, 7)}|county`, `d|${day}|t:${flushed.townshipId}`, `m|${day.slice(0, 7)}|t:${flushed.townshipId}`])
      expect(flushed.rolled.k).toMatchObject({ volume: 1 })

      // A transition marks its case again; the timer's run flushes it, and the next run has nothing to do.
      await s.as(P.zhujian).ok('staff', 'accept', { caseId: cases[0]!._id })
      expect(await dueCases()).toEqual([cases[0]!._id])
      expect((await admin.ok('admin', 'summary', { from: day, to: day })).total.acceptDecided).toBe(summary.total.acceptDecided + 1)
      await s.as(P.zhujian).ok('staff', 'resolve', { caseId: cases[0]!._id, text: '已经修好了' })
      expect((await s.fireTimer()).data.rolledUp).toBe(1)
      expect((await s.fireTimer()).data.rolledUp).toBe(0)
      expect(await rollupMismatches(s)).toMatchObject({ mismatches: [] })

      // A case stored before rollups were written behind (no `rolled`, not due) was counted as it stood.
      await s.db.collection('cases').doc(cases[1]!._id).update({ rolled: s.db.command.remove() })
      expect(await rawCase(s, cases[1]!._id)).not.toHaveProperty('rolled')
      await s.as(P.zhujian).ok('staff', 'accept', { caseId: cases[1]!._id })

      // Many transitions, then flushes racing each other and more transitions: still each change exactly once.
      const work = cases.slice(2, 14).map((c) => s.as(P.zhujian).ok('staff', 'accept', { caseId: c._id }))
      const flushes = [s.fireTimer(), s.fireTimer(), admin.ok('admin', 'summary', { from: day, to: day })]
      await Promise.all([...work, ...flushes])
      await admin.ok('admin', 'summary', { from: day, to: day })
      expect(await dueCases()).toEqual([])
      expect(await rollupMismatches(s)).toMatchObject({ mismatches: [] })

      // The timer's own ticks (overdue marks of the cases nobody accepted) are counted in their tick transaction.
      await s.advanceClock(25 * 3600_000)
      const run = (await s.fireTimer()).data
      expect(run.events.overdue_accept).toBeGreaterThanOrEqual(10)
      expect(run.rolledUp).toBe(0)
      expect(await dueCases()).toEqual([])
      expect(await rollupMismatches(s)).toMatchObject({ mismatches: [] })
    } finally {
      await s.close()
    }
  })
})

describe('retention (issue 7 §4)', () => {
  let rs: Stack
  beforeAll(async () => {
    rs = await startStack()
  })
  afterAll(async () => {
    await rs?.close()
  })

  it('the daily pass anonymizes the contact details of cases closed more than 3 years ago, exactly once, under concurrent runs', async () => {
    const closed = (await rs.as(P.resident1).ok('petition', 'submit', roadCase())).case
    await rs.as(P.zhujian).ok('staff', 'accept', { caseId: closed._id })
    await rs.as(P.zhujian).ok('staff', 'resolve', { caseId: closed._id, text: '已经修好了' })
    await rs.as(P.resident1).ok('petition', 'rate', { caseId: closed._id, rating: 'satisfied' })
    const open = (await rs.as(P.resident2).ok('petition', 'submit', roadCase({ text: '东门社区门口的台阶坏了' }))).case
    const doc = async (id: string) => (await rs.db.collection('cases').doc(id).get()).data[0]
    const events = async (id: string) => (await caseTimeline(rs, id)).map((e) => e.type)

    // Two years on: nothing is old enough.
    await rs.advanceClock(2 * 365 * DAY)
    for (const r of await Promise.all([rs.fireTimer(), rs.fireTimer()])) expect(r.ok).toBe(true)
    expect((await doc(closed._id)).contact.phone).toBe('13812345678')

    // Past 1095 days after closing: the next daily pass anonymizes it, once, however many runs at once.
    await rs.advanceClock(366 * DAY)
    const runs = await Promise.all([rs.fireTimer(), rs.fireTimer(), rs.fireTimer()])
    for (const r of runs) expect(r.ok).toBe(true)
    expect(runs.reduce((a, r) => a + (r.data.anonymized ?? 0), 0)).toBe(1)
    const d = await doc(closed._id)
    expect(d.contact).toEqual({})
    expect(d.anonymizedAt).toBeTruthy()
    expect(d.residentOpenid).toBe(P.resident1)
    expect(countOf(await events(closed._id), 'anonymize')).toBe(1)
    // The open case keeps its contact (it is not closed).
    expect((await doc(open._id)).contact.phone).toBe('13812345678')

    // Later runs, the same day and the next days, do not touch it again.
    await Promise.all([rs.fireTimer(), rs.fireTimer()])
    await rs.advanceClock(DAY)
    const next = await Promise.all([rs.fireTimer(), rs.fireTimer()])
    expect(next.reduce((a, r) => a + (r.data.anonymized ?? 0), 0)).toBe(0)
    expect(countOf(await events(closed._id), 'anonymize')).toBe(1)
    // The rollups still count the case (contact details are not part of the metrics).
    const total = (await rs.as(P.admin).ok('admin', 'summary', { from: dayKey(new Date(closed.submittedAt)), to: dayKey(new Date(closed.submittedAt)) })).total
    expect(total.satisfied).toBe(1)
    expect(total.sources.own).toBe(1)
  }, 120_000)

  it('a 代报 case left without a reached 回访 auto-closes once, unrated, and stays due; a later 回访 counts it', async () => {
    const filed = (await rs.as(P.grid).ok('staff', 'proxySubmit', { ...roadCase({ text: '东门社区 2 号楼的楼道灯坏了' }), contact: { name: '王奶奶' } })).case
    await rs.as(P.grid).ok('staff', 'resolveOnSpot', { caseId: filed._id, text: '已经现场换好了灯泡' })
    await rs.as(P.dispatcher).ok('admin', 'callback', { caseId: filed._id, reached: false, note: '无人接听' })
    await rs.advanceClock(8 * DAY)
    await Promise.all([rs.fireTimer(), rs.fireTimer(), rs.fireTimer()])
    await rs.fireTimer()
    const d = (await rs.db.collection('cases').doc(filed._id).get()).data[0]
    expect(d).toMatchObject({ state: 'closed', unrated: true, callbackDue: true })
    expect(countOf((await caseTimeline(rs, filed._id)).map((e) => e.type), 'auto_close')).toBe(1)
    const day = dayKey(new Date(filed.submittedAt))
    const before = (await rs.as(P.admin).ok('admin', 'summary', { from: day, to: day })).total
    await rs.as(P.dispatcher).ok('admin', 'callback', { caseId: filed._id, reached: true, rating: 'basic' })
    const after = (await rs.as(P.admin).ok('admin', 'summary', { from: day, to: day })).total
    expect(after.basic - before.basic).toBe(1)
    expect(after.unrated - before.unrated).toBe(-1)
    expect(after.sources.callback - before.sources.callback).toBe(1)
    // The timer has nothing more to do with it.
    expect((await rs.db.collection('cases').doc(filed._id).get()).data[0].alarmAt).toBeNull()
  }, 120_000)
})

describe('合并 stops the clocks (metoo)', () => {
  it('a merged case gets no warning nor overdue mark; unmerged, the timer marks it exactly once', async () => {
    const a = await submitAs(stack, P.resident1, roadCase({ categoryId: 'cat-power-outage', text: '东门社区整栋楼停电了' }))
    const b = await submitAs(stack, P.resident2, roadCase({ categoryId: 'cat-power-outage', text: '东门社区这边停电了' }))
    await stack.as(P.admin).ok('admin', 'merge', { caseId: b._id, intoCaseId: a._id })
    expect((await stack.db.collection('cases').doc(b._id).get()).data[0].alarmAt).toBeNull()
    // Past the 2 h accept deadline: A is marked, B (merged) is not.
    await stack.advanceClock(3 * HOUR)
    await stormTimers(3)
    expect(countOf(await eventTypes(a._id), 'overdue_accept')).toBe(1)
    expect(await eventTypes(b._id)).toEqual(['submit', 'route', 'merge'])
    // Undone: B's own clock runs again; concurrent timer runs mark it once.
    await stack.as(P.admin).ok('admin', 'unmerge', { caseId: b._id })
    await stormTimers(4)
    const types = await eventTypes(b._id)
    expect(countOf(types, 'overdue_accept')).toBe(1)
    expect(countOf(types, 'unmerge')).toBe(1)
  })
})

describe('合并 of a 热点 stops the clocks (hotspots)', () => {
  it('every merged case of a cluster gets no overdue mark; the main case is marked exactly once', async () => {
    const cs = []
    for (const [who, text] of [[P.resident1, '东门社区三号楼停电了'], [P.resident2, '东门社区四号楼也停电'], [P.resident1, '东门社区五号楼停电两小时']] as const) {
      cs.push(await submitAs(stack, who, roadCase({ categoryId: 'cat-power-outage', text })))
    }
    const [main, ...dups] = cs
    await stack.as(P.township).ok('admin', 'mergeCluster', { mainCaseId: main!._id, caseIds: dups.map((d) => d._id) })
    for (const d of dups) expect((await stack.db.collection('cases').doc(d._id).get()).data[0].alarmAt).toBeNull()
    await stack.advanceClock(3 * HOUR)
    await Promise.all([stormTimers(3), stormTimers(2)])
    expect(countOf(await eventTypes(main!._id), 'overdue_accept')).toBe(1)
    for (const d of dups) expect(await eventTypes(d._id)).toEqual(['submit', 'route', 'merge'])
  })
})
