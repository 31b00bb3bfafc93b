// Personal data (PIPL): the phone access log, account deletion (注销) and the retention pass.
// - Every time staff receive an unmasked phone number (a case page, or tap-to-call), a phone_access doc records
//   who, when, which case and how — written before the number is answered, so no view goes unlogged.
// - Account deletion: each of the resident's cases loses its contact details and its link to the openid (the
//   `anonymize` command, one transaction per case), their events lose the openid, then the quota and user docs go.
//   Re-running it after a failure finishes the job (each step is idempotent; the user doc goes last).
// - Retention: once per Beijing day (a marker in `counters`) the timer anonymizes the contact details of cases
//   closed more than RETENTION_DAYS ago (indexed query on closedAt; each case once: the command is conditional on
//   the case's version and the query skips anonymized cases).
import { DomainError, dayKey, isStaff, seesFullPhone, SYSTEM_ACTOR, transition } from '../core'
import type { Actor, Refs } from '../core'
import type { CaseDoc, PhoneAccessDoc } from '../core/types'
import type { CaseDetail } from '../../typings/api'
import { db } from './app'
import { getDoc } from './db'
import { applyTransition, newId, txGet, withTransaction, type StoredCase } from './tx'

export const DEFAULT_RETENTION_DAYS = 1095
const RETENTION_MARKER = 'retention_pass'

export function retentionDays(): number {
  const v = Number(process.env.RETENTION_DAYS)
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_RETENTION_DAYS
}

/** Record that `viewer` (staff) received the unmasked phone of `c`. */
export async function logPhoneAccess(viewer: Actor, c: CaseDoc, kind: PhoneAccessDoc['kind'], now = new Date()): Promise<void> {
  const doc: Omit<PhoneAccessDoc, '_id'> = { at: now, openid: viewer.openid, name: viewer.name, role: viewer.role, caseId: c._id, caseNo: c.no, kind }
  await db().collection('phone_access').add({ _id: newId(), ...doc })
}

/** Log a staff member's view of a detail that carries an unmasked phone; answers the detail. */
export async function loggedDetail(detail: CaseDetail, c: CaseDoc, viewer: Actor): Promise<CaseDetail> {
  if (isStaff(viewer.role) && detail.contact.phone && !detail.contact.phoneMasked) await logPhoneAccess(viewer, c, 'view')
  return detail
}

/** Tap-to-call: the full number for a viewer who may see it, logged as a call. */
export async function revealPhone(c: CaseDoc, viewer: Actor): Promise<string> {
  if (!isStaff(viewer.role) || !seesFullPhone(viewer, c)) throw new DomainError('FORBIDDEN')
  if (!c.contact.phone) throw new DomainError('NOT_FOUND', '该诉求没有联系电话')
  await logPhoneAccess(viewer, c, 'call')
  return c.contact.phone
}

async function anonymizeCase(caseId: string, actor: Actor, reason: 'account_deleted' | 'retention', refs: Refs, now: Date): Promise<boolean> {
  const applied = await applyTransition(
    caseId,
    (c) => {
      // Already done (a re-run, or a concurrent pass): nothing to write.
      if (reason === 'retention' ? !!c.anonymizedAt : c.residentOpenid !== actor.openid) return null
      return transition(c, { type: 'anonymize', reason }, actor, refs, now)
    },
    now
  )
  return !!applied
}

/** Null the actor openid of `openid`'s events in the timeline of case `id` (one transaction; nothing when none). */
async function forgetActor(id: string, openid: string): Promise<void> {
  await withTransaction(async (tx) => {
    const doc = await txGet<StoredCase>(tx, 'cases', id)
    if (!doc?.events?.some((e) => e.actorOpenid === openid)) return
    const events = doc.events.map((e) => (e.actorOpenid === openid ? { ...e, actorOpenid: null } : e))
    await tx.collection('cases').doc(id).update({ events: db().command.set(events) })
  })
}

/**
 * Run `fn` on every case matching `where`, 100 ids at a time, until none matches: `fn` must make the case stop
 * matching (a case that cannot be changed now, a concurrent write, is tried again in the next round).
 */
