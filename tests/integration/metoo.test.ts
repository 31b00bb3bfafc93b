// 附议 and 合并 through the real functions: suggestions before filing, following someone else's case, what a
// follower sees and is told, a follower's note, merging a duplicate (one transaction, the counters) and undoing it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dayKey } from '../../cloudfunctions/core'
import { startStack, TEST_EPOCH, type Stack } from '../helpers/stack'
import { caseTimeline, DONGMEN_POINT, northOf, P, rawCase, roadCase, submitAs } from './helpers'

const HOUR = 3600_000
let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

const raw = (caseId: string) => rawCase(stack, caseId)
/** A point about `m` metres north of the 东门 point. */
const north = (m: number) => northOf(DONGMEN_POINT, m)

describe('petition.similar', () => {
  it('suggests open cases of the category within 150 m, nearest first, never the caller’s own, with 附议数', async () => {
    const near = await submitAs(stack, P.resident1, roadCase({ text: '东门社区门口路面塌陷一个大坑，王秀英家门口', contact: { name: '王秀英', phone: '13812345678' } }))
    const mid = await submitAs(stack, P.resident1, roadCase({ place: { point: north(100) }, text: '东门北边一百米路面破损' }))
    await submitAs(stack, P.resident1, roadCase({ place: { point: north(400) }, text: '四百米外的路面问题' }))
    await submitAs(stack, P.resident1, roadCase({ categoryId: 'cat-drainage', text: '东门社区门口下水道堵了' }))
    const mine = await submitAs(stack, P.resident2, roadCase({ text: '我自己报的东门路坑' }))

    const r = await stack.as(P.resident2).ok('petition', 'similar', { categoryId: 'cat-road', point: DONGMEN_POINT, text: '东门社区门口路面有坑' })
    const ids = r.items.map((x) => x.caseId)
    expect(ids.slice(0, 2)).toEqual([near._id, mid._id])
    expect(ids).not.toContain(mine._id)
    expect(r.items.every((x) => x.distance! <= 150)).toBe(true)
    expect(r.items[1]!.distance).toBeGreaterThan(80)
    // Never the reporter's name, never a phone.
    expect(r.items[0]!.summary).not.toContain('王秀英')
    expect(r.items[0]).toMatchObject({ followerCount: 0, following: false, state: 'dispatched' })

    // By 村居 without a point.
    const v = await stack.as(P.resident2).ok('petition', 'similar', { categoryId: 'cat-road', villageId: 'vl-zhongdu-dongmen' })
    expect(v.items.length).toBeGreaterThan(0)
    expect(v.items.every((x) => x.distance === undefined)).toBe(true)
    // Another category, or nowhere: nothing.
    expect((await stack.as(P.resident2).ok('petition', 'similar', { categoryId: 'cat-policy', point: DONGMEN_POINT })).items).toEqual([])
    expect((await stack.as(P.resident2).ok('petition', 'similar', { categoryId: 'cat-road' })).items).toEqual([])
  })
})

