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
  'county_admin',
  'county_leader'
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
  county_admin: '县级管理员',
  county_leader: '县领导'
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
  /** The 管理 tiles this user may use (from core/grants.ts); the 管理 page shows exactly these. */
  tiles?: AdminTile[]
  /** 我的家乡 (set once), the audience tags the resident chose, and whether they work away from home (外出务工). */
  profile?: ResidentProfile
}

/** A resident's home village and policy tags (user.setProfile). */
export interface ResidentProfile {
  home?: { townshipId: string; villageId: string; townshipName: string; villageName: string }
  tags: string[]
  migrant: boolean
}

/**
 * The tiles of the 管理 tab. Each is backed by admin actions the role may call, so no tile leads to a page that
 * answers FORBIDDEN.
 */
export type AdminTile =
  | 'supervise_desk'
  | 'summary'
  | 'queue'
  | 'overdue'
  | 'supervisions'
  | 'stream'
  | 'instructed'
  | 'extensions'
  | 'holidays'
  | 'invites'
  /** Not a page: editing the holiday calendar inside 节假日 (the others read it). */
  | 'calendar_edit'
  | 'callbacks'
  | 'phone_access'
  | 'publications'
  | 'policy_manage'
  | 'policy_reach'
  /** 热线来电登记 (admin.hotlineSubmit). */
  | 'hotline'
  /** 开放接口密钥 (pages-admin/api-keys): Open311 API keys (admin.createApiKey / revokeApiKey / apiKeys). */
  | 'api_keys'
  /** (hotspots) 热点: clusters of open cases of one category close together (admin.hotspots). */
  | 'hotspots'

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
  /** A county bureau (default), or a township / village unit: cases may be dispatched to any level. */
  kind?: 'bureau' | 'township' | 'village'
  townshipId?: string
  villageId?: string
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

