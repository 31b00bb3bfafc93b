// 认领 by phone: WeChat vouches for the resident's number (getPhoneNumber's code, exchanged with the open API
// phonenumber.getPhoneNumber; locally the emulator's stand-in), then each unclaimed case filed for that number
// (热线, 代报) goes through the `claim` command.
import { canSee, DomainError, toSummary, type Actor } from '../core'
import type { CaseDoc } from '../core/types'
import type { CaseSummary } from '../../typings/api'
import { app, db } from './app'
import { NO_TIMELINE } from './db'
import { runCommand } from './cases'
import { getRefs } from './refs'

/** Most cases one claim takes at once. */
export const MAX_CLAIM = 50

/** The phone number (mainland, 11 digits) the getPhoneNumber code proves; PHONE_CODE_INVALID otherwise. */
export async function verifiedPhone(code: string): Promise<string> {
  let r: { errcode?: number; errmsg?: string; phone_info?: { purePhoneNumber?: string; countryCode?: string } } | undefined
  try {
    const res = (await app().callWxOpenApi({ apiName: 'phonenumber.getPhoneNumber', requestData: { code } })) as { result?: typeof r }
    r = res.result
  } catch (e) {
    console.error('[claims] getPhoneNumber failed:', (e as Error)?.message ?? e)
    throw new DomainError('PHONE_CODE_INVALID')
  }
  const phone = r?.phone_info?.purePhoneNumber
  if (!r || (r.errcode ?? 0) !== 0 || !phone || (r.phone_info?.countryCode ?? '86') !== '86') throw new DomainError('PHONE_CODE_INVALID')
  return phone
}

/** Claim every unclaimed case filed for `phone` that `actor` may claim; answers the claimed cases. */
export async function claimByPhone(actor: Actor, phone: string, now: Date): Promise<CaseSummary[]> {
  const res = await db().collection('cases').where({ 'contact.phone': phone, residentOpenid: null }).field(NO_TIMELINE).limit(MAX_CLAIM).get()
  const refs = await getRefs()
  const out: CaseSummary[] = []
  for (const c of (res.data ?? []) as CaseDoc[]) {
    try {
      const { applied } = await runCommand(c._id, actor, now, { type: 'claim', phone })
      if (canSee(actor, applied.result.next)) out.push(toSummary(applied.result.next, refs))
    } catch (e) {
      // Not claimable by this caller or in this state (withdrawn, already claimed meanwhile): skipped.
      if (!(e instanceof DomainError) || !['FORBIDDEN', 'INVALID_STATE', 'CONFLICT'].includes(e.code)) throw e
    }
  }
  return out
}
