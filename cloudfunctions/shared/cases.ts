// Case operations shared by the functions: submit (with its case number), transitions, and the detail view.
import { canSee, dayKey, DomainError, newCase, toDetail, transition } from '../core'
import type { Actor, Command, NewCaseInput, Refs } from '../core'
import type { CaseDoc, EventDoc, ExtensionDoc } from '../core/types'
import type { CaseDetail } from '../../typings/api'
import { db } from './app'
import { getDoc } from './db'
import { sendNotifications } from './notify'
import { getRefs } from './refs'
import { checkText } from './security'
import { applyTransition, newId, txGet, txSet, withTransaction, writeResult, type Applied, type Tx } from './tx'

export async function loadCase(caseId: string): Promise<CaseDoc> {
  const c = await getDoc<CaseDoc>('cases', caseId)
  if (!c) throw new DomainError('NOT_FOUND')
  return c
}

export async function caseEvents(caseId: string): Promise<EventDoc[]> {
  const res = await db().collection('case_events').where({ caseId }).orderBy('at', 'asc').orderBy('_id', 'asc').limit(1000).get()
  return (res.data ?? []) as EventDoc[]
}

export async function caseExtensions(caseId: string): Promise<ExtensionDoc[]> {
  const res = await db().collection('extensions').where({ caseId }).limit(100).get()
  const list = (res.data ?? []) as ExtensionDoc[]
  return list.sort((a, b) => new Date(a.requestedAt).getTime() - new Date(b.requestedAt).getTime())
}

/** The case as `viewer` may see it (FORBIDDEN when it is not theirs to see). */
export async function detailFor(c: CaseDoc, viewer: Actor, refs?: Refs): Promise<CaseDetail> {
  if (!canSee(viewer, c)) throw new DomainError('FORBIDDEN')
  const [events, extensions, r] = await Promise.all([caseEvents(c._id), caseExtensions(c._id), refs ?? getRefs()])
  return toDetail(c, viewer, events, extensions, r)
}

/** 'WS' + Beijing YYYYMMDD + a daily sequence of at least 4 digits, from the counters collection. */
export async function nextCaseNo(tx: Tx, now: Date): Promise<string> {
  const day = dayKey(now).replace(/-/g, '')
  const id = `case_no_${day}`
  const counter = await txGet<{ _id: string; seq: number }>(tx, 'counters', id)
  const seq = (counter?.seq ?? 0) + 1
  await txSet(tx, 'counters', { _id: id, seq, day })
  return `WS${day}${String(seq).padStart(4, '0')}`
}

/** File a new case (resident submit or a grid member's 代报). Text is checked before it is stored. */
export async function submitCase(input: NewCaseInput, filer: Actor, now: Date, proxy: boolean): Promise<CaseDetail> {
  const refs = await getRefs()
  const moderation = await checkText(filer.openid, [input.text, input.contact?.name ?? ''].join('\n').trim())
  const caseId = newId()
  const done = await withTransaction(async (tx) => {
    const no = await nextCaseNo(tx, now)
    const result = newCase(input, filer, refs, now, { caseId, no }, moderation, proxy)
    const events = await writeResult(tx, null, result, now)
    return { result, events }
  })
  await sendNotifications(done.result.notifications)
  const ext = done.result.extension ? [done.result.extension] : []
  return toDetail(done.result.next, filer, done.events, ext, refs)
}

/** Run a command on a case for `actor`, then notify and answer the case as the actor now sees it. */
export async function runCommand(
  caseId: string,
  actor: Actor,
  now: Date,
  command: Command | ((c: CaseDoc, tx: Tx) => Promise<Command> | Command)
): Promise<{ detail: CaseDetail; applied: Applied }> {
  const refs = await getRefs()
  const applied = await applyTransition(
    caseId,
    async (c, tx) => {
      const cmd = typeof command === 'function' ? await command(c, tx) : command
      return transition(c, cmd, actor, refs, now)
    },
    now
  )
  if (!applied) throw new DomainError('INTERNAL')
  await sendNotifications(applied.result.notifications)
  const next = applied.result.next
  // A staff member who just sent the case away may no longer see it: answer what they can.
  const detail = canSee(actor, next)
    ? await detailFor(next, actor, refs)
    : toDetail(next, actor, applied.events, applied.result.extension ? [applied.result.extension] : [], refs)
  return { detail, applied }
}
