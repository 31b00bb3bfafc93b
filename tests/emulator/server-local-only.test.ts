// The local cloud is a developer tool on a developer's laptop: other websites must not drive it (issue 14, part 3).
// Host (DNS rebinding) and Origin checks, JSON-only /admin, CORS for its own origin only, dev login on loopback
// only, bounded control endpoints, body limits enforced before buffering, no absolute paths in errors, expiring
// sessions and the reserved openid `system`. Everything over real HTTP.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEmulator } from '../../emulator/src/server'
import { parseArgs } from '../../emulator/src/cli'
import { startEmulator, type StartedEmulator } from '../helpers/emulator'

const FIXTURES = path.resolve(__dirname, '../fixtures/functions')
const RC = path.join(FIXTURES, 'cloudbaserc.json')

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: any
}

/**
 * One request with exactly these headers. With `declare`, the request announces a content-length of that many
 * bytes but sends only `body`: an answer can then only come from a server that did not wait for the whole body.
 */
function raw(base: string, p: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; declare?: number; timeoutMs?: number } = {}): Promise<RawAnswer> {
  const u = new URL(base)
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body)
    const headers: Record<string, string | number> = { ...(opts.headers ?? {}) }
    if (opts.declare !== undefined) headers['content-length'] = opts.declare
    else if (body) headers['content-length'] = body.length
    const req = http.request({ host: u.hostname, port: u.port, path: p, method: opts.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        clearTimeout(timer)
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try {
          parsed = JSON.parse(text)
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode!, headers: res.headers, body: parsed })
        req.destroy()
      })
    })
    const timer = setTimeout(() => {
      req.destroy()
      reject(new Error('no answer: the server waited for the body'))
    }, opts.timeoutMs ?? 3000)
    req.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    if (body) req.write(body)
    if (opts.declare === undefined) req.end()
  })
}

