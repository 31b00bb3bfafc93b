// Case operations shared by the functions: submit (with its case number), transitions, and the detail view.
import { createHash } from 'node:crypto'
import { admitSubmit, admitSupplement, canSee, channelOf, currentQuota, dayKey, DomainError, endOfDay, limitsFrom, newCase, startOfDay, toDetail, transition } from '../core'
import type { Actor, Command, Limits, NewCaseInput, NotificationDraft, Refs, TransitionResult } from '../core'
import type { CaseDoc, EventDoc, ExtensionDoc, QuotaDoc, UserDoc } from '../core/types'
import type { CaseChannel, CaseDetail, ChannelType, SourceRow } from '../../typings/api'
import { db } from './app'
import { getDoc } from './db'
import { resolveRecipients, sendNotifications, sendResolved } from './notify'
import { withPhotoUrls } from './photos'
import { getRefs } from './refs'
import { loggedDetail } from './privacy'
import { checkText, requestMediaChecks } from './security'
import { applyTransition, body, bumpCounter, byTimeline, newId, splitCase, txGet, txSet, withTransaction, writeResult, type Applied, type StoredCase, type Tx } from './tx'

/** A case and its timeline (one document: shared/tx.ts StoredCase). */
export async function loadCaseWithEvents(caseId: string): Promise<{ c: CaseDoc; events: EventDoc[] }> {
  const doc = await getDoc<StoredCase>('cases', caseId)
  if (!doc) throw new DomainError('NOT_FOUND')
  return splitCase(doc)
}

export async function loadCase(caseId: string): Promise<CaseDoc> {
  return (await loadCaseWithEvents(caseId)).c
}

export async function caseExtensions(caseId: string): Promise<ExtensionDoc[]> {
  const res = await db().collection('extensions').where({ caseId }).limit(100).get()
  const list = (res.data ?? []) as ExtensionDoc[]
  return list.sort((a, b) => new Date(a.requestedAt).getTime() - new Date(b.requestedAt).getTime())
}

/**
 * The case as `viewer` may see it (FORBIDDEN when it is not theirs to see), with its timeline and the temp URLs
 * of its photos.
 */
export async function detailFor(c: CaseDoc, events: EventDoc[], viewer: Actor, refs?: Refs, now?: Date): Promise<CaseDetail> {
  if (!canSee(viewer, c)) throw new DomainError('FORBIDDEN')
  const [extensions, r] = await Promise.all([mayHaveExtensions(c, events) ? caseExtensions(c._id) : [], refs ?? getRefs()])
  // Staff receiving an unmasked phone is logged before the answer leaves (PIPL).
  return await loggedDetail(await withPhotoUrls(toDetail(c, viewer, events, extensions, r, now)), c, viewer)
}

/** The abuse limits in force (cloudbaserc.json env: LIMIT_SUBMITS_PER_DAY, LIMIT_SUPPLEMENTS_PER_DAY, DUPLICATE_WINDOW_MINUTES). */
export function currentLimits(): Limits {
  return limitsFrom(process.env)
}

/** The hash a resubmit is recognised by: the text with its whitespace collapsed. */
export function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 32)
}

/** A filer's quota as the core reads it (it lives on their user doc: core/types.ts UserDoc.quota). */
function quotaOf(user: UserDoc | null, openid: string): QuotaDoc | null {
  return user?.quota ? { ...user.quota, _id: openid } : null
}

/**
 * The filer's quota read in `tx` (their user doc), and how to store the next one: an update of the doc, or, for
 * a resident who has none yet, the doc user.me would create, with the quota.
 */
async function txQuota(tx: Tx, openid: string, now: Date): Promise<{ q: QuotaDoc | null; save: (next: QuotaDoc) => Promise<void> }> {
  const user = await txGet<UserDoc>(tx, 'users', openid)
  return {
    q: quotaOf(user, openid),
    save: async (next) => {
      const quota = body(next)
      if (user) await tx.collection('users').doc(openid).update({ quota: db().command.set(quota) })
      else await txSet<UserDoc>(tx, 'users', { _id: openid, role: 'resident', scope: {}, quota, createdAt: now, updatedAt: now })
    }
  }
}

