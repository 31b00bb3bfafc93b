// (share) 附议群众评价: a follower's own rating of a resolved or closed case. It is kept apart from the reporter's
// rating (`CaseDoc.followerRatings`, one entry per follower; rating again replaces the entry), changes no state,
// no clock and no counter: the metrics read only the reporter's (or a 回访's) rating (rollups.ts effectiveRating).
import type { Rating } from '../../../typings/api'
import { RATING_LABELS } from '../../../typings/api'
import { makeEvent } from '../common'
import { type Transition } from './shared'

export type FollowerRateCommand = { type: 'follower_rate'; rating: Rating }

export const followerRate: Transition<FollowerRateCommand> = {
  act: 'follower_rate',
  run({ c, n, cmd, actor, now, events }) {
    const rest = (c.followerRatings ?? []).filter((r) => r.openid !== actor.openid)
    const again = rest.length !== (c.followerRatings ?? []).length
    n.followerRatings = [...rest, { openid: actor.openid, value: cmd.rating, at: now }]
    events.push(makeEvent(n, 'follower_rate', actor, now, { note: `附议群众${again ? '修改' : ''}评价：${RATING_LABELS[cmd.rating]}` }))
  }
}

/** Counts of the followers' ratings (every value present, 0 when none). */
export function countFollowerRatings(list: ReadonlyArray<{ value: Rating }>): Record<Rating, number> {
  const out: Record<Rating, number> = { satisfied: 0, basic: 0, unsatisfied: 0 }
  for (const r of list) out[r.value] += 1
  return out
}
