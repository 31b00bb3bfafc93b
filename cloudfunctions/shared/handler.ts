// defineFunction: the one entry point shape of every function but `timer`.
//   identity  ← tcb.getCloudbaseContext(context).WX_OPENID only (never the event)
//   user doc  ← users/<openid> (role + scope; none → resident)
//   input     ← core.schemas[fn][action] (zod), INVALID_INPUT with the issues in details
//   answer    → Envelope: { ok: true, data } | { ok: false, code, message }
import { DomainError, schemas } from '../core'
import type { Actor } from '../core'
import type { UserDoc } from '../core/types'
import { ERROR_MESSAGES, ROLE_LABELS } from '../../typings/api'
import type { ActionName, ActionReq, ActionRes, Envelope, ErrorCode, FunctionName } from '../../typings/api'
import { tcb } from './app'
import { getDoc } from './db'

export interface Ctx {
  fn: FunctionName
  action: string
  /** The caller's openid; null only for actions declared anonymous. */
  openid: string | null
  appid: string | null
  user: UserDoc | null
  actor: Actor
  /** Taken once per call and passed down. */
  now: Date
}

export type Handlers<F extends FunctionName> = {
  [A in ActionName<F>]: (data: ActionReq<F, A>, ctx: Ctx) => Promise<ActionRes<F, A>>
}

export interface FunctionOptions<F extends FunctionName> {
  /** Actions that may run without a WeChat identity (openid null). */
  anonymous?: Array<ActionName<F>>
}

export function actorOf(openid: string, user: UserDoc | null): Actor {
  const role = user?.role ?? 'resident'
  return { openid, role, scope: user?.scope ?? {}, name: user?.name || ROLE_LABELS[role] }
}

export function fail(code: ErrorCode, message?: string, details?: unknown): Envelope<never> {
  const out: Envelope<never> = { ok: false, code, message: message || ERROR_MESSAGES[code] }
  if (details !== undefined) (out as { details?: unknown }).details = details
  return out
}

interface Identity {
  openid: string | null
  appid: string | null
}

function identityOf(context: unknown): Identity {
  try {
    const c = tcb.getCloudbaseContext(context as never) as unknown as Record<string, unknown>
    const openid = typeof c.WX_OPENID === 'string' && c.WX_OPENID ? c.WX_OPENID : null
    const appid = typeof c.WX_APPID === 'string' && c.WX_APPID ? c.WX_APPID : null
    return { openid, appid }
  } catch {
    return { openid: null, appid: null }
  }
}

function zodIssues(error: unknown): unknown {
  const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string; code?: string }> })?.issues
  return issues?.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })) ?? []
}

export function defineFunction<F extends FunctionName>(name: F, actions: Handlers<F>, opts: FunctionOptions<F> = {}) {
  const anonymous = new Set<string>(opts.anonymous ?? [])
  const table = schemas[name] as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: unknown } }>

  return async function main(event: unknown, context: unknown): Promise<Envelope<unknown>> {
    const now = new Date()
    const ev = (event && typeof event === 'object' ? event : {}) as { action?: unknown; data?: unknown }
    const action = typeof ev.action === 'string' ? ev.action : ''
    try {
      const handler = Object.prototype.hasOwnProperty.call(actions, action)
        ? (actions as Record<string, (d: unknown, c: Ctx) => Promise<unknown>>)[action]
        : undefined
      if (!handler) return fail('UNKNOWN_ACTION')
      const { openid, appid } = identityOf(context)
      if (!openid && !anonymous.has(action)) return fail('UNAUTHENTICATED')
      const schema = table?.[action]
      if (!schema) return fail('UNKNOWN_ACTION')
      const parsed = schema.safeParse(ev.data ?? {})
      if (!parsed.success) return fail('INVALID_INPUT', undefined, zodIssues(parsed.error))
      const user = openid ? await getDoc<UserDoc>('users', openid) : null
      const ctx: Ctx = {
        fn: name,
        action,
        openid,
        appid,
        user,
        actor: actorOf(openid ?? 'anonymous', user),
        now
      }
      const data = await handler(parsed.data, ctx)
      return { ok: true, data }
    } catch (e) {
      if (e instanceof DomainError) return fail(e.code, e.message, e.details)
      console.error(`[${name}.${action}] internal error:`, e)
      return fail('INTERNAL')
    }
  }
}

/** Throws FORBIDDEN unless the caller's role is one of `roles`. */
export function requireRole(ctx: Ctx, roles: readonly string[]): void {
  if (!roles.includes(ctx.actor.role)) throw new DomainError('FORBIDDEN')
}

/** The caller's openid (defined for every non-anonymous action). */
export function callerOpenid(ctx: Ctx): string {
  if (!ctx.openid) throw new DomainError('UNAUTHENTICATED')
  return ctx.openid
}
