// (metoo) Geohash cells, distances, bigram similarity, the ranking of suggestions, the follower's view and
// redaction, and a merge's counters — pure core.
import { describe, expect, it } from 'vitest'
import { bigrams, cellSize, cellsAround, distanceM, geohash, textSimilarity } from '../../../cloudfunctions/core/geo'
import { caseCounters } from '../../../cloudfunctions/core/rollups'
import { mergePair, unmergePair } from '../../../cloudfunctions/core/merge'
import { rankSimilar } from '../../../cloudfunctions/core/similar'
import { SYSTEM_ACTOR, transition } from '../../../cloudfunctions/core/machine'
import { redactionFor } from '../../../cloudfunctions/core/publication'
import { toDetail } from '../../../cloudfunctions/core/views'
import { A, bj, IN_G1, makeRefs } from './fixtures'
import { file } from './helpers'

/** The code of the DomainError `fn` throws. */
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return (e as { code?: string }).code
  }
  return undefined
}

const WENSHANG = { lng: 116.4897, lat: 35.7322 }
const north = (p: { lng: number; lat: number }, m: number) => ({ lng: p.lng, lat: p.lat + m / 111_195 })
const east = (p: { lng: number; lat: number }, m: number) => ({ lng: p.lng + m / (111_195 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat })

describe('geohash', () => {
  it('encodes known points', () => {
    // Reference values of the standard algorithm.
    expect(geohash({ lng: -5.6, lat: 42.6 }, 5)).toBe('ezs42')
    expect(geohash({ lng: 10.40744, lat: 57.64911 }, 11)).toBe('u4pruydqqvj')
  })

  it('a precision-6 cell is wider than 150 m both ways at 汶上, so the 3 × 3 block holds every point within 150 m', () => {
    const { dLng, dLat } = cellSize(6)
    expect(distanceM(WENSHANG, { lng: WENSHANG.lng + dLng, lat: WENSHANG.lat })).toBeGreaterThan(150)
    expect(distanceM(WENSHANG, { lng: WENSHANG.lng, lat: WENSHANG.lat + dLat })).toBeGreaterThan(150)
    for (let i = 0; i < 200; i++) {
      const p = { lng: WENSHANG.lng + (i % 20) * 0.00037, lat: WENSHANG.lat + Math.floor(i / 20) * 0.00041 }
      const cells = cellsAround(p)
      expect(cells).toHaveLength(9)
      for (const [dx, dy] of [[150, 0], [-150, 0], [0, 150], [0, -150], [106, 106], [-106, -106], [106, -106], [-106, 106]] as const) {
        expect(cells).toContain(geohash(north(east(p, dx), dy)))
      }
    }
  })

  it('measures distance in metres', () => {
    expect(distanceM(WENSHANG, north(WENSHANG, 150))).toBeCloseTo(150, 0)
    expect(distanceM(WENSHANG, east(WENSHANG, 100))).toBeCloseTo(100, 0)
  })
})

describe('text similarity (character bigram Jaccard)', () => {
  it('is 1 for the same text, 0 for nothing shared, in between otherwise; punctuation ignored', () => {
    expect(textSimilarity('路灯坏了', '路灯坏了！')).toBe(1)
    expect(textSimilarity('路灯坏了', '下水道堵')).toBe(0)
    const s = textSimilarity('东门路口路灯坏了', '东门路灯不亮')
    expect(s).toBeGreaterThan(0)
    expect(s).toBeLessThan(1)
    expect(bigrams('a')).toEqual(new Set())
    expect(textSimilarity('', '路灯')).toBe(0)
  })
})

describe('rankSimilar', () => {
  it('keeps the category within 150 m, drops the viewer’s own and held cases, orders by distance then similarity', () => {
    const refs = makeRefs()
    const at = bj('2026-09-28 09:00')
    const near = file({ place: { point: IN_G1 }, text: '路口红绿灯坏了' }, { at })
    const nearOther = file({ place: { point: north(IN_G1, 3) }, text: '门口垃圾很多' }, { at })
    const far = file({ place: { point: north(IN_G1, 300) } }, { at })
    const mine = file({ place: { point: IN_G1 } }, { at, filer: A.other })
    const held = file({ place: { point: IN_G1 } }, { at, held: true })
    const r = rankSimilar([nearOther, far, mine, held, near], { categoryId: 'road', point: IN_G1, text: '红绿灯坏了' }, A.other.openid, refs)
    expect(r.map((x) => x.item.caseId)).toEqual([near._id, nearOther._id])
    expect(r[0]!.item.summary).not.toContain('张三')
  })
})

describe('附议 in the core', () => {
  it('followers are told of progress (never asked to rate), see a limited view, and their names are redacted', () => {
    const refs = makeRefs()
    let c = file({ text: '路口红绿灯坏了，李四家门口' })
    const f = transition(c, { type: 'follow' }, A.other, refs, bj('2026-09-28 10:00'))
    c = f.next
    expect(c.followerCount).toBe(1)
    expect(redactionFor(c, refs).names).toContain('李四')
    expect(codeOf(() => transition(c, { type: 'follow' }, A.resident, refs, bj('2026-09-28 10:00')))).toMatch(/^(OWN_CASE)$/)
    c = transition(c, { type: 'accept' }, A.dept, refs, bj('2026-09-28 11:00')).next
    const r = transition(c, { type: 'resolve', text: '已修复信号灯', photos: [] }, A.dept, refs, bj('2026-09-28 12:00'))
    const toFollower = r.notifications.filter((n) => n.touser === A.other.openid)
    expect(toFollower).toHaveLength(1)
    expect(toFollower[0]!.fields.remark).toBe('您附议的诉求已办结')
    const d = toDetail(r.next, A.other, [], [], refs)
    expect(d.viewAs).toBe('follower')
    expect(d.contact).toEqual({ phoneMasked: true })
    expect(d.text).not.toContain('张三')
    expect(d.text).not.toContain('李四')
    expect(toDetail(r.next, A.resident, [], [], refs).viewAs).toBeUndefined()
  })

  it('followers are told when the reporter withdraws', () => {
    const refs = makeRefs()
    const c = transition(file(), { type: 'follow' }, A.other, refs, bj('2026-09-28 10:00')).next
    const w = transition(c, { type: 'withdraw' }, A.resident, refs, bj('2026-09-28 11:00'))
    expect(w.notifications.map((n) => n.touser)).toEqual([A.other.openid])
    expect(w.notifications[0]!.fields.remark).toMatch(/撤回/)
  })

  it('a merged case counts as merged only; unmerge restores its counters', () => {
    const refs = makeRefs()
    const a = file()
    const b = file({ text: '红绿灯又坏了' }, { filer: A.other })
    const m = mergePair(b, a, A.admin, refs, bj('2026-09-28 10:00'))
    expect(m.b.next.state).toBe('merged')
    expect(m.a.next.followers).toEqual([A.other.openid])
    expect(m.b.next.alarmAt).toBeNull()
    // Finished as a duplicate: the retention pass counts from the merge (and may anonymize it then).
    expect(m.b.next.closedAt).toEqual(bj('2026-09-28 10:00'))
    expect(codeOf(() => transition(m.b.next, { type: 'anonymize', reason: 'retention' }, SYSTEM_ACTOR, refs, bj('2029-10-01 10:00')))).toBeUndefined()
    expect(caseCounters(m.b.next)).toMatchObject({ volume: 0, merged: 1, acceptDecided: 0, finishDecided: 0 })
    const u = unmergePair(m.b.next, m.a.next, A.admin, refs, bj('2026-09-28 11:00'))
    expect(u.b.next.state).toBe(b.state)
    expect(u.b.next.closedAt).toBeUndefined()
    expect(u.a.next.followers).toEqual([])
    expect(caseCounters(u.b.next)).toEqual(caseCounters(b))
    expect(codeOf(() => unmergePair(m.b.next, m.a.next, A.admin, refs, bj('2026-09-29 10:01')))).toMatch(/^(UNMERGE_EXPIRED)$/)
    expect(codeOf(() => mergePair(b, b, A.admin, refs, bj('2026-09-28 10:00')))).toMatch(/^(MERGE_INVALID)$/)
    expect(codeOf(() => mergePair(b, a, A.grid3, refs, bj('2026-09-28 10:00')))).toMatch(/^(FORBIDDEN|MERGE_INVALID)$/)
  })

  it('注销 of the merged case\'s resident: the merge record forgets them too (found by the simulation)', () => {
    const refs = makeRefs()
    const b = file({ text: '红绿灯又坏了' }, { filer: A.other })
    const m = mergePair(b, file(), A.admin, refs, bj('2026-09-28 10:00'))
    expect(m.b.next.merge?.added).toEqual([A.other.openid])
    const gone = transition(m.b.next, { type: 'anonymize', reason: 'account_deleted' }, A.other, refs, bj('2026-09-28 12:00')).next
    expect(gone.residentOpenid).toBeNull()
    expect(JSON.stringify(gone)).not.toContain(A.other.openid)
    const left = transition(m.a.next, { type: 'forget_follower' }, A.other, refs, bj('2026-09-28 12:00')).next
    expect(JSON.stringify(left)).not.toContain(A.other.openid)
  })
})
