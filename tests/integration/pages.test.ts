// The backend pieces behind issue 9's pages, through the real SDK: 我的诉求 search and state filters,
// 不满意 needs a reason, invite revocation, holiday ranges, and the 延期审批 card's two deadlines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../helpers/stack'
import { P, policyCase, roadCase, submitAs } from './helpers'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

describe('petition.mine: search and states', () => {
  it('finds a case by its 工单号 (exact or trailing digits) and by words of its text, only among the caller’s cases', async () => {
    const me = 'o-mine-search-1'
    const a = await submitAs(stack, me, roadCase({ text: '西关街菜市场门口的下水道井盖丢失，很危险' }))
    const b = await submitAs(stack, me, policyCase({ text: '咨询灵活就业人员社保补贴的申请流程' }))
    await submitAs(stack, 'o-mine-search-2', roadCase({ text: '另一位居民：下水道井盖丢失' }))
    const ids = async (data: Record<string, unknown>) => (await stack.as(me).ok('petition', 'mine', data as never)).items.map((i) => i._id)

    expect(await ids({ q: a.no })).toEqual([a._id])
    expect(await ids({ q: a.no.toLowerCase().replace(/^(.{6})/, '$1 ') })).toEqual([a._id])
    expect(await ids({ q: b.no.slice(-4) })).toContain(b._id)
    expect(await ids({ q: '井盖' })).toEqual([a._id])
    expect(await ids({ q: '社保补贴' })).toEqual([b._id])
    // Regex characters are taken literally.
    expect(await ids({ q: '.*' })).toEqual([])
    expect(await ids({ q: '没有这样的内容' })).toEqual([])
  })

  it('filters by several states; 已撤回 and 待分派 each on their own', async () => {
    const me = 'o-mine-states-1'
    const queued = await submitAs(stack, me, policyCase())
    const dispatched = await submitAs(stack, me, roadCase())
    const withdrawn = await submitAs(stack, me, roadCase({ text: '门口路灯不亮了，晚上出行不便' }))
    await stack.as(me).ok('petition', 'withdraw', { caseId: withdrawn._id, reason: '已经自行解决' })
    const ids = async (data: Record<string, unknown>) => (await stack.as(me).ok('petition', 'mine', data as never)).items.map((i) => i._id).sort()

    expect(await ids({ states: ['queued'] })).toEqual([queued._id])
    expect(await ids({ states: ['withdrawn'] })).toEqual([withdrawn._id])
    expect(await ids({ states: ['queued', 'dispatched'] })).toEqual([queued._id, dispatched._id].sort())
    expect(await ids({ state: 'dispatched' })).toEqual([dispatched._id])
    expect(await ids({ states: ['review'] })).toEqual([])
    const bad = await stack.as(me).call('petition', 'mine', { states: ['nope'] } as never)
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('petition.rate: 不满意 needs a reason', () => {
  it('refuses 不满意 without a reason of 5 characters, and records the reason', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    await stack.as(P.zhujian).ok('staff', 'resolve', { caseId: c._id, text: '已经修补完毕，请查看' })
    const none = await stack.as(P.resident1).call('petition', 'rate', { caseId: c._id, rating: 'unsatisfied' })
    expect(none).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const short = await stack.as(P.resident1).call('petition', 'rate', { caseId: c._id, rating: 'unsatisfied', comment: '坑还在' })
    expect(short).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect((await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })).state).toBe('resolved')
    const d = await stack.as(P.resident1).ok('petition', 'rate', { caseId: c._id, rating: 'unsatisfied', comment: '坑还在，没有修好' })
    expect(d).toMatchObject({ state: 'accepted', rating: { value: 'unsatisfied', comment: '坑还在，没有修好' } })
  })
})

describe('admin.revokeInvite', () => {
  it('a revoked code cannot be redeemed; a used one cannot be revoked; only the county admin revokes', async () => {
    const admin = stack.as(P.admin)
    const inv = await admin.ok('admin', 'createInvite', { role: 'grid_member', scope: { gridIds: ['gr-zhongdu-dongmen-2'] } })
    expect(await stack.as(P.dispatcher).call('admin', 'revokeInvite', { code: inv.code })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const revoked = await admin.ok('admin', 'revokeInvite', { code: inv.code.toLowerCase().replace('-', '') })
    expect(revoked.revokedAt).toBeTruthy()
    // Idempotent.
    expect((await admin.ok('admin', 'revokeInvite', { code: inv.code })).revokedAt).toBe(revoked.revokedAt)
    expect(await stack.as('o-revoked-invitee').call('user', 'redeemInvite', { code: inv.code, name: '钱多多' })).toMatchObject({ ok: false, code: 'INVITE_REVOKED' })
    expect((await stack.as('o-revoked-invitee').ok('user', 'me', {})).role).toBe('resident')
    const listed = (await admin.ok('admin', 'invites', { pageSize: 50 })).items.find((i) => i.code === inv.code)
    expect(listed?.revokedAt).toBe(revoked.revokedAt)

    const used = await admin.ok('admin', 'createInvite', { role: 'grid_member', scope: { gridIds: ['gr-zhongdu-dongmen-2'] } })
    await stack.as('o-used-invitee').ok('user', 'redeemInvite', { code: used.code, name: '孙七' })
    expect(await admin.call('admin', 'revokeInvite', { code: used.code })).toMatchObject({ ok: false, code: 'INVITE_USED' })
    expect(await admin.call('admin', 'revokeInvite', { code: 'ZZZZ-ZZZZ' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})

describe('admin.setHoliday: a named range', () => {
  it('sets a whole 黄金周 with one name in one audited write, and clears it again', async () => {
    const admin = stack.as(P.admin)
    const y = await admin.ok('admin', 'setHoliday', { date: '2031-10-01', to: '2031-10-07', kind: 'holiday', name: '国庆节' })
    const oct = y.days.filter((d) => d.date >= '2031-10-01' && d.date <= '2031-10-07')
    expect(oct).toHaveLength(7)
    expect(oct.every((d) => d.kind === 'holiday' && d.name === '国庆节')).toBe(true)
    const year = await admin.ok('admin', 'holidays', { year: 2031 })
    expect(year.audit.filter((a) => a.change.includes('2031-10-01 至 2031-10-07（7 天）'))).toHaveLength(1)
    expect(year.audit.at(-1)?.change).toContain('国庆节')

    const cleared = await admin.ok('admin', 'setHoliday', { date: '2031-10-01', to: '2031-10-07', kind: 'normal' })
    expect(cleared.days.filter((d) => d.date.startsWith('2031-10'))).toEqual([])
  })

  it('a range across the new year is audited in both years; bad ranges change nothing', async () => {
    const admin = stack.as(P.admin)
    await admin.ok('admin', 'setHoliday', { date: '2032-12-31', to: '2033-01-02', kind: 'holiday', name: '元旦' })
    expect((await admin.ok('admin', 'holidays', { year: 2032 })).days.map((d) => d.date)).toContain('2032-12-31')
    expect((await admin.ok('admin', 'holidays', { year: 2033 })).days.filter((d) => d.name === '元旦').map((d) => d.date)).toEqual(['2033-01-01', '2033-01-02'])
    expect((await admin.ok('admin', 'holidays', { year: 2033 })).audit.at(-1)?.change).toContain('2033-01-01 至 2033-01-02')

    const backwards = await admin.call('admin', 'setHoliday', { date: '2034-05-05', to: '2034-05-01', kind: 'holiday', name: '劳动节' })
    expect(backwards).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const tooLong = await admin.call('admin', 'setHoliday', { date: '2034-01-01', to: '2034-03-01', kind: 'holiday', name: '太长' })
    expect(tooLong).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect((await admin.ok('admin', 'holidays', { year: 2034 })).days).toEqual([])
    expect(await stack.as(P.dispatcher).call('admin', 'setHoliday', { date: '2034-05-01', to: '2034-05-03', kind: 'holiday' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('admin.extensions: the current and the requested deadline', () => {
  it('a pending request shows both; approval moves the case to the requested one', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    const d = await stack.as(P.zhujian).ok('staff', 'requestExtension', { caseId: c._id, workdays: 3, reason: '需要协调施工队' })
    const pending = (await stack.as(P.dispatcher).ok('admin', 'extensions', { pageSize: 50 })).items.find((x) => x.caseId === c._id)!
    expect(pending.currentFinishBy).toBe(d.due.finishBy)
    expect(Date.parse(pending.requestedFinishBy!)).toBeGreaterThan(Date.parse(pending.currentFinishBy!) + 2 * 86_400_000)
    // The case page shows the same pair.
    expect(d.extensions[0]).toMatchObject({ currentFinishBy: d.due.finishBy, requestedFinishBy: pending.requestedFinishBy })
    await stack.as(P.dispatcher).ok('admin', 'decideExtension', { extensionId: pending._id, approve: true })
    const after = await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    expect(after.due.finishBy).toBe(pending.requestedFinishBy)
    // Decided requests carry no pair (the case's deadline is the truth then).
    expect(after.extensions[0]!.currentFinishBy).toBeUndefined()
  })
})
