// Wenshang county (汶上县) demo data: townships, villages, grids, departments, categories and routing rules,
// typed as the database documents of cloudfunctions/core/types.ts. Ids are stable across runs.
// The 15 township-level units are real (BRIEF §1); villages, grids and their coordinates are made up but
// plausible, inside the county box E116.3–116.7, N35.5–35.9.
import type {
  CategoryDoc,
  DepartmentDoc,
  GridDoc,
  RoutingRuleDoc,
  TownshipDoc,
  UserDoc,
  VillageDoc
} from '../../cloudfunctions/core/types'
import type { Sla } from '../../typings/api'
import { DEMO_PERSONAS } from '../../typings/demo-personas'
import { VILLAGE_UNIT, unitOfTownship, unitOfVillage } from '../../cloudfunctions/core/routing'

export { DEMO_PERSONAS }

/** The county's bounding box [minLng, minLat, maxLng, maxLat]. */
export const COUNTY_BBOX = [116.3, 35.5, 116.7, 35.9] as const
export const DEFAULT_SLA: Sla = { acceptHours: 24, finishWorkdays: 5 }

// ---------------------------------------------------------------------------------------------------------
// Divisions: township → villages (→ number of grids)
// ---------------------------------------------------------------------------------------------------------

interface VillageSpec {
  slug: string
  name: string
  grids: 1 | 2 | 3
}
interface TownshipSpec {
  slug: string
  name: string
  kind: TownshipDoc['kind']
  center: [lng: number, lat: number]
  villages: VillageSpec[]
}

const TOWNSHIP_SPECS: TownshipSpec[] = [
  {
    slug: 'zhongdu',
    name: '中都街道',
    kind: 'street',
    center: [116.495, 35.74],
    villages: [
      { slug: 'dongmen', name: '东门社区', grids: 3 },
      { slug: 'xiguan', name: '西关社区', grids: 2 },
      { slug: 'beimen', name: '北门社区', grids: 2 },
      { slug: 'nanguan', name: '南关社区', grids: 1 }
    ]
  },
  {
    slug: 'wenshang',
    name: '汶上街道',
    kind: 'street',
    center: [116.49, 35.712],
    villages: [
      { slug: 'baoxiangsi', name: '宝相寺社区', grids: 3 },
      { slug: 'wenmiao', name: '文庙社区', grids: 2 },
      { slug: 'quanhe', name: '泉河社区', grids: 2 }
    ]
  },
  {
    slug: 'nanzhan',
    name: '南站镇',
    kind: 'town',
    center: [116.47, 35.64],
    villages: [
      { slug: 'nanzhan', name: '南站村', grids: 2 },
      { slug: 'houtun', name: '后屯村', grids: 1 },
      { slug: 'zhangzhuang', name: '张庄村', grids: 1 }
    ]
  },
  {
    slug: 'nanwang',
    name: '南旺镇',
    kind: 'town',
    center: [116.36, 35.565],
    villages: [
      { slug: 'nanwang', name: '南旺村', grids: 2 },
      { slug: 'liulin', name: '柳林村', grids: 1 },
      { slug: 'shaozhuang', name: '邵庄村', grids: 1 }
    ]
  },
  {
    slug: 'ciqiu',
    name: '次丘镇',
    kind: 'town',
    center: [116.34, 35.735],
    villages: [
      { slug: 'ciqiu', name: '次丘村', grids: 2 },
      { slug: 'qianjin', name: '前进村', grids: 1 },
      { slug: 'wanglou', name: '王楼村', grids: 1 }
    ]
  },
  {
    slug: 'yinsi',
    name: '寅寺镇',
    kind: 'town',
    center: [116.37, 35.68],
    villages: [
      { slug: 'yinsi', name: '寅寺村', grids: 2 },
      { slug: 'dongwangzhuang', name: '东王庄村', grids: 1 },
      { slug: 'liguantun', name: '李官屯村', grids: 1 }
    ]
  },
  {
    slug: 'guolou',
    name: '郭楼镇',
    kind: 'town',
    center: [116.41, 35.62],
    villages: [
      { slug: 'guolou', name: '郭楼村', grids: 2 },
      { slug: 'sunqiao', name: '孙桥村', grids: 1 },
      { slug: 'xiyang', name: '西杨村', grids: 1 }
    ]
  },
  {
    slug: 'kangyi',
    name: '康驿镇',
    kind: 'town',
    center: [116.38, 35.815],
    villages: [
      { slug: 'kangyi', name: '康驿村', grids: 2 },
      { slug: 'wangjiatang', name: '王家堂村', grids: 1 },
      { slug: 'liuhe', name: '刘河村', grids: 1 }
    ]
  },
  {
    slug: 'yuanzhuang',
    name: '苑庄镇',
    kind: 'town',
    center: [116.56, 35.82],
    villages: [
      { slug: 'yuanzhuang', name: '苑庄村', grids: 2 },
      { slug: 'mamiao', name: '马庙村', grids: 1 },
      { slug: 'zhaozhuang', name: '赵庄村', grids: 1 }
    ]
  },
  {
    slug: 'yiqiao',
    name: '义桥镇',
    kind: 'town',
    center: [116.47, 35.85],
    villages: [
      { slug: 'yiqiao', name: '义桥村', grids: 2 },
      { slug: 'beizhang', name: '北张村', grids: 1 },
      { slug: 'houying', name: '后营村', grids: 1 }
    ]
  },
  {
    slug: 'guocang',
    name: '郭仓镇',
    kind: 'town',
    center: [116.59, 35.76],
    villages: [
      { slug: 'guocang', name: '郭仓村', grids: 2 },
      { slug: 'sanlitun', name: '三里屯村', grids: 1 }
    ]
  },
  {
    slug: 'baishi',
    name: '白石镇',
    kind: 'town',
    center: [116.61, 35.69],
    villages: [
      { slug: 'baishi', name: '白石村', grids: 2 },
      { slug: 'dinglou', name: '丁楼村', grids: 1 },
      { slug: 'yanzhuang', name: '闫庄村', grids: 1 }
    ]
  },
  {
    slug: 'yangdian',
    name: '杨店镇',
    kind: 'town',
    center: [116.42, 35.875],
    villages: [
      { slug: 'yangdian', name: '杨店村', grids: 2 },
      { slug: 'ancun', name: '安村', grids: 1 },
      { slug: 'zhouzhuang', name: '周庄村', grids: 1 }
    ]
  },
  {
    slug: 'liulou',
    name: '刘楼乡',
    kind: 'township',
    center: [116.56, 35.62],
    villages: [
      { slug: 'liulou', name: '刘楼村', grids: 2 },
      { slug: 'haozhuang', name: '郝庄村', grids: 1 }
    ]
  },
  {
    slug: 'juntun',
    name: '军屯乡',
    kind: 'township',
    center: [116.65, 35.8],
    villages: [
      { slug: 'juntun', name: '军屯村', grids: 2 },
      { slug: 'dongtian', name: '东田村', grids: 1 },
      { slug: 'qianlou', name: '前楼村', grids: 1 }
    ]
  }
]

