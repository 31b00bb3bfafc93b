// 催办, 督办, 督办回复, 办理进展 and 批示 through the real functions: when each is allowed, who is told, what the
// timeline shows, the counts in the summary, and the timer's escalation of an unanswered 督办 order — exactly once,
// however often and concurrently the timer runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, dayKey } from '../../cloudfunctions/core'
import { startStack, type Stack } from '../helpers/stack'
import { P, policyCase, rawCase, roadCase, submitAs } from './helpers'

const MIN = 60_000
const HOUR = 60 * MIN
const LEADER = 'demo-leader'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

const raw = (caseId: string) => rawCase(stack, caseId)

describe('催办 by the resident', () => {
  it('opens when the accept deadline passed without acceptance; once per 24 h; tells the department and the township', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const res = stack.as(P.resident1)
    // Not yet: the detail explains the rule and says from when.
    const d0 = await res.ok('petition', 'detail', { caseId: c._id })
    expect(d0.allowed).toContain('urge')
    expect(d0.urge).toMatchObject({ allowed: false })
    expect(d0.urge!.opensAt).toBe(c.due.acceptBy)
    expect(d0.urge!.reason).toMatch(/受理期限/)
    const v0 = (await raw(c._id)).version
    const early = await res.call('petition', 'urge', { caseId: c._id })
    expect(early).toMatchObject({ ok: false, code: 'URGE_NOT_YET' })
    expect((await raw(c._id)).version).toBe(v0)

    await stack.advanceClock(24 * HOUR + MIN)
    await stack.clearOutbox()
    const d1 = await res.ok('petition', 'urge', { caseId: c._id, note: '路上的坑越来越大了' })
    expect(d1.urgeCount).toBe(1)
    expect(d1.urge).toMatchObject({ allowed: false, reason: expect.stringMatching(/24 小时/) })
    expect(d1.timeline.filter((e) => e.type === 'urge')).toHaveLength(1)
    // Nobody accepted yet: every handler of the department, and the township supervisor.
    expect((await stack.outbox(P.zhujian)).length).toBe(1)
    expect((await stack.outbox(P.township)).length).toBe(1)
    expect((await stack.outbox(P.jiaotong)).length).toBe(0)

    const again = await res.call('petition', 'urge', { caseId: c._id })
    expect(again).toMatchObject({ ok: false, code: 'URGE_TOO_SOON' })
    // Someone else's resident may not urge it; staff may not either.
    expect(await stack.as(P.resident2).call('petition', 'urge', { caseId: c._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as(P.zhujian).call('petition', 'urge', { caseId: c._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })

    await stack.advanceClock(24 * HOUR)
    const d2 = await res.ok('petition', 'urge', { caseId: c._id })
    expect(d2.urgeCount).toBe(2)
    const doc = await raw(c._id)
    expect(doc.urgeCount).toBe(2)
    const day = dayKey(new Date(c.submittedAt))
    const sum = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })
    expect(sum.total.urges).toBeGreaterThanOrEqual(2)
    expect(sum.byDepartment.find((u) => u.unitId === 'dp-zhujian')!.urges).toBeGreaterThanOrEqual(2)
  })

  it('opens once the finish deadline is within one working day, for an accepted case', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    const d = await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    const opens = new Date(d.urge!.opensAt!)
    // The end of the working day before the last one.
    expect(opens.getTime()).toBeLessThan(new Date(c.due.finishBy).getTime())
    expect(new Date(c.due.finishBy).getTime() - opens.getTime()).toBeGreaterThanOrEqual(24 * HOUR - 1)
    const now = await stack.now()
    await stack.advanceClock(opens.getTime() - now.getTime() - MIN)
    expect(await stack.as(P.resident1).call('petition', 'urge', { caseId: c._id })).toMatchObject({ ok: false, code: 'URGE_NOT_YET' })
    await stack.advanceClock(2 * MIN)
    await stack.clearOutbox()
    const u = await stack.as(P.resident1).ok('petition', 'urge', { caseId: c._id })
    expect(u.urgeCount).toBe(1)
    // Accepted: the handler, not the whole department.
    expect((await stack.outbox(P.zhujian)).length).toBe(1)
  })
})

