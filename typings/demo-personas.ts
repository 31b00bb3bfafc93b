// Demo personas: seeded as users by scripts/seed, offered by the H5 dev login (local mode only).
// Scope ids refer to the Wenshang demo data in scripts/seed/wenshang.ts (checked by tests/unit/seed-data.test.ts).
import type { Role, Scope } from './api'

export interface DemoPersona {
  openid: string
  name: string
  role: Role
  scope: Scope
  /** Shown in the persona switcher, e.g. '居民 王秀英'. */
  label: string
}

export const DEMO_PERSONAS: DemoPersona[] = [
  { openid: 'demo-resident-1', name: '王秀英', role: 'resident', scope: {}, label: '居民 王秀英' },
  { openid: 'demo-resident-2', name: '张建国', role: 'resident', scope: {}, label: '居民 张建国（在外务工）' },
  {
    openid: 'demo-grid-1',
    name: '李娜',
    role: 'grid_member',
    scope: { gridIds: ['gr-zhongdu-dongmen-1'] },
    label: '网格员 李娜（中都街道东门社区第一网格）'
  },
  {
    openid: 'demo-building-1',
    name: '刘桂兰',
    role: 'building_leader',
    scope: { gridIds: ['gr-zhongdu-dongmen-1'] },
    label: '楼长 刘桂兰（中都街道东门社区第一网格）'
  },
  {
    openid: 'demo-dept-zhujian',
    name: '赵磊',
    role: 'dept_handler',
    scope: { departmentId: 'dp-zhujian' },
    label: '部门经办人 赵磊（县住建局）'
  },
  {
    openid: 'demo-dept-jiaotong',
    name: '孙强',
    role: 'dept_handler',
    scope: { departmentId: 'dp-jiaotong' },
    label: '部门经办人 孙强（县交通运输局）'
  },
  {
    openid: 'demo-dept-gongdian',
    name: '周涛',
    role: 'dept_handler',
    scope: { departmentId: 'dp-gongdian' },
    label: '部门经办人 周涛（县供电公司）'
  },
  {
    openid: 'demo-township-zhongdu',
    name: '陈静',
    role: 'township_supervisor',
    scope: { townshipId: 'tw-zhongdu' },
    label: '镇街督办 陈静（中都街道）'
  },
  { openid: 'demo-dispatcher', name: '吴敏', role: 'county_dispatcher', scope: {}, label: '县级分派员 吴敏' },
  { openid: 'demo-admin', name: '郑华', role: 'county_admin', scope: {}, label: '县级管理员 郑华' },
  { openid: 'demo-leader', name: '高洁', role: 'county_leader', scope: {}, label: '县领导 高洁（县委书记）' }
]
