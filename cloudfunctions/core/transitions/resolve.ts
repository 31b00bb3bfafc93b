// 办结: the handler's reply (text and photos); or a grid member's on-the-spot fix (现场办结), which also accepts.
import type { CaseDoc } from '../types'
import { type Actor, type Refs, makeEvent, toResident } from '../common'
import { cleanSummary, defaultSummary, SUMMARY_MAX, syncPublicState } from '../publication'
import { type Step, type Transition, checkPhotos, deptName, markFirstAccept, optText, requireText } from './shared'

/** `summary`: the public summary (公开摘要) as the handler wrote or accepted it; a default is written without one. */
export type ResolveCommand = { type: 'resolve'; text: string; photos: string[]; summary?: string }
export type ResolveOnSpotCommand = { type: 'resolve_on_spot'; text: string; photos: string[]; summary?: string }

function markResolved(n: CaseDoc, actor: Actor, refs: Refs, now: Date, text: string, photos: string[]): void {
  n.state = 'resolved'
  n.resolvedAt = now
  if (!n.firstResolvedAt) {
    n.firstResolvedAt = now
    n.firstResolveOnTime = now.getTime() <= n.finishBy.getTime()
  }
  const reply: CaseDoc['replies'][number] = { at: now, by: actor.name, text, photos }
  const dn = actor.role === 'dept_handler' ? deptName(refs, n.departmentId) : undefined
  if (dn) reply.departmentName = dn
  n.replies.push(reply)
}

function resolveStep(t: Step<ResolveCommand | ResolveOnSpotCommand>): void {
  const { n, cmd, actor, refs, now, from } = t
  const text = requireText(cmd.text, '办理结果')
  const photos = checkPhotos(cmd.photos)
  if (cmd.type === 'resolve_on_spot') {
    if (from !== 'accepted') markFirstAccept(n, now)
    n.handlerOpenid = actor.openid
    n.handlerName = actor.name
  }
  markResolved(n, actor, refs, now, text, photos)
  // Every resolution (re)writes the summary; it waits for the county's approval again (core/publication.ts).
  const summary = optText(cmd.summary)
  n.publication = {
    summary: summary ? cleanSummary(n, refs, requireText(summary, '公开摘要', SUMMARY_MAX), actor.name) : defaultSummary(n, refs, text, actor.name),
    writtenBy: actor.name,
    writtenAt: now
  }
  syncPublicState(t.c, n, now)
  // Credit: an on-the-spot fix goes to the grid member and their grid, a handler's resolution to the department.
  if (cmd.type === 'resolve_on_spot') n.onSpot = n.gridId ? { gridId: n.gridId, byOpenid: actor.openid, by: actor.name } : { byOpenid: actor.openid, by: actor.name }
  else delete n.onSpot
  // A resident without WeChat (代报) is reached by a recorded 回访 instead of rating it.
  if (!n.residentOpenid) n.callbackDue = true
  t.events.push(makeEvent(n, cmd.type, actor, now, { from, to: 'resolved', note: text, photos }))
  t.notifications.push(...toResident(n, refs, now, { remark: '诉求已办结，请对办理结果进行评价' }, { remark: '您附议的诉求已办结' }))
}

export const resolve: Transition<ResolveCommand> = { act: 'resolve', run: resolveStep }
export const resolveOnSpot: Transition<ResolveOnSpotCommand> = { act: 'resolve_on_spot', run: resolveStep }
