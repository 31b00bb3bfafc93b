// Policy notices: loading, attachments, reads, subscriptions and the one-time subscribe-message delivery.
// The decisions are in core/policy.ts; this file reads and writes.
//
// Delivery (WeChat's one-time subscription rule: one message per accepted wx.requestSubscribeMessage):
//   - a subscription holds `credits` (+1 per acceptance the client reports, −1 per message sent) and a `cursor`
//     (the last notice delivered, or the instant of subscribing);
//   - publishing sends the notice at once to matching subscribers that have a credit (only they are read:
//     index active + credits), each in its own transaction (credit taken, cursor moved) before the send;
//   - a subscriber without credits is not written at all: their waiting notices are the matching ones published
//     after their cursor (N 条政策待推送), and a new acceptance sends the oldest of them right away.
import { DomainError } from '../core'
import type { Actor } from '../core'
import {
  afterCursor,
  homeOf,
  pendingFor,
  planDelivery,
  readerOf,
  readIncrements,
  subscriberMatches,
  type PolicyRefs
} from '../core/policy'
import type { AudienceTagDoc, PolicyDoc, PolicyReadDoc, PolicySubscriptionDoc, UserDoc } from '../core/types'
import type { NewCaseInput } from '../core'
import type { PolicyAttachment, PolicySubscription, ResidentProfile, SubmitInput } from '../../typings/api'
import { formatBeijing } from '../core'
import { app, db } from './app'
import { getDoc, readAll } from './db'
import { sendOne } from './notify'
import { currentEnvId, uploadPrefix } from './photos'
import { getRefs } from './refs'
import { txGet, txSet, withTransaction } from './tx'

/** The fields of a notice that lists, matching and reach need (never the body or the search text). */
export const SUMMARY_FIELDS: Record<string, true> = Object.fromEntries(
  ['_id', 'title', 'excerpt', 'issuer', 'issuerKey', 'tags', 'area', 'status', 'effectiveAt', 'expiresAt', 'publishedAt', 'reads', 'authorOpenid', 'updatedAt'].map((f) => [f, true])
)
/** Published notices read per pending computation (newest after the cursor). */
const PENDING_SCAN = 500
const FANOUT_PAGE = 100

export async function loadTags(): Promise<AudienceTagDoc[]> {
  const tags = await readAll<AudienceTagDoc>('policy_tags', {}, 1000)
  return tags.sort((a, b) => a.order - b.order || a._id.localeCompare(b._id))
}

export async function policyRefs(): Promise<PolicyRefs> {
  const [refs, tags] = await Promise.all([getRefs(), loadTags()])
  return { townships: refs.townships, villages: refs.villages, departments: refs.departments, tags: new Map(tags.map((t) => [t._id, t])) }
}

export async function loadPolicy(id: string): Promise<PolicyDoc> {
  const p = await getDoc<PolicyDoc>('policies', id)
  if (!p) throw new DomainError('POLICY_NOT_FOUND')
  return p
}

const ATTACHMENT_NAME = /^[A-Za-z0-9_-]{1,64}\.(pdf|jpg|jpeg|png|webp)$/i

/** True when the attachment is the caller's own upload in this environment, with an extension matching its kind. */
export function isOwnAttachment(a: PolicyAttachment, openid: string, envId: string): boolean {
  if (!envId) return false
  const head = `cloud://${envId}.`
  if (!a.fileID.startsWith(head)) return false
  const rest = a.fileID.slice(head.length)
  const slash = rest.indexOf('/')
  if (slash <= 0 || !/^[A-Za-z0-9-]+$/.test(rest.slice(0, slash))) return false
  const path = rest.slice(slash + 1)
  const prefix = uploadPrefix(openid)
  const m = path.startsWith(prefix) ? ATTACHMENT_NAME.exec(path.slice(prefix.length)) : null
  if (!m) return false
  return (m[1]!.toLowerCase() === 'pdf') === (a.kind === 'pdf')
}

/**
 * Attachments of a saved draft: the ones already on it are kept as they are (another staff member may edit
 * the draft), new ones must be the caller's own uploads. POLICY_ATTACHMENT_INVALID otherwise.
 */
