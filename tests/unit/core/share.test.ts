// (share) The public view a shared card opens, its title, and followers' own ratings (apart from the reporter's,
// never in the metrics) — pure core.
import { describe, expect, it } from 'vitest'
import { contribution, caseCounters } from '../../../cloudfunctions/core/rollups'
import { transition } from '../../../cloudfunctions/core/machine'
import { toDetail } from '../../../cloudfunctions/core/views'
import { toPublicView } from '../../../cloudfunctions/core/share'
import type { Actor } from '../../../cloudfunctions/core/machine'
import { A, bj, makeRefs } from './fixtures'
import { cmd, file, run } from './helpers'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return (e as { code?: string }).code
  }
  return undefined
}

const third: Actor = { openid: 'o_third', role: 'resident', scope: {}, name: '王五' }
const TEXT = '路口红绿灯坏了，张三家门口，电话13812345678，幸福路12号'

describe('toPublicView', () => {
  it('shows a redacted excerpt, 镇街 · 村居, and nothing of the reporter; own / following / canFollow per viewer', () => {
    const refs = makeRefs()
    const c = file({ text: TEXT })
    const { view } = toPublicView(c, A.other, refs)
    const json = JSON.stringify(view)
    for (const s of ['张三', '13812345678', '12号', 'o_res']) expect(json).not.toContain(s)
    expect(view.summaryKind).toBe('excerpt')
    expect(view.summary).toContain('红绿灯')
    expect(view).toMatchObject({ own: false, following: false, canFollow: true, followerCount: 0 })
    expect(view).not.toHaveProperty('address')
    expect(toPublicView(c, A.resident, refs).view).toMatchObject({ own: true, canFollow: false })
    const f = transition(c, { type: 'follow' }, A.other, refs, bj('2026-09-28 10:00')).next
    expect(toPublicView(f, A.other, refs).view).toMatchObject({ following: true, canFollow: false, followerCount: 1 })
    // Staff may read it, never 附议.
    expect(toPublicView(f, A.dept, refs).view.canFollow).toBe(false)
  })

  it('withdrawn, anonymized and held cases are not public', () => {
    const refs = makeRefs()
    const w = run(file(), [[cmd.withdraw, A.resident]])
    expect(codeOf(() => toPublicView(w, A.other, refs))).toBe('CASE_NOT_PUBLIC')
    expect(codeOf(() => toPublicView(file({}, { held: true }), A.other, refs))).toBe('CASE_NOT_PUBLIC')
    const closed = run(file(), [[cmd.accept, A.dept], [cmd.resolve, A.dept], [cmd.rate('satisfied'), A.resident]])
    const anon = transition(closed, { type: 'anonymize', reason: 'account_deleted' }, A.resident, refs, bj('2026-10-28 10:00')).next
    expect(codeOf(() => toPublicView(anon, A.other, refs))).toBe('CASE_NOT_PUBLIC')
    expect(toPublicView(closed, A.other, refs).view.state).toBe('closed')
  })
})