// Layout: a township's villages sit in a west–east row around its center, VILLAGE_STEP apart; a village's
// grids are rectangles stacked south–north around the village point (the first one centered on it).
// Rectangles never touch.
const VILLAGE_STEP = 0.012
const GRID_HALF_W = 0.005
const GRID_STEP = 0.006
const GRID_HALF_H = 0.0028
const CN_ORDINALS = ['一', '二', '三']
/** The first grid is centered on the village point, the second north of it, the third south. */
const GRID_OFFSETS = [0, 1, -1]

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

/** A closed, counter-clockwise GeoJSON ring for a rectangle. */
export function rectangle(minLng: number, minLat: number, maxLng: number, maxLat: number): number[][][] {
  const [a, b, c, d] = [round6(minLng), round6(minLat), round6(maxLng), round6(maxLat)]
  return [
    [
      [a, b],
      [c, b],
      [c, d],
      [a, d],
      [a, b]
    ]
  ]
}

export const TOWNSHIPS: TownshipDoc[] = []
export const VILLAGES: VillageDoc[] = []
export const GRIDS: GridDoc[] = []
/** The village's own point (where its grids are centered), for demo cases and tests. */
export const VILLAGE_POINTS: Record<string, { lng: number; lat: number }> = {}

for (const t of TOWNSHIP_SPECS) {
  const townshipId = `tw-${t.slug}`
  TOWNSHIPS.push({ _id: townshipId, name: t.name, kind: t.kind, center: { lng: t.center[0], lat: t.center[1] } })
  t.villages.forEach((v, vi) => {
    const villageId = `vl-${t.slug}-${v.slug}`
    const lng = round6(t.center[0] + (vi - (t.villages.length - 1) / 2) * VILLAGE_STEP)
    const lat = t.center[1]
    VILLAGE_POINTS[villageId] = { lng, lat }
    VILLAGES.push({
      _id: villageId,
      name: v.name,
      townshipId,
      kind: v.name.endsWith('社区') ? 'community' : 'village'
    })
    for (let gi = 0; gi < v.grids; gi++) {
      const cy = lat + GRID_OFFSETS[gi]! * GRID_STEP
      GRIDS.push({
        _id: `gr-${t.slug}-${v.slug}-${gi + 1}`,
        name: `${v.name}第${CN_ORDINALS[gi]}网格`,
        villageId,
        townshipId,
        polygon: rectangle(lng - GRID_HALF_W, cy - GRID_HALF_H, lng + GRID_HALF_W, cy + GRID_HALF_H)
      })
    }
  })
}

