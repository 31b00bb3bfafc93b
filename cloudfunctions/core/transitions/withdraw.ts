// 撤回: the resident withdraws a case before it is accepted.
import { makeEvent } from '../common'
import { type Transition, optText } from './shared'

export type WithdrawCommand = { type: 'withdraw'; reason?: string }

export const withdraw: Transition<WithdrawCommand> = {
  act: 'withdraw',
  run({ n, cmd, actor, now, from, events }) {
    n.state = 'withdrawn'
    n.closedAt = now
    events.push(makeEvent(n, 'withdraw', actor, now, { from, to: 'withdrawn', note: optText(cmd.reason) }))
  }
}
