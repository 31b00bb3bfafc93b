// Who may do what, as data: per capacity (how the actor relates to the case), the actions it grants and in
// which states. A role name appears here and in nowhere else's `if`: new roles and units extend these tables.
import type { AdminTile, CaseAction, CaseState, Me, PublicationAct, Role } from '../../typings/api'
import { ROLES } from '../../typings/api'
import type { CaseDoc } from './types'
import { type Actor, openSupervision } from './common'
export { openSupervision }

/** Every case action, and the county's decision on an extension (not a button of its own). */
export type Act = CaseAction | 'decide_extension' | PublicationAct | 'callback_sample' | 'anonymize' | 'forget_follower' | 'media_hold' | MetooAct | 'claim'
/** (metoo) The other half of a merge, on the case merged into: its new follower (and the undo). */
export type MetooAct = 'absorb' | 'unabsorb'
/** How an actor relates to a case. A grant is given to a capacity, never to a person. */
export type Capacity = 'owner' | 'filer' | 'grid' | 'dept' | 'supervisor' | 'leader' | MetooCapacity | 'claimant'
/** (metoo) neighbor: any resident (附议 someone else's case); follower: a resident who follows the case. */
export type MetooCapacity = 'neighbor' | 'follower'

/** The codes a grant's further condition may answer. */
export type GrantFailure = 'FORBIDDEN' | 'INVALID_STATE' | 'SUPERVISION_PENDING' | 'OWN_CASE'

export interface Grant {
  states: readonly CaseState[]
  /** A further condition once the state fits; its failure code. */
  extra?: (c: CaseDoc, actor: Actor) => GrantFailure | null
}

const STAFF_ROLES: ReadonlySet<Role> = new Set<Role>(ROLES.filter((r) => r !== 'resident'))
const GRID_ROLES: ReadonlySet<Role> = new Set<Role>(['grid_member', 'building_leader'])
const COUNTY_ROLES: ReadonlySet<Role> = new Set<Role>(['county_dispatcher', 'county_admin'])
/** Roles that may file on someone's behalf (代报). */
const PROXY_ROLES: ReadonlySet<Role> = new Set<Role>(['grid_member', 'building_leader', 'township_supervisor', 'county_dispatcher', 'county_admin'])
/** Roles whose workspace is 工作台 (their own cases) rather than 管理. */
const WORKBENCH_ROLES: ReadonlySet<Role> = new Set<Role>(['grid_member', 'building_leader', 'dept_handler'])
/** Roles with both: a 工作台 (the township supervisor's desk) and 管理. */
const DESK_ROLES: ReadonlySet<Role> = new Set<Role>(['township_supervisor'])
const LEADER_ROLES: ReadonlySet<Role> = new Set<Role>(['county_leader'])

/**
 * The 管理 tiles per role. Each tile's admin actions check the same table (`mayUseTile`), so a tile shown is a
 * tile that works. 'supervise_desk' is the township supervisor's 工作台 (the work tab).
 */
export const TILE_ROLES: Record<AdminTile, ReadonlySet<Role>> = {
  supervise_desk: new Set<Role>(['township_supervisor']),
  summary: new Set<Role>(['township_supervisor', 'county_dispatcher', 'county_admin', 'county_leader']),
  queue: new Set<Role>(['township_supervisor', 'county_dispatcher', 'county_admin']),
  overdue: new Set<Role>(['township_supervisor', 'county_dispatcher', 'county_admin']),
  supervisions: new Set<Role>(['township_supervisor', 'county_dispatcher', 'county_admin']),
  stream: new Set<Role>(['county_leader']),
  instructed: new Set<Role>(['county_leader', 'county_dispatcher', 'county_admin']),
  extensions: new Set<Role>(['county_dispatcher', 'county_admin']),
  holidays: new Set<Role>(['township_supervisor', 'county_dispatcher', 'county_admin']),
  invites: new Set<Role>(['county_admin']),
  calendar_edit: new Set<Role>(['county_admin']),
  // 回访 and verification samples: county staff; the phone access log: the county admin; publishing: the county office.
  callbacks: new Set<Role>(['county_dispatcher', 'county_admin']),
  phone_access: new Set<Role>(['county_admin']),
  publications: new Set<Role>(['county_dispatcher', 'county_admin']),
  // 惠民政策: drafting and review, and reach (the policy function applies its own grants per unit: core/policy.ts).
  policy_manage: new Set<Role>(['township_supervisor', 'county_dispatcher', 'county_admin']),
  policy_reach: new Set<Role>(['township_supervisor', 'county_dispatcher', 'county_admin']),
  // 热线: the county office takes calls (mayTakeHotline reads this row).
  hotline: new Set<Role>(['county_dispatcher', 'county_admin']),
  // Open311 API keys: the county admin.
  api_keys: new Set<Role>(['county_admin']),
  // (hotspots) 热点: the county office sees all, a township supervisor their township.
  hotspots: new Set<Role>(['township_supervisor', 'county_dispatcher', 'county_admin'])
}
const TILE_ORDER = Object.keys(TILE_ROLES) as AdminTile[]

