// zod schemas for every action's input (typings/api.ts ActionMap). Strings are trimmed; unknown keys rejected.
import { z } from 'zod'
import type { ActionName, ActionReq, FunctionName } from '../../typings/api'
import { CASE_STATES, PUBLIC_STATES } from '../../typings/api'
import { isDayKey } from './time'
import { POLICY_AREA_IDS_MAX, POLICY_ATTACHMENT_BYTES_MAX, POLICY_ATTACHMENTS_MAX, POLICY_BODY_MAX, POLICY_TAGS_MAX, POLICY_TITLE_MAX } from './policy'
import { SOURCE_PATTERN } from './channels'

export const MAX_PHOTOS = 9
export const TEXT_MIN = 5
export const TEXT_MAX = 1000
/** 不满意 needs a reason of at least this many characters. */
export const UNSATISFIED_MIN = 5
/** Most days one admin.setHoliday range may cover (a 黄金周 is 7–9). */
export const MAX_HOLIDAY_RANGE = 31

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
const staffRole = z.enum(['building_leader', 'grid_member', 'dept_handler', 'township_supervisor', 'county_dispatcher', 'county_admin', 'county_leader'])
/** An ISO 8601 instant with its offset (e.g. a reply-by time). */
const instant = z.string().trim().max(40).refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), '时间格式不正确')
const dimension = z.enum(['department', 'township', 'category'])
const scope = z.strictObject({
  gridIds: z.array(id).max(200).optional(),
  departmentId: id.optional(),
  townshipId: id.optional()
})
/** The public summary (公开摘要) when staff write or edit it; absent or '' keeps the prefill / current one. */
const publicSummary = optStr(500, '公开摘要')
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
  hideName: z.boolean().default(false),
  publicConsent: z.boolean().default(false)
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
    }),
    deleteAccount: z.strictObject({ confirm: z.string().trim().max(20) }),
    claimByPhone: z.strictObject({ code: z.string().trim().min(1, '请授权手机号').max(128) })
  },
  petition: {
    catalog: empty,
    submit: z.strictObject({
      ...submitBase,
      fromAfar: z.boolean().optional(),
      policyId: id.optional(),
      source: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().regex(SOURCE_PATTERN, '来源格式不正确').optional()),
      contact: z.strictObject({ name: optStr(20, '姓名'), phone: optPhone }).optional()
    }),
    mine: z.strictObject({
      page,
      pageSize,
      state: z.enum(CASE_STATES).optional(),
      states: z.array(z.enum(CASE_STATES)).min(1).max(CASE_STATES.length).optional(),
      q: optStr(40, '搜索内容')
    }),
    detail: z.strictObject({ caseId: id }),
    supplement: z.strictObject({ caseId: id, text, photos: photos.optional() }),
    withdraw: z.strictObject({ caseId: id, reason: note }),
    rate: z
      .strictObject({ caseId: id, rating, comment: optStr(500, '评价') })
      .refine((v) => v.rating !== 'unsatisfied' || Array.from(v.comment ?? '').length >= UNSATISFIED_MIN, {
        message: `选择不满意时请说明原因，至少 ${UNSATISFIED_MIN} 个字`,
        path: ['comment']
      }),
    board: z.strictObject({ page, pageSize, categoryId: id.optional(), townshipId: id.optional() }),
    setPublication: z.strictObject({ caseId: id, consent: z.boolean() }),
    urge: z.strictObject({ caseId: id, note: optStr(200, '催办说明') }),
    locate: z.strictObject({ point }),
    // (metoo) 附议
    similar: z.strictObject({ categoryId: id, point: point.optional(), villageId: id.optional(), text: optStr(TEXT_MAX, '内容') }),
    follow: z.strictObject({ caseId: id }),
    unfollow: z.strictObject({ caseId: id }),
    followerNote: z.strictObject({ caseId: id, text: str(2, 500, '补充内容'), photos: photos.optional() }),
    // (share) the public view a shared card opens; a follower's own rating
    publicView: z.strictObject({ caseId: id }),
    followerRate: z.strictObject({ caseId: id, rating }),
    following: z.strictObject({ page, pageSize })
  },
  staff: {
    inbox: z.strictObject({ page, pageSize, bucket: z.enum(['pending', 'active', 'done', 'overdue']) }),
    accept: z.strictObject({ caseId: id }),
    return: z.strictObject({ caseId: id, reason }),
    resolve: z.strictObject({ caseId: id, text, photos: photos.optional(), summary: publicSummary }),
    resolveOnSpot: z.strictObject({ caseId: id, text, photos: photos.optional(), summary: publicSummary }),
    requestExtension: z.strictObject({ caseId: id, workdays: z.number().int().min(1).max(30), reason }),
    proxySubmit: z.strictObject({
      ...submitBase,
      contact: z.strictObject({ name: personName, phone: optPhone })
    }),
    revealPhone: z.strictObject({ caseId: id }),
    progress: z.strictObject({ caseId: id, text: str(2, 500, '办理进展'), photos: photos.optional() }),
    superviseReply: z.strictObject({ caseId: id, orderId: id.optional(), text: str(2, 500, '督办回复') })
  },
  admin: {
    hotlineSubmit: z.strictObject({
      categoryId: id,
      text,
      place: z.strictObject({ townshipId: id, villageId: id.optional(), address: optStr(200, '地址') }),
      contact: z.strictObject({ name: personName, phone }),
      consent: z.boolean(),
      publicConsent: z.boolean().default(false)
    }),
    createApiKey: z.strictObject({ clientId: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{1,31}$/, '接入方标识为 2–32 位小写字母、数字、-、_'), name: str(1, 40, '接入方名称') }),
    revokeApiKey: z.strictObject({ clientId: z.string().trim().min(1).max(32) }),
    apiKeys: empty,
    sources: z.strictObject({ from: day, to: day }).refine((v) => v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['to'] }),
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
    setHoliday: z
      .strictObject({ date: day, to: day.optional(), kind: z.enum(['holiday', 'workday', 'normal']), name: optStr(20, '名称') })
      .refine((v) => !v.to || v.to >= v.date, { message: '结束日期不能早于开始日期', path: ['to'] })
      .refine((v) => !v.to || Date.parse(v.to) - Date.parse(v.date) < MAX_HOLIDAY_RANGE * 86_400_000, {
        message: `一次最多设置 ${MAX_HOLIDAY_RANGE} 天`,
        path: ['to']
      }),
    confirmYear: z.strictObject({ year, confirmed: z.boolean() }),
    createInvite: z.strictObject({ role: staffRole, scope, validDays: z.number().int().min(1).max(90).optional() }),
    invites: z.strictObject({ page, pageSize }),
    revokeInvite: z.strictObject({ code: z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{4,20}$/, '邀请码格式不正确') }),
    departments: empty,
    publications: z.strictObject({ page, pageSize, state: z.enum(PUBLIC_STATES) }),
    publishSummary: z.strictObject({ caseId: id, summary: publicSummary, publicInterest: z.boolean().optional() }),
    unpublish: z.strictObject({ caseId: id, reason: str(2, 500, '撤下理由') }),
    callbacks: z.strictObject({ page, pageSize, reason: z.enum(['proxy', 'sample']).optional() }),
    callback: z
      .strictObject({ caseId: id, reached: z.boolean(), rating: rating.optional(), note: optStr(500, '回访记录') })
      .refine((v) => !v.reached || !!v.rating, { message: '已联系到群众时请选择评价', path: ['rating'] })
      .refine((v) => v.reached || !v.rating, { message: '未联系上时不能记录评价', path: ['rating'] }),
    sampleCallbacks: z
      .strictObject({ from: day, to: day, percent: z.number().min(1).max(100).optional() })
      .refine((v) => v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
      .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, { message: '抽样范围不能超过一年', path: ['to'] }),
    phoneAccess: z.strictObject({ page, pageSize, caseId: id.optional() }),
    supervise: z.strictObject({ caseId: id, note: str(2, 500, '督办要求'), replyBy: instant.optional() }),
    instruct: z.strictObject({ caseId: id, text: str(2, 500, '批示内容') }),
    supervisions: z.strictObject({ page, pageSize, status: z.enum(['open', 'done']).optional() }),
    instructed: z.strictObject({ page, pageSize, open: z.boolean().optional() }),
    stream: z.strictObject({
      page,
      pageSize,
      kind: z.enum(['new', 'overdue']),
      q: optStr(50, '搜索内容'),
      townshipId: id.optional(),
      categoryId: id.optional()
    }),
    // (metoo) 合并
    merge: z.strictObject({ caseId: id, intoCaseId: id, note }),
    unmerge: z.strictObject({ caseId: id }),
    superviseDesk: z.strictObject({ page, pageSize, bucket: z.enum(['overdue', 'escalated', 'supervised']) })
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
