// petition: what residents do — the catalog, filing, their own cases, adding information, withdrawing,
// rating, and the public board.
import { locate, toBoardItem, toFollowerSummary, toSummary } from '../core'
import type { CaseDoc } from '../core/types'
import type { BoardItem, CaseState, CaseSummary } from '../../typings/api'
import { db } from '../shared/app'
import { chargeSupplement, detailFor, loadCaseWithEvents, runCommand, submitCase } from '../shared/cases'
import { paged } from '../shared/db'
import { callerOpenid, defineFunction, type Ctx } from '../shared/handler'
import { requireOwnPhotos } from '../shared/photos'
import { filingInput } from '../shared/policy'
import { getRefs, useNameTagger } from '../shared/refs'
import { lazyJiebaTagger } from '../shared/tagger'
import { requireCleanText, requestMediaChecks } from '../shared/security'
import { DomainError } from '../core'
import { similarCases } from '../shared/metoo'
import { publicCaseView } from '../shared/share'

useNameTagger(lazyJiebaTagger)

/** A 工单号 as residents type it: 'WS' + digits (case-insensitive, spaces and dashes ignored). */
const CASE_NO_RE = /^WS\d{4,}$/

/**
 * The filter of 我的诉求 on top of the resident's own cases (the `resident` index): states, and `q` — a 工单号
 * matches `no` exactly (the `no` index), trailing digits ('0004') match the end of `no`; other text is a case-insensitive substring of the text, which is
 * bounded because it only looks at one resident's cases.
 */
function mineFilter(data: { state?: CaseState; states?: CaseState[]; q?: string }): Record<string, unknown> {
  const _ = db().command
  const where: Record<string, unknown> = {}
  const states = [...new Set([...(data.states ?? []), ...(data.state ? [data.state] : [])])]
  if (states.length === 1) where.state = states[0]
  else if (states.length > 1) where.state = _.in(states)
  const q = data.q?.trim()
  if (q) {
    const no = q.toUpperCase().replace(/[\s-]+/g, '')
    const escaped = q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    if (CASE_NO_RE.test(no)) where.no = no
    else if (/^\d{4,}$/.test(no)) where.no = db().RegExp({ regexp: `${no}$` })
    else where.text = db().RegExp({ regexp: escaped, options: 'i' })
  }
  return where
}

