import type { RoutingRuleDoc } from './types'

/** The township's own rule for the category wins over the county-wide rule; null → dispatch queue. */
export function routeDepartment(categoryId: string, townshipId: string, rules: RoutingRuleDoc[]): string | null {
  const local = rules.find((r) => r.categoryId === categoryId && r.townshipId === townshipId)
  if (local) return local.departmentId
  const county = rules.find((r) => r.categoryId === categoryId && !r.townshipId)
  return county ? county.departmentId : null
}

/** A rule target meaning "the case's own village (or community) committee"; its township when it has no village. */
export const VILLAGE_UNIT = '@village'
/** A rule target meaning "the case's own township (办事处 / 人民政府)". */
export const TOWNSHIP_UNIT = '@township'

/** The handling unit of a township, kept in the departments collection beside the bureaus. */
export function unitOfTownship(townshipId: string): string {
  return `dp-${townshipId}`
}

/** The handling unit of a village or community. */
export function unitOfVillage(villageId: string): string {
  return `dp-${villageId}`
}

/** A rule's target for a case: a unit id as is, or the case's own village / township unit. */
export function resolveUnit(target: string, c: { townshipId: string; villageId?: string }): string {
  if (target === VILLAGE_UNIT) return c.villageId ? unitOfVillage(c.villageId) : unitOfTownship(c.townshipId)
  if (target === TOWNSHIP_UNIT) return unitOfTownship(c.townshipId)
  return target
}
