// `--functions-tz <zone>` of the emulator CLI: the TZ of the function processes (default UTC, as on SCF), over
// real HTTP and the real SDK against a spawned CLI with the fixture functions.
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { sdkApp } from '../helpers/emulator'

const root = path.resolve(__dirname, '../..')
const cli = path.join(root, 'emulator/src/cli.ts')
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs')
const rc = path.join(root, 'tests/fixtures/functions/cloudbaserc.json')
let child: ChildProcess | null = null

afterEach(async () => {
  if (child && child.exitCode === null) {
    const done = new Promise((r) => child!.once('exit', r))
    child.kill('SIGTERM')
    await done
  }
  child = null
})

function start(args: string[]): Promise<string> {
  child = spawn(process.execPath, [tsx, cli, '--port', '0', '--data', ':memory:', '--cloudbaserc', rc, '--no-timers', '--quiet', ...args], { cwd: root })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child!.stdout!.on('data', (d) => {
      out += d
      const m = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    child!.stderr!.on('data', (d) => (err += d))
    child!.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${err}`)))
  })
}

describe('emulator --functions-tz', () => {
  it('sets TZ of the function processes; health reports it', async () => {
    const url = await start(['--functions-tz', 'America/New_York'])
    const { result } = await sdkApp(`${url}/admin`).callFunction({ name: 'whoami', data: {} })
    expect((result as { vars: { TZ: string } }).vars.TZ).toBe('America/New_York')
    const health = (await (await fetch(`${url}/__emulator/health`)).json()) as { functionsTz: string }
    expect(health.functionsTz).toBe('America/New_York')
  })

  it('defaults to UTC, and rejects a zone that does not exist (exit 2)', async () => {
    const url = await start([])
    const { result } = await sdkApp(`${url}/admin`).callFunction({ name: 'whoami', data: {} })
    expect((result as { vars: { TZ: string } }).vars.TZ).toBe('UTC')
    await new Promise((r) => { child!.once('exit', r); child!.kill('SIGTERM') })
    child = spawn(process.execPath, [tsx, cli, '--port', '0', '--data', ':memory:', '--functions-tz', 'Mars/Olympus_Mons'], { cwd: root })
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    const code = await new Promise((r) => child!.once('exit', r))
    expect(code).toBe(2)
    expect(err).toMatch(/bad --functions-tz Mars\/Olympus_Mons/)
  })
})
