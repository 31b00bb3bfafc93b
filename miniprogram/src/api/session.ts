// Session: on weapp the identity is the WeChat context (nothing to store); on local H5 a dev persona token.
import { ApiError, messageFor } from './envelope'

export interface Session {
  token: string
  openid: string
}

const KEY = 'ws.session'

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' && window.localStorage ? window.localStorage : null
  } catch {
    return null
  }
}

export function gatewayBase(): string {
  const g = typeof __GATEWAY__ === 'string' ? __GATEWAY__ : ''
  return g.replace(/\/$/, '')
}

export function getSession(): Session | null {
  const raw = storage()?.getItem(KEY)
  if (!raw) return null
  try {
    const s = JSON.parse(raw) as Session
    return s && s.token ? s : null
  } catch {
    return null
  }
}

export function setSession(s: Session | null): void {
  const st = storage()
  if (!st) return
  if (s) st.setItem(KEY, JSON.stringify(s))
  else st.removeItem(KEY)
}

/** The openid used when nothing is stored: the first resident persona of the demo data. */
export let defaultOpenid = 'demo-resident-1'
export function setDefaultOpenid(openid: string): void {
  defaultOpenid = openid
}

export async function devLogin(openid: string): Promise<Session> {
  const res = await fetch(`${gatewayBase()}/gateway/dev-login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ openid })
  })
  const body = (await res.json().catch(() => ({}))) as Partial<Session> & { code?: string; message?: string }
  if (!res.ok || !body.token) throw new ApiError('UNAUTHENTICATED', messageFor(body.code ?? 'UNAUTHENTICATED', body.message))
  const s = { token: body.token, openid: body.openid ?? openid }
  setSession(s)
  return s
}

let pending: Promise<Session> | null = null
export async function ensureSession(): Promise<Session> {
  const s = getSession()
  if (s) return s
  if (!pending) pending = devLogin(defaultOpenid).finally(() => (pending = null))
  return pending
}
