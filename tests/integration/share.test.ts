// (share) Through the real functions: the public view a shared card opens (any logged-in user; nothing of the
// reporter; withdrawn cases refused with a stable code; a merged case points to its main case), and followers' own
// ratings (apart from the reporter's, not in the summary).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dayKey } from '../../cloudfunctions/core'
import { DELETE_ACCOUNT_PHRASE, ERROR_MESSAGES } from '../../typings/api'
import { startStack, type Stack } from '../helpers/stack'
import { P, roadCase, submitAs } from './helpers'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

const NEIGHBOR = 'share-resident-3'
const SECRET = ['王秀英', '13812345678', '东门社区北门', '幸福路18号']

describe('petition.publicView', () => {
  it('shows what the board may show to anyone logged in, never the reporter; own / following / canFollow', async () => {
    const c = await submitAs(stack, P.resident1, roadCase({ text: '东门社区门口道路有大坑，王秀英家门口，幸福路18号，电话13812345678' }))
    const v = await stack.as(P.resident2).ok('petition', 'publicView', { caseId: c._id })
    const json = JSON.stringify(v)
    for (const s of SECRET) expect(json).not.toContain(s)
    expect(json).not.toContain(P.resident1)
    expect(v).toMatchObject({ caseId: c._id, no: c.no, state: 'dispatched', categoryName: c.categoryName, townshipName: '中都街道', villageName: '东门社区', summaryKind: 'excerpt', followerCount: 0, own: false, following: false, canFollow: true })
    expect(v.summary).toContain('大坑')
    for (const k of ['text', 'contact', 'place', 'timeline', 'replies', 'photos']) expect(v).not.toHaveProperty(k)
    expect(await stack.as(P.resident1).ok('petition', 'publicView', { caseId: c._id })).toMatchObject({ own: true, canFollow: false })
    // Staff read it (no 附议).
    expect(await stack.as(P.zhujian).ok('petition', 'publicView', { caseId: c._id })).toMatchObject({ canFollow: false, own: false })
    await stack.as(P.resident2).ok('petition', 'follow', { caseId: c._id })
    expect(await stack.as(P.resident2).ok('petition', 'publicView', { caseId: c._id })).toMatchObject({ following: true, canFollow: false, followerCount: 1 })
  })

  it('refuses withdrawn cases with a stable code and a Chinese message; bad input; unknown case', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.resident1).ok('petition', 'withdraw', { caseId: c._id })
    expect(await stack.as(P.resident2).call('petition', 'publicView', { caseId: c._id })).toEqual({ ok: false, code: 'CASE_NOT_PUBLIC', message: ERROR_MESSAGES.CASE_NOT_PUBLIC })
    expect(await stack.as(P.resident2).call('petition', 'publicView', { caseId: 'no-such-case' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(await stack.as(P.resident2).call('petition', 'publicView', {} as never)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await stack.as(P.resident2).call('petition', 'publicView', { caseId: c._id, openid: P.resident1 } as never)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await stack.anonymous().call('petition', 'publicView', { caseId: c._id })).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })

  it('a merged case answers with its main case', async () => {
    const a = await submitAs(stack, P.resident1, roadCase())
    const b = await submitAs(stack, P.resident2, roadCase({ text: '东门那边路上有个坑，同一个问题' }))
    await stack.as(P.township).ok('admin', 'merge', { caseId: b._id, intoCaseId: a._id })
    const v = await stack.as(NEIGHBOR).ok('petition', 'publicView', { caseId: b._id })
    expect(v).toMatchObject({ caseId: a._id, no: a.no, mergedFrom: b.no, canFollow: true, followerCount: 1 })
    // B's resident follows A now.
    expect(await stack.as(P.resident2).ok('petition', 'publicView', { caseId: b._id })).toMatchObject({ caseId: a._id, following: true })
  })
})

describe('petition.followerRate (附议群众评价)', () => {
  it('followers rate a finished case apart from the reporter; the summary does not move', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.resident2).ok('petition', 'follow', { caseId: c._id })
    await stack.as(NEIGHBOR).ok('petition', 'follow', { caseId: c._id })
    expect(await stack.as(P.resident2).call('petition', 'followerRate', { caseId: c._id, rating: 'satisfied' })).toMatchObject({ ok: false, code: 'INVALID_STATE' })
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    await stack.as(P.zhujian).ok('staff', 'resolve', { caseId: c._id, text: '坑已经填平完毕' })
    const day = dayKey(await stack.now())
    const before = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })

    const d = await stack.as(P.resident2).ok('petition', 'followerRate', { caseId: c._id, rating: 'unsatisfied' })
    // Not a reopen: the case waits for the reporter's rating.
    expect(d).toMatchObject({ state: 'resolved', viewAs: 'follower', myFollowerRating: 'unsatisfied', followerRatings: { satisfied: 0, basic: 0, unsatisfied: 1 } })
    expect(d.rating).toBeUndefined()
    await stack.as(NEIGHBOR).ok('petition', 'followerRate', { caseId: c._id, rating: 'basic' })
    // Once per follower: rating again changes it.
    expect((await stack.as(P.resident2).ok('petition', 'followerRate', { caseId: c._id, rating: 'satisfied' })).followerRatings).toEqual({ satisfied: 1, basic: 1, unsatisfied: 0 })
    // Not the reporter, not staff, not a stranger; bad input.
    expect(await stack.as(P.resident1).call('petition', 'followerRate', { caseId: c._id, rating: 'satisfied' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as(P.zhujian).call('petition', 'followerRate', { caseId: c._id, rating: 'satisfied' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as('share-stranger').call('petition', 'followerRate', { caseId: c._id, rating: 'satisfied' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as(P.resident2).call('petition', 'followerRate', { caseId: c._id, rating: 'great' } as never)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })

    const mid = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })
    expect(mid.total).toEqual(before.total)
    // The reporter's rating decides and is shown apart.
    const own = await stack.as(P.resident1).ok('petition', 'rate', { caseId: c._id, rating: 'basic' })
    expect(own).toMatchObject({ state: 'closed', rating: { value: 'basic' }, followerRatings: { satisfied: 1, basic: 1, unsatisfied: 0 } })
    expect(own.myFollowerRating).toBeUndefined()
    const rated = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })
    // A closed case may still be rated by a follower; the summary stays as the reporter left it.
    await stack.as(NEIGHBOR).ok('petition', 'followerRate', { caseId: c._id, rating: 'unsatisfied' })
    const after = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })
    expect(after.total).toEqual(rated.total)
    expect(await stack.as(NEIGHBOR).ok('petition', 'publicView', { caseId: c._id })).toMatchObject({ state: 'closed', followerRatings: { satisfied: 1, basic: 0, unsatisfied: 1 } })
  })

  it('注销 of a follower: the cases they follow forget their openid and their rating, in any state', async () => {
    const LEAVER = 'share-resident-leaving'
    const open = await submitAs(stack, P.resident1, roadCase())
    const done = await submitAs(stack, P.resident1, roadCase({ text: '东门社区路灯不亮已经三天了，晚上很黑' }))
    for (const c of [open, done]) {
      await stack.as(LEAVER).ok('petition', 'follow', { caseId: c._id })
      await stack.as(P.resident2).ok('petition', 'follow', { caseId: c._id })
    }
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: done._id })
    await stack.as(P.zhujian).ok('staff', 'resolve', { caseId: done._id, text: '路灯已经修好了' })
    await stack.as(LEAVER).ok('petition', 'followerRate', { caseId: done._id, rating: 'unsatisfied' })
    await stack.as(P.resident2).ok('petition', 'followerRate', { caseId: done._id, rating: 'satisfied' })
    await stack.as(P.resident1).ok('petition', 'rate', { caseId: done._id, rating: 'satisfied' })
    // A case they followed and left: their follow event is still in its timeline (found by the simulation).
    const left = await submitAs(stack, P.resident1, roadCase({ text: '东门社区门口下水道堵了，污水外溢' }))
    await stack.as(LEAVER).ok('petition', 'follow', { caseId: left._id })
    await stack.as(LEAVER).ok('petition', 'unfollow', { caseId: left._id })

    await stack.as(LEAVER).ok('user', 'deleteAccount', { confirm: DELETE_ACCOUNT_PHRASE })
    expect(JSON.stringify((await stack.db.collection('cases').doc(left._id).get()).data[0])).not.toContain(LEAVER)
    for (const c of [open, done]) {
      const raw = (await stack.db.collection('cases').doc(c._id).get()).data[0]
      expect(raw.followers).toEqual([P.resident2])
      expect(raw.followerCount).toBe(1)
      expect(JSON.stringify(raw)).not.toContain(LEAVER)
    }
    expect((await stack.as(P.resident1).ok('petition', 'detail', { caseId: done._id })).followerRatings).toEqual({ satisfied: 1, basic: 0, unsatisfied: 0 })
  })
})