export const main = defineFunction('petition', {
  async catalog() {
    const refs = await getRefs()
    return {
      categories: [...refs.categories.values()].filter((c) => c.active).sort((a, b) => a.order - b.order),
      townships: [...refs.townships.values()].sort((a, b) => a._id.localeCompare(b._id)),
      villages: [...refs.villages.values()].sort((a, b) => a._id.localeCompare(b._id)),
      departments: [...refs.departments.values()].sort((a, b) => a._id.localeCompare(b._id)),
      grids: refs.grids.map(({ polygon: _polygon, ...g }) => g).sort((a, b) => a._id.localeCompare(b._id))
    }
  },

  async submit(data, ctx) {
    requireOwnPhotos(data.photos, callerOpenid(ctx))
    return { case: await submitCase(await filingInput(data, ctx.user, ctx.actor), ctx.actor, ctx.user, ctx.now, false) }
  },

  async mine(data, ctx) {
    const openid = callerOpenid(ctx)
    const where: Record<string, unknown> = { residentOpenid: openid, ...mineFilter(data) }
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', where, [['submittedAt', 'desc']], data)
    return { ...page, items: page.items.map((c): CaseSummary => toSummary(c, refs)) }
  },

  async detail(data, ctx) {
    const { c, events } = await loadCaseWithEvents(data.caseId)
    return await detailFor(c, events, ctx.actor, undefined, ctx.now)
  },

  async locate(data) {
    const refs = await getRefs()
    const at = locate({ point: data.point }, refs)
    // A point is named by the grid it falls in (镇街 · 村居); a point in no grid is not guessed.
    if (!at || !at.gridId) return { townshipId: null, label: '未能识别所在村居，请手动选择镇街 / 村居' }
    const names = [refs.townships.get(at.townshipId)?.name, at.villageId ? refs.villages.get(at.villageId)?.name : undefined].filter(Boolean)
    const out: { townshipId: string; villageId?: string; gridId?: string; label: string } = { townshipId: at.townshipId, label: names.join(' · ') }
    if (at.villageId) out.villageId = at.villageId
    out.gridId = at.gridId
    return out
  },

  async urge(data, ctx) {
    const cmd = data.note ? { type: 'urge' as const, note: data.note } : { type: 'urge' as const }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd, data.note ? { check: requireCleanText(callerOpenid(ctx), data.note) } : {})).detail
  },

  async supplement(data, ctx) {
    return (await addModeratedNote('supplement', data, ctx)).detail
  },

  async withdraw(data, ctx) {
    const cmd = data.reason ? { type: 'withdraw' as const, reason: data.reason } : { type: 'withdraw' as const }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd)).detail
  },

  async rate(data, ctx) {
    const cmd = data.comment
      ? { type: 'rate' as const, rating: data.rating, comment: data.comment }
      : { type: 'rate' as const, rating: data.rating }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd, data.comment ? { check: requireCleanText(callerOpenid(ctx), data.comment) } : {})).detail
  },

  /** Approved public summaries only (index board / board_township: publicState + publicAt). */
  async board(data) {
    const where: Record<string, unknown> = { publicState: 'published' }
    if (data.townshipId) where.townshipId = data.townshipId
    if (data.categoryId) where.categoryId = data.categoryId
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', where, [['publicAt', 'desc']], data)
    return { ...page, items: page.items.map((c): BoardItem => toBoardItem(c, refs)) }
  },

  async setPublication(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'set_publication', consent: data.consent })).detail
  },

  // (metoo) 附议
  async similar(data, ctx) {
    return { items: await similarCases(data, ctx.actor, ctx.now) }
  },

  async follow(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'follow' })).detail
  },

  async unfollow(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'unfollow' })).detail
  },

  /** Moderated like a supplement: the text check, the asynchronous photo check, the daily limit. */
  async followerNote(data, ctx) {
    return (await addModeratedNote('follower_note', data, ctx)).detail
  },

  /** The cases the caller follows (the followers array; a multikey index on CloudBase). */
  async following(data, ctx) {
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', { followers: callerOpenid(ctx) }, [['submittedAt', 'desc']], data)
    return { ...page, items: page.items.map((c): CaseSummary => toFollowerSummary(c, refs)) }
  },

  // (share) What a shared card opens, for anyone logged in; a follower's own rating (not in the metrics).
  async publicView(data, ctx) {
    return await publicCaseView(data.caseId, ctx.actor)
  },

  async followerRate(data, ctx) {
    return (await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'follower_rate', rating: data.rating })).detail
  }
})

/**
 * A resident's supplement, or a follower's note: the caller's own photos, the text check and the asynchronous photo
 * check, then the command counted against the daily limit in the case's transaction (a refused one writes nothing).
 */
async function addModeratedNote(type: 'supplement' | 'follower_note', data: { caseId: string; text: string; photos?: string[] }, ctx: Ctx) {
  requireOwnPhotos(data.photos, callerOpenid(ctx))
  const photos = data.photos ?? []
  const [, media] = await Promise.all([requireCleanText(callerOpenid(ctx), data.text), requestMediaChecks(callerOpenid(ctx), photos)])
  // Photos that cannot be checked are not added (the author may try again); a verdict arriving later holds the case.
  if (media.failed) throw new DomainError('INVALID_INPUT', '图片检测暂时不可用，请稍后再试')
  return runCommand(data.caseId, ctx.actor, ctx.now, async (_c, tx) => {
    await chargeSupplement(tx, callerOpenid(ctx), ctx.now)
    const cmd = { type, text: data.text, photos }
    return media.checks.length ? { ...cmd, mediaChecks: media.checks.map(({ traceId, fileId }) => ({ traceId, fileId })) } : cmd
  })
}
