// The API contract between the mini program and the cloud functions.
// Both sides compile against this file: the functions' handlers are typed by `ActionMap`, and the mini
// program's client (`call(fn, action, data)`) is typed by it too. Dates travel as ISO 8601 strings.

// ---------------------------------------------------------------------------------------------------------
// Roles, scopes, identity
// ---------------------------------------------------------------------------------------------------------

export const ROLES = [
  'resident',
  'building_leader',
  'grid_member',
  'dept_handler',
  'township_supervisor',
  'county_dispatcher',
  'county_admin'
] as const
export type Role = (typeof ROLES)[number]
export type StaffRole = Exclude<Role, 'resident'>

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  building_leader: '楼长',
  grid_member: '网格员',
  dept_handler: '部门经办人',
  township_supervisor: '镇街督办',
  county_dispatcher: '县级分派员',
  county_admin: '县级管理员'
}

/** What a staff member may see and act on. Only the fields that matter for the role are set. */
export interface Scope {
  gridIds?: string[]
  departmentId?: string
  townshipId?: string
}

export interface Me {
  openid: string
  role: Role
  scope: Scope
  name?: string
  /** Display names of the scope, e.g. the department's name. */
  scopeLabel?: string
  /** Tabs this user should see. */
  tabs: Array<'file' | 'mine' | 'board' | 'work' | 'admin' | 'me'>
  /** The storage folder this user uploads photos to (chosen by the platform), e.g. 'petitions/3f2a9c0d1b4e5f60/'. */
  uploadPrefix?: string
  /** 我的家乡 (set once), the audience tags the resident chose, and whether they work away from home (外出务工). */
  profile?: ResidentProfile
}

/** A resident's home village and policy tags (user.setProfile). */
export interface ResidentProfile {
  home?: { townshipId: string; villageId: string; townshipName: string; villageName: string }
  tags: string[]
  migrant: boolean
}

// ---------------------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------------------

export interface Sla {
  /** Clock hours to accept after dispatch (default 24). */
  acceptHours: number
  /** Working days to finish after the day of submission (default 5). */
  finishWorkdays: number
}

export interface Category {
  _id: string
  name: string
  /** NutUI icon name or emoji shown in the grid of icons. */
  icon: string
  sla: Sla
  order: number
  active: boolean
}

export interface Department {
  _id: string
  name: string
}

export interface Township {
  _id: string
  name: string
  kind: 'town' | 'street' | 'township'
  center: LngLat
}

export interface Village {
  _id: string
  name: string
  townshipId: string
  kind: 'village' | 'community'
}

export interface Grid {
  _id: string
  name: string
  villageId: string
  townshipId: string
  /** GeoJSON Polygon coordinates: [ring][point][lng, lat]. */
  polygon: number[][][]
}

export interface LngLat {
  lng: number
  lat: number
}

export interface Catalog {
  categories: Category[]
  townships: Township[]
  villages: Village[]
  departments: Department[]
  /** Grids without their boundaries (for pickers such as the invite form). */
  grids: Array<Omit<Grid, 'polygon'>>
}

// ---------------------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------------------

/**
 * review: text flagged by content security, held for the county office
 * queued: in the county dispatch queue (待分派): no rule matched, returned, or sent to county review
 * dispatched: sent to a department, accept clock running (已派单)
 * accepted: being handled, finish clock running (办理中)
 * resolved: finished, waiting for the resident's rating (已办结)
 * closed: rated, or unrated after 7 days (已关闭)
 * withdrawn: withdrawn by the resident before acceptance (已撤回)
 */
export const CASE_STATES = ['review', 'queued', 'dispatched', 'accepted', 'resolved', 'closed', 'withdrawn'] as const
export type CaseState = (typeof CASE_STATES)[number]

export const STATE_LABELS: Record<CaseState, string> = {
  review: '审核中',
  queued: '待分派',
  dispatched: '待受理',
  accepted: '办理中',
  resolved: '已办结',
  closed: '已关闭',
  withdrawn: '已撤回'
}

export type Rating = 'satisfied' | 'basic' | 'unsatisfied'
export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }

export type EventType =
  | 'submit'
  | 'hold'
  | 'release'
  | 'route'
  | 'queue'
  | 'accept'
  | 'return'
  | 'transfer'
  | 'supplement'
  | 'reply'
  | 'resolve'
  | 'resolve_on_spot'
  | 'withdraw'
  | 'rate'
  | 'reopen'
  | 'county_review'
  | 'extension_request'
  | 'extension_approve'
  | 'extension_refuse'
  | 'warn_accept'
  | 'warn_finish'
  | 'overdue_accept'
  | 'overdue_finish'
  | 'escalate_township'
  | 'escalate_county'
  | 'auto_close'

