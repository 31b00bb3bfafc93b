// 受理: a department handler, grid member or building leader takes the case (two at once: one wins by version).
import { makeEvent, toResident } from '../common'
import { type Transition, markFirstAccept } from './shared'

export type AcceptCommand = { type: 'accept' }

export const accept: Transition<AcceptCommand> = {
  act: 'accept',
  run({ n, actor, refs, now, from, events, notifications }) {
    markFirstAccept(n, now)
    n.state = 'accepted'
    n.handlerOpenid = actor.openid
    n.handlerName = actor.name
    events.push(makeEvent(n, 'accept', actor, now, { from, to: 'accepted' }))
    notifications.push(...toResident(n, refs, now))
  }
}
