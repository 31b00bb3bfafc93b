// 退回: not ours (a department), or passed up for dispatch (a grid member): back to the county queue.
import { makeEvent, toAudience } from '../common'
import { type Transition, clearHandler, requireText } from './shared'

export type ReturnCommand = { type: 'return'; reason: string }

export const returnCase: Transition<ReturnCommand> = {
  act: 'return',
  run({ n, cmd, cap, actor, refs, now, from, events, notifications }) {
    const reason = requireText(cmd.reason, '退回理由', 500)
    if (cap === 'dept') n.returnCount += 1 // a grid member passing a case up is the normal flow, not a refusal
    n.state = 'queued'
    n.departmentId = null
    clearHandler(n)
    events.push(makeEvent(n, 'return', actor, now, { from, to: 'queued', note: reason }))
    notifications.push(toAudience(n, 'county_dispatcher', {}, 'staff_new_case', refs, now, { remark: `退回理由：${reason}` }))
  }
}