describe('附议群众评价 (follower_rate)', () => {
  it('a follower rates a finished case for themselves; shown apart; the metrics do not move', () => {
    const refs = makeRefs()
    let c = file()
    c = transition(c, { type: 'follow' }, A.other, refs, bj('2026-09-28 10:00')).next
    c = transition(c, { type: 'follow' }, third, refs, bj('2026-09-28 10:05')).next
    expect(codeOf(() => transition(c, { type: 'follower_rate', rating: 'satisfied' }, A.other, refs, bj('2026-09-28 10:10')))).toBe('INVALID_STATE')
    c = run(c, [[cmd.accept, A.dept], [cmd.resolve, A.dept]], refs)
    const before = contribution(c)
    const beforeCounters = caseCounters(c)
    const r1 = transition(c, { type: 'follower_rate', rating: 'unsatisfied' }, A.other, refs, bj('2026-09-29 10:00'))
    // No state change, no reopen, nothing told: the reporter's rating decides.
    expect(r1.next.state).toBe('resolved')
    expect(r1.next.reopenCount).toBe(c.reopenCount)
    expect(r1.notifications).toEqual([])
    // No clock: the timer sees the same alarm (nothing for the exactly-once timer tests to cover).
    expect(r1.next.alarmAt).toEqual(c.alarmAt)
    expect(r1.next.finishBy).toEqual(c.finishBy)
    c = transition(r1.next, { type: 'follower_rate', rating: 'basic' }, third, refs, bj('2026-09-29 10:01')).next
    // Rating again replaces the follower's own entry.
    c = transition(c, { type: 'follower_rate', rating: 'satisfied' }, A.other, refs, bj('2026-09-29 10:02')).next
    expect(c.followerRatings).toHaveLength(2)
    expect(caseCounters(c)).toEqual(beforeCounters)
    expect(contribution(c)).toEqual(before)
    // A follower who leaves takes their rating along (only followers' ratings are shown); the other's stays.
    const left = transition(c, { type: 'unfollow' }, third, refs, bj('2026-09-29 10:30')).next
    expect(left.followerRatings).toEqual([expect.objectContaining({ openid: A.other.openid, value: 'satisfied' })])
    expect(left.followerCount).toBe(1)
    // The reporter and strangers cannot; staff neither.
    expect(codeOf(() => transition(c, { type: 'follower_rate', rating: 'satisfied' }, A.resident, refs, bj('2026-09-29 11:00')))).toBe('FORBIDDEN')
    expect(codeOf(() => transition(c, { type: 'follower_rate', rating: 'satisfied' }, A.dept, refs, bj('2026-09-29 11:00')))).toBe('FORBIDDEN')
    // The reporter's rating closes the case as before; followers may still rate a closed case.
    c = transition(c, { type: 'rate', rating: 'unsatisfied', comment: '还是不亮' }, A.resident, refs, bj('2026-09-29 12:00')).next
    expect(c.state).toBe('accepted')
    c = run(c, [[cmd.resolve, A.dept], [cmd.rate('satisfied'), A.resident]], refs)
    expect(c.state).toBe('closed')
    const withFollowers = caseCounters(c)
    const rated = transition(c, { type: 'follower_rate', rating: 'unsatisfied' }, third, refs, bj('2026-10-08 10:00')).next
    expect(caseCounters(rated)).toEqual(withFollowers)
    expect(caseCounters({ ...rated, followerRatings: [] })).toEqual(withFollowers)
    // Shown apart from the reporter's rating, to the reporter and to followers.
    const own = toDetail(rated, A.resident, [], [], refs)
    expect(own.rating?.value).toBe('satisfied')
    expect(own.followerRatings).toEqual({ satisfied: 1, basic: 0, unsatisfied: 1 })
    expect(own.myFollowerRating).toBeUndefined()
    const fol = toDetail(rated, third, [], [], refs)
    expect(fol.viewAs).toBe('follower')
    expect(fol.rating).toBeUndefined()
    expect(fol.myFollowerRating).toBe('unsatisfied')
    expect(fol.allowed).toContain('follower_rate')
    expect(toPublicView(rated, A.dept, refs).view.followerRatings).toEqual({ satisfied: 1, basic: 0, unsatisfied: 1 })
  })
})

describe('the suggestion’s candidate cells (geo7, 5 × 5)', () => {
  it('hold every point within 150 m, and cover far less than the 3 × 3 precision-6 block', async () => {
    const { cellsAround, cellSize, distanceM, geohash, SIMILAR_PRECISION, SIMILAR_RINGS } = await import('../../../cloudfunctions/core/geo')
    const base = { lng: 116.4897, lat: 35.7322 }
    const north = (p: { lng: number; lat: number }, m: number) => ({ lng: p.lng, lat: p.lat + m / 111_195 })
    const east = (p: { lng: number; lat: number }, m: number) => ({ lng: p.lng + m / (111_195 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat })
    for (const lat of [35.7, 53.9]) {
      const { dLng, dLat } = cellSize(SIMILAR_PRECISION)
      const p0 = { lng: base.lng, lat }
      expect(SIMILAR_RINGS * distanceM(p0, { lng: p0.lng + dLng, lat })).toBeGreaterThan(150)
      expect(SIMILAR_RINGS * distanceM(p0, { lng: p0.lng, lat: lat + dLat })).toBeGreaterThan(150)
    }
    for (let i = 0; i < 200; i++) {
      const p = { lng: base.lng + (i % 20) * 0.00023, lat: base.lat + Math.floor(i / 20) * 0.00029 }
      const cells = cellsAround(p, SIMILAR_PRECISION, SIMILAR_RINGS)
      expect(cells).toHaveLength(25)
      for (const [dx, dy] of [[150, 0], [-150, 0], [0, 150], [0, -150], [106, 106], [-106, -106], [106, -106], [-106, 106]] as const) {
        expect(cells).toContain(geohash(north(east(p, dx), dy), SIMILAR_PRECISION))
      }
    }
    const a6 = cellSize(6)
    const a7 = cellSize(SIMILAR_PRECISION)
    expect((9 * a6.dLng * a6.dLat) / (25 * a7.dLng * a7.dLat)).toBeGreaterThan(10)
  })
})