/** Count a supplement against the caller's daily limit inside `tx` (DAILY_LIMIT when past it). */
export async function chargeSupplement(tx: Tx, openid: string, now: Date): Promise<void> {
  const limits = currentLimits()
  const { q, save } = await txQuota(tx, openid, now)
  await save(admitSupplement(currentQuota(q, openid, now, limits), now, limits))
}

/**
 * 'WS' + Beijing YYYYMMDD + a daily sequence of at least 4 digits, from the counters collection. Taken with one
 * atomic increment (findAndModify) outside the case's transaction, so the day's counter is never held by a
 * transaction and concurrent submits never conflict on it. A submit that fails after taking its number leaves a
 * gap in the day's sequence (numbers stay unique and increasing; they need not be contiguous).
 */
export async function nextCaseNo(now: Date): Promise<string> {
  const day = dayKey(now).replace(/-/g, '')
  const seq = await bumpCounter(`case_no_${day}`, { day })
  return `WS${day}${String(seq).padStart(4, '0')}`
}

/**
 * File a new case (resident submit or a grid member's 代报) for `filer`, whose user doc (`filerDoc`, as the
 * handler read it) holds their quota for the dry run. Text is checked before it is stored. Round trips: the
 * transaction starts while the text is checked; then the case number is taken while the quota is read again in
 * the transaction; then one wave of writes (the recipients are looked up meanwhile), the commit, the
 * notifications.
 */
export async function submitCase(
  input: NewCaseInput,
  filer: Actor,
  filerDoc: UserDoc | null,
  now: Date,
  proxy: boolean,
  intake?: { channel: CaseChannel; /** Open311 clients: limited per API key per minute instead of per filer per day. */ unmetered?: boolean }
): Promise<CaseDetail> {
  const refs = await getRefs()
  const caseId = newId()
  const limits = currentLimits()
  const hash = textHash(input.text)
  const metered = !intake?.unmetered
  // Refusals (bad place, category, a resubmit, the daily limit…) come before a case number is taken; the core is
  // pure, so these are dry runs. The quota is checked again, for real, in the case's transaction.
  newCase(input, filer, refs, now, { caseId, no: 'WS000000000000' }, { status: 'pass' }, proxy, intake)
  if (metered) admitSubmit(currentQuota(quotaOf(filerDoc, filer.openid), filer.openid, now, limits), hash, { caseId, no: '' }, now, limits, !proxy)
  const textP = checkText(filer.openid, [input.text, input.contact?.name ?? ''].join('\n').trim())
  // Taken once (a re-run after a conflict keeps the number, the media checks and the recipients).
  let numbered: Promise<[string, Awaited<ReturnType<typeof requestMediaChecks>>]> | null = null
  let recipients: Promise<Map<string, NotificationDraft[]>> | null = null
  let result: TransitionResult | null = null
  const events = await withTransaction(async (tx) => {
    const textCheck = await textP
    numbered ??= Promise.all([nextCaseNo(now), requestMediaChecks(filer.openid, input.photos ?? [])])
    const [[no, media], quota] = await Promise.all([numbered, metered ? txQuota(tx, filer.openid, now) : null])
    // A photo whose check could not even be requested is held like text whose check failed.
    const moderation = textCheck.status === 'pass' && media.failed ? { status: 'held' as const, label: 'media_check_failed' } : textCheck
    const r = newCase(input, filer, refs, now, { caseId, no }, moderation, proxy, intake)
    if (media.checks.length) r.next.mediaChecks = media.checks
    result = r
    // Recipients are looked up while the case is written; messages go out only after the commit.
    recipients ??= resolveRecipients(r.notifications)
    if (!quota) return await writeResult(tx, null, r)
    const next = admitSubmit(currentQuota(quota.q, filer.openid, now, limits), hash, { caseId, no }, now, limits, !proxy)
    const [written] = await Promise.all([writeResult(tx, null, r), quota.save(next)])
    return written
  })
  const done = result as TransitionResult | null
  if (!done || !recipients) throw new DomainError('INTERNAL')
  await sendResolved(await recipients)
  const ext = done.extension ? [done.extension] : []
  return await loggedDetail(await withPhotoUrls(toDetail(done.next, filer, events, ext, refs, now)), done.next, filer)
}

/**
 * Extension docs are written only by transitions: `request_extension` creates one together with an
 * 'extension_request' event (core/transitions/extension.ts), so a case whose timeline has none has no extensions.
 */
