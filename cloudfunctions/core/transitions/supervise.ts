// 督办: a township or county supervisor orders the handler to act on an open case, with a note and a reply-by
// time (default: the end of the next working day, sla.ts); one order open at a time. The handler answers with a
// 督办回复. An order unanswered at its reply-by time is escalated to the county once by the timer (timer.ts).
import type { SupervisionDoc } from '../types'
import { isCounty } from '../grants'
import { makeEvent, openSupervision, toHolder } from '../common'
import { DomainError } from '../errors'
import { SUPERVISE_REPLY_MAX_MS, superviseReplyBy } from '../sla'
import { formatBeijing } from '../time'
import { type Transition, requireText } from './shared'

export type SuperviseCommand = { type: 'supervise'; orderId: string; note: string; replyBy?: Date }
export type SuperviseReplyCommand = { type: 'supervise_reply'; orderId?: string; text: string }

export const supervise: Transition<SuperviseCommand> = {
  act: 'supervise',
  run({ n, cmd, actor, refs, now, events, notifications }) {
    const note = requireText(cmd.note, '督办要求', 500)
    const replyBy = cmd.replyBy ?? superviseReplyBy(now, refs.calendar)
    if (replyBy.getTime() <= now.getTime() || replyBy.getTime() > now.getTime() + SUPERVISE_REPLY_MAX_MS) {
      throw new DomainError('INVALID_INPUT', '回复期限须在现在之后的 30 天内')
    }
    const order: SupervisionDoc = {
      id: cmd.orderId,
      at: now,
      byOpenid: actor.openid,
      byName: actor.name,
      byRole: actor.role,
      level: isCounty(actor) ? 'county' : 'township',
      note,
      replyBy
    }
    n.supervisions = [...(n.supervisions ?? []), order]
    const level = order.level === 'county' ? '县级' : '镇街'
    events.push(makeEvent(n, 'supervise', actor, now, { note: `${level}督办：${note}（请于 ${formatBeijing(replyBy)} 前回复）` }))
    const fields = { kind: `${level}督办`, remark: `督办：${note}`, deadline: formatBeijing(replyBy) }
    notifications.push(...toHolder(n, refs, now, fields))
  }
}

export const superviseReply: Transition<SuperviseReplyCommand> = {
  act: 'supervise_reply',
  run({ n, cmd, actor, now, events, notifications }) {
    const text = requireText(cmd.text, '督办回复', 500)
    const order = openSupervision(n)
    if (!order || (cmd.orderId && cmd.orderId !== order.id)) throw new DomainError('INVALID_STATE')
    order.reply = { at: now, byOpenid: actor.openid, byName: actor.name, text }
    const late = now.getTime() > order.replyBy.getTime()
    events.push(makeEvent(n, 'supervise_reply', actor, now, { note: `督办回复${late ? '（逾期）' : ''}：${text}` }))
    notifications.push({
      touser: order.byOpenid,
      template: 'staff_warning',
      caseId: n._id,
      fields: { no: n.no, kind: '督办回复', remark: `督办回复：${text}`, time: formatBeijing(now) }
    })
  }
}
