// (metoo) 附议 and 合并. A resident follows someone else's open case (follow / unfollow) and may add a note; staff
// merge a duplicate B into A: B closes as merged (clocks stop, counted as merged only) and its resident (and
// followers) follow A. The two halves of a merge are two commands, written in one transaction (core/merge.ts).
import { ROLE_LABELS } from '../../../typings/api'
import { DomainError } from '../errors'
import { makeEvent, toResident } from '../common'
import { formatBeijing } from '../time'
import type { CaseDoc } from '../types'
import { type Transition, checkPhotos, requireText } from './shared'

/** An undo of a merge is possible this long after it. */
export const UNMERGE_WINDOW_MS = 24 * 3600_000

export type FollowCommand = { type: 'follow' }
export type UnfollowCommand = { type: 'unfollow' }
export type FollowerNoteCommand = { type: 'follower_note'; text: string; photos: string[]; mediaChecks?: Array<{ traceId: string; fileId: string }> }
export type MergeCommand = { type: 'merge'; into: { id: string; no: string }; added: string[]; note?: string }
export type AbsorbCommand = { type: 'absorb'; from: { id: string; no: string }; openids: string[]; names: string[] }
export type UnmergeCommand = { type: 'unmerge' }
export type UnabsorbCommand = { type: 'unabsorb'; from: { id: string; no: string }; openids: string[] }

function setFollowers(n: { followers?: string[]; followerCount?: number }, list: string[]): void {
  n.followers = list
  n.followerCount = list.length
}

/**
 * A follower leaves the case (unfollow, or 注销: privacy.ts forget_follower): 附议数 drops and their own
 * 附议群众评价 goes with them (only followers' ratings are shown). Their name stays among the redaction's known
 * names: harmless, and a name once in the case may be in its text.
 */
export function dropFollower(c: CaseDoc, n: CaseDoc, openid: string): void {
  setFollowers(n, (c.followers ?? []).filter((o) => o !== openid))
  if (c.followerRatings?.some((r) => r.openid === openid)) n.followerRatings = c.followerRatings.filter((r) => r.openid !== openid)
  forgetInMerge(c, n, openid)
}

/** A merged case's record of who its merge added to the main case forgets `openid` (注销; unmerge then skips them). */
export function forgetInMerge(c: CaseDoc, n: CaseDoc, openid: string): void {
  if (c.merge?.added.includes(openid)) n.merge = { ...c.merge, added: c.merge.added.filter((o) => o !== openid) }
}

export const follow: Transition<FollowCommand> = {
  act: 'follow',
  run({ c, n, actor, now, events }) {
    setFollowers(n, [...(c.followers ?? []), actor.openid])
    // A user without a name of their own is called by their role's label ('群众'): not a name to redact.
    const name = actor.name.trim()
    if (name && name !== ROLE_LABELS[actor.role] && !n.followerNames?.includes(name)) n.followerNames = [...(n.followerNames ?? []), name]
    events.push(makeEvent(n, 'follow', actor, now, { note: `群众附议（共 ${n.followerCount} 人）` }))
  }
}

export const unfollow: Transition<UnfollowCommand> = {
  act: 'unfollow',
  run({ c, n, actor }) {
    dropFollower(c, n, actor.openid)
  }
}

export const followerNote: Transition<FollowerNoteCommand> = {
  act: 'follower_note',
  run({ n, cmd, actor, now, events, notifications }) {
    const text = requireText(cmd.text, '附议补充', 500)
    const photos = checkPhotos(cmd.photos)
    n.followerNotes = [...(n.followerNotes ?? []), { at: now, text, photos }]
    if (cmd.mediaChecks?.length) n.mediaChecks = [...(n.mediaChecks ?? []), ...cmd.mediaChecks.map((m) => ({ traceId: m.traceId, fileId: m.fileId, status: 'pending' as const }))]
    events.push(makeEvent(n, 'follower_note', actor, now, { note: text, photos }))
    if (n.handlerOpenid) {
      notifications.push({ touser: n.handlerOpenid, recipient: 'staff', template: 'case_status', caseId: n._id, fields: { no: n.no, status: '附议补充', time: formatBeijing(now), remark: '附议群众补充了情况' } })
    }
  }
}

export const merge: Transition<MergeCommand> = {
  act: 'merge',
  run({ c, n, cmd, actor, refs, now, events, notifications }) {
    if (cmd.into.id === c._id) throw new DomainError('MERGE_INVALID')
    n.state = 'merged'
    // Finished as a duplicate: the retention pass counts its years from here (shared/privacy.ts).
    n.closedAt = now
    n.merge = { intoId: cmd.into.id, intoNo: cmd.into.no, at: now, byOpenid: actor.openid, from: c.state, added: [...cmd.added] }
    const note = cmd.note ? `：${cmd.note}` : ''
    events.push(makeEvent(n, 'merge', actor, now, { from: c.state, to: 'merged', note: `与 ${cmd.into.no} 为同一问题，合并办理${note}` }))
    // (thing fields hold 20 characters) The resident follows the other case from now on.
    const remark = `已并入 ${cmd.into.no}`
    notifications.push(...toResident(n, refs, now, { remark }))
  }
}

export const absorb: Transition<AbsorbCommand> = {
  act: 'absorb',
  run({ c, n, cmd, actor, now, events }) {
    const have = new Set([...(c.followers ?? []), ...(c.residentOpenid ? [c.residentOpenid] : [])])
    const add = cmd.openids.filter((o) => !have.has(o))
    setFollowers(n, [...(c.followers ?? []), ...add])
    const names = cmd.names.filter((x) => x && !n.followerNames?.includes(x))
    if (names.length) n.followerNames = [...(n.followerNames ?? []), ...names]
    events.push(makeEvent(n, 'merged_in', actor, now, { note: `${cmd.from.no} 已合并至本件（附议 ${n.followerCount} 人）` }))
  }
}

export const unmerge: Transition<UnmergeCommand> = {
  act: 'unmerge',
  run({ c, n, actor, refs, now, events, notifications }) {
    const m = c.merge
    if (!m) throw new DomainError('INVALID_STATE')
    if (now.getTime() > m.at.getTime() + UNMERGE_WINDOW_MS) throw new DomainError('UNMERGE_EXPIRED')
    n.state = m.from
    delete n.merge
    delete n.closedAt
    events.push(makeEvent(n, 'unmerge', actor, now, { from: 'merged', to: m.from, note: `撤销与 ${m.intoNo} 的合并` }))
    notifications.push(...toResident(n, refs, now, { remark: '合并已撤销，您的诉求恢复单独办理' }))
  }
}

export const unabsorb: Transition<UnabsorbCommand> = {
  act: 'unabsorb',
  run({ c, n, cmd, actor, now, events }) {
    const drop = new Set(cmd.openids)
    setFollowers(n, (c.followers ?? []).filter((o) => !drop.has(o)))
    events.push(makeEvent(n, 'unmerge', actor, now, { note: `${cmd.from.no} 撤销合并` }))
  }
}
