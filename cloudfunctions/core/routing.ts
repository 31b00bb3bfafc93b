import type { RoutingRuleDoc } from './types'

/** The township's own rule for the category wins over the county-wide rule; null → dispatch queue. */
export function routeDepartment(categoryId: string, townshipId: string, rules: RoutingRuleDoc[]): string | null {
  const local = rules.find((r) => r.categoryId === categoryId && r.townshipId === townshipId)
  if (local) return local.departmentId
  const county = rules.find((r) => r.categoryId === categoryId && !r.townshipId)
  return county ? county.departmentId : null
}