export function mayUseTile(role: Role, tile: AdminTile): boolean {
  return TILE_ROLES[tile].has(role)
}

/** The 管理 tiles of a role, in display order. */
export function tilesFor(role: Role): AdminTile[] {
  return TILE_ORDER.filter((t) => TILE_ROLES[t].has(role))
}

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.has(role)
}

export function isCounty(actor: Pick<Actor, 'role'>): boolean {
  return COUNTY_ROLES.has(actor.role)
}

export function mayFileForOthers(role: Role): boolean {
  return PROXY_ROLES.has(role)
}

/** Who takes hotline calls (热线) and files them: the roles of the hotline tile. */
export function mayTakeHotline(role: Role): boolean {
  return TILE_ROLES.hotline.has(role)
}

export function tabsFor(role: Role): Me['tabs'] {
  if (role === 'resident') return ['file', 'mine', 'board', 'me']
  if (WORKBENCH_ROLES.has(role)) return ['file', 'mine', 'board', 'work', 'me']
  if (DESK_ROLES.has(role)) return ['board', 'work', 'admin', 'me']
  if (LEADER_ROLES.has(role)) return ['board', 'admin', 'me']
  return ['file', 'mine', 'board', 'admin', 'me']
}

/** (metoo) States in which a case may be followed (附议) and a follower may add a note. */
const FOLLOWABLE: readonly CaseState[] = ['queued', 'dispatched', 'accepted']
/** (metoo) Does `a` follow `c`? */
export function isFollower(c: Pick<CaseDoc, 'followers'>, a: Pick<Actor, 'openid'>): boolean {
  return !!c.followers?.includes(a.openid)
}

const mustBeHandler = (c: CaseDoc, a: Actor) => (c.handlerOpenid === a.openid ? null : ('FORBIDDEN' as const))
const needsOpenOrder = (c: CaseDoc) => (openSupervision(c) ? null : ('INVALID_STATE' as const))
const noOpenOrder = (c: CaseDoc) => (openSupervision(c) ? ('SUPERVISION_PENDING' as const) : null)
/** States in which a case is still being worked on (督办, 催办). */
const WORKING: readonly CaseState[] = ['queued', 'dispatched', 'accepted']

/** Publication (core/publication.ts): consent until the case closes; approval and 撤下 by the county office only. */
const UNTIL_CLOSED: readonly CaseState[] = ['review', 'queued', 'dispatched', 'accepted', 'resolved']
const countyWithSummary = (c: CaseDoc, a: Actor) => (!isCounty(a) ? ('FORBIDDEN' as const) : c.publication ? null : ('INVALID_STATE' as const))
const countyOnBoardWay = (c: CaseDoc, a: Actor) =>
  !isCounty(a) ? ('FORBIDDEN' as const) : c.publicState === 'pending' || c.publicState === 'published' ? null : ('INVALID_STATE' as const)

/** Staff who filed, handled or supervised a case (acted on it in any way) never rate it, nor record its 回访. */
export function isInvolved(c: CaseDoc, a: Pick<Actor, 'openid'>): boolean {
  return [c.filedBy, c.handlerOpenid, ...(c.involved ?? [])].some((o) => !!o && o === a.openid)
}
const notInvolved = (c: CaseDoc, a: Actor) => (isInvolved(c, a) ? ('FORBIDDEN' as const) : null)
/** 回访 is recorded by county staff who had no part in the case, on a case that waits for one. */
const mayCallBack = (c: CaseDoc, a: Actor) => (!isCounty(a) || isInvolved(c, a) ? ('FORBIDDEN' as const) : c.callbackDue ? null : ('INVALID_STATE' as const))
/** Verification samples are drawn among resident-rated cases. */
const maySample = (c: CaseDoc, a: Actor) => (!isCounty(a) ? ('FORBIDDEN' as const) : c.residentOpenid && c.rating && !c.callbackDue ? null : ('INVALID_STATE' as const))
/** Acts that do not make an actor part of the case (recording a 回访, sampling, privacy housekeeping). */
const NOT_INVOLVING: ReadonlySet<Act> = new Set<Act>(['callback', 'callback_sample', 'anonymize', 'forget_follower', 'media_hold'])

