// 补充材料: the resident (or the filer) adds text and photos to an open case; the handler is told.
import { makeEvent } from '../common'
import { formatBeijing } from '../time'
import { type Transition, checkPhotos, requireText } from './shared'

export type SupplementCommand = {
  type: 'supplement'
  text: string
  photos: string[]
  /** (added by trust) The asynchronous media checks requested for the photos; their verdicts come as media_hold. */
  mediaChecks?: Array<{ traceId: string; fileId: string }>
}

export const supplement: Transition<SupplementCommand> = {
  act: 'supplement',
  run({ n, cmd, actor, now, events, notifications }) {
    const text = requireText(cmd.text, '补充内容')
    const photos = checkPhotos(cmd.photos)
    n.supplements.push({ at: now, text, photos })
    if (cmd.mediaChecks?.length) n.mediaChecks = [...(n.mediaChecks ?? []), ...cmd.mediaChecks.map((m) => ({ traceId: m.traceId, fileId: m.fileId, status: 'pending' as const }))]
    events.push(makeEvent(n, 'supplement', actor, now, { note: text, photos }))
    if (n.handlerOpenid) {
      notifications.push({
        touser: n.handlerOpenid,
        recipient: 'staff',
        template: 'case_status',
        caseId: n._id,
        fields: { no: n.no, status: '已补充', time: formatBeijing(now), remark: '群众补充了材料' }
      })
    }
  }
}