describe('Host and Origin', () => {
  let emu: StartedEmulator
  beforeAll(async () => {
    emu = await startEmulator({ cloudbasercPath: RC, devLogin: true })
    await emu.db.createCollection('users')
    await emu.db.collection('users').add({ _id: 'o_eve', role: 'resident' })
  })
  afterAll(async () => emu?.close())

  const port = () => new URL(emu.url).port

  it('refuses a Host that is not a loopback name (DNS rebinding), accepts loopback ones', async () => {
    const rebound = await raw(emu.url, '/__emulator/health', { headers: { host: `attacker.example:${port()}` } })
    expect(rebound.status).toBe(403)
    expect(rebound.body.code).toBe('HOST_NOT_ALLOWED')
    const adminRebound = await raw(emu.url, '/admin', {
      method: 'POST',
      headers: { host: `attacker.example:${port()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.getDocument', collectionName: 'users', query: '{}' })
    })
    expect(adminRebound.status).toBe(403)
    expect((await raw(emu.url, '/__emulator/health', { headers: { host: '192.168.1.20' } })).status).toBe(403)
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`, `app.localhost:${port()}`]) {
      expect((await raw(emu.url, '/__emulator/health', { headers: { host } })).status).toBe(200)
    }
  })

  it('accepts another host only when the cloud was started for it (allowedHosts / --allow-host)', async () => {
    const e2 = await startEmulator({ services: false, allowedHosts: ['devbox.lan'] })
    try {
      const p = new URL(e2.url).port
      const ok = await raw(e2.url, '/admin', { method: 'POST', headers: { host: `devbox.lan:${p}`, 'content-type': 'application/json' }, body: '{"action":"nope"}' })
      expect(ok.status).toBe(200)
      expect(ok.body.code).toBe('INVALID_ACTION')
      expect((await raw(e2.url, '/admin', { method: 'POST', headers: { host: `other.lan:${p}`, 'content-type': 'application/json' }, body: '{}' })).status).toBe(403)
    } finally {
      await e2.close()
    }
    expect(parseArgs(['--allow-host', 'a.lan', '--allow-host', 'b.lan']).allowedHosts).toEqual(['a.lan', 'b.lan'])
    expect(parseArgs(['--allow-origin', 'http://localhost:10086']).allowedOrigins).toEqual(['http://localhost:10086'])
    expect(() => parseArgs(['--allow-origin', 'localhost'])).toThrow()
  })

  it('refuses cross-origin requests, whatever the route', async () => {
    const host = `127.0.0.1:${port()}`
    const evil = { host, origin: 'http://evil.example' }
    const login = await raw(emu.url, '/gateway/dev-login', { method: 'POST', headers: { ...evil, 'content-type': 'application/json' }, body: '{"openid":"o_eve"}' })
    expect(login.status).toBe(403)
    expect(login.body.code).toBe('ORIGIN_NOT_ALLOWED')
    expect((await raw(emu.url, '/__emulator/clock', { method: 'POST', headers: { ...evil, 'content-type': 'application/json' }, body: '{"advanceMs":1}' })).status).toBe(403)
    expect((await raw(emu.url, '/__emulator/outbox', { method: 'DELETE', headers: evil })).status).toBe(403)
    // An opaque origin (sandboxed iframe, file://) is not ours either; nor is our own port on another host.
    expect((await raw(emu.url, '/__emulator/health', { headers: { host, origin: 'null' } })).status).toBe(403)
    expect((await raw(emu.url, '/__emulator/health', { headers: { host, origin: `http://localhost:${Number(port()) + 1}` } })).status).toBe(403)
    // The cloud's own origin (the H5 build it serves) is fine.
    const own = await raw(emu.url, '/gateway/dev-login', { method: 'POST', headers: { host, origin: `http://${host}`, 'content-type': 'application/json' }, body: '{"openid":"o_eve"}' })
    expect(own.status).toBe(200)
  })

  it('/admin takes application/json only: a text/plain POST from a web page cannot promote a user', async () => {
    const promote = JSON.stringify({
      action: 'database.modifyDocument',
      collectionName: 'users',
      query: JSON.stringify({ _id: 'o_eve' }),
      data: JSON.stringify({ $set: { role: 'county_admin' } }),
      multi: false,
      merge: true
    })
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const r = await raw(emu.url, '/admin', { method: 'POST', headers: type ? { 'content-type': type } : {}, body: promote })
      expect(r.status, type).toBe(415)
      expect(r.body.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    }
    expect((await emu.db.collection('users').doc('o_eve').get()).data[0].role).toBe('resident')
    // The SDK (application/json) is unaffected.
    await emu.db.collection('users').doc('o_eve').update({ name: 'Eve' })
    expect((await emu.db.collection('users').doc('o_eve').get()).data[0]).toMatchObject({ role: 'resident', name: 'Eve' })
  })

  it('the gateway answers CORS for its own origin and the allowed ones only, never *', async () => {
    const noOrigin = await raw(emu.url, '/gateway/dev-login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"openid":"o_eve"}' })
    expect(noOrigin.status).toBe(200)
    expect(noOrigin.headers['access-control-allow-origin']).toBeUndefined()
    const host = `127.0.0.1:${port()}`
    const own = await raw(emu.url, '/gateway/call', { method: 'OPTIONS', headers: { host, origin: `http://${host}`, 'access-control-request-method': 'POST' } })
    expect(own.status).toBe(204)
    expect(own.headers['access-control-allow-origin']).toBe(`http://${host}`)

    const e2 = await startEmulator({ cloudbasercPath: RC, devLogin: true, allowedOrigins: ['http://localhost:10086'] })
    try {
      const pre = await raw(e2.url, '/gateway/call', {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:10086', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' }
      })
      expect(pre.status).toBe(204)
      expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:10086')
      expect(pre.headers['access-control-allow-headers']).toContain('authorization')
      expect((await raw(e2.url, '/gateway/call', { method: 'OPTIONS', headers: { origin: 'http://localhost:10087' } })).status).toBe(403)
    } finally {
      await e2.close()
    }
  })
})

