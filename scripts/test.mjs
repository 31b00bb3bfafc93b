// `npm test`: everything — type checks, unit + integration + UI component tests (vitest) under TZ=UTC, the
// unit tests again under Asia/Shanghai and America/New_York (a zone with DST), the integration suite with the
// machine's real clock moved years ahead (libfaketime: no test may depend on today's date), then the
// end-to-end tests in headless Chromium against the full local stack. Prints one closing line
// 'N passed, N failed' over all of them and exits non-zero when anything failed.
//
// Every stage's count is read from output this run produced: a stale report, a runner that died before
// reporting, or a stage that ran no test counts as a failure, never as a pass.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { lastCounts } from './lib/test-report.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const artifacts = path.join(root, 'artifacts')
mkdirSync(artifacts, { recursive: true })

/** How far ahead the faketime stage moves the machine's clock. */
const FAKETIME_AHEAD = process.env.FAKETIME_AHEAD ?? '+5y'

let passed = 0
let failed = 0
const problems = []
const fail = (why) => {
  failed++
  problems.push(why)
}

const run = (label, cmd, args, opts = {}) => {
  console.log(`\n━━ ${label} ━━`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...opts.env } })
  if (opts.capture) process.stdout.write(r.stdout ?? '')
  if (r.error) console.error(`${label}: ${r.error.message}`)
  return r
}

/** One vitest run; its counts come from a JSON report written by this very run. */
function vitest(label, args, env = {}, prefix = []) {
  const report = path.join(artifacts, `vitest-${label.replace(/[^\w]+/g, '-')}.json`)
  rmSync(report, { force: true })
  const [cmd, ...pre] = [...prefix, 'npx']
  const r = run(label, cmd, [...pre, 'vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile=${report}`], { env })
  if (!existsSync(report)) {
    fail(`${label}: vitest wrote no report (exit ${r.status ?? r.signal})`)
    return
  }
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed += json.numPassedTests
  failed += json.numFailedTests
  if (json.numTotalTests === 0) fail(`${label}: no test ran`)
  else if (r.status !== 0 && json.numFailedTests === 0) fail(`${label}: exit ${r.status} with no failed test (a suite failed to load?)`)
}

const tc = run('typecheck', 'npm', ['run', '-s', 'typecheck'])
if (tc.status !== 0) fail('typecheck')
else passed++

vitest('unit, integration and UI tests (vitest, TZ=UTC)', [], { TZ: 'UTC' })

// Business time must not depend on the process time zone.
for (const tz of ['Asia/Shanghai', 'America/New_York']) vitest(`unit tests under TZ=${tz}`, ['--project', 'unit'], { TZ: tz })

// The machine's clock years ahead: every test sets the date it needs through the emulator's clock.
const faketime = spawnSync('sh', ['-c', 'command -v faketime'], { encoding: 'utf8' }).stdout.trim()
if (faketime) {
  vitest(`integration tests with the real clock ${FAKETIME_AHEAD} (libfaketime)`, ['--project', 'integration'], { TZ: 'Asia/Shanghai' }, [faketime, '-f', FAKETIME_AHEAD])
} else if (process.env.CI) {
  fail('faketime is not installed (apt-get install -y faketime): the clock-independence check did not run')
} else {
  console.log('\n(faketime not installed: skipping the clock-independence run; apt-get install -y faketime)')
}

const e2e = run('end-to-end tests (headless Chromium)', 'node', ['scripts/e2e.mjs'], { capture: true })
const m = lastCounts(e2e.stdout)
if (m) {
  passed += m.passed
  failed += m.failed
  if (m.passed + m.failed === 0) fail('end-to-end: no test ran')
  else if (e2e.status !== 0 && m.failed === 0) fail(`end-to-end: exit ${e2e.status} with no failed test`)
} else fail(`end-to-end: no closing count line (exit ${e2e.status ?? e2e.signal})`)

if (problems.length) console.log(`\nproblems:\n${problems.map((p) => `- ${p}`).join('\n')}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
