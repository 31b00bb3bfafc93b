// (metoo) A merge changes two cases: B (the duplicate) closes as merged and points to A; A takes B's resident and
// followers as its followers. Both are ordinary commands run through `transition`; the handler writes the two
// results in one transaction (shared/tx.ts writeResults).
import type { CaseDoc } from './types'
import type { Actor, Refs } from './common'
import { DomainError } from './errors'
import { transition, type TransitionResult } from './machine'

/** States of a case that may take a duplicate (it is still being worked on). */
const TAKES_DUPLICATES = new Set<CaseDoc['state']>(['queued', 'dispatched', 'accepted'])

/** Merge `b` into `a` for `actor` at `now`: the two transition results (b first). */
export function mergePair(b: CaseDoc, a: CaseDoc, actor: Actor, refs: Refs, now: Date, note?: string): { b: TransitionResult; a: TransitionResult } {
  if (a._id === b._id || !TAKES_DUPLICATES.has(a.state)) throw new DomainError('MERGE_INVALID')
  const candidates = [...(b.residentOpenid ? [b.residentOpenid] : []), ...(b.followers ?? [])]
  const have = new Set([...(a.followers ?? []), ...(a.residentOpenid ? [a.residentOpenid] : [])])
  const added = [...new Set(candidates.filter((o) => !have.has(o)))]
  const names = [...(b.contact.name ? [b.contact.name] : []), ...(b.followerNames ?? [])]
  const rb = transition(b, { type: 'merge', into: { id: a._id, no: a.no }, added, ...(note ? { note } : {}) }, actor, refs, now)
  const ra = transition(a, { type: 'absorb', from: { id: b._id, no: b.no }, openids: added, names }, actor, refs, now)
  return { b: rb, a: ra }
}

/** Undo the merge of `b` (within 24 h): b back to its state, the followers it brought leave `a`. */
export function unmergePair(b: CaseDoc, a: CaseDoc, actor: Actor, refs: Refs, now: Date): { b: TransitionResult; a: TransitionResult } {
  if (!b.merge || b.merge.intoId !== a._id) throw new DomainError('INVALID_STATE')
  const rb = transition(b, { type: 'unmerge' }, actor, refs, now)
  const ra = transition(a, { type: 'unabsorb', from: { id: b._id, no: b.no }, openids: b.merge.added }, actor, refs, now)
  return { b: rb, a: ra }
}
