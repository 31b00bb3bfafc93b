// admin: the 管理 tab of the county office (and of a township supervisor, limited to their township) —
// summaries, the dispatch queue, overdue cases, routing / transfer / release, extensions, the holiday
// calendar, invite codes.
import { randomInt } from 'node:crypto'
import { addDays, DomainError, MAX_HOLIDAY_RANGE, maskPhone, mayUseTile, planSummaryReads, recomputeProvisional, startOfDay, summarize, toExtension, TREND_COUNTERS, toPublicationItem, toSummary, toSupervisionOrder } from '../core'
import type { Command } from '../core'
import type { AdminTile, CallbackItem, CaseSummary, Dimension, HolidayAudit, HolidayYear, Invite, PhoneAccess, PublicState, Summary, SupervisionRow } from '../../typings/api'
import { PUBLIC_STATES, ROLE_LABELS } from '../../typings/api'
import type { CaseDoc, ExtensionDoc, HolidayDoc, HolidayYearDoc, InviteDoc, PhoneAccessDoc, RollupDoc, UserDoc } from '../core/types'
import { db } from '../shared/app'
import { loadCase, runCommand, sourceVolumes, submitCase } from '../shared/cases'
import { createApiKey, listApiKeys, revokeApiKey } from '../shared/apikeys'
import { count, getByIds, getDoc, NO_TIMELINE, paged, readAll } from '../shared/db'
import { callerOpenid, defineFunction, requireRole, type Ctx } from '../shared/handler'
import { getRefs, invalidateRefs, useNameTagger } from '../shared/refs'
import { requireCleanText } from '../shared/security'
import { lazyJiebaTagger } from '../shared/tagger'
import { runMerge, runUnmerge } from '../shared/metoo'
import { flushRollups } from '../shared/rollups'
import { hotspotsIn, runMergeCluster } from '../shared/hotspots'
import { ADMIN_ROLES, COUNTY_ROLES, scopeLabel, validScope } from '../shared/scope'
import { applyTransition, newId, txDelete, txGet, txSet, withTransaction } from '../shared/tx'

/** Throws FORBIDDEN unless the caller's role has this 管理 tile (core/grants.ts TILE_ROLES). */
function requireTile(ctx: Ctx, tile: AdminTile): void {
  if (!mayUseTile(ctx.actor.role, tile)) throw new DomainError('FORBIDDEN')
}

/** Regex-safe search text. */
function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const iso = (d: Date | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString())

/** The township an admin action is limited to: a supervisor's own; county roles may pick one (or none). */
function townshipOf(ctx: Ctx, requested?: string): string | undefined {
  requireRole(ctx, ADMIN_ROLES)
  if (ctx.actor.role === 'township_supervisor') {
    if (!ctx.actor.scope.townshipId) throw new DomainError('FORBIDDEN')
    if (requested && requested !== ctx.actor.scope.townshipId) throw new DomainError('FORBIDDEN')
    return ctx.actor.scope.townshipId
  }
  return requested
}


