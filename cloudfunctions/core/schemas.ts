// zod schemas for every action's input (typings/api.ts ActionMap). Strings are trimmed; unknown keys rejected.
// zod/mini (functional checks, tree-shakable): ~70 KB less per function bundle than classic zod's method chains,
// with the same parser and error issues. Default messages are zod's zh-CN locale; most checks carry their own.
import * as z from 'zod/mini'
import zhCN from 'zod/v4/locales/zh-CN.js'
import type { ActionName, ActionReq, FunctionName } from '../../typings/api'
import { CASE_STATES, PUBLIC_STATES } from '../../typings/api'
import { isDayKey } from './time'
import { POLICY_AREA_IDS_MAX, POLICY_ATTACHMENT_BYTES_MAX, POLICY_ATTACHMENTS_MAX, POLICY_BODY_MAX, POLICY_TAGS_MAX, POLICY_TITLE_MAX } from './policy'
import { SOURCE_PATTERN } from './channels'
import { HOTSPOT_MERGE_MAX } from './hotspots'

z.config(zhCN())

export const MAX_PHOTOS = 9
export const TEXT_MIN = 5
export const TEXT_MAX = 1000
/** 不满意 needs a reason of at least this many characters. */
export const UNSATISFIED_MIN = 5
/** Most days one admin.setHoliday range may cover (a 黄金周 is 7–9). */
export const MAX_HOLIDAY_RANGE = 31

/** A trimmed string of min..max characters with Chinese messages. */
const str = (min: number, max: number, what: string) =>
  z.string().check(z.trim(), z.minLength(min, min <= 1 ? `请填写${what}` : `${what}至少 ${min} 个字`), z.maxLength(max, `${what}不能超过 ${max} 个字`))
/** '' (or only blanks) counts as absent. */
const blankAsAbsent = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(z.transform((v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)), schema)
/** An optional trimmed string; '' counts as absent. */
const optStr = (max: number, what: string) => blankAsAbsent(z.optional(str(1, max, what)))
/** An integer in min..max. */
const intIn = (min: number, max: number, message?: string) => z.int().check(z.gte(min), z.lte(max, message))
/** A cross-field rule on an object (the message lands on `path`). */
const rule = <T>(fn: (v: T) => boolean, message: string, path: string[]) => z.refine<T>(fn, { message, path })
type FromTo = { from: string; to: string }
/** `from` is not after `to`. */
const inOrder = rule<FromTo>((v) => v.from <= v.to, '开始日期不能晚于结束日期', ['to'])
/** `from`..`to` spans at most a year. */
const withinYear = (message: string) => rule<FromTo>((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, message, ['to'])

const id = str(1, 64, '编号')
const optId = z.optional(id)
const text = str(TEXT_MIN, TEXT_MAX, '内容')
const reason = str(2, 500, '理由')
const note = optStr(500, '说明')
const photo = z.string().check(z.trim(), z.minLength(1), z.maxLength(512))
const photos = z.array(photo).check(z.maxLength(MAX_PHOTOS, `最多上传 ${MAX_PHOTOS} 张照片`))
const phone = z.string().check(z.trim(), z.regex(/^1\d{10}$/, '请填写 11 位手机号码'))
const optPhone = blankAsAbsent(z.optional(phone))
const personName = str(1, 20, '姓名')
/** Mainland China, roughly: a point outside is a bug or a forged request. (zod 4 numbers are finite.) */
const point = z.strictObject({
  lng: z.number().check(z.gte(73), z.lte(136)),
  lat: z.number().check(z.gte(3), z.lte(54))
})
const day = z.string().check(z.trim(), z.refine<string>(isDayKey, '日期格式应为 YYYY-MM-DD'))
const page = z.optional(intIn(1, 100_000))
const pageSize = z.optional(intIn(1, 50))
const rating = z.enum(['satisfied', 'basic', 'unsatisfied'])
const staffRole = z.enum(['building_leader', 'grid_member', 'dept_handler', 'township_supervisor', 'county_dispatcher', 'county_admin', 'county_leader'])
/** An ISO 8601 instant with its offset (e.g. a reply-by time). */
const instant = z
  .string()
  .check(
    z.trim(),
    z.maxLength(40),
    z.refine<string>((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), '时间格式不正确')
  )
const dimension = z.enum(['department', 'township', 'category'])
const scope = z.strictObject({
  gridIds: z.optional(z.array(id).check(z.maxLength(200))),
  departmentId: optId,
  townshipId: optId
})
/** The public summary (公开摘要) when staff write or edit it; absent or '' keeps the prefill / current one. */
const publicSummary = optStr(500, '公开摘要')
const year = intIn(2000, 2100)
const bool = z.boolean()
const optBool = z.optional(bool)
/** Actions without input accept a missing `data`. */
const empty = z.pipe(z.transform((v: unknown) => v ?? {}), z.strictObject({})) as unknown as z.ZodMiniType<Record<string, never>>
const inviteCode = z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[A-Z0-9-]{4,20}$/, '邀请码格式不正确'))

