// A fake local gateway for fetch: dev-login, call and upload.
import { vi } from 'vitest'

export type Handler = (name: string, action: string, data: unknown, token: string | null) => unknown

export function fakeGateway(handle: Handler, opts: { failTokens?: Set<string> } = {}) {
  let n = 0
  const log: Array<{ url: string; body: unknown; auth: string | null }> = []
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const body = init?.body ? JSON.parse(String(init.body)) : undefined
    const auth = (init?.headers as Record<string, string> | undefined)?.Authorization ?? null
    log.push({ url, body, auth })
    const json = (status: number, b: unknown) => new Response(JSON.stringify(b), { status, headers: { 'Content-Type': 'application/json' } })
    if (url.endsWith('/gateway/dev-login')) return json(200, { token: `tok-${body.openid}-${++n}`, openid: body.openid })
    if (url.endsWith('/gateway/call')) {
      const token = auth?.replace('Bearer ', '') ?? null
      if (token && opts.failTokens?.has(token)) return json(401, { code: 'UNAUTHENTICATED', message: '未登录' })
      const out = handle(body.name, body.data.action, body.data.data, token)
      if (out && typeof out === 'object' && 'code' in out && !('ok' in out)) return json(400, out)
      return json(200, { result: out })
    }
    return json(404, { code: 'NOT_FOUND', message: 'no route' })
  })
  vi.stubGlobal('fetch', fetchMock)
  return { fetchMock, log }
}