export function requireAttachments(list: PolicyAttachment[], prev: PolicyDoc | null, openid: string, envId = currentEnvId()): void {
  const known = new Set((prev?.attachments ?? []).map((a) => a.fileID))
  const bad = list.filter((a) => !known.has(a.fileID) && !isOwnAttachment(a, openid, envId))
  if (bad.length) throw new DomainError('POLICY_ATTACHMENT_INVALID', undefined, { count: bad.length })
}

export async function attachmentUrls(p: PolicyDoc): Promise<Record<string, string> | undefined> {
  if (!p.attachments.length) return undefined
  const res = await app().getTempFileURL({ fileList: p.attachments.map((a) => ({ fileID: a.fileID, maxAge: 2 * 3600 })) })
  const urls: Record<string, string> = {}
  for (const f of res.fileList ?? []) if (f.code === 'SUCCESS' && f.tempFileURL) urls[f.fileID] = f.tempFileURL
  return urls
}

/** Count a unique reader of a published notice (their home township and tags), once. Returns true when new. */
export async function recordRead(p: PolicyDoc, openid: string, user: UserDoc | null, now: Date): Promise<boolean> {
  const reader = readerOf(user)
  const inc = readIncrements(reader)
  const id = `${p._id}|${openid}`
  const _ = db().command
  return await withTransaction(async (tx) => {
    if (await txGet<PolicyReadDoc>(tx, 'policy_reads', id)) return false
    const doc: PolicyReadDoc = { _id: id, policyId: p._id, openid, townshipId: inc.township, tags: inc.tags, at: now }
    await txSet(tx, 'policy_reads', doc)
    const byTag: Record<string, unknown> = {}
    for (const t of inc.tags) byTag[t] = _.inc(1)
    const reads: Record<string, unknown> = { total: _.inc(1), byTownship: { [inc.township]: _.inc(1) } }
    if (inc.tags.length) reads.byTag = byTag
    await tx.collection('policies').doc(p._id).update({ reads })
    return true
  })
}

// ---------------------------------------------------------------------------------------------------------
// Profile and subscriptions
// ---------------------------------------------------------------------------------------------------------

export async function profileOf(user: UserDoc | null): Promise<ResidentProfile> {
  const profile: ResidentProfile = { tags: user?.tags ?? [], migrant: !!user?.migrant }
  if (user?.home) {
    const refs = await getRefs()
    profile.home = {
      townshipId: user.home.townshipId,
      villageId: user.home.villageId,
      townshipName: refs.townships.get(user.home.townshipId)?.name ?? user.home.townshipId,
      villageName: refs.villages.get(user.home.villageId)?.name ?? user.home.villageId
    }
  }
  return profile
}

/** Throws POLICY_TAG_UNKNOWN unless every tag is an active audience tag. */
export async function requireTags(tags: string[]): Promise<void> {
  if (!tags.length) return
  const known = new Map((await loadTags()).map((t) => [t._id, t]))
  if (tags.some((t) => !known.get(t)?.active)) throw new DomainError('POLICY_TAG_UNKNOWN')
}

/**
 * Set the profile (home village once, tags, migrant flag) and keep the subscription's copy of it in step, in
 * one transaction. A second, different home village is HOME_LOCKED.
 */
export async function setProfile(openid: string, data: { homeVillageId?: string; tags?: string[]; migrant?: boolean }, now: Date): Promise<UserDoc> {
  let home: { townshipId: string; villageId: string } | null = null
  if (data.homeVillageId) {
    home = homeOf(data.homeVillageId, await getRefs())
    if (!home) throw new DomainError('PLACE_UNKNOWN', '请选择正确的镇街和村居')
  }
  const tags = data.tags ? [...new Set(data.tags)] : undefined
  if (tags) await requireTags(tags)
  return await withTransaction(async (tx) => {
    const existing = await txGet<UserDoc>(tx, 'users', openid)
    const user: UserDoc = existing ? { ...existing } : { _id: openid, role: 'resident', scope: {}, createdAt: now, updatedAt: now }
    if (home) {
      if (user.home && user.home.villageId !== home.villageId) throw new DomainError('HOME_LOCKED')
      if (!user.home) user.home = { ...home, setAt: now }
    }
    if (tags) user.tags = tags
    if (data.migrant !== undefined) user.migrant = data.migrant
    user.updatedAt = now
    await txSet(tx, 'users', user)
    const sub = await txGet<PolicySubscriptionDoc>(tx, 'policy_subscriptions', openid)
    if (sub) await txSet(tx, 'policy_subscriptions', withProfile({ ...sub, updatedAt: now }, user))
    return user
  })
}