function mayHaveExtensions(c: CaseDoc, events: EventDoc[]): boolean {
  return !!c.pendingExtensionId || events.some((e) => e.type === 'extension_request')
}

/** The timeline and extensions after `applied`: the timeline the transaction read, with the new events. */
async function historyAfter(applied: Applied): Promise<{ events: EventDoc[]; extensions: ExtensionDoc[] }> {
  const events = [...applied.history, ...applied.events].sort(byTimeline)
  const next = applied.result.next
  if (!mayHaveExtensions(next, events)) return { events, extensions: [] }
  const written = applied.result.extension
  const known = await caseExtensions(next._id)
  const extensions = written ? [...known.filter((x) => x._id !== written._id), written] : known
  extensions.sort((a, b) => new Date(a.requestedAt).getTime() - new Date(b.requestedAt).getTime())
  return { events, extensions }
}

export interface RunOptions {
  /**
   * A check that must pass before the command runs (e.g. requireCleanText on the command's text): it runs while
   * the transaction starts and reads the case, and is awaited before the core decides, so its refusal comes first
   * as before and nothing is written.
   */
  check?: Promise<unknown>
}

/**
 * Run a command on a case for `actor`, then notify and answer the case as the actor now sees it. The timeline
 * comes with the case the transaction reads (embedded), so a transition costs the caller's user doc, the
 * transaction (start, case, writes, commit) and the notifications.
 */
export async function runCommand(
  caseId: string,
  actor: Actor,
  now: Date,
  command: Command | ((c: CaseDoc, tx: Tx) => Promise<Command> | Command),
  opts: RunOptions = {}
): Promise<{ detail: CaseDetail; applied: Applied }> {
  const check = opts.check
  check?.catch(() => undefined)
  const refsP = getRefs()
  let applied: Applied | null
  try {
    applied = await applyTransition(
      caseId,
      async (c, tx) => {
        if (check) await check
        const cmd = typeof command === 'function' ? await command(c, tx) : command
        return transition(c, cmd, actor, await refsP, now)
      },
      now
    )
  } catch (e) {
    // The check's refusal wins (as when it ran first).
    if (check) await check
    throw e
  }
  if (!applied) throw new DomainError('INTERNAL')
  const refs = await refsP
  const next = applied.result.next
  const done = applied
  // A staff member who just sent the case away may no longer see it: answer what they can. (The detail is built
  // while the notifications go out.)
  const [detail] = await Promise.all([
    canSee(actor, next)
      ? historyAfter(done).then(async ({ events, extensions }) =>
          loggedDetail(await withPhotoUrls(toDetail(next, actor, events, extensions, refs, now)), next, actor)
        )
      : loggedDetail(toDetail(next, actor, done.events, done.result.extension ? [done.result.extension] : [], refs, now), next, actor),
    sendNotifications(applied.result.notifications)
  ])
  return { detail, applied }
}

/** Most sources one answer lists (the busiest first). */
export const MAX_SOURCES = 200

/** Submissions per source (and its channel) over the Beijing days [from, to], optionally in one township. */
export async function sourceVolumes(from: string, to: string, townshipId?: string): Promise<SourceRow[]> {
  const _ = db().command
  const match: Record<string, unknown> = { source: _.exists(true), submittedAt: _.gte(startOfDay(from)).and(_.lte(endOfDay(to))) }
  if (townshipId) match.townshipId = townshipId
  const res = (await db()
    .collection('cases')
    .aggregate()
    .match(match)
    .group({ _id: { s: '$source', ch: '$channel', f: '$filedBy' }, n: _.aggregate.sum(1) })
    .end()) as { data?: Array<{ _id: { s: string; ch?: CaseChannel | null; f?: string | null }; n: number }> }
  const rows = new Map<string, SourceRow>()
  for (const r of res.data ?? []) {
    const channel: ChannelType = channelOf({ channel: r._id.ch ?? undefined, filedBy: r._id.f ?? null }).type
    const key = `${r._id.s}|${channel}`
    const row = rows.get(key) ?? { source: r._id.s, channel, count: 0 }
    row.count += r.n
    rows.set(key, row)
  }
  return [...rows.values()].sort((a, b) => b.count - a.count || a.source.localeCompare(b.source)).slice(0, MAX_SOURCES)
}