const place = z.strictObject({
  point: z.optional(point),
  townshipId: optId,
  villageId: optId,
  address: optStr(200, '地址')
})
const submitBase = {
  categoryId: id,
  text,
  photos: z._default(photos, []),
  place,
  consent: bool,
  hideName: z._default(bool, false),
  publicConsent: z._default(bool, false)
}

// Policy notices (惠民政策)
const tagId = z.string().check(z.trim(), z.regex(/^[a-z0-9_-]{1,32}$/, '标签编号格式不正确'))
const tagIds = z.array(tagId).check(z.maxLength(POLICY_TAGS_MAX, `最多选择 ${POLICY_TAGS_MAX} 个标签`))
const attachment = z.strictObject({
  fileID: photo,
  name: str(1, 100, '附件名称'),
  kind: z.enum(['pdf', 'image']),
  size: intIn(1, POLICY_ATTACHMENT_BYTES_MAX, '单个附件不能超过 20 MB')
})
const policyInput = {
  title: str(4, POLICY_TITLE_MAX, '标题'),
  body: z.string().check(z.maxLength(POLICY_BODY_MAX, `正文不能超过 ${POLICY_BODY_MAX} 个字符`)),
  attachments: z._default(z.array(attachment).check(z.maxLength(POLICY_ATTACHMENTS_MAX, `最多上传 ${POLICY_ATTACHMENTS_MAX} 个附件`)), []),
  issuer: z.strictObject({ kind: z.enum(['county', 'township', 'department']), id: optId }),
  tags: z._default(tagIds, []),
  area: z.strictObject({ kind: z.enum(['county', 'townships', 'villages']), ids: z._default(z.array(id).check(z.maxLength(POLICY_AREA_IDS_MAX)), []) }),
  effectiveDate: z.optional(day),
  expiryDate: z.optional(day)
}

type Schemas = { [F in FunctionName]: { [A in ActionName<F>]: z.ZodMiniType<ActionReq<F, A>> } }

