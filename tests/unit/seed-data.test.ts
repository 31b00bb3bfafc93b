// The Wenshang demo data: geometry, references, routing coverage, personas and the holiday table.
import { execFileSync } from 'node:child_process'
import { TOWNSHIP_UNIT, VILLAGE_UNIT } from '../../cloudfunctions/core/routing'
import { describe, expect, it } from 'vitest'
import {
  CATEGORIES,
  COUNTY_BBOX,
  DEMO_PERSONAS,
  DEPARTMENTS,
  UNITS,
  GRIDS,
  QUEUE_ONLY_CATEGORY_IDS,
  ROUTING_RULES,
  TOWNSHIPS,
  VILLAGE_POINTS,
  VILLAGES,
  demoUsers
} from '../../scripts/seed/wenshang'
import { buildHolidays, coveredYears } from '../../scripts/seed/holidays'
import { seedSets } from '../../scripts/seed/index'
import { DEMO_PERSONAS as TYPED_PERSONAS } from '../../typings/demo-personas'
import { ROLES } from '../../typings/api'

type Pt = [number, number]

function ring(polygon: number[][][]): Pt[] {
  return polygon[0]!.map((p) => [p[0]!, p[1]!] as Pt)
}

/** Ray casting; points on the boundary count as outside. */
function strictlyInside(p: Pt, r: Pt[]): boolean {
  let inside = false
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i]!
    const [xj, yj] = r[j]!
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function segmentsCross(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o = (p: Pt, q: Pt, r: Pt) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0
}

function overlaps(r1: Pt[], r2: Pt[]): boolean {
  if (r1.some((p) => strictlyInside(p, r2)) || r2.some((p) => strictlyInside(p, r1))) return true
  for (let i = 0; i + 1 < r1.length; i++)
    for (let j = 0; j + 1 < r2.length; j++) if (segmentsCross(r1[i]!, r1[i + 1]!, r2[j]!, r2[j + 1]!)) return true
  // identical rectangles: centroid of one inside the other
  const c = r1.slice(0, -1).reduce<Pt>((s, p) => [s[0] + p[0] / (r1.length - 1), s[1] + p[1] / (r1.length - 1)], [0, 0])
  return strictlyInside(c, r2)
}

const inBox = ([lng, lat]: Pt) => lng > COUNTY_BBOX[0] && lat > COUNTY_BBOX[1] && lng < COUNTY_BBOX[2] && lat < COUNTY_BBOX[3]

