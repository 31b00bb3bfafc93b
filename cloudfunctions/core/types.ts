// Database document shapes. Dates are real Date objects in the database (EJSON $date on the wire);
// the API contract (typings/api.ts) turns them into ISO strings.
import type {
  CaseChannel,
  CaseState,
  EventType,
  LngLat,
  PublicState,
  Rating,
  Role,
  Scope,
  Sla,
  StaffRole
} from '../../typings/api'

/** An Open311 API key (collection api_keys): _id = sha256 of the key, which is shown once and never stored. */
export interface ApiKeyDoc {
  _id: string
  clientId: string
  name: string
  /** The key's first characters, to recognise it in lists. */
  prefix: string
  createdBy: string
  createdAt: Date
  revokedAt: Date | null
}

export interface UserDoc {
  /** The WeChat openid. */
  _id: string
  role: Role
  scope: Scope
  name?: string
  /** (policy) 我的家乡, set once by the resident. */
  home?: { townshipId: string; villageId: string; setAt: Date }
  /** (policy) Audience tags the resident chose (AudienceTagDoc ids). */
  tags?: string[]
  /** (policy) Works away from home (外出务工). */
  migrant?: boolean
  /**
   * The filer's daily limits (core/quota.ts), kept on their user doc: the handler reads it with the caller's
   * identity, so the dry run before a case number costs no read; the real check reads it again in the case's
   * transaction.
   */
  quota?: Omit<QuotaDoc, '_id'>
  createdAt: Date
  updatedAt: Date
}

export interface InviteDoc {
  /** The code itself, e.g. 'K7Q2-9XPD'. */
  _id: string
  role: StaffRole
  scope: Scope
  expiresAt: Date
  createdAt: Date
  createdBy: string
  usedBy?: string
  usedAt?: Date
  /** Revoked by the county office before use (admin.revokeInvite). */
  revokedAt?: Date
  revokedBy?: string
}

export interface CategoryDoc {
  _id: string
  name: string
  icon: string
  sla: Sla
  order: number
  active: boolean
}

export interface DepartmentDoc {
  _id: string
  name: string
  /** (added) A county bureau (default), or a township / village unit (dispatch to any level). */
  kind?: 'bureau' | 'township' | 'village'
  townshipId?: string
  villageId?: string
}

export interface TownshipDoc {
  _id: string
  name: string
  kind: 'town' | 'street' | 'township'
  center: LngLat
}

export interface VillageDoc {
  _id: string
  name: string
  townshipId: string
  kind: 'village' | 'community'
}

export interface GridDoc {
  _id: string
  name: string
  villageId: string
  townshipId: string
  /** GeoJSON Polygon coordinates [ring][point][lng, lat]. */
  polygon: number[][][]
}

/** A category → department rule; a rule with a townshipId overrides the county-wide one there. */
export interface RoutingRuleDoc {
  _id: string
  categoryId: string
  departmentId: string
  townshipId?: string
}

/** One day that differs from the Monday–Friday rule. _id = 'YYYY-MM-DD'. */
export interface HolidayDoc {
  _id: string
  year: number
  kind: 'holiday' | 'workday'
  name: string
}

/** _id = 'YYYY'. A year without a confirmed schedule makes its deadlines provisional. */
export interface HolidayYearDoc {
  _id: string
  year: number
  confirmed: boolean
  audit: Array<{ at: Date; by: string; change: string }>
}

export interface CaseFlags {
  acceptWarned: boolean
  acceptOverdue: boolean
  finishWarned: boolean
  finishOverdue: boolean
}

export interface CaseDoc {
  _id: string
  /** Human-readable number, e.g. 'WS202611270001'. */
  no: string
  state: CaseState
  /** The resident who filed (null for a case filed on behalf of someone without WeChat). */
  residentOpenid: string | null
  /** The grid member or building leader who filed it on someone's behalf (代报). */
  filedBy: string | null
  categoryId: string
  text: string
  photos: string[]
  point?: LngLat
  townshipId: string
  villageId?: string
  gridId?: string
  /** (added) A village picked without a map point whose village has several grids: all of them, as a group. */
  gridGroup?: string[]
  address?: string
  contact: { name?: string; phone?: string; consentAt?: Date }
  hideName: boolean
  /** Content security result of the text; 'held' cases wait in state review. */
  moderation: { status: 'pass' | 'held'; label?: string }

  departmentId: string | null
  handlerOpenid: string | null
  handlerName?: string
  /** The SLA in force for this case, copied from its category at submission. */
  sla: Sla

