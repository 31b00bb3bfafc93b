// wxevent: the target of WeChat's message push (消息推送) for `wxa_media_check`, the verdict of an asynchronous
// media check (mediaCheckAsync v2) on a photo. The verdict names a trace_id we were given when we asked for the
// check (never shown to any client); the case holding it is found on the mediaChecks.traceId index and the
// verdict applied with the `media_hold` command (a flagged photo holds an open case in review). Anything else,
// and any call from a WeChat client, is refused.
import { getRefs } from '../shared/refs'
import { db, tcb } from '../shared/app'
import { SYSTEM_ACTOR, transition } from '../core'
import type { CaseDoc } from '../core/types'
import { applyTransition } from '../shared/tx'

interface MediaCheckEvent {
  Event?: string
  trace_id?: string
  version?: number
  result?: { suggest?: string; label?: number | string }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** The case waiting for this verdict; retried briefly, as the push may overtake the commit of the submission. */
async function caseOfTrace(traceId: string): Promise<string | null> {
  for (let i = 0; i < 8; i++) {
    const res = await db().collection('cases').where({ 'mediaChecks.traceId': traceId }).field({ _id: true }).limit(1).get()
    const found = (res.data ?? []) as Array<{ _id: string }>
    if (found[0]) return found[0]._id
    await sleep(50 * 2 ** Math.min(i, 3))
  }
  return null
}

export async function main(event: unknown, context: unknown): Promise<{ ok: boolean; code?: string; data?: unknown }> {
  try {
    const c = tcb.getCloudbaseContext(context as never) as unknown as Record<string, unknown>
    if (typeof c.WX_OPENID === 'string' && c.WX_OPENID) return { ok: false, code: 'FORBIDDEN' }
  } catch {
    // No context: a push or a direct invocation.
  }
  const ev = (event && typeof event === 'object' ? event : {}) as MediaCheckEvent
  if (ev.Event !== 'wxa_media_check' || typeof ev.trace_id !== 'string' || !ev.trace_id) return { ok: false, code: 'UNKNOWN_ACTION' }
  const s = ev.result?.suggest
  const suggest: 'pass' | 'review' | 'risky' | null = s === 'risky' || s === 'review' || s === 'pass' ? s : null
  if (!suggest) return { ok: false, code: 'INVALID_INPUT' }
  const caseId = await caseOfTrace(ev.trace_id)
  if (!caseId) return { ok: false, code: 'NOT_FOUND' }
  const refs = await getRefs()
  const now = new Date()
  const traceId = ev.trace_id
  const applied = await applyTransition(
    caseId,
    (cs: CaseDoc) => {
      const check = cs.mediaChecks?.find((m) => m.traceId === traceId)
      // Already applied (WeChat may push again): nothing to do.
      if (!check || check.status !== 'pending') return null
      const cmd = { type: 'media_hold' as const, traceId, suggest, ...(ev.result?.label !== undefined ? { label: String(ev.result.label) } : {}) }
      return transition(cs, cmd, SYSTEM_ACTOR, refs, now)
    },
    now
  )
  return { ok: true, data: { caseId, applied: !!applied, suggest } }
}