describe('dev login on a non-loopback address', () => {
  it('refuses to start unless allowed on purpose, and warns when it is', async () => {
    await expect(createEmulator({ port: 0, data: ':memory:', host: '0.0.0.0', devLogin: true, quiet: true, timers: false })).rejects.toThrow(/allow-remote-dev-login/)
    expect(() => parseArgs(['--dev-login', '--host', '0.0.0.0'])).toThrow(/--allow-remote-dev-login/)
    expect(parseArgs(['--dev-login', '--host', '0.0.0.0', '--allow-remote-dev-login']).allowRemoteDevLogin).toBe(true)
    expect(parseArgs(['--dev-login', '--host', 'localhost']).devLogin).toBe(true)

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const emu = await createEmulator({ port: 0, data: ':memory:', host: '0.0.0.0', devLogin: true, allowRemoteDevLogin: true, quiet: true, timers: false })
      expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/WARNING: dev login on 0\.0\.0\.0/)
      // It reaches itself (and its functions reach it) through loopback.
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      await emu.close()
      // Without dev login, another address is fine and prints nothing.
      warn.mockClear()
      const plain = await createEmulator({ port: 0, data: ':memory:', host: '0.0.0.0', quiet: true, services: false })
      expect(warn).not.toHaveBeenCalled()
      await plain.close()
    } finally {
      warn.mockRestore()
    }
  })
})

