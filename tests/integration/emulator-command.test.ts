// `npm run emulator` (scripts/emulator.ts), the whole local cloud in one command, tested from the outside: spawn
// it, wait for its ready line, then talk to it over HTTP and the real SDK only — the clock (--at), the demo data
// (--seed demo), a function through the gateway's dev login, the functions' TZ (--functions-tz), the timers.
import { DEPARTMENTS, UNITS } from '../../scripts/seed/wenshang'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sdkApp } from '../helpers/emulator'

const ROOT = path.resolve(__dirname, '../..')
const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs')
const AT = '2027-01-04T09:00:00+08:00'
const AT_MS = Date.parse(AT)

let child: ChildProcess
let url = ''
let output = ''

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [tsx, 'scripts/emulator.ts', '--port', '0', '--data', ':memory:', '--seed', 'demo', '--at', AT, '--functions-tz', 'Asia/Shanghai'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += d
      const m = /local cloud ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (m) resolve(m[1]!)
    })
    child.stderr!.on('data', (d) => (output += d))
    child.once('exit', (code) => reject(new Error(`npm run emulator exited ${code}:\n${output}`)))
  })
}, 180_000)

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise<number | null>((r) => child.once('exit', r))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }
})

async function getJson(p: string) {
  const res = await fetch(`${url}${p}`)
  expect(res.status).toBe(200)
  return (await res.json()) as any
}

async function postJson(p: string, body: unknown, token?: string) {
  const res = await fetch(`${url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  return { status: res.status, body: (await res.json()) as any }
}

describe('npm run emulator', () => {
  it('starts the local clock at --at, and the functions see it', async () => {
    const clock = await getJson('/__emulator/clock')
    expect(clock.nowMs).toBeGreaterThanOrEqual(AT_MS)
    expect(clock.nowMs).toBeLessThan(AT_MS + 120_000)
    const login = await postJson('/gateway/dev-login', { openid: 'o-emulator-command-test' })
    expect(login.status).toBe(200)
    const hello = await postJson('/gateway/call', { name: 'hello', data: { action: 'hello', data: { name: '测试' } } }, login.body.token)
    expect(hello.status).toBe(200)
    expect(hello.body.result).toMatchObject({ ok: true, data: { openid: 'o-emulator-command-test' } })
    const at = Date.parse(hello.body.result.data.at)
    expect(at).toBeGreaterThanOrEqual(AT_MS)
    expect(at).toBeLessThan(AT_MS + 120_000)
  })

  it('--seed demo loads the Wenshang demo data (read through the real SDK and through a function)', async () => {
    const db = sdkApp(`${url}/admin`).database()
    expect((await db.collection('townships').count()).total).toBe(15)
    // The 13 bureaus and the townships and villages as handling units (scripts/seed/wenshang.ts).
    expect((await db.collection('departments').count()).total).toBe(DEPARTMENTS.length + UNITS.length)
    const login = await postJson('/gateway/dev-login', { openid: 'o-emulator-command-test' })
    const catalog = await postJson('/gateway/call', { name: 'petition', data: { action: 'catalog', data: {} } }, login.body.token)
    expect(catalog.body.result.ok).toBe(true)
    expect(catalog.body.result.data.townships).toHaveLength(15)
  })

  it('runs every function with dev login, timers and --functions-tz', async () => {
    const health = await getJson('/__emulator/health')
    expect(health).toMatchObject({ ok: true, devLogin: true, timersRunning: true, functionsTz: 'Asia/Shanghai' })
    expect(health.functions.map((f: { name: string } | string) => (typeof f === 'string' ? f : f.name)).sort()).toEqual(
      ['admin', 'hello', 'open311', 'petition', 'policy', 'staff', 'timer', 'user', 'wxevent']
    )
    expect(JSON.stringify(health.timers)).toContain('deadlineTimer')
  })
})
