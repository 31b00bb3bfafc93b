// (hotspots) 热点 clustering and the 合并 of a cluster — pure core.
import { describe, expect, it } from 'vitest'
import { cellSize, distanceM } from '../../../cloudfunctions/core/geo'
import { findHotspots, HOTSPOT_RADIUS_M, hotspotNote, mergeCluster, type HotspotInput } from '../../../cloudfunctions/core/hotspots'
import { caseCounters } from '../../../cloudfunctions/core/rollups'
import { A, bj, IN_G1, makeRefs } from './fixtures'
import { file } from './helpers'

const north = (p: { lng: number; lat: number }, m: number) => ({ lng: p.lng, lat: p.lat + m / 111_195 })
const east = (p: { lng: number; lat: number }, m: number) => ({ lng: p.lng + m / (111_195 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat })

const NOW = bj('2026-09-30 12:00')
let seq = 0
function kase(over: Partial<HotspotInput> & { daysAgo?: number } = {}): HotspotInput {
  seq++
  const { daysAgo = 1, ...rest } = over
  return {
    _id: `h${seq}`,
    no: `WS2026${String(seq).padStart(4, '0')}`,
    state: 'dispatched',
    categoryId: 'road',
    point: IN_G1,
    townshipId: 'zhongdu',
    villageId: 'v_dongguan',
    submittedAt: new Date(NOW.getTime() - daysAgo * 86_400_000),
    overdue: false,
    ...rest
  }
}
const refs = makeRefs()

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return (e as { code?: string }).code
  }
  return undefined
}