describe('control endpoints, body limits, errors, sessions', () => {
  let emu: StartedEmulator
  let fnDir: string
  let rcPath: string
  beforeAll(async () => {
    // A cloudbaserc whose function `ghost` was never built, in a folder of this machine.
    fnDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-only-fns-'))
    rcPath = path.join(fnDir, 'cloudbaserc.json')
    fs.writeFileSync(rcPath, JSON.stringify({ version: '2.0', functionRoot: './', functions: [{ name: 'ghost', handler: 'index.main' }] }))
    fs.cpSync(path.join(FIXTURES, 'whoami'), path.join(fnDir, 'whoami'), { recursive: true })
    emu = await startEmulator({ cloudbasercPath: rcPath, devLogin: true, sessionTtlMs: 1500 })
  })
  afterAll(async () => {
    await emu?.close()
    fs.rmSync(fnDir, { recursive: true, force: true })
  })

  const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(emu.url, p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

  it('the clock refuses absurd moves, and every later request still works', async () => {
    const before = (await raw(emu.url, '/__emulator/clock')).body.nowMs
    for (const bad of [{ advanceMs: 1e16 }, { advanceMs: 1e300 }, { set: '+275760-09-13T00:00:00.000Z' }, { set: '9999-12-31T00:00:00Z' }]) {
      const r = await post('/__emulator/clock', bad)
      expect(r.status, JSON.stringify(bad)).toBe(400)
      expect(r.body.code).toBe('CLOCK_OUT_OF_RANGE')
    }
    expect((await post('/__emulator/clock', { advanceMs: -1 })).status).toBe(400)
    const health = await raw(emu.url, '/__emulator/health')
    expect(health.status).toBe(200)
    expect(Math.abs(Date.parse(health.body.now) - before)).toBeLessThan(60_000)
    // A sane move still works.
    expect((await post('/__emulator/clock', { advanceMs: 86_400_000 })).status).toBe(200)
    await emu.db.createCollection('after_clock')
    expect((await emu.db.collection('after_clock').add({ at: emu.db.serverDate() })).id).toBeTruthy()
    expect((await post('/__emulator/timers/fire', { function: '../../etc' })).status).toBe(400)
    expect((await raw(emu.url, `/__emulator/outbox?touser=${'x'.repeat(200)}`)).status).toBe(400)
  })

  it('refuses a large upload without a token before reading it', async () => {
    // Announces 60 MB, sends 64 KB: the answer must come without the rest.
    const r = await raw(emu.url, '/gateway/upload?path=a.png', { method: 'POST', headers: { 'content-type': 'image/png' }, body: Buffer.alloc(64 * 1024), declare: 60 * 1024 * 1024 })
    expect(r.status).toBe(401)
    expect(r.headers.connection).toBe('close')
    const call = await raw(emu.url, '/gateway/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":', declare: 50 * 1024 * 1024 })
    expect(call.status).toBe(401)
  })

  it('enforces a body limit per route before buffering', async () => {
    const login = await raw(emu.url, '/gateway/dev-login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"openid":"', declare: 1024 * 1024 })
    expect(login.status).toBe(413)
    expect(login.body.code).toBe('PAYLOAD_TOO_LARGE')
    const token = (await post('/gateway/dev-login', { openid: 'o_big' })).body.token
    const auth = { authorization: `Bearer ${token}` }
    // A photo upload is limited to 10 MB, a call to 6 MB, a control request to 64 KB.
    expect((await raw(emu.url, '/gateway/upload?path=big.png', { method: 'POST', headers: auth, body: Buffer.alloc(1024), declare: 11 * 1024 * 1024 })).status).toBe(413)
    expect((await raw(emu.url, '/gateway/call', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{', declare: 7 * 1024 * 1024 })).status).toBe(413)
    expect((await raw(emu.url, '/__emulator/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{', declare: 1024 * 1024 })).status).toBe(413)
    // A chunked body (no declared length) is cut at the limit too.
    const chunked = await new Promise<number>((resolve, reject) => {
      const u = new URL(emu.url)
      const req = http.request({ host: u.hostname, port: u.port, path: '/gateway/dev-login', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume()
        resolve(res.statusCode!)
      })
      req.on('error', reject)
      req.write('{"openid":"' + 'x'.repeat(8 * 1024))
      // never ended: the server must answer on its own
    })
    expect(chunked).toBe(413)
    // Within the limits everything works.
    const small = await raw(emu.url, '/gateway/upload?path=small.png', { method: 'POST', headers: auth, body: Buffer.from([1, 2, 3]) })
    expect(small.status).toBe(200)
  })

  it('errors never include absolute paths of this machine', async () => {
    const err = await emu.app.callFunction({ name: 'ghost', data: {} }).catch((e) => e)
    expect(err.code).toBe('FUNCTIONS_EXECUTE_FAIL')
    expect(err.message).toContain('ghost')
    expect(err.message).not.toContain(fnDir)
    expect(err.message).not.toMatch(/\/(tmp|home|root|work)\//)
    const token = (await post('/gateway/dev-login', { openid: 'o_paths' })).body.token
    const viaGateway = await post('/gateway/call', { name: 'ghost' }, { authorization: `Bearer ${token}` })
    expect(viaGateway.body.code).toBe('FUNCTIONS_EXECUTE_FAIL')
    expect(JSON.stringify(viaGateway.body)).not.toContain(fnDir)
    const health = await raw(emu.url, '/__emulator/health')
    expect(JSON.stringify(health.body)).not.toContain(fnDir)
    expect(JSON.stringify(health.body)).not.toContain(os.tmpdir())
  })

  it('sessions expire (real time, not the emulated clock)', async () => {
    const token = (await post('/gateway/dev-login', { openid: 'o_ttl' })).body.token
    const auth = { authorization: `Bearer ${token}` }
    expect((await post('/__emulator/clock', { advanceMs: 30 * 86_400_000 })).status).toBe(200)
    const fresh = await post('/gateway/call', { name: 'whoami' }, auth)
    expect(fresh.status).toBe(200)
    expect(fresh.body.result.openid).toBe('o_ttl')
    await new Promise((r) => setTimeout(r, 1700))
    const expired = await post('/gateway/call', { name: 'whoami' }, auth)
    expect(expired.status).toBe(401)
    expect(expired.body.code).toBe('UNAUTHENTICATED')
  })

  it('the openid `system` is reserved', async () => {
    for (const openid of ['system', 'SYSTEM', 'System']) {
      const r = await post('/gateway/dev-login', { openid })
      expect(r.status, openid).toBe(403)
      expect(r.body.code).toBe('OPENID_RESERVED')
    }
    expect((await post('/gateway/dev-login', { openid: 'systems' })).status).toBe(200)
  })
})
