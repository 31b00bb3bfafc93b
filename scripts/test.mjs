// `npm test`: everything — type checks, unit + integration + UI component tests (vitest), then the
// end-to-end tests in headless Chromium against the full local stack. Prints one closing line
// 'N passed, N failed' over all of them and exits non-zero when anything failed.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const artifacts = path.join(root, 'artifacts')
mkdirSync(artifacts, { recursive: true })

let passed = 0
let failed = 0
const run = (label, cmd, args, opts = {}) => {
  console.log(`\n━━ ${label} ━━`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...opts.env } })
  if (opts.capture) process.stdout.write(r.stdout ?? '')
  return r
}

const tc = run('typecheck', 'npm', ['run', '-s', 'typecheck'])
if (tc.status !== 0) failed++
else passed++

const vitestJson = path.join(artifacts, 'vitest.json')
const vt = run('unit, integration and UI tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`])
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  if (vt.status !== 0 && report.numFailedTests === 0) failed++ // a suite that failed to load
} else if (vt.status !== 0) failed++

// The same time-sensitive unit tests again under the other time zone: business time must not depend on TZ.
const otherTz = process.env.TZ === 'UTC' ? 'Asia/Shanghai' : 'UTC'
const tz = run(`unit tests under TZ=${otherTz}`, 'npx', ['vitest', 'run', '--project', 'unit'], { env: { TZ: otherTz } })
if (tz.status !== 0) failed++
else passed++

const e2e = run('end-to-end tests (headless Chromium)', 'node', ['scripts/e2e.mjs'], { capture: true })
const m = /(\d+) passed, (\d+) failed/.exec(e2e.stdout ?? '')
if (m) {
  passed += Number(m[1])
  failed += Number(m[2])
}
if (e2e.status !== 0 && (!m || Number(m[2]) === 0)) failed++

console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
