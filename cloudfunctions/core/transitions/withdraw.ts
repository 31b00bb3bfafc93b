// 撤回: the resident withdraws a case before it is accepted.
import { makeEvent, toFollowers } from '../common'
import { type Transition, optText } from './shared'

export type WithdrawCommand = { type: 'withdraw'; reason?: string }

export const withdraw: Transition<WithdrawCommand> = {
  act: 'withdraw',
  run({ n, cmd, actor, refs, now, from, events, notifications }) {
    n.state = 'withdrawn'
    n.closedAt = now
    events.push(makeEvent(n, 'withdraw', actor, now, { from, to: 'withdrawn', note: optText(cmd.reason) }))
    // (metoo) Followers learn that the case they follow will not be handled (they may file it themselves).
    notifications.push(...toFollowers(n, refs, now, { remark: '反映人已撤回，如仍存在请重新反映' }))
  }
}
