// The main flows through the real SDK against the emulator, with the caller's identity in the invocation
// context: hello, me, submit → accept → resolve → rate, reopen, withdraw, supplement, the board, privacy,
// content security, notifications, concurrency and atomicity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../helpers/stack'
import { caseTimeline, countDocs, countEvents, P, policyCase, roadCase, submitAs } from './helpers'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

describe('hello', () => {
  it('answers the openid the function saw in its invocation context', async () => {
    const r = await stack.as('o-hello-1').call('hello', 'hello', { name: '王秀英' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.data.openid).toBe('o-hello-1')
    expect(r.data.appid).toBeTruthy()
    expect(r.data.message).toContain('王秀英')
    expect(Number.isNaN(Date.parse(r.data.at))).toBe(false)
  })

  it('never takes an identity from the event', async () => {
    const r = await stack.anonymous().raw('hello', { action: 'hello', data: {}, userInfo: { openId: 'forged' }, openid: 'forged' })
    expect(r.ok).toBe(true)
    expect(r.data.openid).toBeNull()
    const me = await stack.anonymous().raw('user', { action: 'me', data: {}, userInfo: { openId: P.admin } })
    expect(me).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })

  it('answers UNKNOWN_ACTION and INVALID_INPUT with Chinese messages', async () => {
    const u = await stack.as('o-hello-1').raw('hello', { action: 'nope', data: {} })
    expect(u).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION', message: '不支持的操作' })
    const bad = await stack.as('o-hello-1').raw('hello', { action: 'hello', data: { name: 42 } })
    expect(bad.ok).toBe(false)
    expect(bad.code).toBe('INVALID_INPUT')
    expect(bad.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(Array.isArray(bad.details)).toBe(true)
    const proto = await stack.as('o-hello-1').raw('hello', { action: 'toString', data: {} })
    expect(proto.code).toBe('UNKNOWN_ACTION')
  })
})

describe('petition.catalog', () => {
  it('lists active categories, divisions, departments and grids without their boundaries', async () => {
    const cat = await stack.as(P.resident1).ok('petition', 'catalog', {})
    expect(cat.townships).toHaveLength(15)
    expect(cat.categories.every((c) => c.active)).toBe(true)
    const grid = cat.grids.find((g) => g._id === 'gr-zhongdu-dongmen-1')
    expect(grid).toMatchObject({ villageId: 'vl-zhongdu-dongmen', townshipId: 'tw-zhongdu' })
    expect(grid).not.toHaveProperty('polygon')
  })
})

describe('user', () => {
  it('creates a resident on first sight, once', async () => {
    const [a, b] = await Promise.all([stack.as('o-new-1').ok('user', 'me', {}), stack.as('o-new-1').ok('user', 'me', {})])
    expect(a).toMatchObject({ openid: 'o-new-1', role: 'resident', tabs: ['file', 'mine', 'board', 'me'] })
    expect(b.role).toBe('resident')
    expect(await countDocs(stack, 'users', { _id: 'o-new-1' })).toBe(1)
  })

  it('knows the demo staff with their scope', async () => {
    const me = await stack.as(P.zhujian).ok('user', 'me', {})
    expect(me).toMatchObject({ role: 'dept_handler', scope: { departmentId: 'dp-zhujian' }, scopeLabel: '县住建局' })
    expect(me.tabs).toContain('work')
  })
})

describe('invite codes', () => {
  it('binds role and scope once; refuses reuse, expiry and the wrong issuer', async () => {
    const admin = stack.as(P.admin)
    const inv = await admin.ok('admin', 'createInvite', { role: 'dept_handler', scope: { departmentId: 'dp-jiaotong' }, validDays: 3 })
    expect(inv.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    expect(inv.scopeLabel).toBe('县交通运输局')

    const me = await stack.as('o-invitee-1').ok('user', 'redeemInvite', { code: inv.code.toLowerCase().replace('-', ''), name: '钱多多' })
    expect(me).toMatchObject({ role: 'dept_handler', scope: { departmentId: 'dp-jiaotong' }, name: '钱多多' })
    const again = await stack.as('o-invitee-2').call('user', 'redeemInvite', { code: inv.code, name: '李四' })
    expect(again).toMatchObject({ ok: false, code: 'INVITE_USED' })
    expect((await stack.as('o-invitee-2').ok('user', 'me', {})).role).toBe('resident')

    const unknown = await stack.as('o-invitee-2').call('user', 'redeemInvite', { code: 'ZZZZ-ZZZZ', name: '李四' })
    expect(unknown).toMatchObject({ ok: false, code: 'INVITE_INVALID' })

    const short = await admin.ok('admin', 'createInvite', { role: 'grid_member', scope: { gridIds: ['gr-zhongdu-dongmen-2'] }, validDays: 1 })
    await stack.advanceClock(25 * 3600_000)
    const expired = await stack.as('o-invitee-3').call('user', 'redeemInvite', { code: short.code, name: '周五' })
    expect(expired).toMatchObject({ ok: false, code: 'INVITE_INVALID' })

    for (const issuer of [P.dispatcher, P.township, P.zhujian, P.resident1]) {
      const r = await stack.as(issuer).call('admin', 'createInvite', { role: 'county_admin', scope: {} })
      expect(r, issuer).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
    const badScope = await admin.call('admin', 'createInvite', { role: 'dept_handler', scope: { departmentId: 'dp-nope' } })
    expect(badScope).toMatchObject({ ok: false, code: 'INVALID_INPUT' })

    const list = await admin.ok('admin', 'invites', {})
    const used = list.items.find((i) => i.code === inv.code)
    expect(used?.usedByName).toBe('钱多多')
  })

  it('two people redeeming one code at once: exactly one wins', async () => {
    const inv = await stack.as(P.admin).ok('admin', 'createInvite', { role: 'grid_member', scope: { gridIds: ['gr-zhongdu-dongmen-3'] } })
    const rs = await Promise.all(
      ['o-race-1', 'o-race-2', 'o-race-3'].map((o) => stack.as(o).call('user', 'redeemInvite', { code: inv.code, name: '抢码人' }))
    )
    expect(rs.filter((r) => r.ok)).toHaveLength(1)
    expect(rs.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'INVITE_USED')).toBe(true)
  })
})

describe('the case flow', () => {
  it('submit → accept → resolve → rate 满意 → closed, with events and notifications', async () => {
    await stack.clearOutbox()
    const c = await submitAs(stack, P.resident1, roadCase())
    expect(c.no).toMatch(/^WS\d{8}\d{4}$/)
    expect(c.state).toBe('dispatched')
    expect(c.departmentId).toBe('dp-zhujian')
    expect(c.place.gridId).toBe('gr-zhongdu-dongmen-1')
    expect(c.contact).toMatchObject({ phone: '13812345678', phoneMasked: false })
    expect(c.allowed).toEqual(expect.arrayContaining(['supplement', 'withdraw']))

    // The resident and the department are told.
    const out = await stack.outbox()
    expect(out.some((m) => m.touser === P.resident1)).toBe(true)
    expect(out.some((m) => m.touser === P.zhujian)).toBe(true)
    const toResident = out.find((m) => m.touser === P.resident1)!
    expect(toResident.template_id).toBeTruthy()
    // Field names go through TPL_FIELDS (cloudbaserc.json) to the template's own keys.
    expect(toResident.data.character_string1?.value).toBe(c.no)
    expect(toResident.data.phrase2?.value).toBe('待受理')
    expect(toResident.data.thing3?.value).toBe('道路破损')

    const handler = stack.as(P.zhujian)
    const before = await handler.ok('petition', 'detail', { caseId: c._id })
    expect(before.contact.phoneMasked).toBe(true)
    expect(before.contact.phone).toBe('138****5678')
    expect(before.allowed).toEqual(expect.arrayContaining(['accept', 'return']))

    const accepted = await handler.ok('staff', 'accept', { caseId: c._id })
    expect(accepted.state).toBe('accepted')
    expect(accepted.contact).toMatchObject({ phone: '13812345678', phoneMasked: false })
    const resolved = await handler.ok('staff', 'resolve', { caseId: c._id, text: '已安排施工队修补路面，恢复通行' })
    expect(resolved.state).toBe('resolved')

    const rated = await stack.as(P.resident1).ok('petition', 'rate', { caseId: c._id, rating: 'satisfied', comment: '修得很快，谢谢' })
    expect(rated.state).toBe('closed')
    expect(rated.rating?.value).toBe('satisfied')
    expect(rated.timeline.map((e) => e.type)).toEqual(['submit', 'route', 'accept', 'resolve', 'rate'])
    expect(rated.replies[0]?.text).toContain('修补路面')
    // The timeline never shows openids.
    expect(JSON.stringify(rated.timeline)).not.toContain(P.zhujian)
  })

  it('rate 不满意 reopens the case with a new finish clock', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const h = stack.as(P.zhujian)
    await h.ok('staff', 'accept', { caseId: c._id })
    await h.ok('staff', 'resolve', { caseId: c._id, text: '已处理完毕，请查看' })
    const reopened = await stack.as(P.resident1).ok('petition', 'rate', { caseId: c._id, rating: 'unsatisfied', comment: '坑还在，没修好' })
    expect(reopened.state).toBe('accepted')
    expect(reopened.reopenCount).toBe(1)
    expect(reopened.timeline.map((e) => e.type)).toContain('reopen')
    const done = await h.ok('staff', 'resolve', { caseId: c._id, text: '已重新铺设沥青' })
    expect(done.state).toBe('resolved')
  })

  it('a case no rule matches waits in the dispatch queue; the county routes it', async () => {
    const c = await submitAs(stack, P.resident2, policyCase({ place: { townshipId: 'tw-nanzhan' }, contact: undefined }))
    expect(c.state).toBe('queued')
    const q = await stack.as(P.dispatcher).ok('admin', 'queue', { pageSize: 50 })
    expect(q.items.some((i) => i._id === c._id)).toBe(true)
    const routed = await stack.as(P.dispatcher).ok('admin', 'route', { caseId: c._id, departmentId: 'dp-renshe', note: '社保政策' })
    expect(routed).toMatchObject({ state: 'dispatched', departmentId: 'dp-renshe' })
    const unknownDept = await stack.as(P.dispatcher).call('admin', 'transfer', { caseId: c._id, departmentId: 'dp-nope', note: '转办测试' })
    expect(unknownDept).toMatchObject({ ok: false, code: 'DEPARTMENT_UNKNOWN' })
  })

  it('return sends a case back to the queue with its reason', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const r = await stack.as(P.zhujian).ok('staff', 'return', { caseId: c._id, reason: '不属于本部门职责' })
    expect(r.state).toBe('queued')
    const mine = await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    expect(mine.timeline.at(-1)).toMatchObject({ type: 'return', note: '不属于本部门职责' })
  })

  it('withdraw before acceptance only', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const w = await stack.as(P.resident1).ok('petition', 'withdraw', { caseId: c._id, reason: '已自行解决' })
    expect(w.state).toBe('withdrawn')
    const c2 = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c2._id })
    const late = await stack.as(P.resident1).call('petition', 'withdraw', { caseId: c2._id })
    expect(late).toMatchObject({ ok: false, code: 'INVALID_STATE' })
  })

  it('supplement adds information; the grid member solves on the spot and files on behalf', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const s = await stack.as(P.resident1).ok('petition', 'supplement', { caseId: c._id, text: '补充：坑位于北门东侧十米处' })
    expect(s.supplements).toHaveLength(1)
    const grid = stack.as(P.grid)
    const spot = await grid.ok('staff', 'resolveOnSpot', { caseId: c._id, text: '网格员已现场填平并设置警示' })
    expect(spot.state).toBe('resolved')

    const proxied = await grid.ok('staff', 'proxySubmit', {
      categoryId: 'cat-streetlight',
      text: '张大爷家门口路灯不亮，老人晚上出行不便',
      photos: [],
      place: { point: { lng: 116.49, lat: 35.73 }, townshipId: 'tw-zhongdu' },
      contact: { name: '张大爷', phone: '13900001111' },
      consent: true,
      hideName: false
    })
    expect(proxied.case.proxy).toBe(true)
    expect(proxied.case.contact.phoneMasked).toBe(false)
    const resident = await stack.as(P.resident1).call('staff', 'proxySubmit', {
      categoryId: 'cat-streetlight', text: '代报一个路灯问题测试', photos: [], place: { townshipId: 'tw-zhongdu' },
      contact: { name: '某某' }, consent: false, hideName: false
    })
    expect(resident).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('a phone without consent is refused and nothing is written', async () => {
    const before = await countDocs(stack, 'cases')
    const eventsBefore = await countEvents(stack)
    const r = await stack.as(P.resident1).call('petition', 'submit', roadCase({ consent: false }))
    expect(r).toMatchObject({ ok: false, code: 'CONSENT_REQUIRED' })
    const cat = await stack.as(P.resident1).call('petition', 'submit', roadCase({ categoryId: 'cat-epidemic' }))
    expect(cat).toMatchObject({ ok: false, code: 'CATEGORY_UNKNOWN' })
    const place = await stack.as(P.resident1).call('petition', 'submit', roadCase({ place: { townshipId: 'tw-nowhere' } }))
    expect(place).toMatchObject({ ok: false, code: 'PLACE_UNKNOWN' })
    expect(await countDocs(stack, 'cases')).toBe(before)
    expect(await countEvents(stack)).toBe(eventsBefore)
  })

  it('a failing transition writes nothing: counts, events and rollups unchanged', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const snapshot = async () => ({
      events: (await caseTimeline(stack, c._id)).length,
      rollups: JSON.stringify((await stack.db.collection('rollups').where({}).orderBy('_id', 'asc').limit(1000).get()).data.map((d: any) => [d._id, d.units])),
      doc: JSON.stringify((await stack.db.collection('cases').doc(c._id).get()).data)
    })
    const before = await snapshot()
    expect(await stack.as(P.zhujian).call('staff', 'resolve', { caseId: c._id, text: '还没受理就想办结' })).toMatchObject({ ok: false, code: 'INVALID_STATE' })
    expect(await stack.as(P.jiaotong).call('staff', 'accept', { caseId: c._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as(P.resident1).call('petition', 'rate', { caseId: c._id, rating: 'basic' })).toMatchObject({ ok: false, code: 'INVALID_STATE' })
    expect(await snapshot()).toEqual(before)
  })
})

