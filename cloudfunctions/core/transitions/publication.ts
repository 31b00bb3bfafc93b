// 公开: the resident's consent (set_publication), the county's approval or publication of public interest
// (publish_summary) and taking an item down with a reason (unpublish, 撤下). The summary itself is written at
// resolution (resolve.ts). Every change is an event in the timeline.
import { makeEvent } from '../common'
import { DomainError } from '../errors'
import { cleanSummary, publicStateOf, syncPublicState } from '../publication'
import { type Transition, optText, requireText } from './shared'

export type SetPublicationCommand = { type: 'set_publication'; consent: boolean }
export type PublishSummaryCommand = { type: 'publish_summary'; summary?: string; publicInterest?: boolean }
export type UnpublishCommand = { type: 'unpublish'; reason: string }

export const setPublication: Transition<SetPublicationCommand> = {
  act: 'set_publication',
  run({ c, n, cmd, actor, now, events }) {
    if (!!c.publicConsent === cmd.consent) throw new DomainError('INVALID_STATE', cmd.consent ? '已同意公开' : '尚未同意公开')
    n.publicConsent = cmd.consent
    // A consent given again needs a fresh approval; a withdrawn consent takes a consent-based item off the board.
    if (n.publication && n.publication.basis !== 'public_interest') {
      delete n.publication.approvedAt
      delete n.publication.approvedBy
      delete n.publication.basis
    }
    syncPublicState(c, n, now)
    events.push(makeEvent(n, 'publication_consent', actor, now, { note: cmd.consent ? '同意公开' : '撤回公开同意' }))
  }
}

export const publishSummary: Transition<PublishSummaryCommand> = {
  act: 'publish_summary',
  run({ c, n, cmd, actor, refs, now, events }) {
    if (!n.publication) throw new DomainError('PUBLICATION_NO_SUMMARY')
    const publicInterest = !!cmd.publicInterest
    if (!c.publicConsent && !publicInterest) throw new DomainError('PUBLICATION_NO_CONSENT')
    if (publicStateOf(c) === 'published' && optText(cmd.summary) === undefined) throw new DomainError('INVALID_STATE', '该摘要已公开')
    const edited = optText(cmd.summary)
    if (edited !== undefined) n.publication.summary = cleanSummary(n, refs, requireText(edited, '公开摘要', 500), actor.name)
    n.publication.basis = c.publicConsent && !publicInterest ? 'consent' : 'public_interest'
    n.publication.approvedAt = now
    n.publication.approvedBy = actor.name
    delete n.publication.takenDownAt
    delete n.publication.takenDownBy
    delete n.publication.takenDownReason
    syncPublicState(c, n, now)
    const note = n.publication.basis === 'public_interest' ? '作为公共事项公开（仅摘要）' : '公开摘要审核通过'
    events.push(makeEvent(n, 'publish', actor, now, { note: edited !== undefined ? `${note}（已修改摘要）` : note }))
  }
}

export const unpublish: Transition<UnpublishCommand> = {
  act: 'unpublish',
  run({ c, n, cmd, actor, now, events }) {
    const reason = requireText(cmd.reason, '撤下理由', 500)
    if (!n.publication) throw new DomainError('PUBLICATION_NO_SUMMARY')
    n.publication.takenDownAt = now
    n.publication.takenDownBy = actor.name
    n.publication.takenDownReason = reason
    syncPublicState(c, n, now)
    events.push(makeEvent(n, 'unpublish', actor, now, { note: reason }))
  }
}