// ---------------------------------------------------------------------------------------------------------
// Departments
// ---------------------------------------------------------------------------------------------------------

export const DEPARTMENTS: DepartmentDoc[] = [
  { _id: 'dp-zhujian', name: '县住建局' },
  { _id: 'dp-jiaotong', name: '县交通运输局' },
  { _id: 'dp-shuiwu', name: '县水务局' },
  { _id: 'dp-gongdian', name: '县供电公司' },
  { _id: 'dp-chengguan', name: '县城管局' },
  { _id: 'dp-shichang', name: '县市场监管局' },
  { _id: 'dp-renshe', name: '县人社局' },
  { _id: 'dp-jiaoti', name: '县教体局' },
  { _id: 'dp-weijian', name: '县卫健局' },
  { _id: 'dp-shengtai', name: '县生态环境分局' },
  { _id: 'dp-gongan', name: '县公安局' },
  { _id: 'dp-minzheng', name: '县民政局' },
  { _id: 'dp-nongye', name: '县农业农村局' }
]

/**
 * Townships and villages as handling units beside the bureaus (dispatch to any level): one unit per township
 * (`dp-tw-<slug>`, its 办事处 or 人民政府) and per village or community (`dp-vl-<township>-<village>`, its 村委会 or
 * 居委会). They live in the departments collection, so routing rules, grants (dept_handler scoped to a unit),
 * rollups and the 派单/转办 sheet treat them like any bureau.
 */
export const UNITS: DepartmentDoc[] = [
  ...TOWNSHIPS.map((t): DepartmentDoc => ({ _id: unitOfTownship(t._id), name: `${t.name}${t.kind === 'street' ? '办事处' : '人民政府'}`, kind: 'township', townshipId: t._id })),
  ...VILLAGES.map((v): DepartmentDoc => ({
    _id: unitOfVillage(v._id),
    name: `${v.name}${v.kind === 'community' ? '居委会' : '委会'}`,
    kind: 'village',
    townshipId: v.townshipId,
    villageId: v._id
  }))
]

// ---------------------------------------------------------------------------------------------------------
// Categories and routing
// ---------------------------------------------------------------------------------------------------------

interface CategorySpec {
  id: string
  name: string
  icon: string
  sla?: Sla
  /** County-wide department; omitted for queue-only categories. */
  dept?: string
  /** Township overrides: townshipId → departmentId. */
  overrides?: Record<string, string>
  active?: boolean
}