  submittedAt: Date
  dispatchedAt?: Date
  /** First acceptance (for the response rate). */
  firstAcceptedAt?: Date
  firstAcceptOnTime?: boolean
  acceptedAt?: Date
  /** First resolution (for the on-time rate). */
  firstResolvedAt?: Date
  firstResolveOnTime?: boolean
  resolvedAt?: Date
  closedAt?: Date

  acceptBy?: Date
  finishBy: Date
  /** finishBy falls in a year whose holiday schedule is not confirmed. */
  provisional: boolean
  /**
   * (added by core) What finishBy is computed from: the Beijing day the finish clock started (submission or
   * reopen day) and the working days granted (SLA + approved extensions). Lets a provisional deadline be
   * recomputed exactly when its year's schedule is confirmed.
   */
  finishBasis?: { day: string; workdays: number }
  /** (added by core) The pending extension request, if any (at most one at a time). */
  pendingExtensionId?: string | null

  flags: CaseFlags
  /** 0 none, 1 escalated to the township supervisor, 2 escalated to the county. */
  escalation: 0 | 1 | 2
  /** Currently past an open deadline (for the live "overdue now" count). */
  overdue: boolean
  /** The next instant at which the deadline timer must look at this case; null when none. Indexed. */
  alarmAt: Date | null

  reopenCount: number
  returnCount: number
  rating?: { value: Rating; comment?: string; at: Date }
  /** Closed after 7 days without a rating. */
  unrated: boolean

  /** (added by trust) Openids of the staff who ever acted on the case (filed, handled, routed, supervised…): they never rate it. */
  involved?: string[]
  /** (added by trust) 回访 results, latest last; the latest reached one with a rating overrides `rating` in the metrics. */
  callbacks?: CallbackEntry[]
  /** (added by trust) Drawn for a verification 回访 and not reached yet. Indexed with submittedAt. */
  callbackDue?: boolean
  /** (added by trust) Solved on the spot by a grid member (the last resolution): credited to the grid. */
  onSpot?: { gridId?: string; byOpenid: string; by: string }
  /** (added by trust) Contact details erased (account deletion or retention). */
  anonymizedAt?: Date
  /** (added by trust) Asynchronous media checks of the resident's photos (mediaCheckAsync trace ids). */
  mediaChecks?: Array<{ traceId: string; fileId: string; status: 'pending' | 'pass' | 'flagged' }>

  replies: Array<{ at: Date; by: string; departmentName?: string; text: string; photos: string[] }>
  supplements: Array<{ at: Date; text: string; photos: string[] }>

  /** (added by core) 催办 by the resident: how many, and the last one (once per 24 h). */
  urgeCount?: number
  lastUrgedAt?: Date
  /** (added by core) 督办 orders, oldest first (a handful per case at most: one may be open at a time). */
  supervisions?: SupervisionDoc[]
  /** (added by core) True while a 督办 order waits for its answer (indexed with townshipId for the desk). */
  supervisionOpen?: boolean
  /** (added by core) 批示 of county leaders; `instructed` is indexed for the 批示 list. */
  instructions?: Array<{ at: Date; byOpenid: string; byName: string; text: string }>
  instructed?: boolean
  /** (added by core) The Beijing day the resident was last told of 办理进展 (at most once a day). */
  progressNotifiedDay?: string
  /** (policy) Filed 在外地: the place is the resident's home village, without a map point. */
  fromAfar?: boolean
  /** (policy) Filed by a resident who says they work away from home (外出务工). */
  migrant?: boolean
  /** (policy) The policy notice a 政策咨询 is about. */
  policy?: { id: string; title: string }

  /** (metoo) 附议: openids of the residents who follow the case (never its own resident); indexed for 我的附议. */
  followers?: string[]
  /** (metoo) Their names as known (joined to the redaction's known names). */
  followerNames?: string[]
  /** (metoo) 附议数 (= followers.length), shown on the case, the staff page and the board. */
  followerCount?: number
  /** (metoo) Followers' notes (moderated like supplements). */
  followerNotes?: Array<{ at: Date; text: string; photos: string[] }>
  /** (share) 附议群众评价: followers' own ratings, one per follower (the latest); never counted in the metrics. */
  followerRatings?: Array<{ openid: string; value: Rating; at: Date }>
  /** (metoo) The precision-6 geohash cell of `point` (core/geo.ts); indexed with categoryId for petition.similar. */
  geo6?: string
  /** (share) The precision-7 geohash cell of `point`; indexed with categoryId (similar_geo7) for petition.similar. */
  geo7?: string
  /** (metoo) State merged: the case it was merged into, when and by whom, and the state to restore on unmerge. */
  merge?: { intoId: string; intoNo: string; at: Date; byOpenid: string; from: CaseState; /** Openids that became followers of the other case by this merge (removed again on unmerge). */ added: string[] }

