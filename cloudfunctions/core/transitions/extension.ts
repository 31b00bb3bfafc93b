// 延期: the handler asks for more working days (one request at a time); the county or township decides.
import type { ExtensionDoc } from '../types'
import { makeEvent, toAudience, finishBasisOf } from '../common'
import { DomainError } from '../errors'
import { dayKey, endOfDay, formatBeijing } from '../time'
import { type Transition, optText, requireText } from './shared'

export type RequestExtensionCommand = { type: 'request_extension'; workdays: number; reason: string; extensionId: string }
export type DecideExtensionCommand = { type: 'decide_extension'; extension: ExtensionDoc; approve: boolean; note?: string }

/** Most working days one extension may add. */
export const MAX_EXTENSION_WORKDAYS = 30

export const requestExtension: Transition<RequestExtensionCommand> = {
  act: 'request_extension',
  run(t) {
    const { n, cmd, actor, refs, now } = t
    const reason = requireText(cmd.reason, '延期理由', 500)
    if (!Number.isInteger(cmd.workdays) || cmd.workdays < 1 || cmd.workdays > MAX_EXTENSION_WORKDAYS) {
      throw new DomainError('INVALID_INPUT', `延期天数须为 1 至 ${MAX_EXTENSION_WORKDAYS} 个工作日`)
    }
    t.extension = {
      _id: cmd.extensionId,
      caseId: n._id,
      caseNo: n.no,
      departmentId: n.departmentId,
      requestedAt: now,
      requestedBy: actor.openid,
      requestedByName: actor.name,
      workdays: cmd.workdays,
      reason,
      state: 'pending'
    }
    n.pendingExtensionId = cmd.extensionId
    t.events.push(makeEvent(n, 'extension_request', actor, now, { note: `申请延期 ${cmd.workdays} 个工作日：${reason}` }))
    // Only the county office is told: it decides in 延期审批 (a township supervisor has no extensions list, and no
    // role is told of what it cannot act on).
    t.notifications.push(toAudience(n, 'county_dispatcher', {}, 'staff_warning', refs, now, { kind: '延期待批', remark: '延期申请待审批' }))
  }
}

export const decideExtension: Transition<DecideExtensionCommand> = {
  act: 'decide_extension',
  run(t) {
    const { c, n, cmd, actor, refs, now } = t
    const ext = cmd.extension
    if (ext.caseId !== c._id || ext.state !== 'pending' || c.pendingExtensionId !== ext._id) {
      throw new DomainError('INVALID_STATE')
    }
    const note = optText(cmd.note)
    t.extension = { ...ext, state: cmd.approve ? 'approved' : 'refused', decidedAt: now, decidedBy: actor.openid }
    if (note) t.extension.decisionNote = note
    n.pendingExtensionId = null
    if (cmd.approve) {
      const basis = finishBasisOf(c)
      const oldDay = dayKey(c.finishBy)
      const newDay = refs.calendar.addWorkdays(oldDay, ext.workdays)
      n.finishBy = endOfDay(newDay)
      n.provisional = c.provisional || refs.calendar.crossesUnconfirmed(oldDay, newDay)
      n.finishBasis = { day: basis.day, workdays: basis.workdays + ext.workdays }
      n.flags.finishWarned = false
      n.flags.finishOverdue = false
      t.events.push(makeEvent(n, 'extension_approve', actor, now, { note: `同意延期 ${ext.workdays} 个工作日，新的办结期限 ${newDay}${note ? `；${note}` : ''}` }))
    } else {
      t.events.push(makeEvent(n, 'extension_refuse', actor, now, { note: note ?? '不同意延期' }))
    }
    t.notifications.push({
      touser: ext.requestedBy,
      template: 'staff_warning',
      caseId: n._id,
      fields: { no: n.no, kind: cmd.approve ? '延期同意' : '延期未同意', remark: cmd.approve ? '延期申请已同意' : '延期申请未同意', deadline: formatBeijing(n.finishBy) }
    })
  }
}
