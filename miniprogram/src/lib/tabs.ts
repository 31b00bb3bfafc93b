// Role-based tabs. The server decides (Me.tabs); this maps keys to pages and has a role fallback.
import type { AdminTile, Me, Role } from '../../../typings/api'

export type TabKey = Me['tabs'][number]

export interface TabDef {
  key: TabKey
  text: string
  icon: string
  url: string
  /** A weapp tabBar page (main package): switchTab works. */
  native: boolean
}

export const TAB_DEFS: Record<TabKey, TabDef> = {
  file: { key: 'file', text: '我要反映', icon: '✎', url: '/pages/file/index', native: true },
  mine: { key: 'mine', text: '我的诉求', icon: '☰', url: '/pages/mine/index', native: true },
  board: { key: 'board', text: '公开', icon: '◎', url: '/pages/board/index', native: true },
  work: { key: 'work', text: '工作台', icon: '▣', url: '/pages-staff/inbox/index', native: false },
  admin: { key: 'admin', text: '管理', icon: '▤', url: '/pages-admin/summary/index', native: false },
  me: { key: 'me', text: '我的', icon: '◉', url: '/pages/me/index', native: true }
}

export const TAB_ORDER: TabKey[] = ['file', 'mine', 'board', 'work', 'admin', 'me']

const ADMIN_ROLES: Role[] = ['township_supervisor', 'county_dispatcher', 'county_admin', 'county_leader']

export function isStaffRole(role: Role | undefined): boolean {
  return !!role && role !== 'resident'
}

export function isAdminRole(role: Role | undefined): boolean {
  return !!role && ADMIN_ROLES.includes(role)
}

/** The 管理 tiles that have a page of their own, in display order (the server decides which a user has: Me.tiles). */
export const TILE_LINKS: Array<{ tile: AdminTile; icon: string; text: string; url: string }> = [
  { tile: 'stream', icon: '览', text: '诉求动态', url: '/pages-admin/stream/index' },
  { tile: 'instructed', icon: '批', text: '批示件', url: '/pages-admin/instructed/index' },
  { tile: 'queue', icon: '派', text: '分派队列', url: '/pages-admin/queue/index' },
  { tile: 'hotline', icon: '话', text: '热线登记', url: '/pages-admin/hotline/index' },
  { tile: 'supervisions', icon: '督', text: '我的督办', url: '/pages-admin/supervisions/index' },
  { tile: 'extensions', icon: '延', text: '延期审批', url: '/pages-admin/extensions/index' },
  { tile: 'holidays', icon: '假', text: '节假日', url: '/pages-admin/holidays/index' },
  { tile: 'invites', icon: '邀', text: '邀请码', url: '/pages-admin/invites/index' },
  { tile: 'publications', icon: '公', text: '公开审核', url: '/pages-admin/publications/index' },
  { tile: 'callbacks', icon: '访', text: '回访', url: '/pages-admin/callbacks/index' },
  { tile: 'phone_access', icon: '查', text: '电话查看记录', url: '/pages-admin/phone-access/index' },
  { tile: 'api_keys', icon: '钥', text: '开放接口密钥', url: '/pages-admin/api-keys/index' },
  { tile: 'policy_manage', icon: '政', text: '政策发布', url: '/pages-policy/manage/index' },
  { tile: 'policy_reach', icon: '触', text: '政策触达', url: '/pages-policy/reach/index' },
  { tile: 'hotspots', icon: '热', text: '热点', url: '/pages-admin/hotspots/index' }
]

export function tileLinks(me: Pick<Me, 'tiles'> | null | undefined) {
  const tiles = me?.tiles ?? []
  return TILE_LINKS.filter((l) => tiles.includes(l.tile))
}

/** Fallback when the server did not send tabs. */
export function defaultTabs(role: Role): TabKey[] {
  if (role === 'resident') return ['file', 'mine', 'board', 'me']
  if (isAdminRole(role)) return ['work', 'admin', 'board', 'me']
  return ['work', 'file', 'board', 'me']
}

/** The tabs to render for a user, in a stable order; work/admin only for roles that may use them. */
export function tabsFor(me: Pick<Me, 'role' | 'tabs'> | null | undefined): TabDef[] {
  if (!me) return ['file', 'mine', 'board', 'me'].map((k) => TAB_DEFS[k as TabKey])
  const keys = me.tabs && me.tabs.length ? me.tabs : defaultTabs(me.role)
  return TAB_ORDER.filter((k) => keys.includes(k))
    .filter((k) => (k === 'work' ? isStaffRole(me.role) : k === 'admin' ? isAdminRole(me.role) : true))
    .map((k) => TAB_DEFS[k])
}

export function tabForPath(path: string): TabKey | undefined {
  const clean = path.replace(/^\//, '').split('?')[0]
  return TAB_ORDER.find((k) => TAB_DEFS[k].url.replace(/^\//, '') === clean)
}