describe('findHotspots', () => {
  it('a precision-6 cell is wider than 300 m both ways here, so the 3 × 3 block holds every neighbour', () => {
    const { dLng, dLat } = cellSize(6)
    expect(distanceM(IN_G1, { lng: IN_G1.lng + dLng, lat: IN_G1.lat })).toBeGreaterThan(HOTSPOT_RADIUS_M)
    expect(distanceM(IN_G1, { lng: IN_G1.lng, lat: IN_G1.lat + dLat })).toBeGreaterThan(HOTSPOT_RADIUS_M)
  })

  it('3 open cases of one category within 300 m form a cluster; 2 do not', () => {
    const cs = [kase({ daysAgo: 5 }), kase({ point: north(IN_G1, 120), daysAgo: 2, overdue: true }), kase({ point: east(IN_G1, 150) })]
    const [h, ...rest] = findHotspots(cs, refs, NOW)
    expect(rest).toEqual([])
    expect(h).toMatchObject({ categoryId: 'road', categoryName: '道路交通', basis: 'distance', count: 3, overdueCount: 1, supervisionOpen: false, place: '中都街道 · 东关社区' })
    expect(h!.townships).toEqual([{ id: 'zhongdu', name: '中都街道' }])
    // Oldest first; the one-tap 督办 goes to the oldest and lists the others.
    expect(h!.cases.map((c) => c.caseId)).toEqual([cs[0]!._id, cs[1]!._id, cs[2]!._id])
    expect(h!.oldestAt).toBe(cs[0]!.submittedAt.toISOString())
    expect(h!.newestAt).toBe(cs[2]!.submittedAt.toISOString())
    expect(h!.supervise!.caseId).toBe(cs[0]!._id)
    expect(h!.supervise!.note).toContain(cs[1]!.no)
    expect(h!.supervise!.note).toContain(cs[2]!.no)
    expect(h!.supervise!.note).not.toContain(`${cs[0]!.no}、`)
    expect(h!.radiusM).toBeGreaterThan(0)
    expect(h!.radiusM).toBeLessThanOrEqual(HOTSPOT_RADIUS_M)
    expect(distanceM(h!.centre!, IN_G1)).toBeLessThan(150)
    expect(findHotspots(cs.slice(0, 2), refs, NOW)).toEqual([])
  })

  it('members are pairwise within 300 m: a chain 0–250–500 m is not one cluster', () => {
    const cs = [kase(), kase({ point: north(IN_G1, 250) }), kase({ point: north(IN_G1, 500) })]
    expect(findHotspots(cs, refs, NOW)).toEqual([])
    // A fourth case next to the middle one completes a cluster of 3 around it; the far one stays out.
    const more = [...cs, kase({ point: north(IN_G1, 200) })]
    const hs = findHotspots(more, refs, NOW)
    expect(hs).toHaveLength(1)
    expect(hs[0]!.count).toBe(3)
    const ids = hs[0]!.cases.map((c) => c.caseId)
    for (const a of ids) for (const b of ids) {
      const pa = more.find((c) => c._id === a)!.point!
      const pb = more.find((c) => c._id === b)!.point!
      expect(distanceM(pa, pb)).toBeLessThanOrEqual(HOTSPOT_RADIUS_M)
    }
  })

  it('leaves out other categories, closed / merged / withdrawn / review / resolved cases, and cases older than 30 days', () => {
    const base = [kase(), kase({ point: north(IN_G1, 50) })]
    for (const third of [
      kase({ categoryId: 'light' }),
      kase({ state: 'merged' }),
      kase({ state: 'withdrawn' }),
      kase({ state: 'closed' }),
      kase({ state: 'review' }),
      kase({ state: 'resolved' }),
      kase({ daysAgo: 31 })
    ]) {
      expect(findHotspots([...base, third], refs, NOW)).toEqual([])
    }
    expect(findHotspots([...base, kase({ state: 'queued', daysAgo: 29 })], refs, NOW)).toHaveLength(1)
    expect(findHotspots([...base, kase({ state: 'accepted' })], refs, NOW)).toHaveLength(1)
  })

  it('each case is in at most one cluster; ranked by size, then the most recent case', () => {
    const far = north(IN_G1, 3000)
    const big = [kase({ daysAgo: 9 }), kase({ point: north(IN_G1, 10), daysAgo: 9 }), kase({ point: north(IN_G1, 20), daysAgo: 9 }), kase({ point: north(IN_G1, 30), daysAgo: 9 })]
    const recent = [kase({ point: far, daysAgo: 1 }), kase({ point: north(far, 10) }), kase({ point: north(far, 20) })]
    const old = [kase({ point: east(far, 3000), daysAgo: 20 }), kase({ point: east(far, 3010), daysAgo: 20 }), kase({ point: east(far, 3020), daysAgo: 20 })]
    const hs = findHotspots([...old, ...recent, ...big], refs, NOW)
    expect(hs.map((h) => h.count)).toEqual([4, 3, 3])
    expect(hs[1]!.cases.map((c) => c.caseId).sort()).toEqual(recent.map((c) => c._id).sort())
    expect(hs[2]!.cases.map((c) => c.caseId).sort()).toEqual(old.map((c) => c._id).sort())
    const all = hs.flatMap((h) => h.cases.map((c) => c.caseId))
    expect(new Set(all).size).toBe(all.length)
    // 7 cases in one place: one cluster of 7 (each case once), not several overlapping ones.
    const seven = Array.from({ length: 7 }, (_, i) => kase({ point: east(IN_G1, i * 20) }))
    expect(findHotspots(seven, refs, NOW).map((h) => h.count)).toEqual([7])
  })

  it('is deterministic whatever the input order', () => {
    const cs = Array.from({ length: 12 }, (_, i) => kase({ point: north(east(IN_G1, (i % 4) * 120), Math.floor(i / 4) * 140), daysAgo: i % 5 }))
    const a = findHotspots(cs, refs, NOW)
    const b = findHotspots([...cs].reverse(), refs, NOW)
    const c = findHotspots([...cs.slice(5), ...cs.slice(0, 5)], refs, NOW)
    expect(b).toEqual(a)
    expect(c).toEqual(a)
    expect(a.length).toBeGreaterThan(0)
  })

  it('cases without a point group by 村居 (same village and category)', () => {
    const cs = [kase({ point: undefined }), kase({ point: undefined, daysAgo: 3 }), kase({ point: undefined, daysAgo: 4 })]
    const [h, ...rest] = findHotspots(cs, refs, NOW)
    expect(rest).toEqual([])
    expect(h).toMatchObject({ basis: 'village', count: 3, radiusM: 0, place: '中都街道 · 东关社区' })
    expect(h!.centre).toBeUndefined()
    // Another village, or a case with a point, does not join the village group.
    expect(findHotspots([cs[0]!, cs[1]!, kase({ point: undefined, villageId: 'v_nanzhan1', townshipId: 'nanzhan' })], refs, NOW)).toEqual([])
  })

  it('flags an open 督办 and sends the one-tap 督办 to the oldest case without one', () => {
    const order = { orderId: 'o1', byOpenid: 'o_disp', byName: '褚分派', byRole: 'county_dispatcher', note: '请尽快', at: NOW } as unknown as NonNullable<HotspotInput['supervisions']>[number]
    const cs = [kase({ daysAgo: 5, supervisions: [order] }), kase({ point: north(IN_G1, 40), daysAgo: 3 }), kase({ point: north(IN_G1, 80) })]
    const [h] = findHotspots(cs, refs, NOW)
    expect(h!.supervisionOpen).toBe(true)
    expect(h!.cases[0]!.supervised).toBe(true)
    expect(h!.supervise!.caseId).toBe(cs[1]!._id)
    const all = cs.map((c) => ({ ...c, supervisions: [order] }))
    expect(findHotspots(all, refs, NOW)[0]!.supervise).toBeUndefined()
  })

  it('the 督办 note stays under 500 characters with many cases', () => {
    const nos = Array.from({ length: 60 }, (_, i) => `WS2026120${String(i).padStart(5, '0')}`)
    const note = hotspotNote('道路交通', '中都街道 · 东关社区', nos[0]!, nos)
    expect(note.length).toBeLessThanOrEqual(500)
    expect(note).toContain('等 59 件')
  })
})

