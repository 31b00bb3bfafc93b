// Benchmarks of the petition service on the local stack (BRIEF §7 budgets; measured, never asserted):
//   (a) admin.summary over a year with 1,000,000 generated cases (rollups, not scans)
//   (b) the deadline timer: 100,000 open cases with 100 due vs 1,000 open with 100 due (cost ~ due cases)
//   (c) submit through the H5 gateway (POST /gateway/call after /gateway/dev-login): p50/p99 and per second
// Sizes can be lowered for a quick run: BENCH_SUMMARY_N, BENCH_TIMER_OPEN (comma list), BENCH_SUBMITS; BENCH_ONLY
// (comma list of submit, timer, summary) runs a subset.
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { dayKey, addDays, newCase } from '../cloudfunctions/core'
import type { Actor } from '../cloudfunctions/core'
import type { CaseDoc } from '../cloudfunctions/core/types'
import { generateCases, loadRefs, prng } from '../scripts/gen-cases'
import { VILLAGE_POINTS } from '../scripts/seed/wenshang'
import type { SubmitInput } from '../typings/api'
import { startStack, type Stack } from '../tests/helpers/stack'

process.env.TENCENTCLOUD ??= 'true'

const HOUR = 3600_000

interface Row {
  what: string
  n: string
  p50: number
  p99: number
  extra: string
  budget: string
  /** Within the budget (undefined: no budget on this row). */
  met?: boolean
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

function stats(times: number[]) {
  const s = [...times].sort((a, b) => a - b)
  return { p50: pct(s, 50), p99: pct(s, 99) }
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : '—')

function submitInput(i: number): SubmitInput {
  const points = Object.values(VILLAGE_POINTS)
  return {
    categoryId: i % 3 ? 'cat-road' : 'cat-streetlight',
    text: `第${i}号测试诉求：道路有坑洼，影响通行`,
    photos: [],
    place: { point: points[i % points.length]! },
    contact: { name: '测试', phone: '13800000000' },
    consent: true,
    hideName: false
  }
}

// --- (c) submit through the gateway ---------------------------------------------------------------------

async function benchSubmit(total: number): Promise<Row[]> {
  const stack = await startStack({ devLogin: true })
  try {
    const tokens: string[] = []
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${stack.url}/gateway/dev-login`, { method: 'POST', body: JSON.stringify({ openid: `bench-resident-${i}` }), headers: { 'content-type': 'application/json' } })
      tokens.push(((await r.json()) as { token: string }).token)
    }
    let i = 0
    // A plain keep-alive HTTP client (like a browser's connection pool): the load generator shares the CPU with
    // the stack, and undici's fetch costs several times more per request than http.request.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
    const url = new URL(`${stack.url}/gateway/call`)
    const post = (token: string, payload: string) =>
      new Promise<string>((resolve, reject) => {
        const req = http.request(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}` } },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
            res.on('error', reject)
          }
        )
        req.on('error', reject)
        req.end(payload)
      })
    const submitOnce = async () => {
      const k = i++
      const t0 = performance.now()
      const text = await post(tokens[k % tokens.length]!, JSON.stringify({ name: 'petition', data: { action: 'submit', data: submitInput(k) } }))
      const body = JSON.parse(text) as { result?: { ok: boolean; code?: string } }
      if (!body.result?.ok) throw new Error(`submit failed: ${JSON.stringify(body).slice(0, 200)}`)
      return performance.now() - t0
    }
    for (let w = 0; w < 30; w++) await submitOnce() // warm instances and caches
    const rows: Row[] = []
    for (const concurrency of [1, 8, 16]) {
      const n = concurrency === 1 ? Math.min(300, total) : total
      const times: number[] = []
      const t0 = performance.now()
      let left = n
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left-- > 0) times.push(await submitOnce())
        })
      )
      const secs = (performance.now() - t0) / 1000
      const s = stats(times)
      const rate = n / secs
      rows.push({
        what: `submit via H5 gateway, concurrency ${concurrency}`,
        n: `${n} submits`,
        p50: s.p50,
        p99: s.p99,
        extra: `${rate.toFixed(0)} /s`,
        budget: concurrency === 1 ? 'p99 ≤ 50 ms' : 'p99 ≤ 50 ms and ≥ 200/s',
        met: s.p99 <= 50 && (concurrency === 1 || rate >= 200)
      })
    }
    agent.destroy()
    return rows
  } finally {
    await stack.close()
  }
}

// --- (b) the deadline timer -----------------------------------------------------------------------------

async function insertCases(stack: Stack, docs: CaseDoc[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000) await stack.db.collection('cases').add(docs.slice(i, i + 1000) as never)
}

