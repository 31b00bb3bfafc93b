// 评价: 满意 / 基本满意 close the case; 不满意 reopens it (重办) with a new finish clock, and after
// MAX_REOPENS reopens sends it to the county queue for review instead.
import type { Rating } from '../../../typings/api'
import { RATING_LABELS } from '../../../typings/api'
import { SYSTEM_ACTOR, makeEvent, toAudience } from '../common'
import { formatBeijing } from '../time'
import { type Step, type Transition, clearHandler, optText, restartFinishClock } from './shared'

export type RateCommand = { type: 'rate'; rating: Rating; comment?: string }

/** After this many reopens, an unsatisfied rating sends the case to county review instead. */
export const MAX_REOPENS = 2

export const rate: Transition<RateCommand> = {
  act: 'rate',
  run(step) {
    const { n, cmd, now } = step
    const comment = optText(cmd.comment)
    n.rating = comment ? { value: cmd.rating, comment, at: now } : { value: cmd.rating, at: now }
    const note = comment ? `${RATING_LABELS[cmd.rating]}：${comment}` : RATING_LABELS[cmd.rating]
    applyRating(step, cmd.rating, 'rate', note)
  }
}

/**
 * The effect of a rating on a resolved case (the resident's own, or a reached 回访 of a 代报 case): 满意 / 基本满意
 * close it; 不满意 reopens it, or after MAX_REOPENS sends it to county review. `type` is the event recording it.
 */
export function applyRating(step: Step<unknown>, rating: Rating, type: 'rate' | 'callback', note: string): void {
  const { n, actor, refs, now, from, events, notifications } = step
  {
    if (rating !== 'unsatisfied') {
      n.state = 'closed'
      n.closedAt = now
      events.push(makeEvent(n, type, actor, now, { from, to: 'closed', note }))
    } else if (n.reopenCount >= MAX_REOPENS) {
      // 不满意 after two reopens: to the county for review (department kept for reference).
      n.state = 'queued'
      clearHandler(n)
      restartFinishClock(n, refs, now)
      events.push(makeEvent(n, type, actor, now, { note }))
      events.push(makeEvent(n, 'county_review', SYSTEM_ACTOR, now, { from, to: 'queued', note: `已重办${n.reopenCount}次仍不满意，转县级审查` }))
      notifications.push(toAudience(n, 'county_dispatcher', {}, 'staff_warning', refs, now, { kind: '重办审查', remark: '多次重办仍不满意，请审查' }))
    } else {
      n.reopenCount += 1
      n.state = 'accepted'
      n.acceptedAt = now
      restartFinishClock(n, refs, now)
      events.push(makeEvent(n, type, actor, now, { note }))
      events.push(makeEvent(n, 'reopen', SYSTEM_ACTOR, now, { from, to: 'accepted', note: `第${n.reopenCount}次重办，新的办结期限 ${formatBeijing(n.finishBy, 'YYYY-MM-DD')}` }))
      if (n.handlerOpenid) {
        notifications.push({ touser: n.handlerOpenid, template: 'staff_warning', caseId: n._id, fields: { no: n.no, kind: '诉求重办', remark: '群众不满意，诉求重办', deadline: formatBeijing(n.finishBy) } })
      }
    }
  }
}
