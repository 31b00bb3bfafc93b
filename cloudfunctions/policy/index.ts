// policy: 惠民政策 — reading (list, search, detail), staff publishing with another staff member's review,
// audience tags, subscriptions under WeChat's one-time rule, and reach in 管理. Decisions in core/policy.ts.
import { DomainError, endOfDay, isStaff, startOfDay } from '../core'
import {
  isListed,
  lowReach,
  LOW_REACH_READS,
  managedIssuerKeys,
  maySeeUnpublished,
  orderForReader,
  policyActions,
  policyStatus,
  policyTransition,
  readerOf,
  REACH_ROLES,
  SEARCH_CANDIDATES,
  searchPattern,
  sumReads,
  TAG_EDITORS,
  toPolicySummary,
  draftPolicy,
  type PolicyCommand
} from '../core/policy'
import { sanitizeHtml } from '../core/sanitize'
import type { AudienceTagDoc, PolicyDoc } from '../core/types'
import type { AudienceTag, PolicyDetail, PolicyReach, PolicyReachRow } from '../../typings/api'
import { db } from '../shared/app'
import { count, getDoc, pageOf } from '../shared/db'
import { callerOpenid, defineFunction, type Ctx } from '../shared/handler'
import {
  attachmentUrls,
  fanOut,
  grant,
  loadPolicy,
  loadTags,
  policyRefs,
  recordRead,
  requireAttachments,
  subscribe,
  subscriptionView,
  SUMMARY_FIELDS
} from '../shared/policy'
import { getRefs } from '../shared/refs'
import { newId, txGet, txSet, withTransaction } from '../shared/tx'

const iso = (d: Date) => new Date(d).toISOString()

async function detailOf(p: PolicyDoc, ctx: Ctx): Promise<PolicyDetail> {
  const d: PolicyDetail = {
    ...toPolicySummary(p, ctx.now, readerOf(ctx.user)),
    body: p.body,
    attachments: p.attachments.map((a) => ({ ...a })),
    authorName: p.authorName,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    allowed: policyActions(ctx.actor, p)
  }
  if (p.reviewerName) d.reviewerName = p.reviewerName
  if (p.reviewNote) d.reviewNote = p.reviewNote
  const urls = await attachmentUrls(p)
  if (urls) d.attachmentUrls = urls
  return d
}

function pageIn<T>(items: T[], q: { page?: number; pageSize?: number }) {
  const { page, pageSize, skip } = pageOf(q)
  return { items: items.slice(skip, skip + pageSize), total: items.length, page, pageSize }
}

/** Published notices, newest first, at most SEARCH_CANDIDATES (with a search: those whose text matches). */
async function published(q?: string): Promise<PolicyDoc[]> {
  const where: Record<string, unknown> = { status: 'published' }
  const src = q ? searchPattern(q) : null
  if (src) where.searchText = db().RegExp({ regexp: src, options: '' })
  const res = await db().collection('policies').where(where).orderBy('publishedAt', 'desc').limit(SEARCH_CANDIDATES).field(SUMMARY_FIELDS).get()
  return (res.data ?? []) as PolicyDoc[]
}

async function command(policyId: string, cmd: PolicyCommand, ctx: Ctx): Promise<PolicyDetail> {
  const next = await withTransaction(async (tx) => {
    const p = await txGet<PolicyDoc>(tx, 'policies', policyId)
    if (!p) throw new DomainError('POLICY_NOT_FOUND')
    const n = policyTransition(p, cmd, ctx.actor, ctx.now)
    await txSet(tx, 'policies', n)
    return n
  })
  if (cmd.type === 'approve') await fanOut(next, ctx.now)
  return await detailOf(next, ctx)
}

const tagView = (t: AudienceTagDoc): AudienceTag => ({ _id: t._id, name: t.name, order: t.order, active: t.active })

const rows = (counts: Record<string, number>, name: (k: string) => string): PolicyReachRow[] =>
  Object.entries(counts)
    .map(([key, reads]) => ({ key, name: name(key), reads }))
    .sort((a, b) => b.reads - a.reads || a.key.localeCompare(b.key))

