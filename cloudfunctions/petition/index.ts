// petition: what residents do — the catalog, filing, their own cases, adding information, withdrawing,
// rating, and the public board.
import { toBoardItem, toSummary } from '../core'
import type { CaseDoc } from '../core/types'
import type { BoardItem, CaseSummary } from '../../typings/api'
import { db } from '../shared/app'
import { chargeSupplement, detailFor, loadCase, runCommand, submitCase } from '../shared/cases'
import { paged } from '../shared/db'
import { callerOpenid, defineFunction } from '../shared/handler'
import { getRefs } from '../shared/refs'
import { requireCleanText, requestMediaChecks } from '../shared/security'
import { DomainError } from '../core'

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
    callerOpenid(ctx)
    return { case: await submitCase(data, ctx.actor, ctx.now, false) }
  },

  async mine(data, ctx) {
    const openid = callerOpenid(ctx)
    const where: Record<string, unknown> = { residentOpenid: openid }
    if (data.state) where.state = data.state
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', where, [['submittedAt', 'desc']], data)
    return { ...page, items: page.items.map((c): CaseSummary => toSummary(c, refs)) }
  },

  async detail(data, ctx) {
    return await detailFor(await loadCase(data.caseId), ctx.actor)
  },

  async supplement(data, ctx) {
    const photos = data.photos ?? []
    const [, media] = await Promise.all([requireCleanText(callerOpenid(ctx), data.text), requestMediaChecks(callerOpenid(ctx), photos)])
    // Photos that cannot be checked are not added (the author may try again); a verdict arriving later holds the case.
    if (media.failed) throw new DomainError('INVALID_INPUT', '图片检测暂时不可用，请稍后再试')
    // Counted against the daily limit in the case's transaction: a refused supplement writes nothing.
    const r = await runCommand(data.caseId, ctx.actor, ctx.now, async (_c, tx) => {
      await chargeSupplement(tx, callerOpenid(ctx), ctx.now)
      const cmd = { type: 'supplement' as const, text: data.text, photos }
      return media.checks.length ? { ...cmd, mediaChecks: media.checks.map(({ traceId, fileId }) => ({ traceId, fileId })) } : cmd
    })
    return r.detail
  },

  async withdraw(data, ctx) {
    const cmd = data.reason ? { type: 'withdraw' as const, reason: data.reason } : { type: 'withdraw' as const }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd)).detail
  },

  async rate(data, ctx) {
    if (data.comment) await requireCleanText(callerOpenid(ctx), data.comment)
    const cmd = data.comment
      ? { type: 'rate' as const, rating: data.rating, comment: data.comment }
      : { type: 'rate' as const, rating: data.rating }
    return (await runCommand(data.caseId, ctx.actor, ctx.now, cmd)).detail
  },

  async board(data) {
    const _ = db().command
    const where: Record<string, unknown> = { state: _.in(['resolved', 'closed']) }
    if (data.townshipId) where.townshipId = data.townshipId
    if (data.categoryId) where.categoryId = data.categoryId
    const refs = await getRefs()
    const page = await paged<CaseDoc>('cases', where, [['submittedAt', 'desc']], data)
    return { ...page, items: page.items.map((c): BoardItem => toBoardItem(c, refs)) }
  }
})