  /** Optimistic version, +1 on every write. */
  version: number
  updatedAt: Date

  /** (publication) The resident agreed to publication (同意公开); changeable until the case closes. */
  publicConsent?: boolean
  /** How the case came in (absent on cases older than channels: 代报 when filedBy, else 小程序; see core/channels.ts). */
  channel?: CaseChannel
  /** Where the filing page was opened from (e.g. 'official_account:gh_1234'), when it said. */
  source?: string
  /** When the resident claimed the case by proving its phone number (热线, 代报). */
  claimedAt?: Date
  /** (publication) The public summary (公开摘要) and its review; see core/publication.ts. */
  publication?: PublicationDoc
  /** (publication) Derived from the two above by publicStateOf; indexed with publicAt (board, review queue). */
  publicState?: PublicState | null
  /** (publication) When the case entered its current publicState (the board's order: when it was published). */
  publicAt?: Date | null
}

/** The public summary of a case: written (redacted) at resolution, approved or taken down by the county. */
export interface PublicationDoc {
  summary: string
  writtenBy: string
  writtenAt: Date
  basis?: 'consent' | 'public_interest'
  approvedBy?: string
  approvedAt?: Date
  takenDownBy?: string
  takenDownAt?: Date
  takenDownReason?: string
}

export interface CallbackEntry {
  at: Date
  by: string
  byOpenid: string
  reached: boolean
  rating?: Rating
  note?: string
}

/** Every time staff receive an unmasked phone number (PIPL): who, when, which case, how. */
export interface PhoneAccessDoc {
  _id: string
  at: Date
  openid: string
  name: string
  role: Role
  caseId: string
  caseNo: string
  kind: 'view' | 'call'
}

/** Per-filer abuse limits: today's counts (Beijing day) and the recent submissions' text hashes. _id = openid. */
export interface QuotaDoc {
  _id: string
  day: string
  submits: number
  supplements: number
  recent: Array<{ hash: string; at: Date; caseId: string; no: string }>
  updatedAt: Date
}

/**
 * A 督办 order on a case. Open until answered (reply); at replyBy without an answer the timer escalates it to the
 * county once (escalatedAt); closedAt when the case left the open states without an answer.
 */
export interface SupervisionDoc {
  id: string
  at: Date
  byOpenid: string
  byName: string
  byRole: Role
  level: 'township' | 'county'
  note: string
  replyBy: Date
  reply?: { at: Date; byOpenid: string; byName: string; text: string }
  escalatedAt?: Date
  closedAt?: Date
}

export interface EventDoc {
  _id: string
  caseId: string
  type: EventType
  at: Date
  actorOpenid: string | null
  actorRole: Role | 'system'
  actorName: string
  from?: CaseState
  to?: CaseState
  note?: string
  photos?: string[]
}

export interface ExtensionDoc {
  _id: string
  caseId: string
  caseNo: string
  departmentId: string | null
  requestedAt: Date
  requestedBy: string
  requestedByName: string
  workdays: number
  reason: string
  state: 'pending' | 'approved' | 'refused'
  decidedAt?: Date
  decidedBy?: string
  decisionNote?: string
}

/** Counters kept per unit in a rollup; see core/rollups.ts for their definitions. */
export interface Counters {
  volume: number
  acceptDecided: number
  acceptedOnTime: number
  finishDecided: number
  finishedOnTime: number
  satisfied: number
  basic: number
  unsatisfied: number
  unrated: number
  returned: number
  reopened: number
  resolved: number
  /** (added by trust) Effective rating from the resident's own rating / from a 回访; 回访 results that differ from the own rating. */
  ratedOwn: number
  ratedCallback: number
  callbackOverrides: number
  /** 催办 on the case (a count, not 0/1). */
  urges: number
  /** 1 when the case has a 督办 order (督办件数). */
  supervised: number
  /** 督办 orders; decided = answered, past reply-by, or closed with the case; onTime = answered (or finished) by reply-by. */
  supervisionOrders: number
  supervisionDecided: number
  supervisionOnTime: number
  /** 1 when the case has a 批示. */
  instructed: number
  /** (metoo) 1 when the case was merged into another (已合并); such a case contributes nothing else. */
  merged: number
}