export const main = defineFunction('policy', {
  async list(data, ctx) {
    const reader = readerOf(ctx.user)
    let docs = await published(data.q)
    // Without a search only current notices are listed; a search also finds expired ones.
    docs = data.q ? docs : docs.filter((p) => isListed(p, ctx.now))
    if (data.tag) docs = docs.filter((p) => p.tags.includes(data.tag!))
    return pageIn(orderForReader(docs, reader).map((p) => toPolicySummary(p, ctx.now, reader)), data)
  },

  async detail(data, ctx) {
    const p = await loadPolicy(data.policyId)
    if (p.status !== 'published' && !maySeeUnpublished(ctx.actor, p)) throw new DomainError('FORBIDDEN')
    if (p.status === 'published' && !isStaff(ctx.actor.role) && (await recordRead(p, callerOpenid(ctx), ctx.user, ctx.now))) {
      return await detailOf(await loadPolicy(p._id), ctx)
    }
    return await detailOf(p, ctx)
  },

  async tags(_data, ctx) {
    const all = await loadTags()
    return (TAG_EDITORS.has(ctx.actor.role) ? all : all.filter((t) => t.active)).map(tagView)
  },

  async manage(data, ctx) {
    const keys = managedIssuerKeys(ctx.actor)
    if (keys && keys.length === 0) throw new DomainError('FORBIDDEN')
    const _ = db().command
    const where: Record<string, unknown> = {}
    if (keys) where.issuerKey = _.in(keys)
    if (data.status) where.status = data.status === 'expired' ? 'published' : data.status
    // A unit's notices, newest first (the 1,000 most recently changed: a unit writes a few a week).
    const res = await db().collection('policies').where(where).orderBy('updatedAt', 'desc').limit(SEARCH_CANDIDATES).field(SUMMARY_FIELDS).get()
    const list = ((res.data ?? []) as PolicyDoc[])
      .filter((p) => !data.status || policyStatus(p, ctx.now) === data.status)
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || a._id.localeCompare(b._id))
    return pageIn(list.map((p) => toPolicySummary(p, ctx.now)), data)
  },

  async saveDraft(data, ctx) {
    const openid = callerOpenid(ctx)
    const { policyId, ...input } = data
    const [refs, prev] = await Promise.all([policyRefs(), policyId ? loadPolicy(policyId) : Promise.resolve(null)])
    requireAttachments(input.attachments, prev, openid)
    const safeBody = sanitizeHtml(input.body)
    const id = policyId ?? newId()
    // Checked once outside (a clean refusal), then again on the doc read in the transaction (its version).
    draftPolicy(prev, input, safeBody, ctx.actor, refs, ctx.now, id)
    const doc = await withTransaction(async (tx) => {
      const cur = policyId ? await txGet<PolicyDoc>(tx, 'policies', policyId) : null
      if (policyId && !cur) throw new DomainError('POLICY_NOT_FOUND')
      const next = draftPolicy(cur, input, safeBody, ctx.actor, refs, ctx.now, id)
      await txSet(tx, 'policies', next)
      return next
    })
    return await detailOf(doc, ctx)
  },

  async submitForReview(data, ctx) {
    return await command(data.policyId, { type: 'submit' }, ctx)
  },

  async review(data, ctx) {
    const cmd: PolicyCommand = data.approve ? { type: 'approve' } : { type: 'reject' }
    if (data.note) (cmd as { note?: string }).note = data.note
    return await command(data.policyId, cmd, ctx)
  },

  async withdraw(data, ctx) {
    return await command(data.policyId, data.note ? { type: 'withdraw', note: data.note } : { type: 'withdraw' }, ctx)
  },

  async setTag(data, ctx) {
    if (!TAG_EDITORS.has(ctx.actor.role)) throw new DomainError('FORBIDDEN')
    await withTransaction(async (tx) => {
      const prev = await txGet<AudienceTagDoc>(tx, 'policy_tags', data.tagId)
      await txSet(tx, 'policy_tags', { _id: data.tagId, name: data.name, order: data.order ?? prev?.order ?? 100, active: data.active })
    })
    return (await loadTags()).map(tagView)
  },

  async subscription(_data, ctx) {
    return await subscriptionView(await getDoc('policy_subscriptions', callerOpenid(ctx)), ctx.now)
  },

  async subscribe(data, ctx) {
    return await subscriptionView(await subscribe(callerOpenid(ctx), data, ctx.now), ctx.now)
  },

  async grant(data, ctx) {
    const openid = callerOpenid(ctx)
    const sent = await grant(openid, data.accepted, ctx.now)
    return { ...(await subscriptionView(await getDoc('policy_subscriptions', openid), ctx.now)), sent }
  },

  async reach(data, ctx) {
    if (!REACH_ROLES.has(ctx.actor.role)) throw new DomainError('FORBIDDEN')
    const township = ctx.actor.role === 'township_supervisor' ? ctx.actor.scope.townshipId : undefined
    if (ctx.actor.role === 'township_supervisor' && !township) throw new DomainError('FORBIDDEN')
    const from = startOfDay(data.from)
    const to = endOfDay(data.to)
    const _ = db().command
    const [refs, tags, res] = await Promise.all([
      getRefs(),
      loadTags(),
      db()
        .collection('policies')
        .where({ status: 'published', publishedAt: _.gte(from).and(_.lte(to)) })
        .orderBy('publishedAt', 'desc')
        .limit(SEARCH_CANDIDATES)
        .field(SUMMARY_FIELDS)
        .get()
    ])
    let docs = (res.data ?? []) as PolicyDoc[]
    // A township sees the notices it issued or that address it (county-wide included).
    if (township) docs = docs.filter((p) => p.issuerKey === `t:${township}` || p.area.kind === 'county' || (p.area.kind === 'townships' && p.area.ids.includes(township)) || (p.area.kind === 'villages' && p.area.ids.some((v) => refs.villages.get(v)?.townshipId === township)))
    const sums = sumReads(docs)
    const byTownship = township ? { [township]: sums.byTownship[township] ?? 0 } : sums.byTownship
    const tagName = new Map(tags.map((t) => [t._id, t.name]))
    const caseWhere = (extra: Record<string, unknown>) => ({ fromAfar: true, submittedAt: _.gte(from).and(_.lte(to)), ...(township ? { townshipId: township } : {}), ...extra })
    const [total, migrant, groups] = await Promise.all([
      count('cases', caseWhere({})),
      count('cases', caseWhere({ migrant: true })),
      db()
        .collection('cases')
        .aggregate()
        .match(caseWhere({}))
        .group({ _id: '$townshipId', n: _.aggregate.sum(1) })
        .end()
        .then((r) => ((r as { data?: Array<{ _id: string; n: number }> }).data ?? []))
    ])
    const out: PolicyReach = {
      notices: docs.map((p) => ({ ...toPolicySummary(p, ctx.now), lowReach: lowReach(p, ctx.now) })),
      byTownship: rows(byTownship, (k) => (k === 'none' ? '未设家乡' : (refs.townships.get(k)?.name ?? k))),
      byTag: rows(sums.byTag, (k) => tagName.get(k) ?? k),
      fromAfar: { total, migrant, byTownship: rows(Object.fromEntries(groups.map((g) => [g._id, g.n])), (k) => refs.townships.get(k)?.name ?? k) },
      lowReachThreshold: LOW_REACH_READS
    }
    return out
  }
})
