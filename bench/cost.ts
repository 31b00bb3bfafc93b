// Cost per action in production terms (issue: database operations, sequential round trips, function CPU).
//   npx tsx bench/cost.ts [samples]
// - database operations: the SDK calls to `database.*` the emulator answers while one action runs;
// - sequential round trips: the same actions on a second stack whose every SDK call waits LATENCY_MS first
//   (calls sent in parallel wait in parallel): (extra wall time) / LATENCY_MS, less the invocation itself;
// - function CPU: user + system time of the warm function processes (from /proc), per action;
// - modelled production latency: sequential round trips × 5 ms + function CPU.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import type { SubmitInput } from '../typings/api'
import { startStack, type Stack } from '../tests/helpers/stack'
import { P, roadCase } from '../tests/integration/helpers'
import { childCpu } from './profiling'
import { writeSection } from './results'

export const LATENCY_MS = 25
/** Cases in the flush row. */
export const FLUSHED = 20
export const PROD_ROUND_TRIP_MS = 5
/** Submits before measuring (steady state: warm instances, the day's and month's rollup docs exist). */
export const WARM_SUBMITS = 80

export interface CostRow {
  action: string
  dbOps: number
  roundTrips: number
  cpuMs: number
  /** The user part of cpuMs (the JavaScript; the rest is the kernel's, i.e. the sockets). */
  userCpuMs: number
  modelledMs: number
}

interface Probe {
  stack: Stack
  ops: number
  recording: boolean
}