/** Record `actor` among the staff involved in `n` when `act` involves them. */
export function noteInvolvement(n: CaseDoc, actor: Actor, act: Act): void {
  if (NOT_INVOLVING.has(act) || !isStaff(actor.role) || actor.openid === 'system') return
  if (!n.involved?.includes(actor.openid)) n.involved = [...(n.involved ?? []), actor.openid]
}

/** The grant tables: capacity → action → states (and a further condition). */
export const GRANTS: Record<Capacity, Partial<Record<Act, Grant>>> = {
  owner: {
    supplement: { states: ['review', 'queued', 'dispatched', 'accepted'] },
    withdraw: { states: ['review', 'queued', 'dispatched'] },
    // Only the resident the case is for rates it; never staff who filed, handled or supervised it.
    rate: { states: ['resolved'], extra: notInvolved },
    set_publication: { states: UNTIL_CLOSED },
    anonymize: { states: ['review', 'queued', 'dispatched', 'accepted', 'resolved', 'closed', 'withdrawn', 'merged'] },
    urge: { states: WORKING }
  },
  filer: {
    supplement: { states: ['review', 'queued', 'dispatched', 'accepted'] },
    // A grid member filing for someone without WeChat records that person's choice.
    set_publication: { states: UNTIL_CLOSED },
    urge: { states: WORKING }
  },
  grid: {
    accept: { states: ['queued', 'dispatched'] },
    resolve_on_spot: { states: ['queued', 'dispatched', 'accepted'], extra: (c, a) => (c.state === 'accepted' ? mustBeHandler(c, a) : null) },
    resolve: { states: ['accepted'], extra: mustBeHandler },
    return: { states: ['accepted'], extra: mustBeHandler },
    progress: { states: ['accepted'], extra: mustBeHandler },
    supervise_reply: { states: ['accepted'], extra: (c, a) => mustBeHandler(c, a) ?? needsOpenOrder(c) }
  },
  dept: {
    accept: { states: ['dispatched'] },
    return: { states: ['dispatched', 'accepted'] },
    resolve: { states: ['accepted'] },
    request_extension: { states: ['accepted'], extra: (c) => (c.pendingExtensionId ? 'INVALID_STATE' : null) },
    progress: { states: ['accepted'] },
    supervise_reply: { states: ['dispatched', 'accepted'], extra: needsOpenOrder }
  },
  supervisor: {
    route: { states: ['queued'] },
    // A queued case is routed (派单); 转办 moves a case that already has a unit — never both on one case.
    transfer: { states: ['dispatched', 'accepted'] },
    release: { states: ['review'] },
    decide_extension: { states: ['accepted'] },
    publish_summary: { states: ['resolved', 'closed'], extra: countyWithSummary },
    unpublish: { states: ['resolved', 'closed'], extra: countyOnBoardWay },
    callback: { states: ['resolved', 'closed'], extra: mayCallBack },
    callback_sample: { states: ['closed'], extra: maySample },
    // The system: the retention pass, and a photo flagged by the media check.
    // (metoo) A merged duplicate is finished too (closedAt set by the merge): the retention pass covers it.
    anonymize: { states: ['closed', 'merged'], extra: (_c, a) => (a.openid === 'system' ? null : 'FORBIDDEN') },
    media_hold: { states: ['review', 'queued', 'dispatched', 'accepted', 'resolved', 'closed', 'withdrawn'], extra: (_c, a) => (a.openid === 'system' ? null : 'FORBIDDEN') },
    supervise: { states: WORKING, extra: noOpenOrder }
  },
  leader: {
    instruct: { states: ['review', 'queued', 'dispatched', 'accepted', 'resolved'] }
  },
  // (metoo) 附议: a resident follows someone else's case while it is worked on; a follower may add a note and leave.
  neighbor: {
    follow: { states: FOLLOWABLE, extra: (c, a) => (c.residentOpenid === a.openid ? 'OWN_CASE' : isFollower(c, a) ? 'INVALID_STATE' : null) }
  },
  follower: {
    unfollow: { states: ['review', 'queued', 'dispatched', 'accepted', 'resolved'] },
    follower_note: { states: FOLLOWABLE },
    // 注销 (shared/privacy.ts deleteAccount): a follower's trace leaves the case, whatever its state.
    forget_follower: { states: ['review', 'queued', 'dispatched', 'accepted', 'resolved', 'closed', 'withdrawn', 'merged'] },
  },
  // 认领 (transitions/claim.ts): the phone must match the case's; a withdrawn case stays unclaimed.
  claimant: {
    claim: { states: ['review', 'queued', 'dispatched', 'accepted', 'resolved', 'closed'] }
  }
}