describe('督办 and 督办回复', () => {
  it('the township orders, the handler answers in time; counted; both see it in the timeline and the list', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    await stack.clearOutbox()
    const sup = stack.as(P.township)
    const ordered = await sup.ok('admin', 'supervise', { caseId: c._id, note: '请于明日前说明进展' })
    expect(ordered.supervisions).toHaveLength(1)
    expect(ordered.supervisions![0]).toMatchObject({ status: 'open', level: 'township', byName: '陈静' })
    expect(ordered.allowed).not.toContain('supervise')
    // The default reply-by: the end of the next working day.
    const replyBy = new Date(ordered.supervisions![0]!.replyBy)
    const today = dayKey(await stack.now())
    expect(replyBy.getTime() % 1000).toBe(999)
    expect(dayKey(replyBy) > today && dayKey(replyBy) <= addDays(today, 3)).toBe(true)
    expect(new Date(replyBy.getTime() + 1).toISOString()).toBe(new Date(`${addDays(dayKey(replyBy), 1)}T00:00:00+08:00`).toISOString())
    expect((await stack.outbox(P.zhujian)).length).toBe(1)
    // One open order at a time.
    expect(await stack.as(P.admin).call('admin', 'supervise', { caseId: c._id, note: '县级再督办' })).toMatchObject({ ok: false, code: 'SUPERVISION_PENDING' })

    const list = await sup.ok('admin', 'supervisions', {})
    expect(list.items.some((r) => r.case._id === c._id && r.order.status === 'open')).toBe(true)
    const desk = await sup.ok('admin', 'superviseDesk', { bucket: 'supervised' })
    expect(desk.items.some((i) => i._id === c._id)).toBe(true)
    expect(desk.counts.supervised).toBeGreaterThanOrEqual(1)

    const h = stack.as(P.zhujian)
    const detail = await h.ok('petition', 'detail', { caseId: c._id })
    expect(detail.allowed).toContain('supervise_reply')
    expect(await stack.as(P.jiaotong).call('staff', 'superviseReply', { caseId: c._id, text: '不是我们的' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    await stack.clearOutbox()
    const replied = await h.ok('staff', 'superviseReply', { caseId: c._id, text: '已安排施工队明天修补' })
    expect(replied.supervisions![0]).toMatchObject({ status: 'replied', reply: { text: '已安排施工队明天修补' } })
    expect(replied.allowed).not.toContain('supervise_reply')
    expect((await stack.outbox(P.township)).length).toBe(1)
    expect(await h.call('staff', 'superviseReply', { caseId: c._id, text: '再回复一次' })).toMatchObject({ ok: false, code: 'INVALID_STATE' })

    // The resident sees the order and the answer in the timeline, but not the order list.
    const r = await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    expect(r.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['supervise', 'supervise_reply']))
    expect(r.supervisions).toBeUndefined()

    const day = dayKey(new Date(c.submittedAt))
    const sum = await stack.as(P.township).ok('admin', 'summary', { from: day, to: day })
    expect(sum.total.supervised).toBeGreaterThanOrEqual(1)
    expect(sum.total.supervisionOnTime).toBeGreaterThanOrEqual(1)
    expect(sum.total.supervisionReplyRate).not.toBeNull()
  })

  it('a reply-by time must be in the future (stable code, nothing written)', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const v0 = (await raw(c._id)).version
    const past = new Date((await stack.now()).getTime() - HOUR).toISOString()
    expect(await stack.as(P.township).call('admin', 'supervise', { caseId: c._id, note: '请处理', replyBy: past })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await stack.as(P.township).call('admin', 'supervise', { caseId: c._id, note: '请处理', replyBy: 'tomorrow' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect((await raw(c._id)).version).toBe(v0)
  })
})

describe('办理进展', () => {
  it('joins the timeline; the resident is told at most once a day', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    await stack.clearOutbox()
    await stack.as(P.zhujian).ok('staff', 'progress', { caseId: c._id, text: '已联系施工队，明天进场' })
    await stack.as(P.zhujian).ok('staff', 'progress', { caseId: c._id, text: '材料已经到位' })
    expect((await stack.outbox(P.resident1)).length).toBe(1)
    const d = await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    expect(d.timeline.filter((e) => e.type === 'progress').map((e) => e.note)).toEqual(['已联系施工队，明天进场', '材料已经到位'])
    await stack.advanceClock(24 * HOUR)
    await stack.as(P.zhujian).ok('staff', 'progress', { caseId: c._id, text: '正在施工' })
    expect((await stack.outbox(P.resident1)).length).toBe(2)
    // Not while dispatched, not by another department.
    const c2 = await submitAs(stack, P.resident1, roadCase())
    expect(await stack.as(P.zhujian).call('staff', 'progress', { caseId: c2._id, text: '还没受理' })).toMatchObject({ ok: false, code: 'INVALID_STATE' })
    expect(await stack.as(P.jiaotong).call('staff', 'progress', { caseId: c._id, text: '不是我们的' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('批示 by the county leader', () => {
  it('reads the county stream, instructs, everyone concerned is told at top priority, tracked in the 批示 list', async () => {
    const c = await submitAs(stack, P.resident2, policyCase({ place: { townshipId: 'tw-nanzhan' } }))
    const leader = stack.as(LEADER)
    const me = await leader.ok('user', 'me', {})
    expect(me.role).toBe('county_leader')
    expect(me.tiles).toEqual(['summary', 'stream', 'instructed'])
    const stream = await leader.ok('admin', 'stream', { kind: 'new', pageSize: 50 })
    expect(stream.items.some((i) => i._id === c._id)).toBe(true)
    const found = await leader.ok('admin', 'stream', { kind: 'new', q: c.no })
    expect(found.items.map((i) => i._id)).toEqual([c._id])
    const byText = await leader.ok('admin', 'stream', { kind: 'new', q: '社保补贴', townshipId: 'tw-nanzhan' })
    expect(byText.items.some((i) => i._id === c._id)).toBe(true)
    const none = await leader.ok('admin', 'stream', { kind: 'new', q: '社保补贴', townshipId: 'tw-zhongdu', categoryId: 'cat-road' })
    expect(none.items.some((i) => i._id === c._id)).toBe(false)

    const d = await leader.ok('petition', 'detail', { caseId: c._id })
    expect(d.allowed).toEqual(['instruct'])
    expect(d.contact.phoneMasked).toBe(true)
    // Read-only otherwise.
    expect(await leader.call('admin', 'route', { caseId: c._id, departmentId: 'dp-renshe' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await leader.call('admin', 'queue', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })

    await stack.clearOutbox()
    const i = await leader.ok('admin', 'instruct', { caseId: c._id, text: '请人社局今天答复群众' })
    expect(i.instructions).toEqual([expect.objectContaining({ byName: '高洁', text: '请人社局今天答复群众' })])
    expect(i.timeline.some((e) => e.type === 'instruct')).toBe(true)
    expect((await stack.outbox(P.dispatcher)).length).toBe(1)
    const list = await leader.ok('admin', 'instructed', {})
    expect(list.items.some((x) => x._id === c._id && x.instructed)).toBe(true)
    expect((await stack.as(P.admin).ok('admin', 'instructed', {})).items.some((x) => x._id === c._id)).toBe(true)
    expect(await stack.as(P.township).call('admin', 'instructed', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('管理 tiles per role are exactly what each may use', async () => {
    const tiles = async (who: string) => (await stack.as(who).ok('user', 'me', {})).tiles ?? []
    expect(await tiles(P.township)).toEqual(['supervise_desk', 'summary', 'queue', 'overdue', 'supervisions', 'holidays', 'policy_manage', 'policy_reach', 'hotspots'])
    expect(await tiles(P.dispatcher)).toEqual(['summary', 'queue', 'overdue', 'supervisions', 'instructed', 'extensions', 'holidays', 'callbacks', 'publications', 'policy_manage', 'policy_reach', 'hotline', 'hotspots'])
    expect(await tiles(P.admin)).toEqual(expect.arrayContaining(['invites', 'hotline', 'api_keys']))
    expect(await tiles(P.resident1)).toEqual([])
    expect(await tiles(P.zhujian)).toEqual([])
  })
})

describe('dispatch to any level, grids without GPS', () => {
  it('a village matter goes to the village committee; its grid members see it as a group; a unit handler takes it', async () => {
    // 东门社区 has two grids: picked from the list (no GPS), the case belongs to both, as a group.
    const c = await submitAs(stack, P.resident1, roadCase({ categoryId: 'cat-facilities', text: '村里的健身器材坏了，单杠松动有危险', place: { villageId: 'vl-zhongdu-dongmen' } }))
    expect(c.state).toBe('dispatched')
    expect(c.departmentId).toBe('dp-vl-zhongdu-dongmen')
    expect(c.departmentName).toBe('东门社区居委会')
    expect(c.place.gridId).toBeUndefined()
    expect(c.place.gridName).toBe('全部 3 个网格')
    const raw0 = (await stack.db.collection('cases').doc(c._id).get()).data[0]
    expect(raw0.gridGroup).toEqual(['gr-zhongdu-dongmen-1', 'gr-zhongdu-dongmen-2', 'gr-zhongdu-dongmen-3'])
    const inbox = await stack.as(P.grid).ok('staff', 'inbox', { bucket: 'pending', pageSize: 50 })
    expect(inbox.items.some((i) => i._id === c._id)).toBe(true)
    expect(inbox.counts.pending).toBeGreaterThanOrEqual(1)

    const inv = await stack.as(P.admin).ok('admin', 'createInvite', { role: 'dept_handler', scope: { departmentId: 'dp-vl-zhongdu-dongmen' } })
    await stack.as('o-dongmen-committee').ok('user', 'redeemInvite', { code: inv.code, name: '东门居委会主任' })
    const mine = await stack.as('o-dongmen-committee').ok('staff', 'inbox', { bucket: 'pending' })
    expect(mine.items.map((i) => i._id)).toContain(c._id)
    const accepted = await stack.as('o-dongmen-committee').ok('staff', 'accept', { caseId: c._id })
    expect(accepted.handlerName).toBe('东门居委会主任')

    // The township supervisor may hand a case to the township itself (转办 to any level).
    const c2 = await submitAs(stack, P.resident1, roadCase())
    const moved = await stack.as(P.township).ok('admin', 'transfer', { caseId: c2._id, departmentId: 'dp-tw-zhongdu', note: '由街道统一协调' })
    expect(moved.departmentName).toBe('中都街道办事处')

    // A village with one grid: that grid.
    const c3 = await submitAs(stack, P.resident2, roadCase({ categoryId: 'cat-facilities', text: '村头的路灯杆歪了快倒了', place: { villageId: 'vl-nanzhan-houtun' } }))
    expect(c3.place.gridId).toBe('gr-nanzhan-houtun-1')
    expect(c3.departmentId).toBe('dp-vl-nanzhan-houtun')

    // A map point is named, never shown as coordinates.
    const named = await stack.as(P.resident1).ok('petition', 'locate', { point: { lng: 116.477, lat: 35.74 } })
    expect(named).toMatchObject({ townshipId: 'tw-zhongdu', villageId: 'vl-zhongdu-dongmen', label: '中都街道 · 东门社区' })
    const nowhere = await stack.as(P.resident1).ok('petition', 'locate', { point: { lng: 120, lat: 30 } })
    expect(nowhere.townshipId).toBeNull()
  })
})

describe('no role is told what it cannot act on', () => {
  it('an extension request goes to the county office (which has 延期审批), not to the township supervisor', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    await stack.clearOutbox()
    await stack.as(P.zhujian).ok('staff', 'requestExtension', { caseId: c._id, workdays: 2, reason: '需要协调施工队' })
    expect((await stack.outbox(P.township)).length).toBe(0)
    expect((await stack.outbox(P.dispatcher)).length).toBe(1)
    expect((await stack.as(P.dispatcher).ok('user', 'me', {})).tiles).toContain('extensions')
  })
})
