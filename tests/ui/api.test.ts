import { describe, expect, it, vi } from 'vitest'
import { ERROR_MESSAGES } from '../../typings/api'
import { ApiError, call, getSession, photoUrl, setSession, unwrap, uploadPhoto } from '../../miniprogram/src/api'
import { calls } from './shims/taro'
import { fakeGateway } from './fetch'

describe('envelope handling', () => {
  it('unwraps ok envelopes and the gateway wrapper', () => {
    expect(unwrap({ ok: true, data: 1 })).toBe(1)
    expect(unwrap({ result: { ok: true, data: { a: 1 } } })).toEqual({ a: 1 })
  })
  it('throws ApiError with the server message', () => {
    try {
      unwrap({ ok: false, code: 'INVALID_STATE', message: '当前状态下不能撤回' })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError)
      expect((e as ApiError).code).toBe('INVALID_STATE')
      expect((e as ApiError).message).toBe('当前状态下不能撤回')
    }
  })
  it('falls back to the contract message when the server sent none or an English one', () => {
    expect(() => unwrap({ ok: false, code: 'FORBIDDEN', message: 'forbidden' })).toThrow(ERROR_MESSAGES.FORBIDDEN)
    expect(() => unwrap({ code: 'UNAUTHENTICATED' })).toThrow(ERROR_MESSAGES.UNAUTHENTICATED)
    expect(() => unwrap(null)).toThrow(ERROR_MESSAGES.INTERNAL)
  })
})

describe('call() on H5', () => {
  it('logs in as the default persona, then calls with the bearer token', async () => {
    const { log } = fakeGateway((name, action) => ({ ok: true, data: { name, action } }))
    const res = await call('user', 'me', {})
    expect(res).toEqual({ name: 'user', action: 'me' })
    expect(log[0].url).toBe('/gateway/dev-login')
    expect(log[0].body).toEqual({ openid: 'demo-resident-1' })
    expect(log[1].body).toEqual({ name: 'user', data: { action: 'me', data: {} } })
    expect(log[1].auth).toBe(`Bearer ${getSession()!.token}`)
  })
  it('shows the Chinese message as a toast and throws', async () => {
    fakeGateway(() => ({ ok: false, code: 'CONSENT_REQUIRED', message: ERROR_MESSAGES.CONSENT_REQUIRED }))
    await expect(call('petition', 'catalog', {})).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' })
    expect(calls.toasts.slice(-1)[0]?.title).toBe(ERROR_MESSAGES.CONSENT_REQUIRED)
  })
  it('can stay silent', async () => {
    fakeGateway(() => ({ ok: false, code: 'NOT_FOUND', message: ERROR_MESSAGES.NOT_FOUND }))
    await expect(call('petition', 'detail', { caseId: 'x' }, { toast: false })).rejects.toBeInstanceOf(ApiError)
    expect(calls.toasts).toHaveLength(0)
  })
  it('logs in again as the same persona when the token is stale', async () => {
    setSession({ token: 'stale', openid: 'demo-grid-1' })
    const { log } = fakeGateway((_n, _a, _d, token) => ({ ok: true, data: token }), { failTokens: new Set(['stale']) })
    const token = await call('user', 'me', {})
    expect(token).toMatch(/^tok-demo-grid-1-/)
    expect(log.map((l) => l.url)).toEqual(['/gateway/call', '/gateway/dev-login', '/gateway/call'])
  })
  it('network failures become a friendly error', async () => {
    setSession({ token: 't', openid: 'demo-resident-1' })
    const { fetchMock } = fakeGateway(() => null)
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await expect(call('user', 'me', {})).rejects.toMatchObject({ code: 'NETWORK' })
    expect(calls.toasts.slice(-1)[0]?.title).toMatch('网络')
  })
  it('photo URLs are the temp URLs the server issued with the case, never with the session token', () => {
    setSession({ token: 'abc', openid: 'x' })
    const id = 'cloud://env.bucket/petitions/0123456789abcdef/a.jpg'
    const signed = '/__emulator/storage/files/petitions/0123456789abcdef/a.jpg?t=1&sign=s'
    expect(photoUrl(id, { [id]: signed })).toBe(signed)
    // No temp URL: nothing to show on H5 (no token in a URL, no fallback to the gateway).
    expect(photoUrl(id)).toBe('')
    expect(photoUrl(id, {})).toBe('')
    // A photo id that is a URL is not loaded (tracking pixels, intranet addresses, data: / javascript:).
    for (const u of ['https://tracker.example/p.gif', 'http://10.0.0.1/x.png', 'data:image/png;base64,AA', 'javascript:alert(1)']) {
      expect(photoUrl(u)).toBe('')
    }
  })
})

describe('uploadPhoto on H5', () => {
  function fakeXhr() {
    const sent: Array<{ url: string; headers: Record<string, string> }> = []
    class Xhr {
      status = 200
      responseText = ''
      upload: { onprogress?: (ev: unknown) => void } = {}
      onload?: () => void
      onerror?: () => void
      private url = ''
      private headers: Record<string, string> = {}
      open(_m: string, url: string) {
        this.url = url
      }
      setRequestHeader(k: string, v: string) {
        this.headers[k] = v
      }
      send() {
        sent.push({ url: this.url, headers: this.headers })
        const path = decodeURIComponent(new URL(this.url, 'http://x').searchParams.get('path')!)
        this.responseText = JSON.stringify({ fileID: `cloud://local.bucket/${path}` })
        queueMicrotask(() => this.onload?.())
      }
    }
    vi.stubGlobal('XMLHttpRequest', Xhr)
    vi.stubGlobal('fetch', vi.fn(async () => new Response(new Blob(['png'], { type: 'image/png' }))))
    return sent
  }

  it('uploads under the prefix the platform gave, with the token in a header only', async () => {
    setSession({ token: 'tok', openid: 'demo-resident-1' })
    const sent = fakeXhr()
    const fileID = await uploadPhoto('blob:http://localhost/123', 'petitions/0123456789abcdef/')
    expect(fileID).toMatch(/^cloud:\/\/local\.bucket\/petitions\/0123456789abcdef\/[a-z0-9]+\.(png|jpg)$/)
    expect(sent[0]!.url).not.toContain('tok')
    expect(sent[0]!.headers.Authorization).toBe('Bearer tok')
  })

  it('refuses to upload without a platform prefix', async () => {
    setSession({ token: 'tok', openid: 'demo-resident-1' })
    const sent = fakeXhr()
    await expect(uploadPhoto('blob:http://localhost/1', '')).rejects.toBeInstanceOf(ApiError)
    await expect(uploadPhoto('blob:http://localhost/1', 'uploads/')).rejects.toBeInstanceOf(ApiError)
    expect(sent).toHaveLength(0)
  })
})