const CATEGORY_SPECS: CategorySpec[] = [
  { id: 'cat-water-outage', name: '停水', icon: '🚱', sla: { acceptHours: 2, finishWorkdays: 1 }, dept: 'dp-shuiwu' },
  { id: 'cat-power-outage', name: '停电', icon: '⚡', sla: { acceptHours: 2, finishWorkdays: 1 }, dept: 'dp-gongdian' },
  {
    id: 'cat-streetlight',
    name: '路灯',
    icon: '💡',
    sla: { acceptHours: 24, finishWorkdays: 3 },
    dept: 'dp-gongdian',
    // In the two urban streets the lights belong to the city management bureau.
    overrides: { 'tw-zhongdu': 'dp-chengguan', 'tw-wenshang': 'dp-chengguan' }
  },
  {
    id: 'cat-road',
    name: '道路破损',
    icon: '🛣️',
    dept: 'dp-jiaotong',
    // Urban roads are maintained by the housing and urban-rural development bureau.
    overrides: { 'tw-zhongdu': 'dp-zhujian', 'tw-wenshang': 'dp-zhujian' }
  },
  { id: 'cat-water-quality', name: '供水水质', icon: '🚰', sla: { acceptHours: 12, finishWorkdays: 3 }, dept: 'dp-shuiwu' },
  { id: 'cat-drainage', name: '排水污水', icon: '🌧️', dept: 'dp-shuiwu' },
  { id: 'cat-gas-heating', name: '燃气供暖', icon: '🔥', sla: { acceptHours: 4, finishWorkdays: 2 }, dept: 'dp-zhujian' },
  { id: 'cat-property', name: '物业管理', icon: '🏢', dept: 'dp-zhujian' },
  { id: 'cat-bus', name: '公交出行', icon: '🚌', dept: 'dp-jiaotong' },
  { id: 'cat-traffic', name: '交通秩序', icon: '🚦', dept: 'dp-gongan' },
  { id: 'cat-sanitation', name: '环境卫生', icon: '🧹', sla: { acceptHours: 24, finishWorkdays: 3 }, dept: 'dp-chengguan' },
  { id: 'cat-street-vendor', name: '占道经营', icon: '🏪', dept: 'dp-chengguan' },
  { id: 'cat-illegal-building', name: '违章建设', icon: '🏗️', dept: 'dp-chengguan' },
  { id: 'cat-noise', name: '噪音扰民', icon: '🔊', sla: { acceptHours: 12, finishWorkdays: 3 }, dept: 'dp-shengtai' },
  { id: 'cat-pollution', name: '环境污染', icon: '🏭', dept: 'dp-shengtai' },
  { id: 'cat-food-safety', name: '食品药品安全', icon: '🍱', sla: { acceptHours: 12, finishWorkdays: 5 }, dept: 'dp-shichang' },
  { id: 'cat-consumer', name: '消费维权', icon: '🛒', dept: 'dp-shichang' },
  { id: 'cat-wages', name: '拖欠工资', icon: '💼', dept: 'dp-renshe' },
  { id: 'cat-social-insurance', name: '社保医保', icon: '🪪', dept: 'dp-renshe' },
  { id: 'cat-education', name: '教育入学', icon: '🏫', dept: 'dp-jiaoti' },
  { id: 'cat-health', name: '医疗卫生', icon: '🏥', dept: 'dp-weijian' },
  { id: 'cat-welfare', name: '养老救助', icon: '🤝', dept: 'dp-minzheng' },
  { id: 'cat-agriculture', name: '农业农村', icon: '🌾', dept: 'dp-nongye' },
  // Village matters go to the case's own village (or community) committee: e.g. 村里的健身器材坏了.
  { id: 'cat-facilities', name: '村居公共设施', icon: '🛝', dept: VILLAGE_UNIT },
  { id: 'cat-policy', name: '政策咨询', icon: '📋' },
  { id: 'cat-other', name: '其他', icon: '📝' },
  // Retired category: kept so that old cases still resolve its name; hidden from residents.
  { id: 'cat-epidemic', name: '疫情防控', icon: '😷', dept: 'dp-weijian', active: false }
]

export const CATEGORIES: CategoryDoc[] = CATEGORY_SPECS.map((c, i) => ({
  _id: c.id,
  name: c.name,
  icon: c.icon,
  sla: { ...(c.sla ?? DEFAULT_SLA) },
  order: (i + 1) * 10,
  active: c.active ?? true
}))

/** Categories with no rule on purpose: their cases always go to the county dispatch queue (待分派). */
export const QUEUE_ONLY_CATEGORY_IDS: string[] = CATEGORY_SPECS.filter((c) => !c.dept).map((c) => c.id)

export const ROUTING_RULES: RoutingRuleDoc[] = CATEGORY_SPECS.flatMap((c) => {
  if (!c.dept) return []
  const slug = c.id.replace(/^cat-/, '')
  const rules: RoutingRuleDoc[] = [{ _id: `rr-${slug}`, categoryId: c.id, departmentId: c.dept }]
  for (const [townshipId, departmentId] of Object.entries(c.overrides ?? {})) {
    rules.push({ _id: `rr-${slug}-${townshipId.replace(/^tw-/, '')}`, categoryId: c.id, departmentId, townshipId })
  }
  return rules
})

// ---------------------------------------------------------------------------------------------------------
// Users: the demo personas
// ---------------------------------------------------------------------------------------------------------

export function demoUsers(now: Date): UserDoc[] {
  return DEMO_PERSONAS.map((p) => ({
    _id: p.openid,
    role: p.role,
    scope: structuredClone(p.scope),
    name: p.name,
    createdAt: now,
    updatedAt: now
  }))
}