describe('mergeCluster', () => {
  it('merges every duplicate into the main case; the main case is written once (one version)', () => {
    const main = file({}, { at: bj('2026-09-28 09:00') })
    const b = file({ text: '红绿灯又坏了' }, { filer: A.other })
    const c = file({ text: '路口信号灯不亮' }, { filer: { ...A.other, openid: 'o_third' } })
    const r = mergeCluster(main, [b, c], A.admin, refs, bj('2026-09-28 10:00'))
    expect(r.dups.map((d) => d.next.state)).toEqual(['merged', 'merged'])
    expect(r.dups.map((d) => d.next.merge?.intoId)).toEqual([main._id, main._id])
    expect(r.main.next.version).toBe(main.version + 1)
    expect(r.main.next.followers).toEqual([A.other.openid, 'o_third'])
    expect(r.main.events.length).toBe(2)
    expect(caseCounters(r.dups[0]!.next)).toMatchObject({ volume: 0, merged: 1 })
  })

  it('refuses the whole cluster when one case may not be merged (nothing partial), or a repeated / empty list', () => {
    const main = file()
    const b = file({ text: '红绿灯又坏了' }, { filer: A.other })
    const outOfScope = file({ place: { point: { lng: 116.455, lat: 35.685 } } }, { filer: A.other })
    // The township supervisor of 中都 may merge b, not the 南站 case.
    expect(codeOf(() => mergeCluster(main, [b], A.town, refs, bj('2026-09-28 10:00')))).toBeUndefined()
    expect(codeOf(() => mergeCluster(main, [b, outOfScope], A.town, refs, bj('2026-09-28 10:00')))).toBe('FORBIDDEN')
    expect(codeOf(() => mergeCluster(main, [b, b], A.admin, refs, bj('2026-09-28 10:00')))).toBe('MERGE_INVALID')
    expect(codeOf(() => mergeCluster(main, [main], A.admin, refs, bj('2026-09-28 10:00')))).toBe('MERGE_INVALID')
    expect(codeOf(() => mergeCluster(main, [], A.admin, refs, bj('2026-09-28 10:00')))).toBe('INVALID_INPUT')
    expect(codeOf(() => mergeCluster(main, [b], A.dept, refs, bj('2026-09-28 10:00')))).toBe('FORBIDDEN')
  })
})
