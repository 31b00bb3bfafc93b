// (hotspots) 热点 through the real functions: clusters from seeded cases, the scope of a township supervisor, the
// one-tap 督办 of a cluster, and the 合并 of a cluster in one transaction (all or nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dayKey } from '../../cloudfunctions/core'
import { VILLAGE_POINTS } from '../../scripts/seed/wenshang'
import { startStack, TEST_EPOCH, type Stack } from '../helpers/stack'
import { DONGMEN_POINT, northOf, P, rawCase, roadCase, submitAs } from './helpers'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

const raw = (caseId: string) => rawCase(stack, caseId)
const north = northOf
const NANZHAN = VILLAGE_POINTS['vl-nanzhan-nanzhan']!
const MIN = 60_000

/** Three 道路 cases within 120 m in 东门 (中都街道), one 500 m away, and three in 南站镇. */
async function seed() {
  const dongmen = []
  for (const [i, m] of [0, 60, 120].entries()) {
    dongmen.push(await submitAs(stack, i % 2 ? P.resident2 : P.resident1, roadCase({ place: { point: north(DONGMEN_POINT, m) }, text: `东门路口往北${m}米路面塌陷，第${i + 1}处坑` })))
    await stack.advanceClock(10 * MIN)
  }
  const far = await submitAs(stack, P.resident1, roadCase({ place: { point: north(DONGMEN_POINT, 500) }, text: '东门往北五百米路面有裂缝' }))
  const nanzhan = []
  for (const [i, m] of [0, 40, 80].entries()) {
    nanzhan.push(await submitAs(stack, P.resident2, roadCase({ place: { point: north(NANZHAN, m) }, text: `南站村村口道路坏了，第${i + 1}处` })))
  }
  return { dongmen, far, nanzhan }
}

