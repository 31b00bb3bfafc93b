// 催办: the resident (or the filer) urges a late case — once the accept deadline passed without acceptance, or
// once the finish deadline is within one working day (sla.ts urgeStatus); once per case per 24 h. The handler
// holding the case is told (common.ts toHolder), and the township supervisor.
import { caseFields, makeEvent, toAudience, toHolder } from '../common'
import { DomainError } from '../errors'
import { urgeStatus } from '../sla'
import { formatBeijing } from '../time'
import { type Transition, optText } from './shared'

export type UrgeCommand = { type: 'urge'; note?: string }

export const urge: Transition<UrgeCommand> = {
  act: 'urge',
  run({ c, n, cmd, actor, refs, now, events, notifications }) {
    const st = urgeStatus(c, refs.calendar, now)
    if (!st.allowed) {
      const when = st.opensAt ? `，${formatBeijing(st.opensAt)} 起可催办` : ''
      throw new DomainError(st.code ?? 'INVALID_STATE', `${st.reason ?? '当前不能催办'}${when}`)
    }
    const note = optText(cmd.note)
    if (note && note.length > 200) throw new DomainError('INVALID_INPUT', '催办说明不能超过 200 字')
    n.urgeCount = (c.urgeCount ?? 0) + 1
    n.lastUrgedAt = now
    events.push(makeEvent(n, 'urge', actor, now, { note: `群众第${n.urgeCount}次催办${note ? `：${note}` : ''}` }))
    const fields = { kind: '群众催办', remark: note ? `群众催办：${note}` : '群众催办，请尽快办理' }
    // Whoever holds the case now (the county office while it waits in the queue or in review); a case held by
    // nobody yet (a grid's own) goes to the county office.
    const held = toHolder(n, refs, now, { ...fields, deadline: caseFields(n, refs, now).deadline })
    notifications.push(...(held.length ? held : [toAudience(n, 'county_dispatcher', {}, 'staff_warning', refs, now, fields)]))
    notifications.push(toAudience(n, 'township_supervisor', { townshipId: n.townshipId }, 'staff_warning', refs, now, fields))
  }
}