async function benchTimer(open: number, due = 100, runs = 5): Promise<Row> {
  const stack = await startStack()
  try {
    const refs = await loadRefs(stack.db)
    const now = await stack.now()
    const r = prng(open)
    const resident: Actor = { openid: 'bench-resident', role: 'resident', scope: {}, name: '群众' }
    const points = Object.values(VILLAGE_POINTS)
    let seq = 0
    const make = (at: Date): CaseDoc => {
      const i = seq++
      return newCase(
        { ...submitInput(i), place: { point: points[r.int(0, points.length - 1)]! }, categoryId: 'cat-road' },
        resident,
        refs,
        at,
        { caseId: `bench-${String(i).padStart(8, '0')}`, no: `WSBENCH${String(i).padStart(8, '0')}` },
        { status: 'pass' },
        false
      ).next
    }
    // Open cases filed within the last hour: dispatched, their first alarm (the 20 h warning) far ahead. Made and
    // inserted 1000 at a time: a long synchronous loop would let idle keep-alive sockets time out under a request.
    for (let done = 0; done < open; done += 1000) {
      const openDocs: CaseDoc[] = []
      for (let i = done; i < Math.min(open, done + 1000); i++) openDocs.push(make(new Date(now.getTime() - r.int(0, 59) * 60_000)))
      await insertCases(stack, openDocs)
    }
    await stack.fireTimer() // warm
    const times: number[] = []
    let applied = 0
    for (let k = 0; k < runs; k++) {
      // `due` cases filed 21 h ago: their accept warning is due now.
      const t = await stack.now()
      const dueDocs = Array.from({ length: due }, () => make(new Date(t.getTime() - 21 * HOUR)))
      await insertCases(stack, dueDocs)
      const t0 = performance.now()
      const res = await stack.fireTimer()
      times.push(performance.now() - t0)
      applied += res?.data?.applied ?? 0
    }
    const s = stats(times)
    return {
      what: `deadline timer run (${due} due)`,
      n: `${open.toLocaleString('en')} open`,
      p50: s.p50,
      p99: s.p99,
      extra: `${(s.p50 / due).toFixed(2)} ms per due case, ${applied / runs} applied per run`,
      budget: open >= 100_000 ? '≤ 200 ms (and ≈ the 1,000-open row: cost follows due cases)' : 'reference for the row below',
      ...(open >= 100_000 ? { met: s.p50 <= 200 } : {})
    }
  } finally {
    await stack.close()
  }
}

// --- (a) the summary over a year of cases ----------------------------------------------------------------

async function benchSummary(n: number, samples = 30): Promise<Row[]> {
  const stack = await startStack()
  try {
    const now = await stack.now()
    const t0 = performance.now()
    const gen = await generateCases(stack.db, { n, now, seed: 2026, progress: process.stdout.isTTY === true })
    const genSecs = (performance.now() - t0) / 1000
    const admin = stack.as('demo-admin')
    const to = dayKey(now)
    const from = addDays(to, -364)
    await admin.ok('admin', 'summary', { from, to }) // warm
    const rows: Row[] = []
    for (const [label, data] of [
      ['county, by day', { from, to }],
      ['county, by week', { from, to, granularity: 'week' as const }],
      ['one township', { from, to, townshipId: 'tw-zhongdu' }]
    ] as const) {
      const times: number[] = []
      for (let i = 0; i < samples; i++) {
        const t = performance.now()
        await admin.ok('admin', 'summary', data)
        times.push(performance.now() - t)
      }
      const s = stats(times)
      rows.push({
        what: `admin.summary over a year (${label})`,
        n: `${n.toLocaleString('en')} cases`,
        p50: s.p50,
        p99: s.p99,
        extra: `${gen.rollups} rollup docs; generated + inserted in ${genSecs.toFixed(0)} s`,
        budget: '≤ 100 ms',
        met: s.p50 <= 100
      })
    }
    return rows
  } finally {
    await stack.close()
  }
}

export async function benchService(): Promise<string> {
  const summaryN = Number(process.env.BENCH_SUMMARY_N ?? 1_000_000)
  const timerOpen = (process.env.BENCH_TIMER_OPEN ?? '1000,100000').split(',').map(Number)
  const submits = Number(process.env.BENCH_SUBMITS ?? 1000)
  // BENCH_ONLY=submit,timer,summary runs a subset.
  const only = new Set((process.env.BENCH_ONLY ?? 'submit,timer,summary').split(',').map((x) => x.trim()))
  const rows: Row[] = []
  if (only.has('submit')) {
    console.log('  · submit through the gateway')
    rows.push(...(await benchSubmit(submits)))
  }
  if (only.has('timer')) {
    for (const open of timerOpen) {
      console.log(`  · deadline timer, ${open} open`)
      rows.push(await benchTimer(open))
    }
  }
  if (only.has('summary')) {
    console.log(`  · summary over ${summaryN} cases`)
    rows.push(...(await benchSummary(summaryN)))
  }
  const lines = [
    '| what | size | p50 ms | p99 ms | notes | budget | met |',
    '|---|---|---:|---:|---|---|---|',
    ...rows.map((r) => `| ${r.what} | ${r.n} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.extra} | ${r.budget} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`)
  ]
  return lines.join('\n')
}

if (process.argv[1] && /bench[\\/]service\.ts$/.test(process.argv[1])) {
  benchService().then((md) => console.log(md), (e) => {
    console.error(e)
    process.exit(1)
  })
}