export interface PlaceName {
  /** null when the point is in no known township. */
  townshipId: string | null
  villageId?: string
  gridId?: string
  /** '中都街道 · 东门社区', or '汶上县外' when outside every township. */
  label: string
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
export const CASE_STATES = ['review', 'queued', 'dispatched', 'accepted', 'resolved', 'closed', 'withdrawn', 'merged'] as const
export type CaseState = (typeof CASE_STATES)[number]

export const STATE_LABELS: Record<CaseState, string> = {
  review: '审核中',
  queued: '待分派',
  dispatched: '待受理',
  accepted: '办理中',
  resolved: '已办结',
  closed: '已关闭',
  withdrawn: '已撤回',
  /** (metoo) Marked as a duplicate of another case (合并): closed, points to it; clocks stop. */
  merged: '已合并'
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
  | 'publication_consent'
  | 'publish'
  | 'unpublish'
  | 'callback'
  | 'callback_sample'
  | 'media_hold'
  | 'anonymize'
  | 'urge'
  | 'claim'
  | 'supervise'
  | 'supervise_reply'
  | 'supervise_overdue'
  | 'progress'
  | 'instruct'
  // (metoo)
  | 'follow'
  | 'follower_note'
  | 'merge'
  | 'merged_in'
  | 'unmerge'
  // (share) A follower's own rating (not the reporter's; not in the metrics).
  | 'follower_rate'

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
  /** While pending: the case's finish deadline now, and the one it gets if the request is approved (ISO). */
  currentFinishBy?: string
  requestedFinishBy?: string
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
  /** Has a 批示 of a county leader. */
  instructed?: boolean
  /** Has a 督办 order without an answer. */
  supervisionOpen?: boolean
  /** 催办 so far. */
  urgeCount?: number
  /** (metoo) 附议数: residents who follow the case. */
  followerCount?: number
  /** (metoo) The case this one was merged into (state merged). */
  mergedInto?: { caseId: string; no: string }
  /** How the case came in (小程序, 代报, 热线, 公众号, 开放接口). */
  channel?: CaseChannel
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
  /** 回访 results recorded by county staff (staff views only), latest last. */
  callbacks?: CallbackRecord[]
  /** Drawn for a verification 回访 and not yet reached (staff views only). */
  callbackDue?: boolean
  /** Solved on the spot by a grid member: credited to the grid, not the routed department. */
  onSpot?: { gridId?: string; gridName?: string; by: string }
  timeline: CaseEvent[]
  extensions: Extension[]
  /** Actions the caller may take now; the UI shows exactly these buttons. */
  allowed: CaseAction[]
  /** Photo fileID → a signed temp URL (expires in about 2 hours) to display it; absent when there are no photos. */
  photoUrls?: Record<string, string>
  /** Publication on the public board, as far as the caller may see it (see PublicationView). */
  publication?: PublicationView
  /** 催办 for the resident (when 'urge' is in `allowed`): whether it is open now, and from when if not. */
  urge?: UrgeStatus
  /** 催办 so far. */
  urgeCount?: number
  /** 督办 orders on this case (staff only). */
  supervisions?: SupervisionOrder[]
  /** 批示 of county leaders. */
  instructions?: Instruction[]
  /** The policy notice a 政策咨询 is about. */
  policy?: { id: string; title: string }
  /** Filed 在外地 from the resident's home village (no map point). */
  fromAfar?: boolean
  /**
   * (metoo) How the caller relates to the case when not as its resident or staff: 'follower' (附议). A follower's
   * view is limited: no contact details, no names in the timeline, the public summary or a redacted excerpt.
   */
  viewAs?: 'follower'
  /** (metoo) The caller follows this case (附议). */
  following?: boolean
  /** (share) 附议群众评价: followers' own ratings counted apart from the reporter's; never in the metrics. */
  followerRatings?: FollowerRatings
  /** (share) The caller's own rating as a follower. */
  myFollowerRating?: Rating
}

/** (share) Counts of followers' own ratings (附议群众评价), shown apart from the reporter's rating. */
export type FollowerRatings = Record<Rating, number>

/**
 * (share) What a shared card opens (petition.publicView): only what the board may show — the approved public
 * summary when published, else a redacted excerpt; 镇街 · 村居 (no address detail); no names, contact data or
 * timeline. A merged case answers with its main case (`mergedFrom` names the one asked for).
 */
export interface PublicCaseView {
  caseId: string
  no: string
  state: CaseState
  categoryName: string
  townshipName: string
  villageName?: string
  /** The approved public summary (published), else a redacted excerpt of the text. */
  summary: string
  /** 'published': the county approved the summary; 'excerpt': a redacted excerpt. */
  summaryKind: 'published' | 'excerpt'
  submittedAt: string
  resolvedAt?: string
  closedAt?: string
  followerCount: number
  /** A signed temp URL of the first checked photo (as in the 附议 suggestions), if any. */
  thumbUrl?: string
  /** The caller follows it / filed it. */
  following: boolean
  own: boolean
  /** The caller may 附议 it now (open, not their own, not yet followed). */
  canFollow: boolean
  /** The case asked for was merged into this one (its 工单号). */
  mergedFrom?: string
  /** 附议群众评价 (after resolution). */
  followerRatings?: FollowerRatings
}

/** (metoo) A suggestion before filing: an open case nearby of the same category (petition.similar). */
export interface SimilarCase {
  caseId: string
  no: string
  state: CaseState
  categoryName: string
  /** The public summary when published, else a redacted excerpt of the text. */
  summary: string
  /** Metres from the given point (absent when matched by 村居). */
  distance?: number
  /** A signed temp URL of the case's first checked photo, if any. */
  thumbUrl?: string
  followerCount: number
  submittedAt: string
  /** The caller already follows it. */
  following: boolean
}

// ---------------------------------------------------------------------------------------------------------
// Publication (公开): a decision, never a side effect. See README "Publication policy".
// ---------------------------------------------------------------------------------------------------------

/**
 * none: no summary yet (not resolved) · draft: a summary, but no consent (the county may still publish it as of
 * public interest) · pending: consent and a summary, waiting for the county's approval · published: on the board ·
 * taken_down: removed by the county (撤下) with a reason.
 */
export const PUBLIC_STATES = ['draft', 'pending', 'published', 'taken_down'] as const
export type PublicState = (typeof PUBLIC_STATES)[number]

export const PUBLIC_STATE_LABELS: Record<PublicState | 'none', string> = {
  none: '未公开',
  draft: '未同意公开',
  pending: '待审核',
  published: '已公开',
  taken_down: '已撤下'
}

/** The publication acts (not buttons of the action bar: the case page shows them in its 公开 section). */
export type PublicationAct = 'set_publication' | 'publish_summary' | 'unpublish'

export interface PublicationView {
  /** The resident agreed to publication (同意公开). */
  consent: boolean
  state: PublicState | 'none'
  /** consent: agreed by the resident; public_interest: published by the county without consent (summary only). */
  basis?: 'consent' | 'public_interest'
  /** The public summary (公开摘要), redacted; staff only. */
  summary?: string
  /** The prefill for the resolve form (the case text, redacted); only to whoever may resolve now. */
  draft?: string
  writtenBy?: string
  publishedAt?: string
  takenDownReason?: string
  /** What the caller may do now. */
  may: Record<PublicationAct, boolean>
}

/** A row of the county's review queue (公开审核). */
export interface PublicationItem {
  caseId: string
  no: string
  categoryName: string
  townshipName: string
  departmentName?: string
  /** The raw text, for the reviewer only. */
  text: string
  /** The summary as the board would show it (redacted again). */
  summary: string
  consent: boolean
  state: PublicState
  basis?: 'consent' | 'public_interest'
  writtenBy?: string
  writtenAt?: string
  publishedAt?: string
  takenDownReason?: string
}

export interface UrgeStatus {
  allowed: boolean
  /** When 催办 opens (or opens again, 24 h after the last one); absent when allowed. */
  opensAt?: string
  /** Why not yet, in Chinese (the rule). */
  reason?: string
}

/**
 * A 督办 order: open until the handler answers (督办回复); past its reply-by time without an answer it is escalated
 * to the county once ('overdue'); 'closed' when the case left the open states before an answer.
 */
export interface SupervisionOrder {
  id: string
  at: string
  byName: string
  byRole: Role
  level: 'township' | 'county'
  note: string
  replyBy: string
  status: 'open' | 'overdue' | 'replied' | 'replied_late' | 'closed'
  reply?: { at: string; byName: string; text: string }
}

export interface Instruction {
  at: string
  byName: string
  text: string
}

/** A row of a supervisor's own 督办 list: the order with its case. */
export interface SupervisionRow {
  case: CaseSummary
  order: SupervisionOrder
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
  | 'callback'
  | 'urge'
  | 'supervise'
  | 'supervise_reply'
  | 'progress'
  | 'instruct'
  // (metoo) 附议 and 合并
  | 'follow'
  | 'unfollow'
  | 'follower_note'
  | 'merge'
  | 'unmerge'
  // (share)
  | 'follower_rate'

export interface BoardItem {
  _id: string
  no: string
  categoryName: string
  townshipName: string
  /** The approved public summary (公开摘要), redacted again when rendered. Never the raw text or replies. */
  summary: string
  /** '张**', or '匿名群众' (hideName, or published by the county without the resident's consent). */
  reporter: string
  departmentName?: string
  submittedAt: string
  resolvedAt: string
  publishedAt: string
  rating?: Rating
  /** (metoo) 附议数. */
  followerCount?: number
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
  /**
   * Where the 满意率's ratings come from: the resident's own rating, a 回访 (callback; it overrides the own
   * rating when both exist), and cases closed unrated. `overrides`: 回访 results that differ from the own rating.
   */
  sources: { own: number; callback: number; unrated: number; overrides: number }
  /** 催办数: urges by residents on the period's cases. */
  urges: number
  /** 督办件数: cases with at least one 督办 order. */
  supervised: number
  /** 督办 orders, those decided (answered, or past their reply-by time) and those answered in time. */
  supervisionOrders: number
  supervisionDecided: number
  supervisionOnTime: number
  /** 督办按时回复率 = supervisionOnTime / supervisionDecided. */
  supervisionReplyRate: number | null
  /** Cases with a 批示. */
  instructed: number
  /** (metoo) 合并件数: cases merged into another (counted here only, not in the volume nor the rates). */
  merged: number
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
  /** Composite score used for the order (see RANKING_SCORE_LABEL and docs/architecture.md). */
  score: number
  rank: number
  overdueNow?: number
  urges?: number
  /** 督办 orders not answered in time. */
  supervisionLate?: number
}

/** What the ranking's number is, shown next to it. */
export const RANKING_SCORE_LABEL = '综合得分 = 三率均值×100 −（当前超时×50 + 催办×10 + 督办未按时回复×30）÷ 受理量'

export interface Summary {
  from: string
  to: string
  townshipId?: string
  total: Metrics
  byDepartment: UnitMetrics[]
  byTownship: UnitMetrics[]
  byCategory: UnitMetrics[]
  trend: TrendPoint[]
  /** Volumes and rates per intake channel (unitId = ChannelType). */
  byChannel?: UnitMetrics[]
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
  /** Revoked by the county office before use: it can no longer be redeemed. */
  revokedAt?: string
}

// ---------------------------------------------------------------------------------------------------------
// 回访 (callbacks), phone access log, account deletion
// ---------------------------------------------------------------------------------------------------------

/** One 回访 (follow-up call) by county staff: reached or not, the resident's rating when reached, a note. */
export interface CallbackRecord {
  at: string
  by: string
  reached: boolean
  rating?: Rating
  note?: string
}

export interface CallbackInput {
  caseId: string
  reached: boolean
  /** Required when reached. */
  rating?: Rating
  note?: string
}

/** A case waiting for 回访: a 代报 case resolved without a reached callback, or one drawn for verification. */
export interface CallbackItem extends CaseSummary {
  reason: 'proxy' | 'sample'
  /** The resident's own rating (verification sample). */
  ownRating?: Rating
  contactName?: string
  /** Masked: the full number is in the case page (and logged when shown). */
  phoneMasked?: string
  attempts: number
}

export interface PhoneAccess {
  _id: string
  at: string
  /** Staff display name and role. */
  by: string
  role: Role
  caseId: string
  caseNo: string
  /** view: an unmasked number in a case page; call: tap-to-call. */
  kind: 'view' | 'call'
}

/** What typing this phrase confirms (注销账号). */
export const DELETE_ACCOUNT_PHRASE = '确认注销'

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
  /** The resident agrees that the case may be shown on the public board (同意公开; default false). */
  publicConsent?: boolean
  /** Filed 在外地: the resident's home village (我的家乡) becomes the place and grid; no map point. */
  fromAfar?: boolean
  /** The policy notice this 政策咨询 is about (有疑问？我要反映). */
  policyId?: string
  /** Where the filing page was opened from (query `src` or the scene), e.g. 'official_account:gh_1234'. */
  source?: string
}

// ---------------------------------------------------------------------------------------------------------
// Channels: how a case came in
// ---------------------------------------------------------------------------------------------------------

export const CHANNELS = ['miniprogram', 'proxy', 'hotline', 'official_account', 'open311'] as const
export type ChannelType = (typeof CHANNELS)[number]
export const CHANNEL_LABEL: Record<ChannelType, string> = {
  miniprogram: '小程序',
  proxy: '代报',
  hotline: '热线',
  official_account: '公众号',
  open311: '开放接口'
}
/** A case's channel: the official account's id (公众号) or the Open311 client's id (开放接口) where it applies. */
export interface CaseChannel {
  type: ChannelType
  accountId?: string
  clientId?: string
}
/** An Open311 API key as the county admin sees it (never the key itself, which is shown once at creation). */
export interface ApiKeyInfo {
  clientId: string
  name: string
  prefix: string
  createdAt: string
  revokedAt?: string
}
/** A source with its volume (管理 → 来源). */
export interface SourceRow {
  source: string
  channel: ChannelType
  count: number
}
/** A case taken by phone by a county dispatcher (热线): the place is picked (镇街 → 村居), never a GPS point. */
export interface HotlineInput {
  categoryId: string
  text: string
  place: { townshipId: string; villageId?: string; address?: string }
  contact: { name: string; phone: string }
  /** The caller agreed on the phone to the collection of their number (PIPL). */
  consent: boolean
  publicConsent?: boolean
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
    /** 注销: erase the contact details of one's cases, unlink them, delete the user. `confirm` = DELETE_ACCOUNT_PHRASE. */
    deleteAccount: { req: { confirm: string }; res: { deleted: true; cases: number } }
    /** Claim the cases filed for one's phone number (热线, 代报): `code` from the getPhoneNumber button. */
    claimByPhone: { req: { code: string }; res: { claimed: CaseSummary[] } }
  }
  petition: {
    catalog: { req: Record<string, never>; res: Catalog }
    submit: { req: SubmitInput; res: { case: CaseDetail } }
    mine: {
      /** q: a 工单号 (exact) or words of the text; states: any of these states (state: one). */
      req: PageQuery & { state?: CaseState; states?: CaseState[]; q?: string }
      res: Page<CaseSummary>
    }
    detail: { req: { caseId: string }; res: CaseDetail }
    supplement: { req: { caseId: string; text: string; photos?: string[] }; res: CaseDetail }
    withdraw: { req: { caseId: string; reason?: string }; res: CaseDetail }
    rate: { req: { caseId: string; rating: Rating; comment?: string }; res: CaseDetail }
    board: { req: PageQuery & { categoryId?: string; townshipId?: string }; res: Page<BoardItem> }
    setPublication: { req: { caseId: string; consent: boolean }; res: CaseDetail }
    urge: { req: { caseId: string; note?: string }; res: CaseDetail }
    /** The place name of a map point (镇街 · 村居 · 网格), so a point is never shown as raw coordinates. */
    locate: { req: { point: LngLat }; res: PlaceName }
    /** (metoo) Up to 5 open cases of the category near the point (150 m), or in the 村居 without a point, of the last 30 days. */
    similar: { req: { categoryId: string; point?: LngLat; villageId?: string; text?: string }; res: { items: SimilarCase[] } }
    /** (metoo) 附议: follow someone else's open case; unfollow. */
    follow: { req: { caseId: string }; res: CaseDetail }
    unfollow: { req: { caseId: string }; res: CaseDetail }
    /** (metoo) A follower's note (and photos), moderated like a supplement. */
    followerNote: { req: { caseId: string; text: string; photos?: string[] }; res: CaseDetail }
    /** (metoo) The cases the caller follows. */
    following: { req: PageQuery; res: Page<CaseSummary> }
    /** (share) The public view a shared card opens (any logged-in user). CASE_NOT_PUBLIC: withdrawn, anonymized, held. */
    publicView: { req: { caseId: string }; res: PublicCaseView }
    /** (share) A follower's own rating of a resolved / closed case (once per follower, may be changed); not in the metrics. */
    followerRate: { req: { caseId: string; rating: Rating }; res: CaseDetail }
  }
  staff: {
    inbox: {
      req: PageQuery & { bucket: 'pending' | 'active' | 'done' | 'overdue' }
      res: Page<CaseSummary> & { counts: Record<'pending' | 'active' | 'done' | 'overdue', number> }
    }
    accept: { req: { caseId: string }; res: CaseDetail }
    return: { req: { caseId: string; reason: string }; res: CaseDetail }
    resolve: { req: { caseId: string; text: string; photos?: string[]; summary?: string }; res: CaseDetail }
    resolveOnSpot: { req: { caseId: string; text: string; photos?: string[]; summary?: string }; res: CaseDetail }
    requestExtension: { req: { caseId: string; workdays: number; reason: string }; res: CaseDetail }
    proxySubmit: {
      req: Omit<SubmitInput, 'contact'> & { contact: { name: string; phone?: string } }
      res: { case: CaseDetail }
    }
    /** Tap-to-call: the unmasked number for a viewer who may see it; logged as a 'call' access. */
    revealPhone: { req: { caseId: string }; res: { phone: string } }
    progress: { req: { caseId: string; text: string; photos?: string[] }; res: CaseDetail }
    superviseReply: { req: { caseId: string; orderId?: string; text: string }; res: CaseDetail }
  }
  admin: {
    /** 热线: a county dispatcher files a case taken by phone. */
    hotlineSubmit: { req: HotlineInput; res: { case: CaseDetail } }
    /** Sources (公众号, 二维码, …) with their volumes over submissions in [from, to] (Beijing days). */
    sources: { req: { from: string; to: string }; res: { rows: SourceRow[] } }
    /** Open311: a key for an API client (county admin); `key` is shown only in this answer. */
    createApiKey: { req: { clientId: string; name: string }; res: { key: string; info: ApiKeyInfo } }
    revokeApiKey: { req: { clientId: string }; res: { revoked: number } }
    apiKeys: { req: Record<string, never>; res: { items: ApiKeyInfo[] } }
    summary: { req: { from: string; to: string; townshipId?: string; granularity?: 'day' | 'week'; minVolume?: number; rankBy?: Dimension }; res: Summary }
    queue: { req: PageQuery & { kind?: 'queued' | 'review' }; res: Page<CaseSummary> }
    overdue: { req: PageQuery; res: Page<CaseSummary> }
    route: { req: { caseId: string; departmentId: string; note?: string }; res: CaseDetail }
    transfer: { req: { caseId: string; departmentId: string; note: string }; res: CaseDetail }
    release: { req: { caseId: string; note?: string }; res: CaseDetail }
    extensions: { req: PageQuery & { state?: Extension['state'] }; res: Page<Extension> }
    decideExtension: { req: { extensionId: string; approve: boolean; note?: string }; res: Extension }
    holidays: { req: { year: number }; res: HolidayYear & { audit: HolidayAudit[] } }
    /** One day, or with `to` every day from `date` to `to` (inclusive, at most 31), all-or-nothing, one audit entry. */
    setHoliday: { req: { date: string; to?: string; kind: 'holiday' | 'workday' | 'normal'; name?: string }; res: HolidayYear }
    confirmYear: { req: { year: number; confirmed: boolean }; res: HolidayYear }
    createInvite: { req: { role: StaffRole; scope: Scope; validDays?: number }; res: Invite }
    invites: { req: PageQuery; res: Page<Invite> }
    revokeInvite: { req: { code: string }; res: Invite }
    departments: { req: Record<string, never>; res: Department[] }
    publications: { req: PageQuery & { state: PublicState }; res: Page<PublicationItem> & { counts: Record<PublicState, number> } }
    publishSummary: { req: { caseId: string; summary?: string; publicInterest?: boolean }; res: CaseDetail }
    unpublish: { req: { caseId: string; reason: string }; res: CaseDetail }
    /** Cases waiting for 回访 (county staff). */
    callbacks: { req: PageQuery & { reason?: 'proxy' | 'sample' }; res: Page<CallbackItem> }
    /** Record a 回访 on a case. */
    callback: { req: CallbackInput; res: CaseDetail }
    /** Draw a random sample (default 10 %) of the resident-rated, closed cases submitted in [from, to] for 回访. */
    sampleCallbacks: { req: { from: string; to: string; percent?: number }; res: { eligible: number; sampled: number } }
    /** The phone access log (county admin). */
    phoneAccess: { req: PageQuery & { caseId?: string }; res: Page<PhoneAccess> }
    supervise: { req: { caseId: string; note: string; replyBy?: string }; res: CaseDetail }
    instruct: { req: { caseId: string; text: string }; res: CaseDetail }
    /** The caller's own 督办 orders with their states. */
    supervisions: { req: PageQuery & { status?: 'open' | 'done' }; res: Page<SupervisionRow> }
    /** Cases with a 批示, tracked until closed. */
    instructed: { req: PageQuery & { open?: boolean }; res: Page<CaseSummary> }
    /** The county leader's read-only stream: new or overdue cases, with search and filters. */
    stream: {
      req: PageQuery & { kind: 'new' | 'overdue'; q?: string; townshipId?: string; categoryId?: string }
      res: Page<CaseSummary>
    }
    /** The township supervisor's desk: their overdue, escalated and 督办 cases. */
    /** (metoo) Mark `caseId` as a duplicate of `intoCaseId` (合并); its resident follows the other case. */
    merge: { req: { caseId: string; intoCaseId: string; note?: string }; res: CaseDetail }
    /** (metoo) Undo a merge within 24 h. */
    unmerge: { req: { caseId: string }; res: CaseDetail }
    superviseDesk: { req: PageQuery & { bucket: 'overdue' | 'escalated' | 'supervised' }; res: Page<CaseSummary> & { counts: Record<'overdue' | 'escalated' | 'supervised', number> } }
    /** (hotspots) 热点 in the caller's scope (a township supervisor: their township), ranked. */
    hotspots: { req: { townshipId?: string; categoryId?: string }; res: HotspotList }
    /** (hotspots) 合并 of a cluster: every case of `caseIds` into `mainCaseId`, in one transaction (all or nothing). */
    mergeCluster: { req: { mainCaseId: string; caseIds: string[]; note?: string }; res: CaseDetail }
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

/** (hotspots) One case of a 热点. */
export interface HotspotCase {
  caseId: string
  no: string
  state: CaseState
  submittedAt: string
  overdue: boolean
  /** It has an open 督办 order. */
  supervised: boolean
}

/**
 * (hotspots) A 热点: ≥ 3 open cases of one category within 300 m of each other (basis 'distance'), or, for cases
 * without a point, in one 村居 (basis 'village'), submitted in the last 30 days. Cases are oldest first.
 */
export interface Hotspot {
  /** Stable while the cluster keeps its oldest case. */
  key: string
  categoryId: string
  categoryName: string
  basis: 'distance' | 'village'
  /** The mean of the points (basis 'distance' only). */
  centre?: LngLat
  /** The farthest case from the centre, in metres (0 for a village). */
  radiusM: number
  count: number
  cases: HotspotCase[]
  townships: Array<{ id: string; name: string }>
  /** 镇街 · 村居 most of its cases share. */
  place: string
  oldestAt: string
  newestAt: string
  overdueCount: number
  /** Some case of it has an open 督办 order. */
  supervisionOpen: boolean
  /** The one-tap 督办 (admin.supervise): the oldest case without an open order, and a note listing the others. */
  supervise?: { caseId: string; no: string; note: string }
}

export interface HotspotList {
  items: Hotspot[]
  /** Cases read (open, last 30 days, in scope). */
  scanned: number
  /** More cases than one read takes: the clusters may miss some. */
  truncated: boolean
  radiusM: number
  windowDays: number
  /** Most cases one 合并 of a cluster takes (the main case included). */
  mergeMax: number
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
  INVITE_REVOKED: '邀请码已被撤销',
  CATEGORY_UNKNOWN: '诉求类别不存在或已停用',
  PLACE_UNKNOWN: '无法确定诉求所在的镇街，请在地图上选点或手动选择镇街',
  DEPARTMENT_UNKNOWN: '部门不存在',
  TOO_MANY_PHOTOS: '最多上传 9 张照片',
  PHOTO_INVALID: '照片无效，请在本页重新上传照片',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  PUBLICATION_NO_CONSENT: '群众未同意公开：仅可作为公共事项公开，请勾选并确认摘要',
  PUBLICATION_NO_SUMMARY: '该诉求还没有公开摘要',
  DAILY_LIMIT: '今日提交次数已达上限，请明天再试',
  DUPLICATE_SUBMIT: '您在 10 分钟内已提交过相同内容的诉求，请勿重复提交',
  CONFIRM_REQUIRED: '请输入“确认注销”以确认注销账号',
  URGE_NOT_YET: '还未到可以催办的时间',
  URGE_TOO_SOON: '每件诉求 24 小时内只能催办一次',
  SUPERVISION_PENDING: '该诉求已有未回复的督办，请等待承办人回复',
  POLICY_NOT_FOUND: '未找到该政策通知',
  POLICY_SELF_REVIEW: '不能审核自己起草的政策通知，请由其他工作人员审核',
  POLICY_AREA_INVALID: '发布范围超出本单位的管辖范围',
  POLICY_TAG_UNKNOWN: '受众标签不存在或已停用',
  POLICY_DATES_INVALID: '失效日期不能早于生效日期',
  POLICY_ATTACHMENT_INVALID: '附件无效，请上传 PDF 或图片（单个不超过 20 MB）',
  HOME_REQUIRED: '请先在“我的”中设置我的家乡',
  HOME_LOCKED: '家乡已设置，如需修改请联系县级管理员',
  OWN_CASE: '这是您自己提交的诉求，无需附议',
  MERGE_INVALID: '不能合并到该诉求：目标诉求须为其他仍在办理中的诉求',
  UNMERGE_EXPIRED: '合并已超过 24 小时，不能撤销',
  CASE_NOT_PUBLIC: '该诉求已撤回或不再公开，无法查看',
  PHONE_CODE_INVALID: '手机号验证失败，请重新授权手机号',
  INTERNAL: '系统繁忙，请稍后再试'
} as const
export type ErrorCode = keyof typeof ERROR_MESSAGES