describe('附议 (follow)', () => {
  it('a follower counts, sees a limited view, is told of accept, progress and resolve, and never rates', async () => {
    const c = await submitAs(stack, P.resident1, roadCase({ text: '东门社区门口道路有大坑，联系王秀英 13812345678' }))
    const own = await stack.as(P.resident1).call('petition', 'follow', { caseId: c._id })
    expect(own).toMatchObject({ ok: false, code: 'OWN_CASE' })
    // Not visible before following.
    expect(await stack.as(P.resident2).call('petition', 'detail', { caseId: c._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })

    const d = await stack.as(P.resident2).ok('petition', 'follow', { caseId: c._id })
    expect(d).toMatchObject({ viewAs: 'follower', following: true, followerCount: 1 })
    expect(d.contact).toEqual({ phoneMasked: true })
    expect(d.text).not.toContain('王秀英')
    expect(d.text).not.toContain('13812345678')
    expect(d.allowed).toEqual(expect.arrayContaining(['unfollow', 'follower_note']))
    expect(d.allowed).not.toContain('follow')
    expect(JSON.stringify(d.timeline)).not.toContain('王秀英')
    expect(await stack.as(P.resident2).call('petition', 'follow', { caseId: c._id })).toMatchObject({ ok: false, code: 'INVALID_STATE' })

    // The resident, the staff page and the board-to-be see the count.
    expect((await stack.as(P.resident1).ok('petition', 'detail', { caseId: c._id })).followerCount).toBe(1)
    expect((await stack.as(P.zhujian).ok('petition', 'detail', { caseId: c._id })).followerCount).toBe(1)
    const mine = await stack.as(P.resident2).ok('petition', 'following', {})
    expect(mine.items.map((x) => x._id)).toContain(c._id)
    const row = mine.items.find((x) => x._id === c._id)!
    expect(row.excerpt).not.toContain('王秀英')
    expect(row.excerpt).not.toContain('13812345678')

    await stack.clearOutbox()
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    await stack.as(P.zhujian).ok('staff', 'progress', { caseId: c._id, text: '已联系施工队' })
    await stack.as(P.zhujian).ok('staff', 'resolve', { caseId: c._id, text: '坑已经填平完毕' })
    const told = await stack.outbox(P.resident2)
    expect(told.length).toBe(3)
    expect(JSON.stringify(told.at(-1))).toContain('您附议的诉求已办结')
    expect(JSON.stringify(told)).not.toContain('请对办理结果进行评价')
    // Ratings stay with the reporter.
    expect(await stack.as(P.resident2).call('petition', 'rate', { caseId: c._id, rating: 'satisfied' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })

    const after = await stack.as(P.resident2).ok('petition', 'unfollow', { caseId: c._id })
    expect(after.followerCount ?? 0).toBe(0)
    expect(await stack.as(P.resident2).call('petition', 'detail', { caseId: c._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('a follower’s note is checked like a supplement and tells the handler', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    expect(await stack.as(P.resident2).call('petition', 'followerNote', { caseId: c._id, text: '我家门口也一样' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    await stack.as(P.resident2).ok('petition', 'follow', { caseId: c._id })
    await stack.clearOutbox()
    const d = await stack.as(P.resident2).ok('petition', 'followerNote', { caseId: c._id, text: '我家门口也一样，晚上很危险' })
    expect(d.timeline.some((e) => e.type === 'follower_note')).toBe(true)
    expect((await stack.outbox(P.zhujian)).length).toBe(1)
    // The word list of the emulator's msgSecCheck refuses it, and nothing is written.
    const v = (await raw(c._id)).version
    const bad = await stack.as(P.resident2).call('petition', 'followerNote', { caseId: c._id, text: '小区里有人赌博，请处理一下' })
    expect(bad.ok).toBe(false)
    expect((await raw(c._id)).version).toBe(v)
  })
})

describe('合并 (merge)', () => {
  it('B closes as merged, its resident follows A, both in one transaction; metrics count B as merged; unmerge within 24 h', async () => {
    const a = await submitAs(stack, P.resident1, roadCase())
    const b = await submitAs(stack, P.resident2, roadCase({ text: '东门那边路上有个坑，同一个问题' }))
    const day = dayKey(new Date(TEST_EPOCH))
    const before = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })

    // Not into itself; the grid member may not merge.
    expect(await stack.as(P.admin).call('admin', 'merge', { caseId: b._id, intoCaseId: b._id })).toMatchObject({ ok: false, code: 'MERGE_INVALID' })
    expect(await stack.as(P.grid).call('admin', 'merge', { caseId: b._id, intoCaseId: a._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })

    await stack.clearOutbox()
    const d = await stack.as(P.township).ok('admin', 'merge', { caseId: b._id, intoCaseId: a._id, note: '同一地点' })
    expect(d.state).toBe('merged')
    expect(d.mergedInto).toEqual({ caseId: a._id, no: a.no })
    const [rb, ra] = [await raw(b._id), await raw(a._id)]
    expect(rb.alarmAt).toBeNull()
    expect(ra.followers).toEqual([P.resident2])
    expect(JSON.stringify(await stack.outbox(P.resident2))).toContain(a.no)
    // B's resident now follows A.
    expect((await stack.as(P.resident2).ok('petition', 'detail', { caseId: a._id })).viewAs).toBe('follower')

    const after = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })
    expect(after.total.volume).toBe(before.total.volume - 1)
    expect(after.total.merged).toBe(before.total.merged + 1)

    // A merged case can not take a merge, nor be merged again.
    const c = await submitAs(stack, P.resident1, roadCase())
    expect(await stack.as(P.admin).call('admin', 'merge', { caseId: c._id, intoCaseId: b._id })).toMatchObject({ ok: false, code: 'MERGE_INVALID' })

    // Undo within 24 h.
    const u = await stack.as(P.admin).ok('admin', 'unmerge', { caseId: b._id })
    expect(u.state).toBe('dispatched')
    expect((await raw(a._id)).followers).toEqual([])
    const back = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })
    expect(back.total.volume).toBe(before.total.volume + 1)
    expect(back.total.merged).toBe(before.total.merged)

    // After 24 h: too late. (Staff may name the case by its 工单号.)
    await stack.as(P.admin).ok('admin', 'merge', { caseId: b._id, intoCaseId: a.no.toLowerCase() })
    await stack.advanceClock(25 * HOUR)
    expect(await stack.as(P.admin).call('admin', 'unmerge', { caseId: b._id })).toMatchObject({ ok: false, code: 'UNMERGE_EXPIRED' })
    const events = (await caseTimeline(stack, a._id)).map((e) => e.type)
    expect(events.filter((t) => t === 'merged_in')).toHaveLength(2)
  })
})
