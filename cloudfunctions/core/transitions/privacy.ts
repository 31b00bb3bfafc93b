// Personal data: erasing a case's contact details (the resident deleted their account, or the retention period
// after closing passed), and holding a case whose photo the media check flagged.
import { makeEvent, OPEN_STATES, SYSTEM_ACTOR } from '../common'
import { dropFollower, forgetInMerge } from './metoo'
import { type Transition } from './shared'

export type AnonymizeCommand = { type: 'anonymize'; reason: 'account_deleted' | 'retention' }
/** The verdict of an asynchronous media check (mediaCheckAsync) on one of the case's photos. */
/** 注销 of a resident who follows the case (附议): their openid and their own rating leave it. */
export type ForgetFollowerCommand = { type: 'forget_follower' }
export type MediaHoldCommand = { type: 'media_hold'; traceId: string; suggest: 'pass' | 'review' | 'risky'; label?: string }

export const anonymize: Transition<AnonymizeCommand> = {
  act: 'anonymize',
  run({ c, n, cmd, now, events }) {
    n.contact = {}
    n.hideName = true
    if (cmd.reason === 'account_deleted') {
      n.residentOpenid = null
      if (c.residentOpenid) forgetInMerge(c, n, c.residentOpenid)
    }
    n.anonymizedAt = now
    const note = cmd.reason === 'account_deleted' ? '群众注销账号，联系人信息已删除' : '超过保存期限，联系人信息已匿名化'
    // Recorded as the system: the event must not keep the openid being unlinked.
    events.push(makeEvent(n, 'anonymize', SYSTEM_ACTOR, now, { note }))
  }
}

export const mediaHold: Transition<MediaHoldCommand> = {
  act: 'media_hold',
  run({ n, cmd, now, from, events }) {
    const flagged = cmd.suggest !== 'pass'
    n.mediaChecks = (n.mediaChecks ?? []).map((m) => (m.traceId === cmd.traceId ? { ...m, status: flagged ? ('flagged' as const) : ('pass' as const) } : { ...m }))
    if (!flagged) return
    n.moderation = { status: 'held', label: `media:${cmd.suggest}:${cmd.label ?? ''}` }
    // An open case waits in review like flagged text; a finished one keeps its state, the flag is recorded.
    if (OPEN_STATES.has(from)) {
      n.state = 'review'
      events.push(makeEvent(n, 'media_hold', SYSTEM_ACTOR, now, { from, to: 'review', note: '图片内容待人工审核' }))
    } else {
      events.push(makeEvent(n, 'media_hold', SYSTEM_ACTOR, now, { note: '图片内容被标记，待人工审核' }))
    }
  }
}

export const forgetFollower: Transition<ForgetFollowerCommand> = {
  act: 'forget_follower',
  run({ c, n, actor }) {
    // As unfollow, in any state.
    dropFollower(c, n, actor.openid)
  }
}