export interface CaseEvent {
  _id: string
  caseId: string
  type: EventType
  at: string
  /** Who did it: a role label and a display name, never an openid. 'system' for the timer. */
  actor: { role: Role | 'system'; name: string }
  from?: CaseState
  to?: CaseState
  note?: string
  photos?: string[]
}

export interface Place {
  /** A map point (chooseLocation), when the resident allowed location. */
  point?: LngLat
  /** The chosen or derived division. */
  townshipId: string
  villageId?: string
  gridId?: string
  /** Free text address, shown only to staff. */
  address?: string
}

export interface Deadlines {
  /** Accept by (ISO). Set while dispatched. */
  acceptBy?: string
  /** Finish by (ISO, 23:59:59.999 Beijing time of a working day). */
  finishBy: string
  /** True when finishBy falls in a year whose holiday schedule is not confirmed yet. */
  provisional: boolean
}

export interface Reply {
  at: string
  by: string
  departmentName?: string
  text: string
  photos: string[]
}

export interface Supplement {
  at: string
  text: string
  photos: string[]
}

export interface Extension {
  _id: string
  caseId: string
  caseNo: string
  requestedAt: string
  requestedBy: string
  workdays: number
  reason: string
  state: 'pending' | 'approved' | 'refused'
  decidedAt?: string
  decisionNote?: string
  departmentName?: string
}

/** A case as a list row. */
export interface CaseSummary {
  _id: string
  no: string
  state: CaseState
  categoryId: string
  categoryName: string
  excerpt: string
  townshipName: string
  departmentName?: string
  submittedAt: string
  due: Deadlines
  /** Whichever clock runs now: accept while dispatched, finish while accepted. */
  activeDeadline?: { kind: 'accept' | 'finish'; at: string }
  overdue: boolean
  escalation: 0 | 1 | 2
  reopenCount: number
  proxy: boolean
}

/** A case with everything the caller may see. */
export interface CaseDetail extends CaseSummary {
  text: string
  photos: string[]
  place: Place & { townshipName: string; villageName?: string; gridName?: string }
  contact: { name?: string; phone?: string; phoneMasked: boolean }
  hideName: boolean
  departmentId?: string
  handlerName?: string
  replies: Reply[]
  supplements: Supplement[]
  rating?: { value: Rating; comment?: string; at: string }
  timeline: CaseEvent[]
  extensions: Extension[]
  /** Actions the caller may take now; the UI shows exactly these buttons. */
  allowed: CaseAction[]
  /** Photo fileID → a signed temp URL (expires in about 2 hours) to display it; absent when there are no photos. */
  photoUrls?: Record<string, string>
  /** The policy notice a 政策咨询 is about. */
  policy?: { id: string; title: string }
  /** Filed 在外地 from the resident's home village (no map point). */
  fromAfar?: boolean
}

export type CaseAction =
  | 'supplement'
  | 'withdraw'
  | 'rate'
  | 'accept'
  | 'return'
  | 'resolve'
  | 'resolve_on_spot'
  | 'request_extension'
  | 'route'
  | 'transfer'
  | 'release'

