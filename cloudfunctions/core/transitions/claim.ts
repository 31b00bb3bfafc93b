// 认领: a resident claims a case filed for them (热线, 代报) by proving its phone number (WeChat's getPhoneNumber;
// the handler exchanges the code). The case becomes theirs: they follow it, and rate it once resolved.
import { makeEvent } from '../common'
import { DomainError } from '../errors'
import type { Transition } from './shared'

/** `phone`: the number WeChat vouched for, never one the client typed. */
export type ClaimCommand = { type: 'claim'; phone: string }

export const claim: Transition<ClaimCommand> = {
  act: 'claim',
  run({ c, n, cmd, actor, now, events }) {
    if (!c.contact.phone || c.contact.phone !== cmd.phone) throw new DomainError('FORBIDDEN', '手机号与诉求登记的号码不一致')
    n.residentOpenid = actor.openid
    n.claimedAt = now
    events.push(makeEvent(n, 'claim', actor, now, { note: '群众通过手机号认领' }))
  }
}
