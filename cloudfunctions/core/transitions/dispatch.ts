// The county's (or township's) routing moves: 派单 from the queue, 转办 to another unit, and 放行 of a case
// held by content security (then routed by the rules).
import { makeEvent } from '../common'
import { DomainError } from '../errors'
import { type Transition, autoRoute, deptName, dispatchTo, optText, requireDepartment, requireText, routedNotifications } from './shared'

export type RouteCommand = { type: 'route'; departmentId: string; note?: string }
export type TransferCommand = { type: 'transfer'; departmentId: string; note: string }
export type ReleaseCommand = { type: 'release'; note?: string }

export const route: Transition<RouteCommand> = {
  act: 'route',
  run({ n, cmd, actor, refs, now, from, events, notifications }) {
    const dept = requireDepartment(refs, cmd.departmentId)
    dispatchTo(n, dept, now)
    events.push(makeEvent(n, 'route', actor, now, { from, to: 'dispatched', note: optText(cmd.note) ?? `派至${deptName(refs, dept)}` }))
    notifications.push(...routedNotifications(n, refs, now))
  }
}

export const transfer: Transition<TransferCommand> = {
  act: 'transfer',
  run({ c, n, cmd, actor, refs, now, from, events, notifications }) {
    const note = requireText(cmd.note, '转办说明', 500)
    const dept = requireDepartment(refs, cmd.departmentId)
    if (dept === c.departmentId) throw new DomainError('INVALID_INPUT', '请选择其他部门')
    dispatchTo(n, dept, now)
    events.push(makeEvent(n, 'transfer', actor, now, { from, to: 'dispatched', note: `转办至${deptName(refs, dept)}：${note}` }))
    notifications.push(...routedNotifications(n, refs, now))
  }
}

export const release: Transition<ReleaseCommand> = {
  act: 'release',
  run({ n, cmd, actor, refs, now, from, events, notifications }) {
    n.moderation = { ...n.moderation, status: 'pass' }
    events.push(makeEvent(n, 'release', actor, now, { from, note: optText(cmd.note) }))
    events.push(autoRoute(n, refs, now))
    notifications.push(...routedNotifications(n, refs, now))
  }
}