describe('divisions', () => {
  it('has the 15 township-level units of BRIEF §1 with the right kinds', () => {
    expect(TOWNSHIPS.map((t) => t.name)).toEqual([
      '中都街道', '汶上街道', '南站镇', '南旺镇', '次丘镇', '寅寺镇', '郭楼镇', '康驿镇', '苑庄镇', '义桥镇', '郭仓镇', '白石镇', '杨店镇', '刘楼乡', '军屯乡'
    ])
    for (const t of TOWNSHIPS) {
      const expected = t.name.endsWith('街道') ? 'street' : t.name.endsWith('乡') ? 'township' : 'town'
      expect(t.kind, t.name).toBe(expected)
      expect(inBox([t.center.lng, t.center.lat]), t.name).toBe(true)
    }
    expect(TOWNSHIPS.find((t) => t._id === 'tw-zhongdu')?.name).toBe('中都街道')
  })

  it('gives every township 2–4 villages and every village 1–3 grids, all referencing existing parents', () => {
    const townshipIds = new Set(TOWNSHIPS.map((t) => t._id))
    const villageById = new Map(VILLAGES.map((v) => [v._id, v]))
    expect(villageById.size).toBe(VILLAGES.length)
    expect(new Set(GRIDS.map((g) => g._id)).size).toBe(GRIDS.length)
    for (const v of VILLAGES) expect(townshipIds.has(v.townshipId), v._id).toBe(true)
    for (const g of GRIDS) {
      expect(townshipIds.has(g.townshipId), g._id).toBe(true)
      expect(villageById.get(g.villageId)?.townshipId, g._id).toBe(g.townshipId)
    }
    for (const t of TOWNSHIPS) {
      const n = VILLAGES.filter((v) => v.townshipId === t._id).length
      expect(n, t.name).toBeGreaterThanOrEqual(2)
      expect(n, t.name).toBeLessThanOrEqual(4)
    }
    for (const v of VILLAGES) {
      const n = GRIDS.filter((g) => g.villageId === v._id).length
      expect(n, v.name).toBeGreaterThanOrEqual(1)
      expect(n, v.name).toBeLessThanOrEqual(3)
      expect(v.kind).toBe(v.name.endsWith('社区') ? 'community' : 'village')
    }
    expect(VILLAGES.filter((v) => v.townshipId === 'tw-zhongdu').map((v) => v.name)).toEqual(
      expect.arrayContaining(['东门社区', '西关社区', '北门社区'])
    )
    expect(GRIDS.map((g) => g._id)).toContain('gr-zhongdu-dongmen-1')
  })

  it('every grid polygon is a closed ring inside the county box and inside no other grid', () => {
    // the overlap check itself: shifted, nested and identical rectangles overlap, separate ones do not (touching counts as overlapping: stricter)
    const sq = (x: number, y: number, w: number) => ring([[[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]]])
    expect([overlaps(sq(0, 0, 2), sq(1, 1, 2)), overlaps(sq(0, 0, 3), sq(1, 1, 1)), overlaps(sq(0, 0, 1), sq(0, 0, 1))]).toEqual([true, true, true])
    expect([overlaps(sq(0, 0, 1), sq(1.001, 0, 1)), overlaps(sq(0, 0, 1), sq(5, 5, 1))]).toEqual([false, false])
    const rings = GRIDS.map((g) => ring(g.polygon))
    for (const [i, r] of rings.entries()) {
      expect(GRIDS[i]!.polygon).toHaveLength(1)
      expect(r.length).toBeGreaterThanOrEqual(4)
      expect(r[0]).toEqual(r[r.length - 1])
      for (const p of r) expect(inBox(p), GRIDS[i]!._id).toBe(true)
    }
    for (let i = 0; i < rings.length; i++)
      for (let j = i + 1; j < rings.length; j++)
        expect(overlaps(rings[i]!, rings[j]!), `${GRIDS[i]!._id} × ${GRIDS[j]!._id}`).toBe(false)
  })

  it("a village's point lies in one of its own grids", () => {
    for (const v of VILLAGES) {
      const p = VILLAGE_POINTS[v._id]!
      const hits = GRIDS.filter((g) => strictlyInside([p.lng, p.lat], ring(g.polygon)))
      expect(hits.map((g) => g.villageId), v._id).toEqual([v._id])
    }
  })
})