function withProfile(sub: PolicySubscriptionDoc, user: UserDoc): PolicySubscriptionDoc {
  const next: PolicySubscriptionDoc = { ...sub, tags: user.tags ?? [] }
  delete next.townshipId
  delete next.villageId
  if (user.home) {
    next.townshipId = user.home.townshipId
    next.villageId = user.home.villageId
  }
  return next
}

/** Published notices after the cursor (oldest first, bounded), for the pending computation. */
async function publishedAfter(cursor: PolicySubscriptionDoc['cursor']): Promise<PolicyDoc[]> {
  const _ = db().command
  const res = await db()
    .collection('policies')
    .where({ status: 'published', publishedAt: _.gte(cursor.at) })
    .orderBy('publishedAt', 'asc')
    .limit(PENDING_SCAN)
    .field(SUMMARY_FIELDS)
    .get()
  return ((res.data ?? []) as PolicyDoc[]).filter((p) => afterCursor(p, cursor))
}

export async function subscriptionView(sub: PolicySubscriptionDoc | null, now: Date): Promise<PolicySubscription> {
  if (!sub) return { tags: [], credits: 0, pending: 0, active: false }
  const pending = sub.active ? pendingFor(await publishedAfter(sub.cursor), sub, now).length : 0
  const out: PolicySubscription = { tags: sub.tags, credits: sub.credits, pending, active: sub.active }
  if (sub.villageId) out.villageId = sub.villageId
  return out
}

/** Subscribe (or change tags / pause): the user's tags become the subscription's; a new one starts now. */
export async function subscribe(openid: string, data: { tags: string[]; active: boolean }, now: Date): Promise<PolicySubscriptionDoc> {
  const tags = [...new Set(data.tags)]
  await requireTags(tags)
  return await withTransaction(async (tx) => {
    const existing = await txGet<UserDoc>(tx, 'users', openid)
    const user: UserDoc = existing ? { ...existing } : { _id: openid, role: 'resident', scope: {}, createdAt: now, updatedAt: now }
    user.tags = tags
    user.updatedAt = now
    await txSet(tx, 'users', user)
    const prev = await txGet<PolicySubscriptionDoc>(tx, 'policy_subscriptions', openid)
    const base: PolicySubscriptionDoc = prev
      ? { ...prev, active: data.active, updatedAt: now }
      : { _id: openid, active: data.active, tags, credits: 0, cursor: { at: now, id: '' }, createdAt: now, updatedAt: now }
    // Resuming a paused subscription starts from now: what was published meanwhile is not pushed.
    if (prev && !prev.active && data.active) base.cursor = { at: now, id: '' }
    const sub = withProfile(base, user)
    await txSet(tx, 'policy_subscriptions', sub)
    return sub
  })
}

function messageOf(p: PolicyDoc, touser: string, now: Date) {
  return {
    touser,
    template: 'policy_notice' as const,
    caseId: p._id,
    fields: { title: p.title, unit: p.issuer.name, time: formatBeijing(p.publishedAt ?? now), remark: '点击查看政策详情' }
  }
}

/**
 * Deliver to one subscriber what their credits allow: in a transaction the credits are taken and the cursor
 * moved past the notices to send; then they are sent. A send WeChat refuses (the authorization is not there)
 * gives the notice back (cursor restored when unchanged since) and clears the credits. Returns how many went out.
 */
