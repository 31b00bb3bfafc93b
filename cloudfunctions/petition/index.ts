// petition: what residents do — the catalog, filing, their own cases, adding information, withdrawing,
// rating, and the public board.
import { toBoardItem, toSummary } from '../core'
import type { CaseDoc } from '../core/types'
import type { BoardItem, CaseSummary } from '../../typings/api'
import { db } from '../shared/app'
import { detailFor, loadCase, runCommand, submitCase } from '../shared/cases'
import { paged } from '../shared/db'
import { callerOpenid, defineFunction } from '../shared/handler'
import { requireOwnPhotos } from '../shared/photos'
import { filingInput } from '../shared/policy'
import { getRefs } from '../shared/refs'
import { requireCleanText } from '../shared/security'

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
    return { case: await submitCase(await filingInput(data, ctx.user, ctx.actor), ctx.actor, ctx.now, false) }
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
    requireOwnPhotos(data.photos, callerOpenid(ctx))
    await requireCleanText(callerOpenid(ctx), data.text)
    const r = await runCommand(data.caseId, ctx.actor, ctx.now, { type: 'supplement', text: data.text, photos: data.photos ?? [] })
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