export interface BoardItem {
  _id: string
  no: string
  categoryName: string
  townshipName: string
  /** Redacted text: no ID numbers, mobile numbers or exact addresses. */
  text: string
  /** '张**' or '匿名群众'. */
  reporter: string
  departmentName?: string
  reply?: string
  submittedAt: string
  resolvedAt: string
  rating?: Rating
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface PageQuery {
  page?: number
  pageSize?: number
}

// ---------------------------------------------------------------------------------------------------------
// Summaries
// ---------------------------------------------------------------------------------------------------------

export type Dimension = 'department' | 'township' | 'category'

export interface Metrics {
  /** 受理量: cases submitted in the period. */
  volume: number
  /** Cases whose accept clock is decided (accepted, or overdue). */
  acceptDecided: number
  acceptedOnTime: number
  /** 及时受理率 = acceptedOnTime / acceptDecided, null when nothing is decided. */
  responseRate: number | null
  finishDecided: number
  finishedOnTime: number
  /** 按时办结率 = finishedOnTime / finishDecided. */
  onTimeRate: number | null
  satisfied: number
  basic: number
  unsatisfied: number
  /** Closed without a rating; shown separately, not counted as satisfied. */
  unrated: number
  /** 满意率 = (satisfied + 0.9 basic) / (satisfied + basic + unsatisfied). */
  satisfactionRate: number | null
  returned: number
  /** 回退率 = returned / volume. */
  returnRate: number | null
  reopened: number
  /** 重办率 = reopened / cases that were ever resolved. */
  reopenRate: number | null
  resolved: number
  /** Open cases past a deadline now (live count). */
  overdueNow: number
}

export interface UnitMetrics extends Metrics {
  unitId: string
  unitName: string
}

export interface TrendPoint {
  period: string
  volume: number
  responseRate: number | null
  onTimeRate: number | null
  satisfactionRate: number | null
}

export interface RankingRow {
  unitId: string
  unitName: string
  volume: number
  responseRate: number | null
  onTimeRate: number | null
  satisfactionRate: number | null
  /** Composite score used for the order: the mean of the three rates. */
  score: number
  rank: number
}

export interface Summary {
  from: string
  to: string
  townshipId?: string
  total: Metrics
  byDepartment: UnitMetrics[]
  byTownship: UnitMetrics[]
  byCategory: UnitMetrics[]
  trend: TrendPoint[]
  ranking: { dimension: Dimension; minVolume: number; red: RankingRow[]; black: RankingRow[] }
  overdue: CaseSummary[]
}

// ---------------------------------------------------------------------------------------------------------
// Holidays, invites
// ---------------------------------------------------------------------------------------------------------

export interface HolidayDay {
  /** YYYY-MM-DD (Beijing). */
  date: string
  /** holiday: a statutory day off (incl. its weekend days); workday: a make-up working weekend day (调休上班). */
  kind: 'holiday' | 'workday'
  name: string
}

export interface HolidayYear {
  year: number
  confirmed: boolean
  days: HolidayDay[]
}

export interface HolidayAudit {
  at: string
  by: string
  change: string
}

export interface Invite {
  code: string
  role: StaffRole
  scope: Scope
  scopeLabel: string
  expiresAt: string
  createdAt: string
  usedAt?: string
  usedByName?: string
}

// ---------------------------------------------------------------------------------------------------------
// Policy notices (惠民政策)
// ---------------------------------------------------------------------------------------------------------

/** draft → review → published; a published notice past its expiry date is 'expired' (derived, still searchable). */
export type PolicyStatus = 'draft' | 'review' | 'published' | 'expired'
export const POLICY_STATUS_LABELS: Record<PolicyStatus, string> = { draft: '草稿', review: '待审核', published: '已发布', expired: '已过期' }

/** An audience tag (reference data the county edits), e.g. { _id: 'migrant', name: '外出务工' }. */
export interface AudienceTag {
  _id: string
  name: string
  order: number
  active: boolean
}

/** Who issues a notice: the county office, a township, or a department. */
export interface PolicyIssuer {
  kind: 'county' | 'township' | 'department'
  /** townshipId or departmentId; absent for the county. */
  id?: string
  name: string
}

/** Where a notice applies: the whole county, some townships, or some villages. */
export interface PolicyArea {
  kind: 'county' | 'townships' | 'villages'
  ids: string[]
}

export interface PolicyAttachment {
  /** cloud:// fileID under the author's upload prefix. */
  fileID: string
  name: string
  kind: 'pdf' | 'image'
  /** Bytes. */
  size: number
}

export interface PolicySummary {
  _id: string
  title: string
  excerpt: string
  issuer: PolicyIssuer
  tags: string[]
  area: PolicyArea
  status: PolicyStatus
  effectiveAt?: string
  expiresAt?: string
  publishedAt?: string
  /** Unique readers. */
  reads: number
  /** For the reader: matches their home village or one of their tags (shown first). */
  forYou?: boolean
}

export interface PolicyDetail extends PolicySummary {
  /** Sanitized HTML (server-side allowlist), for RichText nodes. */
  body: string
  attachments: PolicyAttachment[]
  /** fileID → signed temp URL. */
  attachmentUrls?: Record<string, string>
  authorName: string
  reviewerName?: string
  reviewNote?: string
  createdAt: string
  updatedAt: string
  /** Actions the caller may take now. */
  allowed: PolicyAction[]
}

export type PolicyAction = 'edit' | 'submit' | 'approve' | 'reject' | 'withdraw'

export interface PolicyInput {
  title: string
  /** HTML; sanitized on the server. */
  body: string
  attachments: PolicyAttachment[]
  issuer: { kind: PolicyIssuer['kind']; id?: string }
  tags: string[]
  area: PolicyArea
  /** YYYY-MM-DD (Beijing). */
  effectiveDate?: string
  expiryDate?: string
}

export interface PolicySubscription {
  tags: string[]
  /** The home village the subscription matches (from 我的家乡). */
  villageId?: string
  /** Messages the resident has allowed and not yet received (one per wx.requestSubscribeMessage acceptance). */
  credits: number
  /** Matching notices published since the last one delivered: waiting for an authorization (N 条政策待推送). */
  pending: number
  active: boolean
}

export interface PolicyReachRow {
  key: string
  name: string
  reads: number
}

export interface PolicyReach {
  notices: Array<PolicySummary & { lowReach: boolean }>
  byTownship: PolicyReachRow[]
  byTag: PolicyReachRow[]
  /** Cases filed 在外地 (from the home village, no map point) in the period, and by migrant workers. */
  fromAfar: { total: number; migrant: number; byTownship: PolicyReachRow[] }
  lowReachThreshold: number
}

// ---------------------------------------------------------------------------------------------------------
// Actions: function name → action → { req, res }
// ---------------------------------------------------------------------------------------------------------

export interface SubmitInput {
  categoryId: string
  text: string
  /** Up to 9 cloud fileIDs. */
  photos: string[]
  place: { point?: LngLat; townshipId?: string; villageId?: string; address?: string }
  contact?: { name?: string; phone?: string }
  /** Must be true when a phone is given (PIPL consent); recorded with a timestamp. */
  consent: boolean
  hideName: boolean
  /** Filed 在外地: the resident's home village (我的家乡) becomes the place and grid; no map point. */
  fromAfar?: boolean
  /** The policy notice this 政策咨询 is about (有疑问？我要反映). */
  policyId?: string
}

export interface ActionMap {
  hello: {
    hello: { req: { name?: string }; res: { openid: string | null; appid: string | null; message: string; at: string } }
  }
  user: {
    me: { req: Record<string, never>; res: Me }
    /** Home village (once), policy tags, migrant flag. */
    setProfile: { req: { homeVillageId?: string; tags?: string[]; migrant?: boolean }; res: Me }
    redeemInvite: { req: { code: string; name: string }; res: Me }
  }
  petition: {
    catalog: { req: Record<string, never>; res: Catalog }
    submit: { req: SubmitInput; res: { case: CaseDetail } }
    mine: { req: PageQuery & { state?: CaseState }; res: Page<CaseSummary> }
    detail: { req: { caseId: string }; res: CaseDetail }
    supplement: { req: { caseId: string; text: string; photos?: string[] }; res: CaseDetail }
    withdraw: { req: { caseId: string; reason?: string }; res: CaseDetail }
    rate: { req: { caseId: string; rating: Rating; comment?: string }; res: CaseDetail }
    board: { req: PageQuery & { categoryId?: string; townshipId?: string }; res: Page<BoardItem> }
  }
  staff: {
    inbox: {
      req: PageQuery & { bucket: 'pending' | 'active' | 'done' | 'overdue' }
      res: Page<CaseSummary> & { counts: Record<'pending' | 'active' | 'done' | 'overdue', number> }
    }
    accept: { req: { caseId: string }; res: CaseDetail }
    return: { req: { caseId: string; reason: string }; res: CaseDetail }
    resolve: { req: { caseId: string; text: string; photos?: string[] }; res: CaseDetail }
    resolveOnSpot: { req: { caseId: string; text: string; photos?: string[] }; res: CaseDetail }
    requestExtension: { req: { caseId: string; workdays: number; reason: string }; res: CaseDetail }
    proxySubmit: {
      req: Omit<SubmitInput, 'contact'> & { contact: { name: string; phone?: string } }
      res: { case: CaseDetail }
    }
  }
  admin: {
    summary: { req: { from: string; to: string; townshipId?: string; granularity?: 'day' | 'week'; minVolume?: number; rankBy?: Dimension }; res: Summary }
    queue: { req: PageQuery & { kind?: 'queued' | 'review' }; res: Page<CaseSummary> }
    overdue: { req: PageQuery; res: Page<CaseSummary> }
    route: { req: { caseId: string; departmentId: string; note?: string }; res: CaseDetail }
    transfer: { req: { caseId: string; departmentId: string; note: string }; res: CaseDetail }
    release: { req: { caseId: string; note?: string }; res: CaseDetail }
    extensions: { req: PageQuery & { state?: Extension['state'] }; res: Page<Extension> }
    decideExtension: { req: { extensionId: string; approve: boolean; note?: string }; res: Extension }
    holidays: { req: { year: number }; res: HolidayYear & { audit: HolidayAudit[] } }
    setHoliday: { req: { date: string; kind: 'holiday' | 'workday' | 'normal'; name?: string }; res: HolidayYear }
    confirmYear: { req: { year: number; confirmed: boolean }; res: HolidayYear }
    createInvite: { req: { role: StaffRole; scope: Scope; validDays?: number }; res: Invite }
    invites: { req: PageQuery; res: Page<Invite> }
    departments: { req: Record<string, never>; res: Department[] }
  }
  policy: {
    /** Published notices (not expired) for the reader: their home village and tags first; `q` searches all published ones incl. expired. */
    list: { req: PageQuery & { q?: string; tag?: string }; res: Page<PolicySummary> }
    detail: { req: { policyId: string }; res: PolicyDetail }
    /** Audience tags (reference data). */
    tags: { req: Record<string, never>; res: AudienceTag[] }
    /** Staff: drafts and reviews in their unit. */
    manage: { req: PageQuery & { status?: PolicyStatus }; res: Page<PolicySummary> }
    saveDraft: { req: PolicyInput & { policyId?: string }; res: PolicyDetail }
    submitForReview: { req: { policyId: string }; res: PolicyDetail }
    review: { req: { policyId: string; approve: boolean; note?: string }; res: PolicyDetail }
    withdraw: { req: { policyId: string; note?: string }; res: PolicyDetail }
    /** County: edit the audience tag list. */
    setTag: { req: { tagId: string; name: string; order?: number; active: boolean }; res: AudienceTag[] }
    subscription: { req: Record<string, never>; res: PolicySubscription }
    subscribe: { req: { tags: string[]; active: boolean }; res: PolicySubscription }
    /** The client reports one accepted wx.requestSubscribeMessage: +1 credit, then the oldest waiting notice is sent. */
    grant: { req: { accepted: number }; res: PolicySubscription & { sent: number } }
    reach: { req: { from: string; to: string }; res: PolicyReach }
  }
}

export type FunctionName = keyof ActionMap
export type ActionName<F extends FunctionName> = keyof ActionMap[F] & string
export type ActionReq<F extends FunctionName, A extends ActionName<F>> = ActionMap[F][A] extends { req: infer R } ? R : never
export type ActionRes<F extends FunctionName, A extends ActionName<F>> = ActionMap[F][A] extends { res: infer R } ? R : never

/** What every function answers: `{ ok: true, data }` or `{ ok: false, code, message }`. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; details?: unknown }

/** The event every function (but `timer`) receives. */
export interface CallEvent<F extends FunctionName = FunctionName> {
  action: ActionName<F>
  data?: unknown
}

// ---------------------------------------------------------------------------------------------------------
// Errors: stable codes with a Chinese message
// ---------------------------------------------------------------------------------------------------------

export const ERROR_MESSAGES = {
  INVALID_INPUT: '提交的内容不完整或格式不正确',
  UNKNOWN_ACTION: '不支持的操作',
  UNAUTHENTICATED: '未能识别您的微信身份，请重新进入小程序',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '未找到该诉求或记录',
  INVALID_STATE: '当前状态下不能进行此操作',
  CONFLICT: '该诉求已被他人处理，请刷新后查看',
  CONSENT_REQUIRED: '留下联系电话需要您同意个人信息收集说明',
  INVITE_INVALID: '邀请码无效或已过期',
  INVITE_USED: '邀请码已被使用',
  CATEGORY_UNKNOWN: '诉求类别不存在或已停用',
  PLACE_UNKNOWN: '无法确定诉求所在的镇街，请在地图上选点或手动选择镇街',
  DEPARTMENT_UNKNOWN: '部门不存在',
  TOO_MANY_PHOTOS: '最多上传 9 张照片',
  PHOTO_INVALID: '照片无效，请在本页重新上传照片',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  POLICY_NOT_FOUND: '未找到该政策通知',
  POLICY_SELF_REVIEW: '不能审核自己起草的政策通知，请由其他工作人员审核',
  POLICY_AREA_INVALID: '发布范围超出本单位的管辖范围',
  POLICY_TAG_UNKNOWN: '受众标签不存在或已停用',
  POLICY_DATES_INVALID: '失效日期不能早于生效日期',
  POLICY_ATTACHMENT_INVALID: '附件无效，请上传 PDF 或图片（单个不超过 20 MB）',
  HOME_REQUIRED: '请先在“我的”中设置我的家乡',
  HOME_LOCKED: '家乡已设置，如需修改请联系县级管理员',
  INTERNAL: '系统繁忙，请稍后再试'
} as const
export type ErrorCode = keyof typeof ERROR_MESSAGES