/** (metoo) Merging: the township in scope or the county marks a case as a duplicate; the other case absorbs its resident. */
Object.assign(GRANTS.supervisor, {
  merge: { states: ['review', 'queued', 'dispatched', 'accepted'] },
  absorb: { states: FOLLOWABLE },
  unmerge: { states: ['merged'] },
  unabsorb: { states: ['review', 'queued', 'dispatched', 'accepted', 'resolved', 'closed', 'merged', 'withdrawn'] }
} satisfies Partial<Record<Act, Grant>>)

/** (share) 附议群众评价: a follower rates a finished case for themselves (not the reporter's rating, not in the metrics). */
Object.assign(GRANTS.follower, {
  follower_rate: { states: ['resolved', 'closed'], extra: (c: CaseDoc, a: Actor) => (c.residentOpenid === a.openid ? ('OWN_CASE' as const) : notInvolved(c, a)) }
} satisfies Partial<Record<Act, Grant>>)

/** Does the actor hold this capacity for this case? (Scope, not state.) */
const HOLDS: Record<Capacity, (actor: Actor, c: CaseDoc) => boolean> = {
  owner: (a, c) => !!c.residentOpenid && c.residentOpenid === a.openid,
  filer: (a, c) => GRID_ROLES.has(a.role) && !!c.filedBy && c.filedBy === a.openid,
  grid: (a, c) => GRID_ROLES.has(a.role) && caseGrids(c).some((g) => !!a.scope.gridIds?.includes(g)),
  dept: (a, c) => a.role === 'dept_handler' && !!a.scope.departmentId && c.departmentId === a.scope.departmentId,
  supervisor: (a, c) => isCounty(a) || (a.role === 'township_supervisor' && !!a.scope.townshipId && c.townshipId === a.scope.townshipId),
  leader: (a) => LEADER_ROLES.has(a.role),
  neighbor: (a) => a.role === 'resident',
  follower: (a, c) => isFollower(c, a),
  // A resident, and a case filed for someone (热线, 代报) that nobody has claimed.
  claimant: (a, c) => a.role === 'resident' && !c.residentOpenid && !!c.filedBy && !c.anonymizedAt
}
const CAPACITIES = Object.keys(GRANTS) as Capacity[]

/** The grids a case belongs to: its grid, or the group of its village's grids (a village picked without GPS). */
export function caseGrids(c: Pick<CaseDoc, 'gridId' | 'gridGroup'>): string[] {
  return c.gridId ? [c.gridId] : (c.gridGroup ?? [])
}

export function capacitiesOf(actor: Actor, c: CaseDoc): Capacity[] {
  return CAPACITIES.filter((cap) => HOLDS[cap](actor, c))
}

export type Check = { ok: true; cap: Capacity } | { ok: false; code: GrantFailure }

/** May `actor` do `act` on `c` now? FORBIDDEN when no capacity grants it, INVALID_STATE when the state is wrong. */
export function check(actor: Actor, c: CaseDoc, act: Act): Check {
  let failure: GrantFailure | null = null
  for (const cap of capacitiesOf(actor, c)) {
    const g = GRANTS[cap][act]
    if (!g) continue
    failure ??= 'INVALID_STATE'
    if (!g.states.includes(c.state)) continue
    const err = g.extra?.(c, actor) ?? null
    if (!err) return { ok: true, cap }
    failure = err
  }
  return { ok: false, code: failure ?? 'FORBIDDEN' }
}

export function canSee(actor: Actor, c: CaseDoc): boolean {
  if ([c.residentOpenid, c.filedBy, c.handlerOpenid].some((o) => !!o && o === actor.openid)) return true
  return (['grid', 'dept', 'supervisor', 'leader', 'follower'] as const).some((cap) => HOLDS[cap](actor, c))
}

/** (metoo) 附议 and 合并 on the case page. */
const METOO_ACTIONS: CaseAction[] = ['follow', 'unfollow', 'follower_note', 'merge', 'unmerge']

/** The actions the case page offers: every case action but the county's extension decision. */
const CASE_ACTIONS: CaseAction[] = ['supplement', 'withdraw', 'rate', 'accept', 'return', 'resolve', 'resolve_on_spot', 'request_extension', 'route', 'transfer', 'release', 'callback', 'urge', 'supervise', 'supervise_reply', 'progress', 'instruct', ...METOO_ACTIONS]

/** (share) The follower's own rating on the case page. */
CASE_ACTIONS.push('follower_rate')

export function allowedActions(actor: Actor, c: CaseDoc): CaseAction[] {
  return CASE_ACTIONS.filter((a) => check(actor, c, a).ok)
}
