// Functions runtime through the real @cloudbase/node-sdk: identity and context shape, warm state, env vars,
// timeouts, errors, a function using the SDK's database against the emulator, and the emulated clock.
import path from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sdkApp, startEmulator, type StartedEmulator } from '../helpers/emulator'

const FIXTURES = path.resolve(__dirname, '../fixtures/functions')

let emu: StartedEmulator

beforeAll(async () => {
  emu = await startEmulator({ cloudbasercPath: path.join(FIXTURES, 'cloudbaserc.json') })
  await emu.db.createCollection('services_notes')
})

afterAll(async () => {
  await emu?.close()
})

async function control(method: string, p: string, body?: unknown) {
  const res = await fetch(`${emu.url}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  })
  return { status: res.status, body: (await res.json()) as any }
}

describe('functions.invokeFunction', () => {
  it('a server-to-server call has no WeChat identity, and the context has the production shape', async () => {
    const { result } = await emu.app.callFunction({ name: 'whoami', data: { hello: '世界' } })
    const r = result as any
    expect(r.openid).toBeNull()
    expect(r.env).toBe('local')
    expect(r.triggerSrc).toBe('tcb')
    expect(r.event).toEqual({ hello: '世界' })
    expect(r.context).toMatchObject({
      function_name: 'whoami',
      function_version: '$LATEST',
      memory_limit_in_mb: 256,
      time_limit_in_ms: 10_000,
      namespace: 'local'
    })
    expect(typeof r.context.request_id).toBe('string')
    expect(typeof r.context.environment).toBe('string')
    expect(JSON.parse(r.context.environment).WX_OPENID).toBeUndefined()
  })

  it('the emulator-only x-emulator-wx-openid header lands in context.environment, read by tcb.getCloudbaseContext', async () => {
    const client = sdkApp(emu.adminUrl, { 'x-emulator-wx-openid': 'o_alice' })
    const { result } = await client.callFunction({ name: 'whoami', data: { userInfo: { openId: 'forged' } } })
    const r = result as any
    expect(r.openid).toBe('o_alice')
    expect(typeof r.appid).toBe('string')
    // The same SDK function, in this process, reads the same context.
    const ctx = tcb.getCloudbaseContext(r.context)
    expect(ctx.WX_OPENID).toBe('o_alice')
    expect(ctx.WX_CONTEXT_KEYS).toContain('WX_OPENID')
    expect(ctx.TCB_CONTEXT_KEYS).toContain('TCB_ENV')
    // Like wx.cloud.callFunction, the platform's userInfo replaces whatever the client sent.
    expect(r.event.userInfo.openId).toBe('o_alice')
  })

  it('applies env variables from cloudbaserc per function, and runs in UTC like SCF', async () => {
    const { result } = await emu.app.callFunction({ name: 'whoami', data: {} })
    expect((result as any).vars).toEqual({ TZ_BUSINESS: 'Asia/Shanghai', GREETING: '你好', TZ: 'UTC' })
    const other = await emu.app.callFunction({ name: 'timer', data: {} })
    expect((other.result as any).functionName).toBe('timer')
  })

  it('keeps module state warm between calls, and serves concurrent calls', async () => {
    const first = (await emu.app.callFunction({ name: 'counter', data: {} })).result as any
    const second = (await emu.app.callFunction({ name: 'counter', data: {} })).result as any
    expect(second.count).toBe(first.count + 1)
    expect(second.pid).toBe(first.pid)
    const many = await Promise.all(Array.from({ length: 10 }, () => emu.app.callFunction({ name: 'counter', data: {} })))
    const counts = many.map((m) => (m.result as any).count).sort((a, b) => a - b)
    expect(counts).toEqual(Array.from({ length: 10 }, (_, i) => second.count + 1 + i))
  })

  it('enforces the timeout from cloudbaserc, then cold-starts a fresh instance', async () => {
    const ok = (await emu.app.callFunction({ name: 'slow', data: { ms: 10 } })).result as any
    await expect(emu.app.callFunction({ name: 'slow', data: { ms: 5_000 } })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: expect.stringContaining('timed out after 1 seconds')
    })
    const after = (await emu.app.callFunction({ name: 'slow', data: { ms: 10 } })).result as any
    expect(after.slept).toBe(10)
    expect(after.pid).not.toBe(ok.pid)
  })

  it('answers function errors in the CloudBase error shape and survives a crashing instance', async () => {
    await expect(emu.app.callFunction({ name: 'fail', data: { reason: 'bad input' } })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: expect.stringContaining('boom: bad input')
    })
    await expect(emu.app.callFunction({ name: 'fail', data: { exit: true } })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: expect.stringContaining('exited')
    })
    await expect(emu.app.callFunction({ name: 'fail', data: { reason: 'again' } })).rejects.toMatchObject({
      message: expect.stringContaining('boom: again')
    })
  })

  it('rejects unknown functions and malformed requests, and keeps serving', async () => {
    await expect(emu.app.callFunction({ name: 'nope', data: {} })).rejects.toMatchObject({ code: 'FUNCTION_NOT_FOUND' })
    await expect(emu.app.callFunction({ name: '../whoami', data: {} })).rejects.toMatchObject({ code: 'FUNCTION_NOT_FOUND' })
    const raw = await fetch(emu.adminUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'functions.invokeFunction', function_name: 'whoami', request_data: '{not json' })
    })
    expect(await raw.json()).toMatchObject({ code: 'INVALID_PARAM' })
    const noName = await fetch(emu.adminUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'functions.invokeFunction' })
    })
    expect(await noName.json()).toMatchObject({ code: 'INVALID_PARAM' })
    const { result } = await emu.app.callFunction({ name: 'counter', data: {} })
    expect((result as any).count).toBeGreaterThan(0)
  })

  it('runs unmodified production code: tcb.init({ env: SYMBOL_CURRENT_ENV }) and the database reach the emulator', async () => {
    const { result } = await emu.app.callFunction({ name: 'dbuser', data: { text: '路灯坏了' } })
    const r = result as any
    expect(typeof r.id).toBe('string')
    expect(r.doc.text).toBe('路灯坏了')
    const { data } = await emu.db.collection('services_notes').doc(r.id).get()
    expect(data[0].text).toBe('路灯坏了')
    expect(data[0].at).toBeInstanceOf(Date)
  })
})

describe('the emulated clock', () => {
  it('moves forward without waiting, seen by functions and by db.serverDate()', async () => {
    const before = await control('GET', '/__emulator/clock')
    expect(before.status).toBe(200)
    const day = 24 * 3600_000
    const moved = await control('POST', '/__emulator/clock', { advanceMs: 3 * day })
    expect(moved.body.offsetMs).toBeGreaterThanOrEqual(before.body.offsetMs + 3 * day)
    expect(Date.parse(moved.body.now)).toBeGreaterThanOrEqual(Date.parse(before.body.now) + 3 * day)

    const seen = (await emu.app.callFunction({ name: 'whoami', data: {} })).result as any
    expect(seen.now).toBeGreaterThanOrEqual(Date.parse(moved.body.now))

    const { result } = await emu.app.callFunction({ name: 'dbuser', data: { text: 'later' } })
    const at = new Date((result as any).doc.at).getTime()
    expect(at).toBeGreaterThanOrEqual(Date.parse(moved.body.now))
    const { id } = (await emu.db.collection('services_notes').add({ at: emu.db.serverDate() })) as any
    const { data } = await emu.db.collection('services_notes').doc(id).get()
    expect(data[0].at.getTime()).toBeGreaterThanOrEqual(Date.parse(moved.body.now))

    const target = new Date(Date.parse(moved.body.now) + 10 * day).toISOString()
    const set = await control('POST', '/__emulator/clock', { set: target })
    expect(Date.parse(set.body.now)).toBeGreaterThanOrEqual(Date.parse(target))
    const warm = (await emu.app.callFunction({ name: 'whoami', data: {} })).result as any
    expect(warm.now).toBeGreaterThanOrEqual(Date.parse(target))
  })

  it('only moves forward, and rejects bad input', async () => {
    expect((await control('POST', '/__emulator/clock', { advanceMs: -1 })).status).toBe(400)
    expect((await control('POST', '/__emulator/clock', { set: '2001-01-01T00:00:00Z' })).body.code).toBe('CLOCK_BACKWARDS')
    expect((await control('POST', '/__emulator/clock', { set: 'not a date' })).status).toBe(400)
    expect((await control('POST', '/__emulator/clock', '{oops')).status).toBe(400)
    expect((await control('POST', '/__emulator/clock', {})).status).toBe(400)
    expect((await control('GET', '/__emulator/health')).body.ok).toBe(true)
  })
})
