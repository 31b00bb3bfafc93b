// 批示: a county leader's instruction on a case. The handler (or the department), the township supervisor and
// the county office are told at top priority; the case is tracked in the 批示 list until closed.
import type { NotificationDraft } from '../types'
import { makeEvent, toAudience } from '../common'
import { formatBeijing } from '../time'
import { type Transition, requireText } from './shared'

export type InstructCommand = { type: 'instruct'; text: string }

export const instruct: Transition<InstructCommand> = {
  act: 'instruct',
  run({ n, cmd, actor, refs, now, events, notifications }) {
    const text = requireText(cmd.text, '批示内容', 500)
    n.instructions = [...(n.instructions ?? []), { at: now, byOpenid: actor.openid, byName: actor.name, text }]
    n.instructed = true
    events.push(makeEvent(n, 'instruct', actor, now, { note: `${actor.name}批示：${text}` }))
    const fields = { kind: '领导批示', remark: `批示：${text}` }
    const out: NotificationDraft[] = []
    if (n.handlerOpenid) {
      out.push({ touser: n.handlerOpenid, template: 'staff_warning', caseId: n._id, fields: { no: n.no, ...fields, time: formatBeijing(now) } })
    } else if (n.departmentId) {
      out.push(toAudience(n, 'dept_handler', { departmentId: n.departmentId }, 'staff_warning', refs, now, fields))
    }
    out.push(toAudience(n, 'township_supervisor', { townshipId: n.townshipId }, 'staff_warning', refs, now, fields))
    out.push(toAudience(n, 'county_dispatcher', {}, 'staff_warning', refs, now, fields))
    for (const d of out) d.priority = 'top'
    notifications.push(...out)
  }
}
