#!/usr/bin/env node
// End-to-end tests: start the whole local stack (scripts/start.ts: emulator + functions + demo data + the H5
// build), drive Debian's chromium with playwright-core through tests/e2e/*.test.mjs, save screenshots to
// artifacts/screenshots, and print 'N passed, N failed'.
// The H5 build is reused only while no source it is built from is newer; otherwise it is rebuilt.
// Flags: --build (rebuild the H5 app first), --only <substring> (run matching tests), --keep (leave the stack up).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { syncClock } from '../tests/e2e/lib.mjs'
import { e2eTestsOf } from './lib/test-report.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const flag = (f) => args.includes(f)
const opt = (f) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined)
const only = opt('--only')

/** Where the local cloud's clock starts: end-to-end tests never depend on today's date. */
export const E2E_EPOCH = process.env.E2E_EPOCH ?? '2026-12-01T09:00:00+08:00'

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** Newest modification time under `p` (a file or a folder), 0 when it does not exist. */
function newestMtime(p) {
  if (!existsSync(p)) return 0
  const st = statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  return readdirSync(p).reduce((m, name) => Math.max(m, newestMtime(path.join(p, name))), st.mtimeMs)
}

/** True when the H5 build exists and nothing it is built from changed since. */
function h5BuildIsFresh() {
  const built = path.join(root, 'miniprogram/dist/h5/index.html')
  if (!existsSync(built)) return false
  const sources = ['miniprogram/src', 'miniprogram/config', 'miniprogram/babel.config.js', 'typings', 'package-lock.json']
  return Math.max(...sources.map((s) => newestMtime(path.join(root, s)))) <= statSync(built).mtimeMs
}

async function startStack(port) {
  const tsx = path.join(root, 'node_modules/.bin/tsx')
  const a = ['scripts/start.ts', '--port', String(port), '--data', ':memory:', '--no-timers', '--at', E2E_EPOCH]
  if (!flag('--build') && h5BuildIsFresh()) a.push('--no-build-h5')
  const child = spawn(tsx, a, { cwd: root, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 300_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the stack exited:\n${log}`)
    if (/is running/.test(log)) return { child, base, log: () => log }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`the stack did not start in time:\n${log}`)
}

function stopStack(child) {
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    /* gone */
  }
}

async function main() {
  const files = readdirSync(path.join(root, 'tests/e2e'))
    .filter((f) => f.endsWith('.test.mjs'))
    .sort()
  const tests = []
  for (const f of files) tests.push(...e2eTestsOf(f, await import(pathToFileURL(path.join(root, 'tests/e2e', f)).href)))
  if (!tests.length) throw new Error('no end-to-end tests found in tests/e2e')
  const selected = only ? tests.filter((t) => `${t.file} ${t.name}`.includes(only)) : tests
  if (!selected.length) throw new Error(`no end-to-end test matches --only ${only}`)
  if (!existsSync(CHROMIUM)) {
    console.error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk`)
    console.log(`0 passed, ${selected.length} failed`)
    process.exit(1)
  }
  const port = Number(process.env.E2E_PORT ?? (await freePort()))
  console.log(`› starting the local stack on port ${port}`)
  const stack = await startStack(port)
  const shots = path.join(root, 'artifacts/screenshots')
  mkdirSync(shots, { recursive: true })
  // Failure screenshots of an earlier run would be mistaken for this one's.
  for (const f of readdirSync(shots)) if (f.startsWith('FAILED-')) rmSync(path.join(shots, f))
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'ws-e2e-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    permissions: ['geolocation'],
    // Inside 中都街道东门社区第一网格 (scripts/seed/wenshang.ts), so H5 '使用当前位置' lands in demo-grid-1's grid.
    geolocation: { longitude: 116.477, latitude: 35.74 }
  })
  const ctx = { base: stack.base, shots, screenshots: [], context, root, vars: {} }
  let passed = 0
  let failed = 0
  for (const t of selected) {
    const page = await context.newPage()
    await syncClock(ctx, page)
    const errors = []
    page.on('pageerror', (e) => errors.push(String(e)))
    const started = Date.now()
    try {
      await t.run(ctx, page)
      passed++
      console.log(`  ✓ ${t.file} › ${t.name} (${Date.now() - started} ms)`)
    } catch (e) {
      failed++
      console.log(`  ✗ ${t.file} › ${t.name}\n    ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n    ')}`)
      if (errors.length) console.log(`    page errors: ${errors.slice(0, 3).join(' | ')}`)
      try {
        await page.screenshot({ path: path.join(shots, `FAILED-${t.name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`) })
      } catch {
        /* page gone */
      }
    } finally {
      await page.close().catch(() => undefined)
    }
  }
  await context.close()
  rmSync(userDataDir, { recursive: true, force: true })
  if (flag('--keep')) console.log(`stack left running at ${stack.base} (pid ${stack.child.pid})`)
  else stopStack(stack.child)
  if (ctx.screenshots.length) console.log(`› ${ctx.screenshots.length} screenshots in artifacts/screenshots`)
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

main().catch((e) => {
  console.error(e)
  console.log('0 passed, 1 failed')
  process.exit(1)
})