async function holidayYear(year: number): Promise<HolidayYear & { audit: HolidayAudit[] }> {
  const [days, meta] = await Promise.all([
    readAll<HolidayDoc>('holidays', { year }),
    getDoc<HolidayYearDoc>('holiday_years', String(year))
  ])
  return {
    year,
    confirmed: !!meta?.confirmed,
    days: days
      .map((d) => ({ date: d._id, kind: d.kind, name: d.name }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    audit: (meta?.audit ?? []).map((a) => ({ at: iso(a.at)!, by: a.by, change: a.change }))
  }
}

/** Every day key from `from` to `to` inclusive (the schema bounds the range). */
function dayRange(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = from; d <= to && out.length < MAX_HOLIDAY_RANGE; d = addDays(d, 1)) out.push(d)
  return out
}

const KIND_LABEL = { holiday: '休息日', workday: '调休上班', normal: '按周一至周五' } as const

/** Append an audit entry (and set `confirmed` when given) on the year doc, inside `tx`. */
async function auditYear(tx: Parameters<typeof txGet>[0], year: number, by: string, change: string, now: Date, confirmed?: boolean) {
  const meta = await txGet<HolidayYearDoc>(tx, 'holiday_years', String(year))
  const doc: HolidayYearDoc = {
    _id: String(year),
    year,
    confirmed: confirmed ?? !!meta?.confirmed,
    audit: [...(meta?.audit ?? []), { at: now, by, change }]
  }
  await txSet(tx, 'holiday_years', doc)
}

/** Recompute the finish deadline of open provisional cases (after a year got confirmed). */
async function recomputeOpenProvisional(now: Date): Promise<number> {
  const refs = await getRefs()
  const _ = db().command
  let changed = 0
  let after = ''
  for (let round = 0; round < 10_000; round++) {
    const where: Record<string, unknown> = { provisional: true }
    if (after) where._id = _.gt(after)
    const res = await db().collection('cases').where(where).orderBy('_id', 'asc').limit(100).field({ _id: true }).get()
    const ids = ((res.data ?? []) as Array<{ _id: string }>).map((d) => d._id)
    if (ids.length === 0) break
    after = ids[ids.length - 1]!
    for (const id of ids) {
      const applied = await applyTransition(
        id,
        (c) => {
          const next = recomputeProvisional(c, refs.calendar, now)
          if (!next) return null
          return { next: next.version === c.version ? { ...next, version: c.version + 1, updatedAt: now } : next, events: [], notifications: [] }
        },
        now
      )
      if (applied) changed++
    }
    if (ids.length < 100) break
  }
  return changed
}

/** Due cases a summary flushes at most before it reads (the timer takes the rest: a backlog cannot time a summary out). */
const SUMMARY_FLUSH_MAX = 1000

/** Day rollups of the scope over the range, for the trend: only the trend's 'all:all' counters (range index gran+scope+period). */
async function readTrendDocs(scope: string, from: string, to: string): Promise<RollupDoc[]> {
  const counters = Object.fromEntries(TREND_COUNTERS.map((k) => [`units.all:all.${k}`, true]))
  const _ = db().command
  const out: RollupDoc[] = []
  let after = ''
  for (let round = 0; round < 10; round++) {
    const res = await db()
      .collection('rollups')
      .where({ gran: 'd', scope, period: after ? _.gt(after).and(_.lte(to)) : _.gte(from).and(_.lte(to)) })
      .orderBy('period', 'asc')
      .field({ gran: true, scope: true, period: true, ...counters })
      .limit(1000)
      .get()
    const list = (res.data ?? []) as RollupDoc[]
    out.push(...list)
    if (list.length < 1000) break
    after = list[list.length - 1]!.period
  }
  return out
}

function inviteView(i: InviteDoc, refs: Awaited<ReturnType<typeof getRefs>>, usedByName?: string): Invite {
  const out: Invite = {
    code: i._id,
    role: i.role,
    scope: i.scope,
    scopeLabel: scopeLabel(i.scope, refs) ?? '全县',
    expiresAt: iso(i.expiresAt)!,
    createdAt: iso(i.createdAt)!
  }
  if (i.usedAt) out.usedAt = iso(i.usedAt)
  if (usedByName) out.usedByName = usedByName
  if (i.revokedAt) out.revokedAt = iso(i.revokedAt)
  return out
}

/** A typed code: upper case, a dash after the 4th of 8 characters (as user.redeemInvite reads it). */
function normaliseInviteCode(code: string): string {
  const raw = code.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return raw.length === 8 ? `${raw.slice(0, 4)}-${raw.slice(4)}` : code.trim().toUpperCase()
}

/** At most this many cases are drawn in one sampling call (each is one transition). */
export const MAX_SAMPLE = 500

/** The resident-rated, closed cases submitted in [from, to] that no 回访 has verified yet (state index + range). */
async function sampleFrame(from: string, to: string): Promise<string[]> {
  const _ = db().command
  const out: string[] = []
  const where = {
    state: 'closed',
    submittedAt: _.gte(startOfDay(from)).and(_.lt(startOfDay(addDays(to, 1)))),
    residentOpenid: _.neq(null),
    'rating.value': _.in(['satisfied', 'basic', 'unsatisfied'])
  }
  for (let skip = 0; skip < 100_000; skip += 1000) {
    const res = await db().collection('cases').where(where).orderBy('submittedAt', 'asc').skip(skip).limit(1000).field({ _id: true, callbackDue: true, callbacks: true }).get()
    const list = (res.data ?? []) as Array<Pick<CaseDoc, '_id' | 'callbackDue' | 'callbacks'>>
    for (const c of list) if (!c.callbackDue && !(c.callbacks ?? []).some((cb) => cb.reached)) out.push(c._id)
    if (list.length < 1000) break
  }
  return out
}

/** k of the ids, drawn uniformly (partial Fisher–Yates with a cryptographic generator). */
function drawSample(ids: string[], k: number): string[] {
  const a = [...ids]
  const n = Math.min(k, a.length)
  for (let i = 0; i < n; i++) {
    const j = i + randomInt(a.length - i)
    ;[a[i], a[j]] = [a[j]!, a[i]!]
  }
  return a.slice(0, n)
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

function newInviteCode(): string {
  let s = ''
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return `${s.slice(0, 4)}-${s.slice(4)}`
}

useNameTagger(lazyJiebaTagger)

export const main = defineFunction('admin', {
  async hotlineSubmit(data, ctx) {
    // Who may take hotline calls is the core's decision (grants.ts mayTakeHotline); the place is picked, no GPS.
    const input = { ...data, photos: [], hideName: false }
    return { case: await submitCase(input, ctx.actor, ctx.user, ctx.now, true, { channel: { type: 'hotline' } }) }
  },

  async createApiKey(data, ctx) {
    requireTile(ctx, 'api_keys')
    return await createApiKey(data.clientId, data.name, callerOpenid(ctx), ctx.now)
  },

  async revokeApiKey(data, ctx) {
    requireTile(ctx, 'api_keys')
    return { revoked: await revokeApiKey(data.clientId, ctx.now) }
  },

  async apiKeys(_data, ctx) {
    requireTile(ctx, 'api_keys')
    return { items: await listApiKeys() }
  },

  async sources(data, ctx) {
    requireTile(ctx, 'summary')
    // As the summary: the county leader reads the county; a township supervisor their township.
    return { rows: await sourceVolumes(data.from, data.to, ADMIN_ROLES.includes(ctx.actor.role) ? townshipOf(ctx) : undefined) }
  },

  async summary(data, ctx) {
    // The county leader reads the county's summary (read-only); everyone else as before.
    const townshipId = mayUseTile(ctx.actor.role, 'summary') && !ADMIN_ROLES.includes(ctx.actor.role) ? data.townshipId : townshipOf(ctx, data.townshipId)
    const refs = await getRefs()
    const scope = townshipId ? `t:${townshipId}` : 'county'
    const plan = planSummaryReads(data.from, data.to)
    const granularity = data.granularity ?? 'day'
    // Rollups are written behind the transitions: first count every committed change (shared/rollups.ts).
    await flushRollups(ctx.now, SUMMARY_FLUSH_MAX).catch((e) => console.error('[admin] rollup flush failed, figures may lag a minute:', (e as Error)?.message ?? e))
    // The month rollups of the whole months in range, and the day rollups of the days at its edges.
    const monthIds = new Set(plan.months.map((m) => `m|${m}|${scope}`))
    const dayIds = new Set(plan.days.map((d) => `d|${d}|${scope}`))
    const rollupReads = getByIds<RollupDoc>('rollups', [...monthIds, ...dayIds], { gran: true, period: true, scope: true, updatedAt: true, units: true })
    const _ = db().command
    const overdueWhere: Record<string, unknown> = townshipId ? { overdue: true, townshipId } : { overdue: true }
    const [docs, trendDocs, overdueGroups, overdueList] = await Promise.all([
      rollupReads,
      readTrendDocs(scope, data.from, data.to),
      // Overdue cases now, counted per (department, township, category) in one pass.
      db()
        .collection('cases')
        .aggregate()
        .match(overdueWhere)
        .group({ _id: { d: '$departmentId', t: '$townshipId', c: '$categoryId', ch: '$channel.type', f: '$filedBy' }, n: _.aggregate.sum(1) })
        .end()
        .then((res) => ((res as { data?: Array<{ _id: { d?: string | null; t?: string | null; c?: string | null; ch?: string | null; f?: string | null }; n: number }> }).data ?? [])),
      db().collection('cases').where(overdueWhere).field(NO_TIMELINE).orderBy('submittedAt', 'asc').limit(20).get()
    ])
    const monthDocs = docs.filter((d) => monthIds.has(d._id))
    const dayDocs = docs.filter((d) => dayIds.has(d._id))
    const byUnit = new Map<string, number>()
    let total = 0
    for (const row of overdueGroups) {
      total += row.n
      // Cases older than channels count as 代报 when someone filed them, else 小程序 (core/channels.ts channelOf).
      const ch = row._id.ch ?? (row._id.f ? 'proxy' : 'miniprogram')
      for (const [dim, id] of [['department', row._id.d], ['township', row._id.t], ['category', row._id.c], ['channel', ch]] as const) {
        if (id) byUnit.set(`${dim}:${id}`, (byUnit.get(`${dim}:${id}`) ?? 0) + row.n)
      }
    }
    const names = {
      // On-the-spot fixes are credited to the grid (core/rollups.ts creditedUnit): 'grid:<id>' in this dimension.
      department: new Map([...[...refs.departments.values()].map((d) => [d._id, d.name] as const), ...refs.grids.map((g) => [`grid:${g._id}`, `网格·${g.name}`] as const)]),
      township: new Map([...refs.townships.values()].map((d) => [d._id, d.name])),
      category: new Map([...refs.categories.values()].map((d) => [d._id, d.name]))
    }
    const base = summarize({
      from: data.from,
      to: data.to,
      ...(townshipId ? { townshipId } : {}),
      granularity,
      minVolume: data.minVolume ?? 5,
      rankBy: (data.rankBy ?? 'department') as Dimension,
      monthDocs,
      dayDocs,
      trendDocs,
      names,
      overdueNow: { total, byUnit }
    })
    const summary: Summary = { ...base, overdue: ((overdueList.data ?? []) as CaseDoc[]).map((c) => toSummary(c, refs)) }
    return summary
  },

  async queue(data, ctx) {
    const townshipId = townshipOf(ctx)
    const where: Record<string, unknown> = { state: data.kind ?? 'queued' }
    if (townshipId) where.townshipId = townshipId
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', where, [['submittedAt', 'asc']], data)
    return { ...page, items: page.items.map((c) => toSummary(c, refs)) }
  },

  async overdue(data, ctx) {
    const townshipId = townshipOf(ctx)
    const where: Record<string, unknown> = townshipId ? { overdue: true, townshipId } : { overdue: true }
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', where, [['submittedAt', 'asc']], data)
    return { ...page, items: page.items.map((c) => toSummary(c, refs)) }
  },

  async route(data, ctx) {
    const cmd = data.note
      ? { type: 'route' as const, departmentId: data.departmentId, note: data.note }
      : { type: 'route' as const, departmentId: data.departmentId }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd)).detail
  },

  async transfer(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'transfer', departmentId: data.departmentId, note: data.note })).detail
  },

  async release(data, ctx) {
    const cmd = data.note ? { type: 'release' as const, note: data.note } : { type: 'release' as const }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd)).detail
  },

  async extensions(data, ctx) {
    requireRole(ctx, COUNTY_ROLES)
    const where: Record<string, unknown> = { state: data.state ?? 'pending' }
    const page = await paged<ExtensionDoc>('extensions', where, [['requestedAt', 'desc']], data)
    const refs = await getRefs()
    const cases = new Map(
      (await getByIds<CaseDoc>('cases', page.items.filter((e) => e.state === 'pending').map((e) => e.caseId))).map((c) => [c._id, c])
    )
    return { ...page, items: page.items.map((e) => toExtension(e, refs, cases.get(e.caseId))) }
  },

  async decideExtension(data, ctx) {
    const found = await getDoc<ExtensionDoc>('extensions', data.extensionId)
    if (!found) throw new DomainError('NOT_FOUND')
    await loadCase(found.caseId)
    const { applied } = await runCommand(found.caseId, ctx.actor, ctx.now, async (_c, tx) => {
      const extension = await txGet<ExtensionDoc>(tx, 'extensions', data.extensionId)
      if (!extension) throw new DomainError('NOT_FOUND')
      return data.note
        ? { type: 'decide_extension', extension, approve: data.approve, note: data.note }
        : { type: 'decide_extension', extension, approve: data.approve }
    })
    const decided = applied.result.extension ?? (await getDoc<ExtensionDoc>('extensions', data.extensionId))
    if (!decided) throw new DomainError('NOT_FOUND')
    return toExtension(decided, await getRefs())
  },

  async holidays(data, ctx) {
    requireRole(ctx, ADMIN_ROLES)
    return await holidayYear(data.year)
  },

  async setHoliday(data, ctx) {
    requireTile(ctx, 'calendar_edit')
    const days = dayRange(data.date, data.to ?? data.date)
    const years = [...new Set(days.map((d) => Number(d.slice(0, 4))))]
    const name = data.name?.trim()
    // Every day in one transaction (all-or-nothing); one audit entry per year the range touches.
    await withTransaction(async (tx) => {
      const before = new Map<string, string>()
      for (const date of days) {
        const existing = await txGet<HolidayDoc>(tx, 'holidays', date)
        before.set(date, existing ? `${KIND_LABEL[existing.kind]}（${existing.name}）` : KIND_LABEL.normal)
        if (data.kind === 'normal') {
          if (existing) await txDelete(tx, 'holidays', date)
        } else {
          const dayName = name || existing?.name || (data.kind === 'holiday' ? '节假日' : '调休上班')
          await txSet(tx, 'holidays', { _id: date, year: Number(date.slice(0, 4)), kind: data.kind, name: dayName })
        }
      }
      const after = (date: string) =>
        data.kind === 'normal' ? KIND_LABEL.normal : `${KIND_LABEL[data.kind]}（${name || before.get(date)!.match(/（(.*)）/)?.[1] || (data.kind === 'holiday' ? '节假日' : '调休上班')}）`
      for (const year of years) {
        const inYear = days.filter((d) => Number(d.slice(0, 4)) === year)
        const first = inYear[0]!
        const last = inYear[inYear.length - 1]!
        const change =
          days.length === 1 ? `${first}：${before.get(first)} → ${after(first)}` : `${first} 至 ${last}（${inYear.length} 天）→ ${after(first)}`
        await auditYear(tx, year, ctx.actor.name, change, ctx.now)
      }
    })
    invalidateRefs()
    const { audit, ...y } = await holidayYear(years[0]!)
    void audit
    return y
  },

  async confirmYear(data, ctx) {
    requireTile(ctx, 'calendar_edit')
    await withTransaction(async (tx) => {
      const change = data.confirmed ? `确认 ${data.year} 年节假日安排` : `撤销确认 ${data.year} 年节假日安排`
      await auditYear(tx, data.year, ctx.actor.name, change, ctx.now, data.confirmed)
    })
    invalidateRefs()
    if (data.confirmed) await recomputeOpenProvisional(ctx.now)
    const { audit, ...y } = await holidayYear(data.year)
    void audit
    return y
  },

  async createInvite(data, ctx) {
    requireRole(ctx, ['county_admin'])
    const createdBy = callerOpenid(ctx)
    const refs = await getRefs()
    const scope = validScope(data.role, data.scope, refs)
    const validDays = data.validDays ?? 7
    const expiresAt = new Date(ctx.now.getTime() + validDays * 86_400_000)
    const invite = await withTransaction(async (tx) => {
      for (let i = 0; i < 5; i++) {
        const code = newInviteCode()
        if (await txGet<InviteDoc>(tx, 'invites', code)) continue
        const doc: InviteDoc = { _id: code, role: data.role, scope, expiresAt, createdAt: ctx.now, createdBy }
        await txSet(tx, 'invites', doc)
        return doc
      }
      throw new DomainError('INTERNAL')
    })
    const out: Invite = {
      code: invite._id,
      role: invite.role,
      scope: invite.scope,
      scopeLabel: scopeLabel(invite.scope, refs) ?? '全县',
      expiresAt: invite.expiresAt.toISOString(),
      createdAt: invite.createdAt.toISOString()
    }
    return out
  },

  async invites(data, ctx) {
    requireRole(ctx, ['county_admin'])
    const refs = await getRefs()
    const page = await paged<InviteDoc>('invites', {}, [['createdAt', 'desc']], data)
    const users = await getByIds<UserDoc>('users', page.items.map((i) => i.usedBy).filter((u): u is string => !!u))
    const names = new Map(users.map((u) => [u._id, u.name]))
    return {
      ...page,
      items: page.items.map((i) => inviteView(i, refs, i.usedBy ? (names.get(i.usedBy) ?? '已绑定') : undefined))
    }
  },

  async revokeInvite(data, ctx) {
    requireRole(ctx, ['county_admin'])
    const code = normaliseInviteCode(data.code)
    const invite = await withTransaction(async (tx) => {
      const doc = await txGet<InviteDoc>(tx, 'invites', code)
      if (!doc) throw new DomainError('NOT_FOUND')
      if (doc.usedBy) throw new DomainError('INVITE_USED')
      if (doc.revokedAt) return doc
      const next: InviteDoc = { ...doc, revokedAt: ctx.now, revokedBy: callerOpenid(ctx) }
      await txSet(tx, 'invites', next)
      return next
    })
    return inviteView(invite, await getRefs())
  },

  async supervise(data, ctx) {
    const cmd = {
      type: 'supervise' as const,
      orderId: newId().slice(0, 12),
      note: data.note,
      ...(data.replyBy ? { replyBy: new Date(data.replyBy) } : {})
    }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd)).detail
  },

  /** (metoo) 合并: the grants decide (township in scope, county) on both cases. */
  async merge(data, ctx) {
    if (data.note) await requireCleanText(callerOpenid(ctx), data.note)
    return await runMerge(data.caseId, data.intoCaseId, ctx.actor, ctx.now, data.note)
  },

  async unmerge(data, ctx) {
    return await runUnmerge(data.caseId, ctx.actor, ctx.now)
  },

  /** (hotspots) 热点: the county sees all (or one township), a township supervisor their own township. */
  async hotspots(data, ctx) {
    requireTile(ctx, 'hotspots')
    const townshipId = townshipOf(ctx, data.townshipId)
    return await hotspotsIn({ ...(townshipId ? { townshipId } : {}), ...(data.categoryId ? { categoryId: data.categoryId } : {}) }, ctx.now)
  },

  /** (hotspots) 合并 of a cluster in one transaction; the grants decide on every case, as for admin.merge. */
  async mergeCluster(data, ctx) {
    if (data.note) await requireCleanText(callerOpenid(ctx), data.note)
    return await runMergeCluster(data.mainCaseId, data.caseIds, ctx.actor, ctx.now, data.note)
  },

  async instruct(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'instruct', text: data.text })).detail
  },

  async supervisions(data, ctx) {
    requireTile(ctx, 'supervisions')
    const openid = callerOpenid(ctx)
    const where: Record<string, unknown> = { 'supervisions.byOpenid': openid }
    if (data.status === 'open') where.supervisionOpen = true
    if (data.status === 'done') where.supervisionOpen = false
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', where, [['updatedAt', 'desc']], data)
    // One row per order of the caller (a case may carry several, one open at a time), newest first.
    const items: SupervisionRow[] = page.items.flatMap((c) => {
      const summary = toSummary(c, refs)
      return (c.supervisions ?? [])
        .filter((o) => o.byOpenid === openid)
        .reverse()
        .map((o) => ({ case: summary, order: toSupervisionOrder(o) }))
    })
    return { ...page, items }
  },

  async instructed(data, ctx) {
    requireTile(ctx, 'instructed')
    const _ = db().command
    const where: Record<string, unknown> = { instructed: true }
    if (data.open !== false) where.state = _.in(['review', 'queued', 'dispatched', 'accepted', 'resolved'])
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', where, [['submittedAt', 'desc']], data)
    return { ...page, items: page.items.map((c): CaseSummary => toSummary(c, refs)) }
  },

  async stream(data, ctx) {
    requireTile(ctx, 'stream')
    const _ = db().command
    const where: Record<string, unknown> = data.kind === 'overdue' ? { overdue: true } : { state: _.neq('withdrawn') }
    if (data.townshipId) where.townshipId = data.townshipId
    if (data.categoryId) where.categoryId = data.categoryId
    const refs = await getRefs()
    const order: Array<[string, 'asc' | 'desc']> = [['submittedAt', data.kind === 'overdue' ? 'asc' : 'desc']]
    const q = data.q?.trim()
    const full = q
      ? _.and([where, _.or([{ no: q.toUpperCase() }, { text: db().RegExp({ regexp: escapeRegex(q), options: 'i' }) }])])
      : where
    const page = await paged<CaseDoc>('cases', full as unknown as Record<string, unknown>, order, data)
    return { ...page, items: page.items.map((c): CaseSummary => toSummary(c, refs)) }
  },

  async superviseDesk(data, ctx) {
    requireTile(ctx, 'supervise_desk')
    const townshipId = ctx.actor.scope.townshipId
    if (!townshipId) throw new DomainError('FORBIDDEN')
    const buckets = {
      overdue: { overdue: true, townshipId },
      escalated: { overdue: true, townshipId, escalation: 2 },
      supervised: { townshipId, supervisionOpen: true }
    } as const
    const refs = await getRefs()
    const [page, ...counts] = await Promise.all([
      paged<CaseDoc>('cases', { ...buckets[data.bucket] }, [['submittedAt', 'asc']], data),
      ...(['overdue', 'escalated', 'supervised'] as const).map((b) => count('cases', { ...buckets[b] }))
    ])
    return {
      ...page,
      items: page.items.map((c): CaseSummary => toSummary(c, refs)),
      counts: { overdue: counts[0]!, escalated: counts[1]!, supervised: counts[2]! }
    }
  },

  async departments(_data, ctx) {
    if (ctx.actor.role === 'resident') throw new DomainError('FORBIDDEN')
    const refs = await getRefs()
    return [...refs.departments.values()]
      .sort((a, b) => a._id.localeCompare(b._id))
      .map((d) => ({ _id: d._id, name: d.name, ...(d.kind ? { kind: d.kind } : {}), ...(d.townshipId ? { townshipId: d.townshipId } : {}), ...(d.villageId ? { villageId: d.villageId } : {}) }))
  },

  /** 公开审核: summaries by publication state, newest first (index board: publicState + publicAt), with counts. */
  async publications(data, ctx) {
    requireTile(ctx, 'publications')
    const refs = await getRefs()
    const [page, ...counts] = await Promise.all([
      paged<CaseDoc>('cases', { publicState: data.state }, [['publicAt', 'desc']], data),
      ...PUBLIC_STATES.map((s) => count('cases', { publicState: s }))
    ])
    return {
      ...page,
      items: page.items.map((c) => toPublicationItem(c, refs)),
      counts: Object.fromEntries(PUBLIC_STATES.map((s, i) => [s, counts[i]])) as Record<PublicState, number>
    }
  },

  async publishSummary(data, ctx) {
    if (data.summary) await requireCleanText(callerOpenid(ctx), data.summary)
    const cmd: Command = { type: 'publish_summary', publicInterest: !!data.publicInterest, ...(data.summary ? { summary: data.summary } : {}) }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd)).detail
  },

  async unpublish(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'unpublish', reason: data.reason })).detail
  },

  async callbacks(data, ctx) {
    requireTile(ctx, 'callbacks')
    const _ = db().command
    const where: Record<string, unknown> = { callbackDue: true }
    if (data.reason === 'proxy') where.residentOpenid = null
    if (data.reason === 'sample') where.residentOpenid = _.neq(null)
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', where, [['submittedAt', 'desc']], data)
    return {
      ...page,
      items: page.items.map((c): CallbackItem => {
        const item: CallbackItem = { ...toSummary(c, refs), reason: c.residentOpenid ? 'sample' : 'proxy', attempts: (c.callbacks ?? []).length }
        if (c.rating && c.residentOpenid) item.ownRating = c.rating.value
        if (c.contact.name) item.contactName = c.contact.name
        if (c.contact.phone) item.phoneMasked = maskPhone(c.contact.phone)
        return item
      })
    }
  },

  async callback(data, ctx) {
    if (data.note) await requireCleanText(callerOpenid(ctx), data.note)
    const cmd = { type: 'callback' as const, reached: data.reached, ...(data.rating ? { rating: data.rating } : {}), ...(data.note ? { note: data.note } : {}) }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd)).detail
  },

  async sampleCallbacks(data, ctx) {
    requireTile(ctx, 'callbacks')
    const frame = await sampleFrame(data.from, data.to)
    const k = Math.min(MAX_SAMPLE, Math.ceil((frame.length * (data.percent ?? 10)) / 100))
    let sampled = 0
    for (const id of drawSample(frame, k)) {
      try {
        await runCommand(id, ctx.actor, ctx.now, { type: 'callback_sample' })
        sampled++
      } catch (e) {
        // Changed meanwhile (sampled by a concurrent draw): not drawn again.
        if (!(e instanceof DomainError)) throw e
      }
    }
    return { eligible: frame.length, sampled }
  },

  async phoneAccess(data, ctx) {
    requireTile(ctx, 'phone_access')
    const where: Record<string, unknown> = data.caseId ? { caseId: data.caseId } : {}
    const page = await paged<PhoneAccessDoc>('phone_access', where, [['at', 'desc']], data)
    return {
      ...page,
      items: page.items.map((a): PhoneAccess => ({
        _id: a._id,
        at: new Date(a.at).toISOString(),
        by: `${a.name}（${ROLE_LABELS[a.role] ?? a.role}）`,
        role: a.role,
        caseId: a.caseId,
        caseNo: a.caseNo,
        kind: a.kind
      }))
    }
  }
})
