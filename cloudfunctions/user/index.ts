// user: who am I (creates the resident on first sight), staff onboarding with one-time invite codes, and 认领
// (claiming the cases filed for one's phone number).
import { DomainError, isStaff, tabsFor, tilesFor } from '../core'
import type { InviteDoc, UserDoc } from '../core/types'
import type { Me } from '../../typings/api'
import { DELETE_ACCOUNT_PHRASE } from '../../typings/api'
import { deleteAccount } from '../shared/privacy'
import { claimByPhone, verifiedPhone } from '../shared/claims'
import { callerOpenid, defineFunction } from '../shared/handler'
import { uploadPrefix } from '../shared/photos'
import { profileOf, setProfile } from '../shared/policy'
import { getRefs } from '../shared/refs'
import { scopeLabel } from '../shared/scope'
import { txGet, txSet, withTransaction } from '../shared/tx'

async function meOf(user: UserDoc): Promise<Me> {
  const refs = await getRefs()
  const me: Me = { openid: user._id, role: user.role, scope: user.scope ?? {}, tabs: tabsFor(user.role), uploadPrefix: uploadPrefix(user._id) }
  const tiles = tilesFor(user.role)
  if (tiles.length) me.tiles = tiles
  if (user.name) me.name = user.name
  const label = scopeLabel(user.scope ?? {}, refs)
  if (label) me.scopeLabel = label
  me.profile = await profileOf(user)
  return me
}

/** Normalise a typed code: upper case, no spaces, a dash after the 4th character. */
export function normaliseCode(code: string): string {
  const raw = code.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return raw.length === 8 ? `${raw.slice(0, 4)}-${raw.slice(4)}` : code.trim().toUpperCase()
}

export const main = defineFunction('user', {
  async me(_data, ctx) {
    const openid = callerOpenid(ctx)
    if (ctx.user) return await meOf(ctx.user)
    const user = await withTransaction(async (tx) => {
      const existing = await txGet<UserDoc>(tx, 'users', openid)
      if (existing) return existing
      const doc: UserDoc = { _id: openid, role: 'resident', scope: {}, createdAt: ctx.now, updatedAt: ctx.now }
      await txSet(tx, 'users', doc)
      return doc
    })
    return await meOf(user)
  },

  async setProfile(data, ctx) {
    return await meOf(await setProfile(callerOpenid(ctx), data, ctx.now))
  },

  async redeemInvite(data, ctx) {
    const openid = callerOpenid(ctx)
    const code = normaliseCode(data.code)
    const name = data.name.trim()
    const user = await withTransaction(async (tx) => {
      const invite = await txGet<InviteDoc>(tx, 'invites', code)
      if (!invite) throw new DomainError('INVITE_INVALID')
      if (invite.usedBy) throw new DomainError('INVITE_USED')
      if (invite.revokedAt) throw new DomainError('INVITE_REVOKED')
      if (new Date(invite.expiresAt).getTime() <= ctx.now.getTime()) throw new DomainError('INVITE_INVALID')
      const existing = await txGet<UserDoc>(tx, 'users', openid)
      const doc: UserDoc = {
        _id: openid,
        role: invite.role,
        scope: invite.scope ?? {},
        name,
        createdAt: existing?.createdAt ?? ctx.now,
        updatedAt: ctx.now
      }
      await txSet(tx, 'invites', { ...invite, usedBy: openid, usedAt: ctx.now })
      await txSet(tx, 'users', doc)
      return doc
    })
    return await meOf(user)
  },

  async deleteAccount(data, ctx) {
    callerOpenid(ctx)
    // Staff accounts are unbound by the county office, not deleted from the mini program.
    if (isStaff(ctx.actor.role)) throw new DomainError('FORBIDDEN', '工作人员账号请联系县级管理员解除绑定')
    if (data.confirm !== DELETE_ACCOUNT_PHRASE) throw new DomainError('CONFIRM_REQUIRED')
    const cases = await deleteAccount(ctx.actor, await getRefs(), ctx.now)
    return { deleted: true as const, cases }
  },

  async claimByPhone(data, ctx) {
    callerOpenid(ctx)
    // Who may claim which case is the core's decision (grants.ts: claimant); the phone is WeChat's, never typed.
    const phone = await verifiedPhone(data.code)
    return { claimed: await claimByPhone(ctx.actor, phone, ctx.now) }
  }
})
