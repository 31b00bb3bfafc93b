// 回访: county staff call a resident back and record it — reached or not, the rating, a note. For a resolved 代报
// case a reached rating acts like the resident's own (满意 closes, 不满意 reopens); on a closed case (a verification
// sample, or a 代报 case closed unrated) it is recorded only, and it overrides the own rating in the metrics
// (rollups.ts effectiveRating). Sampling marks a resident-rated case as due for a verification 回访.
import type { Rating } from '../../../typings/api'
import { RATING_LABELS } from '../../../typings/api'
import { makeEvent } from '../common'
import { DomainError } from '../errors'
import { applyRating } from './rate'
import { type Transition, optText } from './shared'

export type CallbackCommand = { type: 'callback'; reached: boolean; rating?: Rating; note?: string }
export type SampleCallbackCommand = { type: 'callback_sample' }

export const callback: Transition<CallbackCommand> = {
  act: 'callback',
  run(step) {
    const { c, n, cmd, actor, now, from, events } = step
    const note = optText(cmd.note)
    if (cmd.reached && !cmd.rating) throw new DomainError('INVALID_INPUT', '已联系到群众时请选择评价')
    const entry: NonNullable<typeof n.callbacks>[number] = { at: now, by: actor.name, byOpenid: actor.openid, reached: cmd.reached }
    if (cmd.reached && cmd.rating) entry.rating = cmd.rating
    if (note) entry.note = note
    n.callbacks = [...(c.callbacks ?? []).map((x) => ({ ...x })), entry]
    if (!cmd.reached) {
      events.push(makeEvent(n, 'callback', actor, now, { note: `回访未联系上${note ? `：${note}` : ''}` }))
      return
    }
    const rating = cmd.rating!
    n.callbackDue = false
    const own = c.rating && c.residentOpenid !== null ? c.rating.value : undefined
    const override = own && own !== rating ? `（覆盖群众评价：${RATING_LABELS[own]} → ${RATING_LABELS[rating]}）` : ''
    const text = `回访：${RATING_LABELS[rating]}${override}${note ? `；${note}` : ''}`
    if (from === 'resolved') applyRating(step, rating, 'callback', text)
    else events.push(makeEvent(n, 'callback', actor, now, { note: text }))
  }
}

export const sampleCallback: Transition<SampleCallbackCommand> = {
  act: 'callback_sample',
  run({ n, actor, now, events }) {
    n.callbackDue = true
    events.push(makeEvent(n, 'callback_sample', actor, now, { note: '抽中回访核实' }))
  }
}
