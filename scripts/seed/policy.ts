// Audience tags of policy notices (惠民政策): reference data the county office edits (policy.setTag). Seeded
// with insertMissing, so a re-seed never undoes the county's edits.
import type { AudienceTagDoc } from '../../cloudfunctions/core/types'

export const AUDIENCE_TAGS: AudienceTagDoc[] = [
  { _id: 'migrant', name: '外出务工', order: 10, active: true },
  { _id: 'elderly', name: '老年人', order: 20, active: true },
  { _id: 'disabled', name: '残疾人', order: 30, active: true },
  { _id: 'low-income', name: '低保/困难群众', order: 40, active: true },
  { _id: 'parents', name: '学生家长', order: 50, active: true },
  { _id: 'farmers', name: '农业经营者', order: 60, active: true },
  { _id: 'veterans', name: '退役军人', order: 70, active: true },
  { _id: 'business', name: '个体工商户', order: 80, active: true }
]