describe('admin.hotspots', () => {
  it('clusters seeded cases; a township supervisor sees their township only; one-tap 督办 and 合并', async () => {
    const { dongmen, far, nanzhan } = await seed()
    const ids = (h: { cases: Array<{ caseId: string }> }) => h.cases.map((c) => c.caseId).sort()

    // The county sees both clusters; the far case is in none.
    const all = await stack.as(P.dispatcher).ok('admin', 'hotspots', { categoryId: 'cat-road' })
    const hd = all.items.find((h) => h.cases.some((c) => c.caseId === dongmen[0]!._id))!
    const hn = all.items.find((h) => h.cases.some((c) => c.caseId === nanzhan[0]!._id))!
    expect(ids(hd)).toEqual(dongmen.map((c) => c._id).sort())
    expect(ids(hn)).toEqual(nanzhan.map((c) => c._id).sort())
    expect(all.items.flatMap((h) => h.cases.map((c) => c.caseId))).not.toContain(far._id)
    expect(hd).toMatchObject({ count: 3, categoryName: expect.any(String), basis: 'distance', supervisionOpen: false, townships: [{ id: 'tw-zhongdu', name: '中都街道' }] })
    expect(hd.place).toContain('东门社区')
    expect(hd.radiusM).toBeLessThanOrEqual(300)
    expect(hd.cases[0]!.caseId).toBe(dongmen[0]!._id)
    expect(all).toMatchObject({ radiusM: 300, windowDays: 30, truncated: false })

    // A township supervisor: their township only; another township is refused.
    const mine = await stack.as(P.township).ok('admin', 'hotspots', {})
    expect(mine.items.some((h) => ids(h).join() === ids(hd).join())).toBe(true)
    expect(mine.items.every((h) => h.townships.every((t) => t.id === 'tw-zhongdu'))).toBe(true)
    expect(mine.items.flatMap((h) => h.cases.map((c) => c.caseId))).not.toContain(nanzhan[0]!._id)
    expect(await stack.as(P.township).call('admin', 'hotspots', { townshipId: 'tw-nanzhan' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // The county may narrow to a township.
    const nz = await stack.as(P.admin).ok('admin', 'hotspots', { townshipId: 'tw-nanzhan', categoryId: 'cat-road' })
    expect(nz.items.map(ids)).toEqual([ids(hn)])
    // No tile, no hotspots; bad input has a code.
    for (const who of [P.leader, P.zhujian, P.resident1, P.grid]) {
      expect(await stack.as(who).call('admin', 'hotspots', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
    expect(await stack.as(P.admin).call('admin', 'hotspots', { radius: 1000 } as never)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })

    // One tap 督办: the oldest case, the note listing the others.
    const target = hd.supervise!
    expect(target.caseId).toBe(dongmen[0]!._id)
    const sd = await stack.as(P.dispatcher).ok('admin', 'supervise', { caseId: target.caseId, note: target.note })
    expect(sd.supervisions?.at(-1)?.note).toContain(dongmen[1]!.no)
    expect(sd.supervisions?.at(-1)?.note).toContain(dongmen[2]!.no)
    const after = await stack.as(P.dispatcher).ok('admin', 'hotspots', { categoryId: 'cat-road' })
    const hd2 = after.items.find((h) => h.cases.some((c) => c.caseId === dongmen[0]!._id))!
    expect(hd2.supervisionOpen).toBe(true)
    expect(hd2.cases[0]!.supervised).toBe(true)
    // The next one-tap 督办 goes to the oldest case without an open order.
    expect(hd2.supervise!.caseId).toBe(dongmen[1]!._id)

    // 合并 of the cluster: nothing partial — one case out of the supervisor's township refuses the whole.
    const versions = await Promise.all([...dongmen, nanzhan[0]!].map(async (c) => (await raw(c._id)).version))
    expect(
      await stack.as(P.township).call('admin', 'mergeCluster', { mainCaseId: dongmen[0]!._id, caseIds: [dongmen[1]!._id, dongmen[2]!._id, nanzhan[0]!._id] })
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await Promise.all([...dongmen, nanzhan[0]!].map(async (c) => (await raw(c._id)).version))).toEqual(versions)
    expect(await stack.as(P.township).call('admin', 'mergeCluster', { mainCaseId: dongmen[0]!._id, caseIds: [] })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await stack.as(P.zhujian).call('admin', 'mergeCluster', { mainCaseId: dongmen[0]!._id, caseIds: [dongmen[1]!._id] })).toMatchObject({ ok: false, code: 'FORBIDDEN' })

    const day = dayKey(new Date(TEST_EPOCH))
    const before = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })
    await stack.clearOutbox()
    const main = await stack.as(P.township).ok('admin', 'mergeCluster', { mainCaseId: dongmen[0]!._id, caseIds: [dongmen[1]!._id, dongmen[2]!._id], note: '热点合并' })
    expect(main._id).toBe(dongmen[0]!._id)
    expect(main.followerCount).toBe(1)
    for (const c of dongmen.slice(1)) {
      const r = await raw(c._id)
      expect(r.state).toBe('merged')
      expect(r.merge.intoId).toBe(dongmen[0]!._id)
    }
    // resident2 filed the middle one and now follows the main case (resident1 is its reporter already).
    expect((await raw(dongmen[0]!._id)).followers).toEqual([P.resident2])
    expect(JSON.stringify(await stack.outbox(P.resident2))).toContain(dongmen[0]!.no)
    const sum = await stack.as(P.admin).ok('admin', 'summary', { from: day, to: day })
    expect(sum.total.merged).toBe(before.total.merged + 2)
    // The cluster is gone (one case left); each merged case can be undone on its own.
    const left = await stack.as(P.township).ok('admin', 'hotspots', { categoryId: 'cat-road' })
    expect(left.items.flatMap((h) => h.cases.map((c) => c.caseId))).not.toContain(dongmen[0]!._id)
    const u = await stack.as(P.township).ok('admin', 'unmerge', { caseId: dongmen[2]!._id })
    expect(u.state).toBe('dispatched')
    expect((await raw(dongmen[0]!._id)).followers).toEqual([P.resident2])
  })
})
