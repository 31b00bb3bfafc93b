// staff: the 工作台 of grid members, building leaders, department handlers and supervisors — the inbox by
// bucket, accept / return / resolve / solve on the spot / ask for an extension, and filing on behalf (代报).
import { DomainError, isStaff, toSummary } from '../core'
import type { CaseDoc } from '../core/types'
import type { Role } from '../../typings/api'
import { db } from '../shared/app'
import { loadCase, runCommand, submitCase } from '../shared/cases'
import { revealPhone } from '../shared/privacy'
import { count, paged } from '../shared/db'
import { callerOpenid, defineFunction, type Ctx } from '../shared/handler'
import { requireOwnPhotos } from '../shared/photos'
import { getRefs, useNameTagger } from '../shared/refs'
import { lazyJiebaTagger } from '../shared/tagger'
import { gridGroupWhere, scopeWhere } from '../shared/scope'
import { requireCleanText } from '../shared/security'
import { newId } from '../shared/tx'

type Bucket = 'pending' | 'active' | 'done' | 'overdue'
const BUCKETS: Bucket[] = ['pending', 'active', 'done', 'overdue']

/** The indexed condition of a bucket (dept_state / grid_state / township_state / state / overdue indexes). */
export function bucketWhere(role: Role, bucket: Bucket, _: ReturnType<typeof db>['command']): Record<string, unknown> {
  switch (bucket) {
    case 'pending':
      // A department sees what was dispatched to it; grid and county staff also see the dispatch queue.
      return role === 'dept_handler' ? { state: 'dispatched' } : { state: _.in(['queued', 'dispatched']) }
    case 'active':
      return { state: 'accepted' }
    case 'done':
      return { state: _.in(['resolved', 'closed']) }
    case 'overdue':
      return { overdue: true }
  }
}

function staffWhere(ctx: Ctx): Record<string, unknown> {
  if (!isStaff(ctx.actor.role)) throw new DomainError('FORBIDDEN')
  const where = scopeWhere(ctx.actor.role, ctx.actor.scope, db().command)
  if (!where) throw new DomainError('FORBIDDEN')
  return where
}

useNameTagger(lazyJiebaTagger)

/** The resolve commands, with the public summary when the handler wrote one. */
function resolveCommand<T extends 'resolve' | 'resolve_on_spot'>(type: T, data: { text: string; photos?: string[]; summary?: string }) {
  const cmd = { type, text: data.text, photos: data.photos ?? [] }
  return data.summary ? { ...cmd, summary: data.summary } : cmd
}

/** The staff scope AND a bucket; for grid staff also the cases of their villages' grid groups (an OR of two). */
function scopedBucket(ctx: Ctx, base: Record<string, unknown>, bucket: Bucket): Record<string, unknown> {
  const _ = db().command
  const b = bucketWhere(ctx.actor.role, bucket, _)
  const group = gridGroupWhere(ctx.actor.role, ctx.actor.scope, _)
  return group ? (_.or([{ ...base, ...b }, { ...group, ...b }]) as unknown as Record<string, unknown>) : { ...base, ...b }
}

export const main = defineFunction('staff', {
  async inbox(data, ctx) {
    const base = staffWhere(ctx)
    const _ = db().command
    const order: Array<[string, 'asc' | 'desc']> = data.bucket === 'done' ? [['submittedAt', 'desc']] : [['submittedAt', 'asc']]
    void _
    const [page, ...counts] = await Promise.all([
      paged<CaseDoc>('cases', scopedBucket(ctx, base, data.bucket), order, data),
      ...BUCKETS.map((b) => count('cases', scopedBucket(ctx, base, b)))
    ])
    const refs = await getRefs()
    return {
      ...page,
      items: page.items.map((c) => toSummary(c, refs)),
      counts: Object.fromEntries(BUCKETS.map((b, i) => [b, counts[i]])) as Record<Bucket, number>
    }
  },

  async accept(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'accept' })).detail
  },

  async return(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'return', reason: data.reason }, { check: requireCleanText(callerOpenid(ctx), data.reason) })).detail
  },

  async resolve(data, ctx) {
    requireOwnPhotos(data.photos, callerOpenid(ctx))
    return (await runCommand(data.caseId, ctx.actor, ctx.now, resolveCommand('resolve', data), { check: requireCleanText(callerOpenid(ctx), [data.text, data.summary ?? ''].join('\n').trim()) })).detail
  },

  async resolveOnSpot(data, ctx) {
    requireOwnPhotos(data.photos, callerOpenid(ctx))
    return (await runCommand(data.caseId, ctx.actor, ctx.now, resolveCommand('resolve_on_spot', data), { check: requireCleanText(callerOpenid(ctx), [data.text, data.summary ?? ''].join('\n').trim()) })).detail
  },

  async requestExtension(data, ctx) {
    const cmd = { type: 'request_extension' as const, workdays: data.workdays, reason: data.reason, extensionId: newId() }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd, { check: requireCleanText(callerOpenid(ctx), data.reason) })).detail
  },

  async progress(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'progress', text: data.text, photos: data.photos ?? [] }, { check: requireCleanText(callerOpenid(ctx), data.text) })).detail
  },

  async superviseReply(data, ctx) {
    await requireCleanText(callerOpenid(ctx), data.text)
    const cmd = data.orderId
      ? { type: 'supervise_reply' as const, orderId: data.orderId, text: data.text }
      : { type: 'supervise_reply' as const, text: data.text }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd)).detail
  },

  async proxySubmit(data, ctx) {
    // Who may file on someone's behalf is the core's decision (grid staff, supervisors, the county office).
    requireOwnPhotos(data.photos, callerOpenid(ctx))
    return { case: await submitCase(data, ctx.actor, ctx.user, ctx.now, true) }
  },

  async revealPhone(data, ctx) {
    return { phone: await revealPhone(await loadCase(data.caseId), ctx.actor) }
  }
})