async function probeStack(latencyMs: number): Promise<Probe> {
  const probe = { ops: 0, recording: false } as Probe
  probe.stack = await startStack({
    latencyMs,
    onAction: (a) => {
      if (probe.recording && a.startsWith('database.')) probe.ops++
    }
  })
  return probe
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

type Prepared = () => Promise<void>
/** An action: `prepare(i)` sets up sample i (not measured) and answers the measured call. */
interface Scenario {
  name: string
  prepare(stack: Stack, i: number): Promise<Prepared>
}

const submitInput = (i: number): SubmitInput => roadCase({ text: `东门社区门口道路第${i}处坑洼，雨天积水，通行困难` })
const newCase = async (s: Stack, i: number) => (await s.as(`cost-res-${i}`).ok('petition', 'submit', submitInput(i))).case._id
const accepted = async (s: Stack, i: number) => {
  const id = await newCase(s, i)
  await s.as(P.zhujian).ok('staff', 'accept', { caseId: id })
  return id
}
const resolved = async (s: Stack, i: number) => {
  const id = await accepted(s, i)
  await s.as(P.zhujian).ok('staff', 'resolve', { caseId: id, text: '已修补完毕' })
  return id
}
const must = async (p: Promise<{ ok: boolean }>) => {
  const r = await p
  if (!r.ok) throw new Error(JSON.stringify(r))
}

export const SCENARIOS: Scenario[] = [
  { name: 'submit (resident, routed by rule)', prepare: async (s, i) => () => must(s.as(`cost-res-${i}`).call('petition', 'submit', submitInput(i))) },
  { name: 'accept (department)', prepare: async (s, i) => { const id = await newCase(s, i); return () => must(s.as(P.zhujian).call('staff', 'accept', { caseId: id })) } },
  { name: 'resolve (department)', prepare: async (s, i) => { const id = await accepted(s, i); return () => must(s.as(P.zhujian).call('staff', 'resolve', { caseId: id, text: '已修补完毕，请评价' })) } },
  { name: 'rate 满意 (resident)', prepare: async (s, i) => { const id = await resolved(s, i); return () => must(s.as(`cost-res-${i}`).call('petition', 'rate', { caseId: id, rating: 'satisfied' })) } }
]

async function measure(probe: Probe, run: Prepared): Promise<{ ms: number; ops: number; cpu: number; user: number }> {
  const kids0 = childCpu()
  const user0 = childCpu('user')
  probe.ops = 0
  probe.recording = true
  const t0 = performance.now()
  await run()
  const ms = performance.now() - t0
  probe.recording = false
  const kids1 = childCpu()
  const user1 = childCpu('user')
  let cpu = 0
  let user = 0
  for (const [pid, t] of kids1) cpu += t - (kids0.get(pid) ?? 0)
  for (const [pid, t] of user1) user += t - (user0.get(pid) ?? 0)
  return { ms, ops: probe.ops, cpu, user }
}

/** A timer run with nothing due: no deadline passed, no case to flush (the reference for the flush row). */
async function idleTimer(probe: Probe): Promise<Prepared> {
  await probe.stack.fireTimer()
  return async () => {
    const r = await probe.stack.fireTimer()
    if (!r.ok || r.data.applied !== 0 || r.data.rolledUp !== 0) throw new Error(`timer: ${JSON.stringify(r).slice(0, 300)}`)
  }
}

/** A timer run whose only work is the rollup flush of `n` cases changed since the last run (one accept each). */
async function flushSample(probe: Probe, n: number, round: number): Promise<Prepared> {
  const s = probe.stack
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push(await newCase(s, 200_000 + round * 1000 + i))
  await s.fireTimer()
  for (const id of ids) await s.as(P.zhujian).ok('staff', 'accept', { caseId: id })
  return async () => {
    const r = await s.fireTimer()
    if (!r.ok || r.data.rolledUp !== n) throw new Error(`timer: ${JSON.stringify(r).slice(0, 300)}`)
  }
}

/** One timer run with `due` cases past their accept deadline. */
async function timerSample(probe: Probe, due: number, round: number): Promise<Prepared> {
  const s = probe.stack
  for (let i = 0; i < due; i++) await newCase(s, 100_000 + round * 1000 + i)
  await s.fireTimer()
  await s.advanceClock(25 * 3600_000)
  return async () => {
    const r = await s.fireTimer()
    if (!r.ok || r.data.applied < due) throw new Error(`timer: ${JSON.stringify(r).slice(0, 300)}`)
  }
}

export async function benchCost(samples = 20): Promise<CostRow[]> {
  const fast = await probeStack(0)
  const slow = await probeStack(LATENCY_MS)
  const rows: CostRow[] = []
  try {
    const all: Array<{ name: string; prepare: (p: Probe, i: number) => Promise<Prepared>; n: number }> = [
      ...SCENARIOS.map((sc) => ({ name: sc.name, prepare: (p: Probe, i: number) => sc.prepare(p.stack, i), n: samples })),
      { name: 'timer run, 100 due', prepare: (p: Probe, i: number) => timerSample(p, 100, i), n: 3 },
      { name: 'timer run, nothing due', prepare: (p: Probe) => idleTimer(p), n: 5 },
      { name: `timer run, rollup flush of ${FLUSHED} changed cases`, prepare: (p: Probe, i: number) => flushSample(p, FLUSHED, i), n: 3 }
    ]
    let k = 0
    // Steady state: the day's and month's rollup docs exist (the first flush of a period creates them).
    for (const p of [fast, slow]) for (let i = 0; i < WARM_SUBMITS; i++) await newCase(p.stack, 900_000 + k++)
    for (const sc of all) {
      // Warm both stacks' function instances first.
      for (const p of [fast, slow]) await (await sc.prepare(p, k++))()
      const f: Array<{ ms: number; ops: number; cpu: number; user: number }> = []
      const sl: number[] = []
      for (let i = 0; i < sc.n; i++) {
        f.push(await measure(fast, await sc.prepare(fast, k++)))
        sl.push((await measure(slow, await sc.prepare(slow, k++))).ms)
      }
      const ops = median(f.map((x) => x.ops))
      const cpuMs = f.reduce((a, x) => a + x.cpu, 0) / f.length
      const userCpuMs = f.reduce((a, x) => a + x.user, 0) / f.length
      // Less one for the invocation itself (functions.invokeFunction travels the same way).
      const roundTrips = Math.max(0, Math.round((median(sl) - median(f.map((x) => x.ms))) / LATENCY_MS) - 1)
      rows.push({ action: sc.name, dbOps: ops, roundTrips, cpuMs, userCpuMs, modelledMs: roundTrips * PROD_ROUND_TRIP_MS + cpuMs })
      console.log(`  ${sc.name}: ${ops} db ops, ${roundTrips} sequential round trips, ${cpuMs.toFixed(1)} ms function CPU (${userCpuMs.toFixed(1)} user)`)
    }
  } finally {
    await fast.stack.close()
    await slow.stack.close()
  }
  return rows
}

export function costMarkdown(rows: CostRow[]): string {
  const goal = (r: CostRow) => (r.action.startsWith('submit') ? '≤ 10 ops, ≤ 6 round trips, ≤ 5 ms CPU' : r.action.startsWith('timer') ? 'reference' : '≤ 8 ops')
  const met = (r: CostRow) =>
    r.action.startsWith('submit') ? (r.dbOps <= 10 && r.roundTrips <= 6 && r.cpuMs <= 5 ? 'yes' : '**no**') : r.action.startsWith('timer') ? '' : r.dbOps <= 8 ? 'yes' : '**no**'
  return [
    `| action | database operations | sequential round trips | function CPU ms | of which user ms | modelled production ms (trips × ${PROD_ROUND_TRIP_MS} ms + CPU) | goal | met |`,
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...rows.map((r) => `| ${r.action} | ${r.dbOps} | ${r.roundTrips} | ${r.cpuMs.toFixed(1)} | ${r.userCpuMs.toFixed(1)} | ${r.modelledMs.toFixed(1)} | ${goal(r)} | ${met(r)} |`)
  ].join('\n')
}

/** The flush's operations per changed case, from the flush and idle timer rows. */
function flushNote(rows: CostRow[]): string {
  const flush = rows.find((r) => r.action.includes('rollup flush'))
  const idle = rows.find((r) => r.action.includes('nothing due'))
  if (!flush || !idle) return 'not measured'
  return `here ${((flush.dbOps - idle.dbOps) / FLUSHED).toFixed(1)} operations per case`
}

export const COST_TITLE = '## Cost per action (production terms)'

/** The RESULTS.md section: how the figures are taken, and the table. */
export async function costSection(samples = 30): Promise<string> {
  const load = os.loadavg()[0]!.toFixed(1)
  const rows = await benchCost(samples)
  const table = costMarkdown(rows)
  return [
    COST_TITLE,
    '',
    `Database operations are the SDK calls to \`database.*\` one action makes (transaction start and commit included).`,
    `Sequential round trips come from a second stack whose every SDK call waits ${LATENCY_MS} ms: the extra wall time`,
    `over ${LATENCY_MS} ms, less the invocation itself. Function CPU is the function processes' user + system time`,
    `(/proc, 10 ms ticks, averaged); the user part is the JavaScript (ours and the SDK's: request building, TC3`,
    `signing, JSON), the system part the socket writes and reads of each SDK call. Modelled production latency =`,
    `round trips × ${PROD_ROUND_TRIP_MS} ms + CPU.`,
    `Measured in steady state (${WARM_SUBMITS} submits first). An action writes no rollup doc: the rollups are written behind`,
    `the transitions (cloudfunctions/shared/rollups.ts), by the timer every minute and by admin.summary before it reads.`,
    `The flush row is that work: per changed case it adds (flush run − idle run) / ${FLUSHED} operations, since a group`,
    `of cases shares its rollup writes (${flushNote(rows)}).`,
    `1-minute load average when the run started: ${load} on ${os.cpus().length} cores (shared; CPU figures grow with it).`,
    '',
    table,
    ''
  ].join('\n')
}

// `npm run bench:cost [samples]`: measure and replace the section in bench/RESULTS.md.
if (require.main === module) {
  costSection(Number(process.argv[2] ?? 30)).then(
    (md) => {
      writeSection(COST_TITLE, md)
      console.log(`\n${md}\n› written to bench/RESULTS.md`)
    },
    (e) => {
      console.error(e)
      process.exit(1)
    }
  )
}