async function untilNoneMatch(where: Record<string, unknown>, fn: (id: string) => Promise<unknown>): Promise<void> {
  for (let round = 0; round < 1000; round++) {
    const res = await db().collection('cases').where(where).field({ _id: true }).limit(100).get()
    const batch = ((res.data ?? []) as Array<{ _id: string }>).map((d) => d._id)
    if (batch.length === 0) return
    for (const id of batch) await fn(id)
  }
}

/**
 * 注销: unlink and erase the resident's cases, drop them from the cases they follow, null their openid in every
 * timeline, then delete their policy subscription, reads and user doc (with its quota). Answers the cases changed.
 */
export async function deleteAccount(actor: Actor, refs: Refs, now: Date): Promise<number> {
  const openid = actor.openid
  let changed = 0
  await untilNoneMatch({ residentOpenid: openid }, async (id) => {
    if (await anonymizeCase(id, actor, 'account_deleted', refs, now)) changed++
  })
  // (附议) The cases they follow forget them: openid and own rating (index `followers`).
  await untilNoneMatch({ followers: openid }, (id) =>
    applyTransition(id, (c) => (c.followers?.includes(openid) ? transition(c, { type: 'forget_follower' }, actor, refs, now) : null), now)
  )
  // Their events keep no openid (the timeline shows residents as 群众 anyway), wherever they acted: cases they
  // filed, follow, or followed and left. This query reads every case's timeline (no index); 注销 is rare.
  await untilNoneMatch({ 'events.actorOpenid': openid }, (id) => forgetActor(id, openid))
  // 惠民政策: the subscription (tags, home village, credits) and the record of what they read. The notices' read
  // counters keep their anonymous totals.
  await db().collection('policy_subscriptions').doc(openid).remove()
  await db().collection('policy_reads').where({ openid }).remove()
  await db().collection('users').doc(openid).remove()
  return changed
}

/**
 * The retention pass, once per Beijing day: anonymize the contact details of cases closed before now −
 * RETENTION_DAYS. The marker keeps how far the last pass got (`through`), so each pass reads only the cases that
 * crossed the line since (state + closedAt index), never the whole archive. Answers the cases anonymized.
 */
export async function anonymizeExpired(refs: Refs, now: Date, maxCases = 5000): Promise<number> {
  const today = dayKey(now)
  const marker = await getDoc<{ _id: string; day: string; through?: Date }>('counters', RETENTION_MARKER)
  if (marker?.day === today) return 0
  const _ = db().command
  const cutoff = new Date(now.getTime() - retentionDays() * 86_400_000)
  let cursor: Date | null = marker?.through ? new Date(marker.through) : null
  let done = 0
  let complete = true
  for (;;) {
    const res = await db()
      .collection('cases')
      // (metoo) Merged duplicates are finished cases too (their closedAt is the merge).
      .where({ state: _.in(['closed', 'merged']), closedAt: cursor ? _.gte(cursor).and(_.lt(cutoff)) : _.lt(cutoff) })
      .orderBy('closedAt', 'asc')
      .field({ _id: true, closedAt: true })
      .limit(100)
      .get()
    const list = (res.data ?? []) as Array<{ _id: string; closedAt: Date }>
    for (const d of list) if (await anonymizeCase(d._id, SYSTEM_ACTOR, 'retention', refs, now)) done++
    if (list.length < 100) break
    const last = new Date(list[list.length - 1]!.closedAt)
    // 100 cases closed at the very same instant: step past it (they were all handled above).
    cursor = cursor && last.getTime() === cursor.getTime() ? new Date(last.getTime() + 1) : last
    if (done >= maxCases) {
      complete = false
      break
    }
  }
  // A finished pass covers everything closed before the cutoff; a partial one goes on from its cursor next run.
  await db()
    .collection('counters')
    .doc(RETENTION_MARKER)
    .set(complete ? { day: today, through: cutoff, anonymized: done, at: now } : { day: '', through: cursor ?? cutoff, anonymized: done, at: now })
  return done
}
