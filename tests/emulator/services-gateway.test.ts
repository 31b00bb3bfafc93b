// H5 gateway (dev login, calls, uploads, CORS) and static files.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type StartedEmulator } from '../helpers/emulator'

const FIXTURES = path.resolve(__dirname, '../fixtures/functions')
const RC = path.join(FIXTURES, 'cloudbaserc.json')

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as any }
}

describe('gateway with devLogin', () => {
  let emu: StartedEmulator
  let staticDir: string

  beforeAll(async () => {
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'svc-static-'))
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>汶上</title>')
    fs.writeFileSync(path.join(staticDir, 'app.js'), 'console.log(1)')
    emu = await startEmulator({ cloudbasercPath: RC, devLogin: true, staticDir })
  })

  afterAll(async () => {
    await emu?.close()
    fs.rmSync(staticDir, { recursive: true, force: true })
  })

  async function login(openid: string): Promise<string> {
    const r = await post(`${emu.url}/gateway/dev-login`, { openid })
    expect(r.status).toBe(200)
    expect(r.body.openid).toBe(openid)
    return r.body.token
  }

  it('dev-login then call: the function sees the session openid, whatever the body says', async () => {
    const token = await login('o_bob')
    const r = await post(`${emu.url}/gateway/call`, { name: 'whoami', data: { x: 1, userInfo: { openId: 'forged' } } }, { authorization: `Bearer ${token}` })
    expect(r.status).toBe(200)
    expect(r.headers.get('access-control-allow-origin')).toBeNull()
    expect(r.body.result.openid).toBe('o_bob')
    expect(r.body.result.event.x).toBe(1)
    expect(r.body.result.event.userInfo.openId).toBe('o_bob')
    expect(JSON.parse(r.body.result.context.environment).WX_OPENID).toBe('o_bob')
  })

  it('answers function failures as { code, message }', async () => {
    const token = await login('o_bob')
    const auth = { authorization: `Bearer ${token}` }
    expect((await post(`${emu.url}/gateway/call`, { name: 'fail', data: { reason: 'x' } }, auth)).body).toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: expect.stringContaining('boom: x')
    })
    expect((await post(`${emu.url}/gateway/call`, { name: 'nope' }, auth)).body.code).toBe('FUNCTION_NOT_FOUND')
  })

  it('rejects calls without a valid token and bad input', async () => {
    expect((await post(`${emu.url}/gateway/call`, { name: 'whoami' })).status).toBe(401)
    expect((await post(`${emu.url}/gateway/call`, { name: 'whoami' }, { authorization: 'Bearer forged' })).status).toBe(401)
    const token = await login('o_bob')
    const auth = { authorization: `Bearer ${token}` }
    expect((await post(`${emu.url}/gateway/call`, '{nope', auth)).status).toBe(400)
    expect((await post(`${emu.url}/gateway/call`, { data: {} }, auth)).status).toBe(400)
    expect((await post(`${emu.url}/gateway/call`, { name: 'whoami', data: [1] }, auth)).status).toBe(400)
    expect((await post(`${emu.url}/gateway/dev-login`, { openid: '' })).status).toBe(400)
    expect((await post(`${emu.url}/gateway/dev-login`, { openid: 'a b/c' })).status).toBe(400)
    expect((await post(`${emu.url}/gateway/dev-login`, 'not json')).status).toBe(400)
    expect((await post(`${emu.url}/gateway/call`, { name: 'counter' }, auth)).body.result.count).toBeGreaterThan(0)
  })

  it('answers CORS preflights of its own origin (never *)', async () => {
    const res = await fetch(`${emu.url}/gateway/call`, {
      method: 'OPTIONS',
      headers: { origin: emu.url, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' }
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(emu.url)
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization')
  })

  it('uploads (raw and multipart) and serves the file back to a session (token in a header only); the SDK sees the same file', async () => {
    const token = await login('o_bob')
    const auth = { authorization: `Bearer ${token}` }
    const photo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 0, 255])
    const raw = await fetch(`${emu.url}/gateway/upload?path=${encodeURIComponent('cases/1/现场.png')}`, { method: 'POST', headers: auth, body: photo })
    const { fileID } = (await raw.json()) as any
    expect(fileID).toMatch(/^cloud:\/\/local\.[^/]+\/cases\/1\/现场\.png$/)
    expect((await fetch(`${emu.url}/gateway/file?fileID=${encodeURIComponent(fileID)}`)).status).toBe(401)
    expect((await fetch(`${emu.url}/gateway/file?fileID=${encodeURIComponent(fileID)}&token=${token}`)).status).toBe(401)
    const back = await fetch(`${emu.url}/gateway/file?fileID=${encodeURIComponent(fileID)}`, { headers: auth })
    expect(back.status).toBe(200)
    expect(back.headers.get('x-content-type-options')).toBe('nosniff')
    expect(back.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await back.arrayBuffer())).toEqual(photo)

    const form = new FormData()
    form.append('file', new Blob([Buffer.from('jpeg bytes')], { type: 'image/jpeg' }), 'a.jpg')
    const multi = await fetch(`${emu.url}/gateway/upload`, { method: 'POST', headers: auth, body: form })
    const m = (await multi.json()) as any
    expect(m.fileID).toMatch(/^cloud:\/\/local\.[^/]+\/uploads\/\d{4}-\d\d-\d\d\/[0-9a-f-]+\.jpg$/)
    const { fileList } = await emu.app.getTempFileURL({ fileList: [m.fileID] })
    expect(fileList[0]!.code).toBe('SUCCESS')
    expect(await (await fetch(encodeURI(fileList[0]!.tempFileURL))).text()).toBe('jpeg bytes')

    expect((await fetch(`${emu.url}/gateway/upload`, { method: 'POST', body: photo })).status).toBe(401)
    expect((await fetch(`${emu.url}/gateway/upload?path=../../etc/x`, { method: 'POST', headers: auth, body: photo })).status).toBe(400)
    expect((await fetch(`${emu.url}/gateway/file?fileID=cloud://other.bucket/x.png`, { headers: auth })).status).toBe(400)
    expect((await fetch(`${emu.url}/gateway/file?fileID=${encodeURIComponent(fileID + '.missing')}`, { headers: auth })).status).toBe(404)
  })

  it('serves the static H5 build with SPA fallback, without shadowing the emulator routes', async () => {
    expect(await (await fetch(`${emu.url}/`)).text()).toContain('汶上')
    expect(await (await fetch(`${emu.url}/app.js`)).text()).toBe('console.log(1)')
    expect(await (await fetch(`${emu.url}/pages/case/detail`)).text()).toContain('汶上')
    expect(((await (await fetch(`${emu.url}/__emulator/health`)).json()) as any).ok).toBe(true)
    const unknown = await fetch(`${emu.url}/__emulator/nope`)
    expect(unknown.status).toBe(404)
    expect((await fetch(`${emu.url}/gateway/nope`)).status).toBe(404)
  })
})

describe('gateway without devLogin', () => {
  let emu: StartedEmulator
  beforeAll(async () => {
    emu = await startEmulator({ cloudbasercPath: RC })
  })
  afterAll(async () => {
    await emu?.close()
  })

  it('rejects every gateway route (there is no production equivalent)', async () => {
    const login = await post(`${emu.url}/gateway/dev-login`, { openid: 'o_bob' })
    expect(login.status).toBe(403)
    expect(login.body.code).toBe('GATEWAY_DISABLED')
    expect((await post(`${emu.url}/gateway/call`, { name: 'whoami' }, { authorization: 'Bearer x' })).status).toBe(403)
    // The SDK path still works.
    const { result } = await emu.app.callFunction({ name: 'counter', data: {} })
    expect((result as any).count).toBe(1)
  })
})