describe('privacy', () => {
  it('a resident sees only their own cases; staff see phones masked unless assigned', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const other = await stack.as(P.resident2).call('petition', 'detail', { caseId: c._id })
    expect(other).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const mine2 = await stack.as(P.resident2).ok('petition', 'mine', { pageSize: 50 })
    expect(mine2.items.some((i) => i._id === c._id)).toBe(false)
    const mine1 = await stack.as(P.resident1).ok('petition', 'mine', { pageSize: 50 })
    expect(mine1.items.some((i) => i._id === c._id)).toBe(true)
    expect(mine1.total).toBeGreaterThanOrEqual(mine1.items.length)

    for (const who of [P.grid, P.township, P.dispatcher, P.zhujian]) {
      const d = await stack.as(who).ok('petition', 'detail', { caseId: c._id })
      expect(d.contact, who).toMatchObject({ phone: '138****5678', phoneMasked: true })
    }
    expect(await stack.as(P.jiaotong).call('petition', 'detail', { caseId: c._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as(P.resident1).call('petition', 'detail', { caseId: 'no-such-case' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })

  it('the public board shows the approved, redacted summary: no names, IDs or mobiles', async () => {
    const c = await submitAs(stack, P.resident1, roadCase({ publicConsent: true, text: '我的身份证号370830199001011234，电话13812345678，东门社区3号楼2单元的路面塌陷' }))
    const h = stack.as(P.zhujian)
    await h.ok('staff', 'accept', { caseId: c._id })
    await h.ok('staff', 'resolve', { caseId: c._id, text: '已修复塌陷路面' })
    await stack.as(P.dispatcher).ok('admin', 'publishSummary', { caseId: c._id })
    const board = await stack.as(P.resident2).ok('petition', 'board', { pageSize: 50 })
    const item = board.items.find((i) => i._id === c._id)!
    expect(item).toBeTruthy()
    expect(item.summary).not.toContain('370830199001011234')
    expect(item.summary).not.toContain('13812345678')
    expect(item.summary).toContain('东门社区')
    expect(JSON.stringify(item)).not.toContain('王秀英')
    expect(item.reporter).toMatch(/^(王\*+|匿名群众)$/)
  })
})

describe('content security', () => {
  it('flagged text is held for review, never dropped; the county releases it', async () => {
    const c = await submitAs(stack, P.resident1, roadCase({ text: '有人在小区里聚众赌博，影响很坏' }))
    expect(c.state).toBe('review')
    const queue = await stack.as(P.dispatcher).ok('admin', 'queue', { kind: 'review', pageSize: 50 })
    expect(queue.items.some((i) => i._id === c._id)).toBe(true)
    expect(await stack.as(P.zhujian).call('admin', 'release', { caseId: c._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const released = await stack.as(P.dispatcher).ok('admin', 'release', { caseId: c._id, note: '经核实为正常举报' })
    expect(released.state).toBe('dispatched')
    const sup = await stack.as(P.resident1).call('petition', 'supplement', { caseId: c._id, text: '还有人在这里办证代开发票' })
    expect(sup).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const d = await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })
    expect(d.supplements).toHaveLength(0)
  })
})

describe('concurrency', () => {
  it('two staff accepting the same case at once: exactly one wins', async () => {
    for (let i = 0; i < 3; i++) {
      const c = await submitAs(stack, P.resident1, roadCase())
      const rs = await Promise.all([
        stack.as(P.zhujian).call('staff', 'accept', { caseId: c._id }),
        stack.as(P.grid).call('staff', 'accept', { caseId: c._id })
      ])
      const wins = rs.filter((r) => r.ok)
      expect(wins).toHaveLength(1)
      const loser = rs.find((r) => !r.ok)!
      expect(loser.ok ? '' : loser.code).toMatch(/^(CONFLICT|INVALID_STATE)$/)
      expect((await caseTimeline(stack, c._id)).filter((e) => e.type === 'accept')).toHaveLength(1)
    }
  })

  it('case numbers stay unique under concurrent submits', async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => submitAs(stack, `o-conc-${i}`, roadCase({ contact: undefined }))))
    expect(new Set(rs.map((c) => c.no)).size).toBe(8)
  })
})
