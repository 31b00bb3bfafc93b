// Issue 7 §2 and §4 through the real SDK: satisfaction belongs to residents (no self-rating; 回访 for residents
// without WeChat; sampled verification whose result overrides the own rating in the metrics, with the sources
// shown), on-the-spot fixes credited to the grid, the phone access log and tap-to-call, and account deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dayKey } from '../../cloudfunctions/core'
import type { CaseDoc } from '../../cloudfunctions/core/types'
import { DELETE_ACCOUNT_PHRASE } from '../../typings/api'
import { startStack, type Stack } from '../helpers/stack'
import { allDocs, caseTimeline, countDocs, P, roadCase, submitAs } from './helpers'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

async function doc(caseId: string): Promise<CaseDoc> {
  return (await stack.db.collection('cases').doc(caseId).get()).data[0] as CaseDoc
}

async function summaryToday() {
  const today = dayKey(await stack.now())
  return await stack.as(P.admin).ok('admin', 'summary', { from: today, to: today })
}

describe('satisfaction belongs to residents', () => {
  it('a grid member who files a 代报 and fixes it on the spot can never rate it; a county 回访 records the rating', async () => {
    const filed = await stack.as(P.grid).ok('staff', 'proxySubmit', { ...roadCase(), contact: { name: '刘大爷', phone: '13900001111' } })
    const solved = await stack.as(P.grid).ok('staff', 'resolveOnSpot', { caseId: filed.case._id, text: '现场已经把坑填平了' })
    expect(solved.state).toBe('resolved')
    expect(solved.allowed).not.toContain('rate')
    expect(solved.onSpot).toMatchObject({ gridId: 'gr-zhongdu-dongmen-1', by: expect.any(String) })
    const before = await summaryToday()
    const r = await stack.as(P.grid).call('petition', 'rate', { caseId: filed.case._id, rating: 'satisfied' })
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // The grid member may not record the 回访 either; the county may, and the case waits in its list.
    expect(await stack.as(P.grid).call('admin', 'callback', { caseId: filed.case._id, reached: true, rating: 'satisfied' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const due = await stack.as(P.dispatcher).ok('admin', 'callbacks', { reason: 'proxy' })
    expect(due.items.find((i) => i._id === filed.case._id)).toMatchObject({ reason: 'proxy', contactName: '刘大爷', phoneMasked: '139****1111', attempts: 0 })

    // The officer who calls back gets the number (logged); the grid member's view of it is logged too.
    expect((await stack.as(P.dispatcher).ok('staff', 'revealPhone', { caseId: filed.case._id })).phone).toBe('13900001111')
    expect((await stack.as(P.dispatcher).ok('petition', 'detail', { caseId: filed.case._id })).contact).toMatchObject({ phone: '13900001111', phoneMasked: false })
    const kinds = (await allDocs(stack, 'phone_access', { caseId: filed.case._id })).map((a) => `${a.openid}:${a.kind}`)
    expect(kinds).toEqual(expect.arrayContaining([`${P.dispatcher}:call`, `${P.dispatcher}:view`, `${P.grid}:view`]))
    // Not reached: recorded, still due. Reached: the rating closes the case.
    const missed = await stack.as(P.dispatcher).ok('admin', 'callback', { caseId: filed.case._id, reached: false, note: '无人接听' })
    expect(missed.state).toBe('resolved')
    expect(missed.callbacks).toEqual([expect.objectContaining({ reached: false, note: '无人接听' })])
    expect(await stack.as(P.dispatcher).call('admin', 'callback', { caseId: filed.case._id, reached: true })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const done = await stack.as(P.dispatcher).ok('admin', 'callback', { caseId: filed.case._id, reached: true, rating: 'satisfied', note: '群众表示满意' })
    expect(done.state).toBe('closed')
    expect(done.callbackDue).toBeUndefined()
    expect(done.timeline.filter((e) => e.type === 'callback').map((e) => e.note)).toEqual(['回访未联系上：无人接听', '回访：满意；群众表示满意'])
    expect(await stack.as(P.dispatcher).call('admin', 'callback', { caseId: filed.case._id, reached: true, rating: 'basic' })).toMatchObject({ ok: false, code: 'INVALID_STATE' })

    // The metrics: one more satisfied, from a 回访; credited to the grid, not the routed department.
    const after = await summaryToday()
    expect(after.total.satisfied - before.total.satisfied).toBe(1)
    expect(after.total.sources.callback - before.total.sources.callback).toBe(1)
    expect(after.total.sources.own).toBe(before.total.sources.own)
    const grid = after.byDepartment.find((u) => u.unitId === 'grid:gr-zhongdu-dongmen-1')
    expect(grid?.unitName).toMatch(/^网格·/)
    expect(grid?.volume).toBeGreaterThanOrEqual(1)
    expect(after.byDepartment.find((u) => u.unitId === 'dp-zhujian')?.volume ?? 0).toBe(before.byDepartment.find((u) => u.unitId === 'dp-zhujian')?.volume ?? 0)
  })

  it('the staff case page never offers a rating; the resident’s does', async () => {
    const c = await submitAs(stack, P.resident1, roadCase({ text: '东门社区路灯坏了三盏，晚上很黑' }))
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    const resolved = await stack.as(P.zhujian).ok('staff', 'resolve', { caseId: c._id, text: '路灯已经全部修好' })
    expect(resolved.allowed).not.toContain('rate')
    for (const who of [P.grid, P.township, P.dispatcher, P.admin]) {
      expect((await stack.as(who).ok('petition', 'detail', { caseId: c._id })).allowed).not.toContain('rate')
    }
    expect((await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })).allowed).toEqual(['rate'])
    // The resident's own page shows no 回访 bookkeeping.
    expect((await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })).callbacks).toBeUndefined()
  })

  it('a sampled verification 回访 overrides the resident’s rating in the metrics, and the change is logged', async () => {
    const ids: string[] = []
    for (const text of ['东门社区门口下水道堵了', '东门社区广场的健身器材坏了']) {
      const c = await submitAs(stack, P.resident2, roadCase({ text }))
      await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
      await stack.as(P.zhujian).ok('staff', 'resolve', { caseId: c._id, text: '已经处理好了' })
      await stack.as(P.resident2).ok('petition', 'rate', { caseId: c._id, rating: 'satisfied' })
      ids.push(c._id)
    }
    const before = await summaryToday()
    const today = dayKey(await stack.now())
    expect(await stack.as(P.zhujian).call('admin', 'sampleCallbacks', { from: today, to: today })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const drawn = await stack.as(P.admin).ok('admin', 'sampleCallbacks', { from: today, to: today, percent: 100 })
    expect(drawn.sampled).toBe(drawn.eligible)
    expect(drawn.eligible).toBeGreaterThanOrEqual(2)
    // Drawing again finds nothing new: sampled cases wait for their 回访.
    expect((await stack.as(P.admin).ok('admin', 'sampleCallbacks', { from: today, to: today, percent: 100 })).sampled).toBe(0)
    const list = await stack.as(P.dispatcher).ok('admin', 'callbacks', { reason: 'sample', pageSize: 50 })
    expect(list.items.filter((i) => ids.includes(i._id)).map((i) => [i.reason, i.ownRating])).toEqual([['sample', 'satisfied'], ['sample', 'satisfied']])

    const d = await stack.as(P.dispatcher).ok('admin', 'callback', { caseId: ids[0]!, reached: true, rating: 'unsatisfied', note: '群众说问题没解决' })
    expect(d.state).toBe('closed')
    const logged = d.timeline.find((e) => e.type === 'callback')
    expect(logged?.note).toContain('覆盖群众评价：满意 → 不满意')
    const after = await summaryToday()
    expect(after.total.satisfied - before.total.satisfied).toBe(-1)
    expect(after.total.unsatisfied - before.total.unsatisfied).toBe(1)
    expect(after.total.sources.overrides - before.total.sources.overrides).toBe(1)
    expect(after.total.sources.callback - before.total.sources.callback).toBe(1)
    expect(after.total.sources.own - before.total.sources.own).toBe(-1)
    // The resident still sees their own rating; only staff see the 回访.
    const own = await stack.as(P.resident2).ok('petition', 'detail', { caseId: ids[0]! })
    expect(own.rating?.value).toBe('satisfied')
    expect(own.callbacks).toBeUndefined()
  })
})

describe('personal data', () => {
  it('every unmasked phone a staff member receives is logged; tap-to-call too; the county admin reads the log', async () => {
    const c = await submitAs(stack, P.resident1, roadCase({ text: '东门社区北门人行道砖松动了' }))
    const n0 = await countDocs(stack, 'phone_access', { caseId: c._id })
    expect(n0).toBe(0)
    // Before acceptance the handler sees a masked number: nothing logged.
    const masked = await stack.as(P.zhujian).ok('petition', 'detail', { caseId: c._id })
    expect(masked.contact).toMatchObject({ phoneMasked: true, phone: '138****5678' })
    expect(await countDocs(stack, 'phone_access', { caseId: c._id })).toBe(0)
    // Accepting answers the full number: one view.
    const accepted = await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    expect(accepted.contact).toMatchObject({ phoneMasked: false, phone: '13812345678' })
    await stack.as(P.zhujian).ok('petition', 'detail', { caseId: c._id })
    const call = await stack.as(P.zhujian).ok('staff', 'revealPhone', { caseId: c._id })
    expect(call.phone).toBe('13812345678')
    expect(await stack.as(P.grid).call('staff', 'revealPhone', { caseId: c._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as(P.resident1).call('staff', 'revealPhone', { caseId: c._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // The resident's own views are not staff access.
    await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    const logs = await allDocs(stack, 'phone_access', { caseId: c._id })
    expect(logs.map((l) => [l.openid, l.kind, l.caseNo]).sort()).toEqual([
      [P.zhujian, 'call', c.no],
      [P.zhujian, 'view', c.no],
      [P.zhujian, 'view', c.no]
    ])
    const page = await stack.as(P.admin).ok('admin', 'phoneAccess', { caseId: c._id })
    expect(page.total).toBe(3)
    expect(page.items[0]).toMatchObject({ caseNo: c.no, role: 'dept_handler', by: expect.stringContaining('（部门经办人）') })
    expect(await stack.as(P.dispatcher).call('admin', 'phoneAccess', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('注销: a resident deletes their account after confirming; their cases stay, without name, phone or openid', async () => {
    const who = 'o-deleting-resident'
    await stack.as(who).ok('user', 'me', {})
    const a = await submitAs(stack, who, roadCase({ text: '东门社区垃圾桶满了没人清理', contact: { name: '孙丽', phone: '13700001234' } }))
    const b = await submitAs(stack, who, roadCase({ text: '东门社区小区门口路灯不亮' }))
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: b._id })
    // What 惠民政策 keeps about them: a subscription, and a notice they read.
    await stack.as(who).ok('policy', 'subscribe', { tags: ['migrant'], active: true })
    await stack.db.collection('policy_reads').add({ _id: `p-demo|${who}`, policyId: 'p-demo', openid: who, townshipId: 'tw-zhongdu', tags: [], at: new Date() })
    expect(await countDocs(stack, 'policy_subscriptions', { _id: who })).toBe(1)
    expect(await stack.as(who).call('user', 'deleteAccount', { confirm: '注销' })).toMatchObject({ ok: false, code: 'CONFIRM_REQUIRED' })
    expect((await doc(a._id)).residentOpenid).toBe(who)
    expect(await stack.as(P.grid).call('user', 'deleteAccount', { confirm: DELETE_ACCOUNT_PHRASE })).toMatchObject({ ok: false, code: 'FORBIDDEN' })

    const r = await stack.as(who).ok('user', 'deleteAccount', { confirm: DELETE_ACCOUNT_PHRASE })
    expect(r).toEqual({ deleted: true, cases: 2 })
    for (const id of [a._id, b._id]) {
      const d = await doc(id)
      expect(d.residentOpenid).toBeNull()
      expect(d.contact).toEqual({})
      expect(d.anonymizedAt).toBeTruthy()
      expect(JSON.stringify(await caseTimeline(stack, id))).not.toContain(who)
    }
    expect((await doc(b._id)).state).toBe('accepted')
    // The user doc (and with it the quota) is gone.
    expect(await countDocs(stack, 'users', { _id: who })).toBe(0)
    expect(await countDocs(stack, 'policy_subscriptions', { _id: who })).toBe(0)
    expect(await countDocs(stack, 'policy_reads', { openid: who })).toBe(0)
    // The same WeChat user coming back is a new resident with no cases.
    expect((await stack.as(who).ok('petition', 'mine', {})).total).toBe(0)
    // Staff still see the case, without contact details.
    const staffView = await stack.as(P.zhujian).ok('petition', 'detail', { caseId: b._id })
    expect(staffView.contact).toEqual({ phoneMasked: false })
    expect(staffView.timeline.some((e) => e.type === 'anonymize')).toBe(true)
  })
})
