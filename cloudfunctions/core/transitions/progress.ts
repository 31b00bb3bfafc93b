// 办理进展: the handler's interim note (and photos) while a case is accepted. It joins the timeline; the resident
// is told at most once a Beijing day.
import { makeEvent, toResident } from '../common'
import { dayKey } from '../time'
import { type Transition, checkPhotos, requireText } from './shared'

export type ProgressCommand = { type: 'progress'; text: string; photos: string[] }

export const progress: Transition<ProgressCommand> = {
  act: 'progress',
  run({ n, cmd, actor, refs, now, events, notifications }) {
    const text = requireText(cmd.text, '办理进展', 500)
    const photos = checkPhotos(cmd.photos)
    events.push(makeEvent(n, 'progress', actor, now, { note: text, photos }))
    const today = dayKey(now)
    if (n.progressNotifiedDay !== today && (n.residentOpenid || n.followers?.length)) {
      n.progressNotifiedDay = today
      notifications.push(...toResident(n, refs, now, { remark: `办理进展：${text}` }))
    }
  }
}
