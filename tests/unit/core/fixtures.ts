// Shared test fixtures: a calendar built from chinese-days (as the DB seed would), reference data, actors.
import chineseDays from 'chinese-days/dist/chinese-days.json'
import { WorkCalendar } from '../../../cloudfunctions/core/calendar'
import type { Actor, Refs } from '../../../cloudfunctions/core/machine'
import type {
  CategoryDoc,
  DepartmentDoc,
  GridDoc,
  HolidayDoc,
  RoutingRuleDoc,
  TownshipDoc,
  VillageDoc
} from '../../../cloudfunctions/core/types'

type Table = Record<string, string>
const data = chineseDays as unknown as { holidays: Table; workdays: Table }

/** HolidayDoc rows for `years`, shaped as the database holds them ('Name,中文名,n' → the Chinese name). */
export function holidayRows(years: number[]): HolidayDoc[] {
  const rows: HolidayDoc[] = []
  for (const [kind, table] of [
    ['holiday', data.holidays],
    ['workday', data.workdays]
  ] as const) {
    for (const [date, label] of Object.entries(table)) {
      const year = Number(date.slice(0, 4))
      if (!years.includes(year)) continue
      rows.push({ _id: date, year, kind, name: label.split(',')[1] ?? label })
    }
  }
  return rows
}

/** 2024–2026 seeded and confirmed; 2027 not published yet. */
export function makeCalendar(confirmed: number[] = [2024, 2025, 2026]): WorkCalendar {
  return new WorkCalendar(
    holidayRows([2024, 2025, 2026]),
    [2024, 2025, 2026, 2027].map((year) => ({ year, confirmed: confirmed.includes(year) }))
  )
}

/** A Beijing wall-clock time → Date. */
export const bj = (s: string): Date => new Date(`${s.replace(' ', 'T')}${s.length <= 10 ? 'T00:00:00' : ''}+08:00`)

const square = (lng: number, lat: number, size = 0.01): number[][][] => [
  [
    [lng, lat],
    [lng + size, lat],
    [lng + size, lat + size],
    [lng, lat + size],
    [lng, lat]
  ]
]

export const categories: CategoryDoc[] = [
  { _id: 'road', name: '道路交通', icon: '🚦', sla: { acceptHours: 24, finishWorkdays: 5 }, order: 1, active: true },
  { _id: 'water', name: '停水停电', icon: '💧', sla: { acceptHours: 2, finishWorkdays: 1 }, order: 2, active: true },
  { _id: 'light', name: '路灯照明', icon: '💡', sla: { acceptHours: 24, finishWorkdays: 5 }, order: 3, active: true },
  { _id: 'other', name: '其他', icon: '📝', sla: { acceptHours: 24, finishWorkdays: 5 }, order: 9, active: true },
  { _id: 'old', name: '已停用', icon: 'x', sla: { acceptHours: 24, finishWorkdays: 5 }, order: 10, active: false }
]
export const departments: DepartmentDoc[] = [
  { _id: 'transport', name: '县交通运输局' },
  { _id: 'water_co', name: '县水务局' },
  { _id: 'urban', name: '县城管局' },
  { _id: 'zd_office', name: '中都街道办' }
]
export const townships: TownshipDoc[] = [
  { _id: 'zhongdu', name: '中都街道', kind: 'street', center: { lng: 116.49, lat: 35.73 } },
  { _id: 'nanzhan', name: '南站镇', kind: 'town', center: { lng: 116.45, lat: 35.68 } },
  { _id: 'junttun', name: '军屯乡', kind: 'township', center: { lng: 116.6, lat: 35.8 } }
]
export const villages: VillageDoc[] = [
  { _id: 'v_dongguan', name: '东关社区', townshipId: 'zhongdu', kind: 'community' },
  { _id: 'v_nanzhan1', name: '南站村', townshipId: 'nanzhan', kind: 'village' }
]
export const grids: GridDoc[] = [
  { _id: 'g1', name: '东关一网格', villageId: 'v_dongguan', townshipId: 'zhongdu', polygon: square(116.49, 35.73) },
  { _id: 'g2', name: '东关二网格', villageId: 'v_dongguan', townshipId: 'zhongdu', polygon: square(116.5, 35.73) },
  { _id: 'g3', name: '南站一网格', villageId: 'v_nanzhan1', townshipId: 'nanzhan', polygon: square(116.45, 35.68) }
]
export const rules: RoutingRuleDoc[] = [
  { _id: 'r1', categoryId: 'road', departmentId: 'transport' },
  { _id: 'r2', categoryId: 'water', departmentId: 'water_co' },
  { _id: 'r3', categoryId: 'light', departmentId: 'urban' },
  { _id: 'r4', categoryId: 'light', departmentId: 'zd_office', townshipId: 'zhongdu' }
]

export function makeRefs(calendar: WorkCalendar = makeCalendar()): Refs {
  return {
    categories: new Map(categories.map((c) => [c._id, c])),
    departments: new Map(departments.map((d) => [d._id, d])),
    townships: new Map(townships.map((t) => [t._id, t])),
    villages: new Map(villages.map((v) => [v._id, v])),
    grids,
    rules,
    calendar
  }
}

/** Points inside each grid. */
export const IN_G1 = { lng: 116.495, lat: 35.735 }
export const IN_G3 = { lng: 116.455, lat: 35.685 }

export const A = {
  resident: { openid: 'o_res', role: 'resident', scope: {}, name: '张三' },
  other: { openid: 'o_other', role: 'resident', scope: {}, name: '李四' },
  grid: { openid: 'o_grid', role: 'grid_member', scope: { gridIds: ['g1'] }, name: '王网格' },
  grid3: { openid: 'o_grid3', role: 'grid_member', scope: { gridIds: ['g3'] }, name: '赵网格' },
  leader: { openid: 'o_lead', role: 'building_leader', scope: { gridIds: ['g1'] }, name: '钱楼长' },
  dept: { openid: 'o_dept', role: 'dept_handler', scope: { departmentId: 'transport' }, name: '孙经办' },
  dept2: { openid: 'o_dept2', role: 'dept_handler', scope: { departmentId: 'transport' }, name: '周经办' },
  water: { openid: 'o_water', role: 'dept_handler', scope: { departmentId: 'water_co' }, name: '吴经办' },
  urban: { openid: 'o_urban', role: 'dept_handler', scope: { departmentId: 'urban' }, name: '郑经办' },
  town: { openid: 'o_town', role: 'township_supervisor', scope: { townshipId: 'zhongdu' }, name: '冯督办' },
  town2: { openid: 'o_town2', role: 'township_supervisor', scope: { townshipId: 'nanzhan' }, name: '陈督办' },
  disp: { openid: 'o_disp', role: 'county_dispatcher', scope: {}, name: '褚分派' },
  admin: { openid: 'o_admin', role: 'county_admin', scope: {}, name: '卫管理' }
} satisfies Record<string, Actor>