describe('categories and routing', () => {
  it('has unique ids and names, valid SLAs, the default SLA and the shorter ones of BRIEF §3', () => {
    expect(CATEGORIES.length).toBeGreaterThanOrEqual(18)
    expect(new Set(CATEGORIES.map((c) => c._id)).size).toBe(CATEGORIES.length)
    expect(new Set(CATEGORIES.map((c) => c.name)).size).toBe(CATEGORIES.length)
    expect(new Set(CATEGORIES.map((c) => c.order)).size).toBe(CATEGORIES.length)
    for (const c of CATEGORIES) {
      expect(c.icon.length, c.name).toBeGreaterThan(0)
      expect(c.sla.acceptHours).toBeGreaterThan(0)
      expect(c.sla.acceptHours).toBeLessThanOrEqual(24)
      expect(c.sla.finishWorkdays).toBeGreaterThanOrEqual(1)
      expect(c.sla.finishWorkdays).toBeLessThanOrEqual(5)
    }
    const byName = new Map(CATEGORIES.map((c) => [c.name, c]))
    expect(byName.get('停水')?.sla).toEqual({ acceptHours: 2, finishWorkdays: 1 })
    expect(byName.get('路灯')?.sla).toEqual({ acceptHours: 24, finishWorkdays: 3 })
    expect(byName.get('其他')?.sla).toEqual({ acceptHours: 24, finishWorkdays: 5 })
  })

  it('every active category has a county-wide rule or is explicitly queue-only', () => {
    expect(QUEUE_ONLY_CATEGORY_IDS).toContain('cat-other')
    expect(QUEUE_ONLY_CATEGORY_IDS.length).toBeLessThanOrEqual(2)
    for (const c of CATEGORIES.filter((c) => c.active)) {
      const countyWide = ROUTING_RULES.filter((r) => r.categoryId === c._id && !r.townshipId)
      if (QUEUE_ONLY_CATEGORY_IDS.includes(c._id)) expect(ROUTING_RULES.filter((r) => r.categoryId === c._id), c.name).toEqual([])
      else expect(countyWide, c.name).toHaveLength(1)
    }
  })

  it('rules reference existing categories, departments and townships, at most one per (category, township)', () => {
    const cats = new Set(CATEGORIES.map((c) => c._id))
    // A rule may also target the case's own village or township unit (dispatch to any level).
    const depts = new Set([...DEPARTMENTS.map((d) => d._id), VILLAGE_UNIT, TOWNSHIP_UNIT])
    const tws = new Set(TOWNSHIPS.map((t) => t._id))
    expect(new Set(ROUTING_RULES.map((r) => r._id)).size).toBe(ROUTING_RULES.length)
    expect(new Set(ROUTING_RULES.map((r) => `${r.categoryId}|${r.townshipId ?? ''}`)).size).toBe(ROUTING_RULES.length)
    for (const r of ROUTING_RULES) {
      expect(cats.has(r.categoryId), r._id).toBe(true)
      expect(depts.has(r.departmentId), r._id).toBe(true)
      if (r.townshipId !== undefined) expect(tws.has(r.townshipId), r._id).toBe(true)
    }
    // 路灯: 中都街道 → 县城管局, elsewhere → 县供电公司
    const light = CATEGORIES.find((c) => c.name === '路灯')!._id
    const deptName = (id?: string) => DEPARTMENTS.find((d) => d._id === id)?.name
    expect(deptName(ROUTING_RULES.find((r) => r.categoryId === light && r.townshipId === 'tw-zhongdu')?.departmentId)).toBe('县城管局')
    expect(deptName(ROUTING_RULES.find((r) => r.categoryId === light && !r.townshipId)?.departmentId)).toBe('县供电公司')
    expect(ROUTING_RULES.filter((r) => r.townshipId).length).toBeGreaterThanOrEqual(2)
  })

  it('townships and villages are handling units beside the bureaus, one each, ids derived from theirs', () => {
    expect(UNITS.filter((u) => u.kind === 'township').map((u) => u.townshipId).sort()).toEqual(TOWNSHIPS.map((t) => t._id).sort())
    expect(UNITS.filter((u) => u.kind === 'village').map((u) => u.villageId).sort()).toEqual(VILLAGES.map((v) => v._id).sort())
    const ids = new Set([...DEPARTMENTS, ...UNITS].map((d) => d._id))
    expect(ids.size).toBe(DEPARTMENTS.length + UNITS.length)
    expect(UNITS.find((u) => u.villageId === 'vl-zhongdu-dongmen')).toMatchObject({ _id: 'dp-vl-zhongdu-dongmen', name: '东门社区居委会', townshipId: 'tw-zhongdu' })
    expect(UNITS.find((u) => u.townshipId === 'tw-nanzhan' && u.kind === 'township')!.name).toBe('南站镇人民政府')
    expect(ROUTING_RULES.find((r) => r.categoryId === 'cat-facilities')!.departmentId).toBe(VILLAGE_UNIT)
  })

  it('has the departments the brief names, with unique ids', () => {
    expect(new Set(DEPARTMENTS.map((d) => d._id)).size).toBe(DEPARTMENTS.length)
    for (const name of ['县住建局', '县交通运输局', '县水务局', '县供电公司', '县城管局', '县市场监管局', '县人社局', '县教体局', '县卫健局', '县生态环境分局', '县公安局', '县民政局'])
      expect(DEPARTMENTS.map((d) => d.name)).toContain(name)
  })
})

describe('demo personas', () => {
  it('are the ones typings/demo-personas.ts exports, with unique openids and valid roles', () => {
    expect(DEMO_PERSONAS).toBe(TYPED_PERSONAS)
    expect(new Set(DEMO_PERSONAS.map((p) => p.openid)).size).toBe(DEMO_PERSONAS.length)
    for (const p of DEMO_PERSONAS) {
      expect(ROLES).toContain(p.role)
      expect(p.label).toContain(p.name)
    }
    const count = (role: string) => DEMO_PERSONAS.filter((p) => p.role === role).length
    expect([count('resident'), count('grid_member'), count('building_leader'), count('dept_handler')]).toEqual([2, 1, 1, 3])
    expect([count('township_supervisor'), count('county_dispatcher'), count('county_admin')]).toEqual([1, 1, 1])
  })

  it("scopes reference existing grids, departments and townships, as each role needs", () => {
    const grids = new Map(GRIDS.map((g) => [g._id, g]))
    const depts = new Set(DEMO_PERSONAS.flatMap((p) => (p.scope.departmentId ? [p.scope.departmentId] : [])))
    for (const d of depts) expect(DEPARTMENTS.map((x) => x._id)).toContain(d)
    for (const p of DEMO_PERSONAS) {
      for (const g of p.scope.gridIds ?? []) expect(grids.has(g), p.openid).toBe(true)
      if (p.scope.townshipId) expect(TOWNSHIPS.map((t) => t._id)).toContain(p.scope.townshipId)
      if (p.role === 'grid_member' || p.role === 'building_leader') {
        expect(p.scope.gridIds?.length, p.openid).toBeGreaterThan(0)
        for (const g of p.scope.gridIds!) expect(grids.get(g)!.townshipId).toBe('tw-zhongdu')
      }
      if (p.role === 'dept_handler') expect(p.scope.departmentId, p.openid).toBeTruthy()
      if (p.role === 'township_supervisor') expect(p.scope.townshipId).toBe('tw-zhongdu')
    }
    const handlerDepts = DEMO_PERSONAS.filter((p) => p.role === 'dept_handler').map((p) => DEPARTMENTS.find((d) => d._id === p.scope.departmentId)!.name)
    expect(handlerDepts.sort()).toEqual(['县交通运输局', '县住建局', '县供电公司'].sort())
    const now = new Date('2026-01-01T00:00:00Z')
    expect(demoUsers(now)[0]).toEqual({ _id: 'demo-resident-1', role: 'resident', scope: {}, name: '王秀英', createdAt: now, updatedAt: now })
  })
})