/**
 * One rollup document per (granularity, period, scope):
 *   _id = `${gran}|${period}|${scope}`, gran 'd' (period YYYY-MM-DD) or 'm' (YYYY-MM),
 *   scope 'county' or `t:${townshipId}` (the township's own view).
 * `units` maps `${dimension}:${unitId}` (dimension all|department|township|category) to counters.
 * (Nested township units under `townships.<townshipId>`, written for a while in county docs, are still read:
 * core/rollups.ts rollupIds.)
 */
export interface RollupDoc {
  _id: string
  gran: 'd' | 'm'
  period: string
  scope: string
  /** Only the non-zero counters of each unit (core/rollups.ts applyDelta). */
  units: Record<string, Partial<Counters>>
  /** (county docs) each township's units. */
  townships?: Record<string, Record<string, Partial<Counters>>>
  updatedAt: Date
}

/** The fields a subscribe message can carry. A template uses the ones its TPL_FIELDS entry names. */
export interface NotificationFields {
  no?: string
  category?: string
  /** Short phrase (WeChat phrase fields take 5 characters). */
  status?: string
  /** Short phrase: what the message is about, e.g. 受理预警. */
  kind?: string
  time?: string
  deadline?: string
  place?: string
  remark?: string
  /** (policy) A notice's title and issuing unit. */
  title?: string
  unit?: string
}

export interface NotificationDraft {
  /** Recipient openid, for a message to one person (usually the resident). */
  touser?: string
  /** (links) Who `touser` is, for the page the message opens (core/links.ts); by default its template decides. */
  recipient?: 'resident' | 'staff'
  /** Or every staff member with this role whose scope covers the case (resolved by the handler). */
  audience?: { role: StaffRole; scope: Scope }
  /** Template key from configuration (e.g. 'case_status'), not a template id. */
  template: 'case_status' | 'staff_new_case' | 'staff_warning' | 'policy_notice'
  /** 'top' for a county leader's 批示: sent before the round's other messages. */
  priority?: 'top'
  caseId: string
  /** Values, already in Chinese; TPL_FIELDS (cloudbaserc.json) maps each name to the template's own key. */
  fields: NotificationFields
}

// ---------------------------------------------------------------------------------------------------------
// Policy notices (惠民政策): see core/policy.ts
// ---------------------------------------------------------------------------------------------------------

/** An audience tag (reference data edited by the county). */
export interface AudienceTagDoc {
  _id: string
  name: string
  order: number
  active: boolean
}

/** Read counters kept on a notice: unique readers, by the reader's home township and by their tags. */
export interface PolicyReads {
  total: number
  byTownship: Record<string, number>
  byTag: Record<string, number>
}

export interface PolicyDoc {
  _id: string
  title: string
  /** Sanitized HTML. */
  body: string
  /** Lower-cased plain text of title + body, for the full-text search (db.RegExp). */
  searchText: string
  excerpt: string
  attachments: Array<{ fileID: string; name: string; kind: 'pdf' | 'image'; size: number }>
  issuer: { kind: 'county' | 'township' | 'department'; id?: string; name: string }
  /** 'county' | 't:<townshipId>' | 'd:<departmentId>' (indexed: a unit's own notices). */
  issuerKey: string
  tags: string[]
  area: { kind: 'county' | 'townships' | 'villages'; ids: string[] }
  /** Stored status; 'expired' is derived from expiresAt (policyStatus). */
  status: 'draft' | 'review' | 'published'
  effectiveAt?: Date
  /** End (23:59:59.999 Beijing) of the expiry day; absent: no expiry. */
  expiresAt?: Date
  publishedAt?: Date
  authorOpenid: string
  authorName: string
  reviewerOpenid?: string
  reviewerName?: string
  reviewNote?: string
  reads: PolicyReads
  version: number
  createdAt: Date
  updatedAt: Date
}

/** One reader of one notice: _id = `${policyId}|${openid}` (unique readers). */
export interface PolicyReadDoc {
  _id: string
  policyId: string
  openid: string
  townshipId: string
  tags: string[]
  at: Date
}

/** A resident's policy subscription: _id = openid. */
export interface PolicySubscriptionDoc {
  _id: string
  active: boolean
  tags: string[]
  townshipId?: string
  villageId?: string
  /** One-time subscribe authorizations not used yet. */
  credits: number
  /** The last notice delivered (or the instant of subscribing): notices published after it are pending. */
  cursor: { at: Date; id: string }
  createdAt: Date
  updatedAt: Date
}
