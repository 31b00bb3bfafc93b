// Scopes: their labels, validation against the reference data, and the case query of a staff member's scope.
import { DomainError } from '../core'
import type { Refs } from '../core'
import type { Role, Scope, StaffRole } from '../../typings/api'

export const COUNTY_ROLES: readonly Role[] = ['county_dispatcher', 'county_admin']
export const GRID_ROLES: readonly Role[] = ['grid_member', 'building_leader']
export const ADMIN_ROLES: readonly Role[] = ['county_dispatcher', 'county_admin', 'township_supervisor']
/** Roles that read every case of the county without acting on it (the county leader: 批示 only). */
export const LEADER_ROLES: readonly Role[] = ['county_leader']

/** Display name of a scope, e.g. '县住建局' or '中都街道 · 2 个网格'. */
export function scopeLabel(scope: Scope, refs: Refs): string | undefined {
  const parts: string[] = []
  if (scope.departmentId) parts.push(refs.departments.get(scope.departmentId)?.name ?? scope.departmentId)
  if (scope.townshipId) parts.push(refs.townships.get(scope.townshipId)?.name ?? scope.townshipId)
  if (scope.gridIds?.length) {
    const names = scope.gridIds.map((id) => refs.grids.find((g) => g._id === id)?.name ?? id)
    parts.push(names.length <= 2 ? names.join('、') : `${names[0]}等 ${names.length} 个网格`)
  }
  return parts.length ? parts.join(' · ') : undefined
}

/** The scope an invite for `role` must carry, checked against the reference data (only the fields that matter). */
export function validScope(role: StaffRole, scope: Scope, refs: Refs): Scope {
  const bad = (message: string) => new DomainError('INVALID_INPUT', message, { scope })
  switch (role) {
    case 'dept_handler':
      if (!scope.departmentId || !refs.departments.has(scope.departmentId)) throw bad('请选择有效的部门')
      return { departmentId: scope.departmentId }
    case 'grid_member':
    case 'building_leader': {
      const ids = [...new Set(scope.gridIds ?? [])]
      if (ids.length === 0 || ids.some((id) => !refs.grids.some((g) => g._id === id))) throw bad('请选择有效的网格')
      return { gridIds: ids }
    }
    case 'township_supervisor':
      if (!scope.townshipId || !refs.townships.has(scope.townshipId)) throw bad('请选择有效的镇街')
      return { townshipId: scope.townshipId }
    case 'county_dispatcher':
    case 'county_admin':
    case 'county_leader':
      return {}
  }
}

/**
 * Cases of a village picked without GPS carry their village's grids as a group (`gridGroup`): a grid member's
 * second query, run beside scopeWhere's (null for other roles).
 */
export function gridGroupWhere(role: Role, scope: Scope, _: { in(v: unknown[]): unknown }): Record<string, unknown> | null {
  if ((role === 'grid_member' || role === 'building_leader') && scope.gridIds?.length) return { gridGroup: _.in(scope.gridIds) }
  return null
}

/** The cases query of a staff member's scope (null: the role sees no staff cases). */
export function scopeWhere(role: Role, scope: Scope, _: { in(v: unknown[]): unknown }): Record<string, unknown> | null {
  switch (role) {
    case 'dept_handler':
      return scope.departmentId ? { departmentId: scope.departmentId } : null
    case 'grid_member':
    case 'building_leader':
      return scope.gridIds?.length ? { gridId: _.in(scope.gridIds) } : null
    case 'township_supervisor':
      return scope.townshipId ? { townshipId: scope.townshipId } : null
    case 'county_dispatcher':
    case 'county_admin':
    case 'county_leader':
      return {}
    default:
      return null
  }
}