export async function deliver(openid: string, now: Date, only?: PolicyDoc): Promise<number> {
  let before: PolicySubscriptionDoc | null = null
  const plan = await withTransaction(async (tx) => {
    const sub = await txGet<PolicySubscriptionDoc>(tx, 'policy_subscriptions', openid)
    before = sub
    if (!sub || !sub.active || sub.credits <= 0) return null
    const candidates = only ? [only] : await publishedAfter(sub.cursor)
    const pending = pendingFor(candidates, sub, now)
    const p = planDelivery(sub, pending, now)
    if (!p.send.length) return null
    await txSet(tx, 'policy_subscriptions', p.next)
    return p
  })
  if (!plan) return 0
  let sent = 0
  for (const p of plan.send) {
    let ok = false
    try {
      ok = await sendOne(openid, messageOf(p, openid, now))
    } catch (e) {
      console.error(`[policy] notice ${p._id} to ${openid} failed:`, (e as Error)?.message ?? e)
    }
    if (ok) {
      sent++
      continue
    }
    const prevCursor = (before as PolicySubscriptionDoc | null)?.cursor
    await withTransaction(async (tx) => {
      const sub = await txGet<PolicySubscriptionDoc>(tx, 'policy_subscriptions', openid)
      if (!sub) return
      const next: PolicySubscriptionDoc = { ...sub, credits: 0, updatedAt: now }
      if (prevCursor && sub.cursor.id === plan.next.cursor.id && sub.cursor.at.getTime() === plan.next.cursor.at.getTime()) next.cursor = prevCursor
      await txSet(tx, 'policy_subscriptions', next)
    })
    break
  }
  return sent
}

/** A notice was just published: send it to every matching subscriber holding a credit. Never throws. */
export async function fanOut(p: PolicyDoc, now: Date): Promise<number> {
  const _ = db().command
  let sent = 0
  try {
    let lastId = ''
    for (;;) {
      const where: Record<string, unknown> = { active: true, credits: _.gt(0) }
      if (lastId) where._id = _.gt(lastId)
      const res = await db().collection('policy_subscriptions').where(where).orderBy('_id', 'asc').limit(FANOUT_PAGE).get()
      const subs = (res.data ?? []) as PolicySubscriptionDoc[]
      const matching = subs.filter((s) => subscriberMatches(p, s))
      const counts = await Promise.all(matching.map((s) => deliver(s._id, now, p).catch(() => 0)))
      sent += counts.reduce((a, b) => a + b, 0)
      if (subs.length < FANOUT_PAGE) break
      lastId = subs[subs.length - 1]!._id
    }
  } catch (e) {
    console.error('[policy] fan-out failed:', (e as Error)?.message ?? e)
  }
  return sent
}

/** +credits for reported acceptances (capped at 10 held at once), then deliver what is waiting. */
export async function grant(openid: string, accepted: number, now: Date): Promise<number> {
  await withTransaction(async (tx) => {
    const sub = await txGet<PolicySubscriptionDoc>(tx, 'policy_subscriptions', openid)
    if (!sub || !sub.active) throw new DomainError('INVALID_STATE', '请先订阅政策通知')
    await txSet(tx, 'policy_subscriptions', { ...sub, credits: Math.min(10, sub.credits + accepted), updatedAt: now })
  })
  return await deliver(openid, now)
}

// ---------------------------------------------------------------------------------------------------------
// Filing: 在外地 and 政策咨询
// ---------------------------------------------------------------------------------------------------------

/**
 * The submission as the core files it: 在外地 puts the resident's home village in place of any point
 * (HOME_REQUIRED without one); a policyId is resolved to the notice (published, or expired: still a fair
 * question) and recorded on the case; the migrant flag comes from the profile.
 */
export async function filingInput(data: SubmitInput, user: UserDoc | null, viewer: Actor): Promise<NewCaseInput> {
  const input: NewCaseInput = { ...data }
  if (data.fromAfar) {
    if (!user?.home) throw new DomainError('HOME_REQUIRED')
    input.place = { villageId: user.home.villageId, townshipId: user.home.townshipId }
    if (data.place.address) input.place.address = data.place.address
  }
  if (data.policyId) {
    const p = await getDoc<PolicyDoc>('policies', data.policyId)
    if (!p || p.status !== 'published') throw new DomainError('POLICY_NOT_FOUND')
    input.policy = { id: p._id, title: p.title }
  }
  delete (input as { policyId?: string }).policyId
  if (user?.migrant && viewer.role === 'resident') input.migrant = true
  return input
}
