// zod schemas for every action's input (typings/api.ts ActionMap). Strings are trimmed; unknown keys rejected.
import { z } from 'zod'
import type { ActionName, ActionReq, FunctionName } from '../../typings/api'
import { CASE_STATES } from '../../typings/api'
import { isDayKey } from './time'
import { POLICY_AREA_IDS_MAX, POLICY_ATTACHMENT_BYTES_MAX, POLICY_ATTACHMENTS_MAX, POLICY_BODY_MAX, POLICY_TAGS_MAX, POLICY_TITLE_MAX } from './policy'

export const MAX_PHOTOS = 9
export const TEXT_MIN = 5
export const TEXT_MAX = 1000

const str = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, min <= 1 ? `请填写${what}` : `${what}至少 ${min} 个字`)
    .max(max, `${what}不能超过 ${max} 个字`)

/** An optional trimmed string; '' counts as absent. */
const optStr = (max: number, what: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), str(1, max, what).optional())

const id = str(1, 64, '编号')
const text = str(TEXT_MIN, TEXT_MAX, '内容')
const reason = str(2, 500, '理由')
const note = optStr(500, '说明')
const photo = z.string().trim().min(1).max(512)
const photos = z.array(photo).max(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`)
const phone = z.string().trim().regex(/^1\d{10}$/, '请填写 11 位手机号码')
const optPhone = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), phone.optional())
const personName = str(1, 20, '姓名')
/** Mainland China, roughly: a point outside is a bug or a forged request. */
const point = z.strictObject({
  lng: z.number().finite().min(73).max(136),
  lat: z.number().finite().min(3).max(54)
})
const day = z.string().trim().refine(isDayKey, '日期格式应为 YYYY-MM-DD')
const page = z.number().int().min(1).max(100_000).optional()
const pageSize = z.number().int().min(1).max(50).optional()
const rating = z.enum(['satisfied', 'basic', 'unsatisfied'])
const staffRole = z.enum(['building_leader', 'grid_member', 'dept_handler', 'township_supervisor', 'county_dispatcher', 'county_admin'])
const dimension = z.enum(['department', 'township', 'category'])
const scope = z.strictObject({
  gridIds: z.array(id).max(200).optional(),
  departmentId: id.optional(),
  townshipId: id.optional()
})
const year = z.number().int().min(2000).max(2100)
/** Actions without input accept a missing `data`. */
const empty = z.preprocess((v) => v ?? {}, z.strictObject({})) as unknown as z.ZodType<Record<string, never>>

const place = z.strictObject({
  point: point.optional(),
  townshipId: id.optional(),
  villageId: id.optional(),
  address: optStr(200, '地址')
})
const submitBase = {
  categoryId: id,
  text,
  photos: photos.default([]),
  place,
  consent: z.boolean(),
  hideName: z.boolean().default(false)
}

// Policy notices (惠民政策)
const tagId = z.string().trim().regex(/^[a-z0-9_-]{1,32}$/, '标签编号格式不正确')
const tagIds = z.array(tagId).max(POLICY_TAGS_MAX, `最多选择 ${POLICY_TAGS_MAX} 个标签`)
const attachment = z.strictObject({
  fileID: z.string().trim().min(1).max(512),
  name: str(1, 100, '附件名称'),
  kind: z.enum(['pdf', 'image']),
  size: z.number().int().min(1).max(POLICY_ATTACHMENT_BYTES_MAX, '单个附件不能超过 20 MB')
})
const policyInput = {
  title: str(4, POLICY_TITLE_MAX, '标题'),
  body: z.string().max(POLICY_BODY_MAX, `正文不能超过 ${POLICY_BODY_MAX} 个字符`),
  attachments: z.array(attachment).max(POLICY_ATTACHMENTS_MAX, `最多上传 ${POLICY_ATTACHMENTS_MAX} 个附件`).default([]),
  issuer: z.strictObject({ kind: z.enum(['county', 'township', 'department']), id: id.optional() }),
  tags: tagIds.default([]),
  area: z.strictObject({ kind: z.enum(['county', 'townships', 'villages']), ids: z.array(id).max(POLICY_AREA_IDS_MAX).default([]) }),
  effectiveDate: day.optional(),
  expiryDate: day.optional()
}

type Schemas = { [F in FunctionName]: { [A in ActionName<F>]: z.ZodType<ActionReq<F, A>> } }

export const schemas: Schemas = {
  hello: {
    hello: z.strictObject({ name: optStr(50, '名字') })
  },
  user: {
    me: empty,
    setProfile: z.strictObject({ homeVillageId: id.optional(), tags: tagIds.optional(), migrant: z.boolean().optional() }),
    redeemInvite: z.strictObject({
      code: z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{4,20}$/, '邀请码格式不正确'),
      name: personName
    })
  },
  petition: {
    catalog: empty,
    submit: z.strictObject({
      ...submitBase,
      fromAfar: z.boolean().optional(),
      policyId: id.optional(),
      contact: z.strictObject({ name: optStr(20, '姓名'), phone: optPhone }).optional()
    }),
    mine: z.strictObject({ page, pageSize, state: z.enum(CASE_STATES).optional() }),
    detail: z.strictObject({ caseId: id }),
    supplement: z.strictObject({ caseId: id, text, photos: photos.optional() }),
    withdraw: z.strictObject({ caseId: id, reason: note }),
    rate: z.strictObject({ caseId: id, rating, comment: optStr(500, '评价') }),
    board: z.strictObject({ page, pageSize, categoryId: id.optional(), townshipId: id.optional() })
  },
  staff: {
    inbox: z.strictObject({ page, pageSize, bucket: z.enum(['pending', 'active', 'done', 'overdue']) }),
    accept: z.strictObject({ caseId: id }),
    return: z.strictObject({ caseId: id, reason }),
    resolve: z.strictObject({ caseId: id, text, photos: photos.optional() }),
    resolveOnSpot: z.strictObject({ caseId: id, text, photos: photos.optional() }),
    requestExtension: z.strictObject({ caseId: id, workdays: z.number().int().min(1).max(30), reason }),
    proxySubmit: z.strictObject({
      ...submitBase,
      contact: z.strictObject({ name: personName, phone: optPhone })
    })
  },
  admin: {
    summary: z
      .strictObject({
        from: day,
        to: day,
        townshipId: id.optional(),
        granularity: z.enum(['day', 'week']).optional(),
        minVolume: z.number().int().min(0).max(1_000_000).optional(),
        rankBy: dimension.optional()
      })
      .refine((v) => v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
      .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, { message: '查询范围不能超过一年', path: ['to'] }),
    queue: z.strictObject({ page, pageSize, kind: z.enum(['queued', 'review']).optional() }),
    overdue: z.strictObject({ page, pageSize }),
    route: z.strictObject({ caseId: id, departmentId: id, note }),
    transfer: z.strictObject({ caseId: id, departmentId: id, note: str(2, 500, '转办说明') }),
    release: z.strictObject({ caseId: id, note }),
    extensions: z.strictObject({ page, pageSize, state: z.enum(['pending', 'approved', 'refused']).optional() }),
    decideExtension: z.strictObject({ extensionId: id, approve: z.boolean(), note }),
    holidays: z.strictObject({ year }),
    setHoliday: z.strictObject({ date: day, kind: z.enum(['holiday', 'workday', 'normal']), name: optStr(20, '名称') }),
    confirmYear: z.strictObject({ year, confirmed: z.boolean() }),
    createInvite: z.strictObject({ role: staffRole, scope, validDays: z.number().int().min(1).max(90).optional() }),
    invites: z.strictObject({ page, pageSize }),
    departments: empty
  },
  policy: {
    list: z.strictObject({ page, pageSize, q: optStr(50, '搜索词'), tag: tagId.optional() }),
    detail: z.strictObject({ policyId: id }),
    tags: empty,
    manage: z.strictObject({ page, pageSize, status: z.enum(['draft', 'review', 'published', 'expired']).optional() }),
    saveDraft: z.strictObject({ ...policyInput, policyId: id.optional() }),
    submitForReview: z.strictObject({ policyId: id }),
    review: z.strictObject({ policyId: id, approve: z.boolean(), note }),
    withdraw: z.strictObject({ policyId: id, note }),
    setTag: z.strictObject({ tagId, name: str(1, 12, '标签名称'), order: z.number().int().min(0).max(1000).optional(), active: z.boolean() }),
    subscription: empty,
    subscribe: z.strictObject({ tags: tagIds, active: z.boolean() }),
    grant: z.strictObject({ accepted: z.number().int().min(1).max(3) }),
    reach: z
      .strictObject({ from: day, to: day })
      .refine((v) => v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
      .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, { message: '查询范围不能超过一年', path: ['to'] })
  }
}