export const schemas: Schemas = {
  hello: {
    hello: z.strictObject({ name: optStr(50, '名字') })
  },
  user: {
    me: empty,
    setProfile: z.strictObject({ homeVillageId: optId, tags: z.optional(tagIds), migrant: optBool }),
    redeemInvite: z.strictObject({
      code: inviteCode,
      name: personName
    }),
    deleteAccount: z.strictObject({ confirm: z.string().check(z.trim(), z.maxLength(20)) }),
    claimByPhone: z.strictObject({ code: z.string().check(z.trim(), z.minLength(1, '请授权手机号'), z.maxLength(128)) })
  },
  petition: {
    catalog: empty,
    submit: z.strictObject({
      ...submitBase,
      fromAfar: optBool,
      policyId: optId,
      source: blankAsAbsent(z.optional(z.string().check(z.trim(), z.regex(SOURCE_PATTERN, '来源格式不正确')))),
      contact: z.optional(z.strictObject({ name: optStr(20, '姓名'), phone: optPhone }))
    }),
    mine: z.strictObject({
      page,
      pageSize,
      state: z.optional(z.enum(CASE_STATES)),
      states: z.optional(z.array(z.enum(CASE_STATES)).check(z.minLength(1), z.maxLength(CASE_STATES.length))),
      q: optStr(40, '搜索内容')
    }),
    detail: z.strictObject({ caseId: id }),
    supplement: z.strictObject({ caseId: id, text, photos: z.optional(photos) }),
    withdraw: z.strictObject({ caseId: id, reason: note }),
    rate: z
      .strictObject({ caseId: id, rating, comment: optStr(500, '评价') })
      .check(z.refine((v) => v.rating !== 'unsatisfied' || Array.from(v.comment ?? '').length >= UNSATISFIED_MIN, {
        message: `选择不满意时请说明原因，至少 ${UNSATISFIED_MIN} 个字`,
        path: ['comment']
      })),
    board: z.strictObject({ page, pageSize, categoryId: optId, townshipId: optId }),
    setPublication: z.strictObject({ caseId: id, consent: bool }),
    urge: z.strictObject({ caseId: id, note: optStr(200, '催办说明') }),
    locate: z.strictObject({ point }),
    // (metoo) 附议
    similar: z.strictObject({ categoryId: id, point: z.optional(point), villageId: optId, text: optStr(TEXT_MAX, '内容') }),
    follow: z.strictObject({ caseId: id }),
    unfollow: z.strictObject({ caseId: id }),
    followerNote: z.strictObject({ caseId: id, text: str(2, 500, '补充内容'), photos: z.optional(photos) }),
    // (share) the public view a shared card opens; a follower's own rating
    publicView: z.strictObject({ caseId: id }),
    followerRate: z.strictObject({ caseId: id, rating }),
    following: z.strictObject({ page, pageSize })
  },
  staff: {
    inbox: z.strictObject({ page, pageSize, bucket: z.enum(['pending', 'active', 'done', 'overdue']) }),
    accept: z.strictObject({ caseId: id }),
    return: z.strictObject({ caseId: id, reason }),
    resolve: z.strictObject({ caseId: id, text, photos: z.optional(photos), summary: publicSummary }),
    resolveOnSpot: z.strictObject({ caseId: id, text, photos: z.optional(photos), summary: publicSummary }),
    requestExtension: z.strictObject({ caseId: id, workdays: intIn(1, 30), reason }),
    proxySubmit: z.strictObject({
      ...submitBase,
      contact: z.strictObject({ name: personName, phone: optPhone })
    }),
    revealPhone: z.strictObject({ caseId: id }),
    progress: z.strictObject({ caseId: id, text: str(2, 500, '办理进展'), photos: z.optional(photos) }),
    superviseReply: z.strictObject({ caseId: id, orderId: optId, text: str(2, 500, '督办回复') })
  },
  admin: {
    hotlineSubmit: z.strictObject({
      categoryId: id,
      text,
      place: z.strictObject({ townshipId: id, villageId: optId, address: optStr(200, '地址') }),
      contact: z.strictObject({ name: personName, phone }),
      consent: bool,
      publicConsent: z._default(bool, false)
    }),
    createApiKey: z.strictObject({ clientId: z.string().check(z.trim(), z.regex(/^[a-z0-9][a-z0-9_-]{1,31}$/, '接入方标识为 2–32 位小写字母、数字、-、_')), name: str(1, 40, '接入方名称') }),
    revokeApiKey: z.strictObject({ clientId: z.string().check(z.trim(), z.minLength(1), z.maxLength(32)) }),
    apiKeys: empty,
    sources: z.strictObject({ from: day, to: day }).check(inOrder),
    summary: z
      .strictObject({
        from: day,
        to: day,
        townshipId: optId,
        granularity: z.optional(z.enum(['day', 'week'])),
        minVolume: z.optional(intIn(0, 1_000_000)),
        rankBy: z.optional(dimension)
      })
      .check(inOrder, withinYear('查询范围不能超过一年')),
    queue: z.strictObject({ page, pageSize, kind: z.optional(z.enum(['queued', 'review'])) }),
    overdue: z.strictObject({ page, pageSize }),
    route: z.strictObject({ caseId: id, departmentId: id, note }),
    transfer: z.strictObject({ caseId: id, departmentId: id, note: str(2, 500, '转办说明') }),
    release: z.strictObject({ caseId: id, note }),
    extensions: z.strictObject({ page, pageSize, state: z.optional(z.enum(['pending', 'approved', 'refused'])) }),
    decideExtension: z.strictObject({ extensionId: id, approve: bool, note }),
    holidays: z.strictObject({ year }),
    setHoliday: z
      .strictObject({ date: day, to: z.optional(day), kind: z.enum(['holiday', 'workday', 'normal']), name: optStr(20, '名称') })
      .check(z.refine((v) => !v.to || v.to >= v.date, { message: '结束日期不能早于开始日期', path: ['to'] }), z.refine((v) => !v.to || Date.parse(v.to) - Date.parse(v.date) < MAX_HOLIDAY_RANGE * 86_400_000, {
        message: `一次最多设置 ${MAX_HOLIDAY_RANGE} 天`,
        path: ['to']
      })),
    confirmYear: z.strictObject({ year, confirmed: bool }),
    createInvite: z.strictObject({ role: staffRole, scope, validDays: z.optional(intIn(1, 90)) }),
    invites: z.strictObject({ page, pageSize }),
    revokeInvite: z.strictObject({ code: inviteCode }),
    departments: empty,
    publications: z.strictObject({ page, pageSize, state: z.enum(PUBLIC_STATES) }),
    publishSummary: z.strictObject({ caseId: id, summary: publicSummary, publicInterest: optBool }),
    unpublish: z.strictObject({ caseId: id, reason: str(2, 500, '撤下理由') }),
    callbacks: z.strictObject({ page, pageSize, reason: z.optional(z.enum(['proxy', 'sample'])) }),
    callback: z
      .strictObject({ caseId: id, reached: bool, rating: z.optional(rating), note: optStr(500, '回访记录') })
      .check(z.refine((v) => !v.reached || !!v.rating, { message: '已联系到群众时请选择评价', path: ['rating'] }), z.refine((v) => v.reached || !v.rating, { message: '未联系上时不能记录评价', path: ['rating'] })),
    sampleCallbacks: z
      .strictObject({ from: day, to: day, percent: z.optional(z.number().check(z.gte(1), z.lte(100))) })
      .check(inOrder, withinYear('抽样范围不能超过一年')),
    phoneAccess: z.strictObject({ page, pageSize, caseId: optId }),
    supervise: z.strictObject({ caseId: id, note: str(2, 500, '督办要求'), replyBy: z.optional(instant) }),
    instruct: z.strictObject({ caseId: id, text: str(2, 500, '批示内容') }),
    supervisions: z.strictObject({ page, pageSize, status: z.optional(z.enum(['open', 'done'])) }),
    instructed: z.strictObject({ page, pageSize, open: optBool }),
    stream: z.strictObject({
      page,
      pageSize,
      kind: z.enum(['new', 'overdue']),
      q: optStr(50, '搜索内容'),
      townshipId: optId,
      categoryId: optId
    }),
    // (metoo) 合并
    merge: z.strictObject({ caseId: id, intoCaseId: id, note }),
    unmerge: z.strictObject({ caseId: id }),
    superviseDesk: z.strictObject({ page, pageSize, bucket: z.enum(['overdue', 'escalated', 'supervised']) }),
    // (hotspots) 热点 and the 合并 of a cluster (zod/mini style).
    hotspots: z.strictObject({ townshipId: z.optional(id), categoryId: z.optional(id) }),
    mergeCluster: z.strictObject({ mainCaseId: id, caseIds: z.array(id).check(z.minLength(1), z.maxLength(HOTSPOT_MERGE_MAX - 1)), note })
  },
  policy: {
    list: z.strictObject({ page, pageSize, q: optStr(50, '搜索词'), tag: z.optional(tagId) }),
    detail: z.strictObject({ policyId: id }),
    tags: empty,
    manage: z.strictObject({ page, pageSize, status: z.optional(z.enum(['draft', 'review', 'published', 'expired'])) }),
    saveDraft: z.strictObject({ ...policyInput, policyId: optId }),
    submitForReview: z.strictObject({ policyId: id }),
    review: z.strictObject({ policyId: id, approve: bool, note }),
    withdraw: z.strictObject({ policyId: id, note }),
    setTag: z.strictObject({ tagId, name: str(1, 12, '标签名称'), order: z.optional(intIn(0, 1000)), active: bool }),
    subscription: empty,
    subscribe: z.strictObject({ tags: tagIds, active: bool }),
    grant: z.strictObject({ accepted: intIn(1, 3) }),
    reach: z
      .strictObject({ from: day, to: day })
      .check(inOrder, withinYear('查询范围不能超过一年'))
  }
}