describe('holidays', () => {
  const { holidays, years } = buildHolidays(new Date('2026-01-01T00:00:00Z'))
  const byDate = new Map(holidays.map((h) => [h._id, h]))

  it('covers every chinese-days year up to 2026 as confirmed, and 2027 unconfirmed without days', () => {
    const covered = coveredYears()
    expect(covered[covered.length - 1]).toBe(2026)
    expect(years.filter((y) => y.confirmed).map((y) => y.year)).toEqual(covered)
    const y2027 = years.find((y) => y._id === '2027')!
    expect(y2027).toMatchObject({ year: 2027, confirmed: false })
    expect(holidays.filter((h) => h.year === 2027)).toEqual([])
    expect(new Set(holidays.map((h) => h._id)).size).toBe(holidays.length)
    for (const h of holidays) expect(h._id.slice(0, 4)).toBe(String(h.year))
  })

  it('2026: National Day 10-01..10-07 off (weekend days included), 10-10 a make-up working day', () => {
    for (let d = 1; d <= 7; d++) expect(byDate.get(`2026-10-0${d}`)).toMatchObject({ kind: 'holiday', name: '国庆节', year: 2026 })
    expect(byDate.get('2026-10-08')).toBeUndefined()
    expect(byDate.get('2026-10-10')).toMatchObject({ kind: 'workday', name: '国庆节' })
  })

  it('2026: exactly the make-up days and days off chinese-days lists', () => {
    // chinese-days answers with the process zone's calendar and is wrong west of UTC (America/New_York shifts
    // every day by one): ask it in a child process that runs, as the county does, on Beijing time.
    const oracle = `const c = require('chinese-days'); const w = [], o = [], h = {};
      for (let t = Date.UTC(2026, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86400000) {
        const date = new Date(t).toISOString().slice(0, 10); const weekend = [0, 6].includes(new Date(t).getUTCDay())
        const work = c.isWorkday(date); if (weekend && work) w.push(date); if (!weekend && !work) o.push(date); h[date] = c.isHoliday(date)
      }
      console.log(JSON.stringify({ w, o, h }))`
    const out = JSON.parse(execFileSync(process.execPath, ['-e', oracle], { env: { ...process.env, TZ: 'Asia/Shanghai' }, encoding: 'utf8' })) as {
      w: string[]
      o: string[]
      h: Record<string, boolean>
    }
    const expectedWorkdays = out.w
    const expectedOff = out.o
    const rows2026 = holidays.filter((h) => h.year === 2026)
    expect(rows2026.filter((h) => h.kind === 'workday').map((h) => h._id)).toEqual(expectedWorkdays)
    expect(expectedWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'])
    const off = new Set(rows2026.filter((h) => h.kind === 'holiday').map((h) => h._id))
    for (const d of expectedOff) expect(off.has(d), d).toBe(true)
    // every holiday row is a day off for chinese-days too
    for (const d of off) expect(out.h[d], d).toBe(true)
    expect(byDate.get('2026-02-17')).toMatchObject({ kind: 'holiday', name: '春节' })
  })
})

describe('seed sets', () => {
  it('lists every seeded collection once, the personas optional', () => {
    const names = seedSets().map((s) => s.collection)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual(['departments', 'townships', 'villages', 'grids', 'categories', 'routing_rules', 'holiday_years', 'holidays', 'policy_tags', 'users'])
    expect(seedSets({ personas: false }).map((s) => s.collection)).not.toContain('users')
  })
})
