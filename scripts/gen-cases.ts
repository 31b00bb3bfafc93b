// Generate N plausible cases over a year with the domain core (newCase + random transitions + the deadline
// timer, pure, with `now` moving), insert them in batches through the real SDK, and write the matching rollup
// docs (the summed contributions). `npx tsx scripts/gen-cases.ts --url <admin url> --n 1000000 [--seed 1]`
//
// The database must hold the reference data (scripts/seed). Generated cases get ids `gen-<n>`; existing rollup
// docs are added to, so the generator can run on a database with live cases.
import { pathToFileURL } from 'node:url'
// @ts-expect-error cli-progress ships no type declarations
import cliProgress from 'cli-progress'
import {
  addCounters,
  applyDelta,
  contribution,
  dayKey,
  emptyCounters,
  newCase,
  rollupSnapshot,
  tick,
  transition
} from '../cloudfunctions/core'
import type { Actor, Command, Refs, TransitionResult } from '../cloudfunctions/core'
import type { CaseDoc, Counters, GridDoc, RollupDoc } from '../cloudfunctions/core/types'
import type { Rating } from '../typings/api'
import { readAll } from '../cloudfunctions/shared/db'
import { loadRefs as loadFunctionRefs } from '../cloudfunctions/shared/refs'
import { prng, type Rng } from './prng'
import { sdkApp } from './sdk'

type Db = ReturnType<ReturnType<typeof sdkApp>['database']>

const HOUR = 3600_000
const DAY = 24 * HOUR

export { prng, type Rng }

/** The reference data as core.Refs, read through the SDK (the same loader the functions use). */
export async function loadRefs(db: Db): Promise<Refs> {
  const refs = await loadFunctionRefs(db)
  if (!refs.categories.size || !refs.townships.size) throw new Error('no reference data: seed the database first (npm start seeds it)')
  return refs
}

/** Plausible petition texts (none is flagged by the local content-security word list). */
export const SAMPLE_TEXTS = [
  '小区门口的路灯坏了好几天，晚上出行很不方便',
  '村里的道路坑洼不平，下雨天积水严重',
  '楼下饭店油烟太大，影响居民正常生活',
  '孩子入学手续需要哪些材料，请帮忙解答',
  '工地夜间施工噪音扰民，影响休息',
  '自来水有异味，请有关部门检测一下',
  '企业拖欠工资三个月，请帮忙协调',
  '父亲的养老保险转移接续办不下来'
]

const RESIDENTS = 50_000

/** The life of one case from `at` until `until` (or its end), by the core only. */
export function lifeOf(i: number, at: Date, until: Date, refs: Refs, r: Rng, no: string): CaseDoc {
  const cats = [...refs.categories.values()].filter((c) => c.active)
  const resident: Actor = { openid: `gen-resident-${r.int(1, RESIDENTS)}`, role: 'resident', scope: {}, name: '群众' }
  const grid = r.chance(0.6) ? r.pick(refs.grids) : undefined
  const place = grid
    ? { point: centre(grid), address: '某小区' }
    : { townshipId: r.pick([...refs.townships.keys()]) }
  const phone = r.chance(0.6) ? `139${String(r.int(0, 99_999_999)).padStart(8, '0')}` : undefined
  let res: TransitionResult = newCase(
    { categoryId: r.pick(cats)._id, text: r.pick(SAMPLE_TEXTS), photos: [], place, ...(phone ? { contact: { name: '群众', phone } } : {}), consent: true, hideName: r.chance(0.3) },
    resident,
    refs,
    at,
    { caseId: `gen-${String(i).padStart(8, '0')}`, no },
    r.chance(0.01) ? { status: 'held', label: 'review:21000' } : { status: 'pass' },
    false
  )
  let c = res.next
  let t = at.getTime()
  const end = until.getTime()
  const dispatcher: Actor = { openid: 'gen-dispatcher', role: 'county_dispatcher', scope: {}, name: '县级分派员' }
  const handler = (dept: string): Actor => ({ openid: `gen-handler-${dept}`, role: 'dept_handler', scope: { departmentId: dept }, name: '经办人' })
  const owner: Actor = resident

  /** Run the timer up to `to`, then try `cmd` at `to` (ignoring refusals). */
  const step = (to: number, actor: Actor | null, cmd: Command | null): boolean => {
    if (to > end) return false
    for (let k = 0; k < 20 && c.alarmAt && c.alarmAt.getTime() <= to; k++) {
      const ticked = tick(c, refs, c.alarmAt)
      if (!ticked) break
      c = ticked.next
    }
    t = to
    if (!actor || !cmd) return true
    try {
      c = transition(c, cmd, actor, refs, new Date(to)).next
    } catch {
      // Not allowed in this state any more (e.g. auto-closed): the story ends here.
    }
    return true
  }

  for (let guard = 0; guard < 12; guard++) {
    const state = c.state
    if (state === 'closed' || state === 'withdrawn') break
    if (state === 'review') {
      if (!step(t + r.int(1, 30) * HOUR, dispatcher, { type: 'release', note: '审核通过' })) break
    } else if (state === 'queued') {
      const dept = r.pick([...refs.departments.keys()])
      if (r.chance(0.05)) {
        if (!step(t + r.int(1, 10) * HOUR, owner, { type: 'withdraw' })) break
      } else if (!step(t + r.int(1, 30) * HOUR, dispatcher, { type: 'route', departmentId: dept })) break
    } else if (state === 'dispatched') {
      const dept = c.departmentId!
      const x = r.next()
      // Mostly within the accept window; some late.
      const wait = (x < 0.85 ? r.next() * 0.9 : 1 + r.next()) * c.sla.acceptHours * HOUR
      if (x < 0.08) {
        if (!step(t + wait, handler(dept), { type: 'return', reason: '不属于本部门职责' })) break
      } else if (x < 0.1) {
        if (!step(t + wait, owner, { type: 'withdraw' })) break
      } else if (!step(t + wait, handler(dept), { type: 'accept' })) break
    } else if (state === 'accepted') {
      const dept = c.departmentId!
      const left = Math.max(HOUR, c.finishBy.getTime() - t)
      const wait = r.chance(0.88) ? r.next() * left : left + r.next() * 3 * DAY
      if (!step(t + wait, handler(dept), { type: 'resolve', text: '已办理完毕', photos: [] })) break
    } else if (state === 'resolved') {
      if (r.chance(0.25)) {
        // No rating: the timer closes it after 7 days.
        if (!step(t + 8 * DAY, null, null)) break
      } else {
        const rating: Rating = r.chance(0.7) ? 'satisfied' : r.chance(0.6) ? 'basic' : 'unsatisfied'
        if (!step(t + r.int(1, 72) * HOUR, owner, { type: 'rate', rating })) break
      }
    }
  }
  step(end, null, null)
  return c
}

function centre(g: GridDoc): { lng: number; lat: number } {
  const ring = g.polygon[0]!
  const xs = ring.map((p) => p[0]!)
  const ys = ring.map((p) => p[1]!)
  return { lng: (Math.min(...xs) + Math.max(...xs)) / 2, lat: (Math.min(...ys) + Math.max(...ys)) / 2 }
}

export interface GenerateOptions {
  n: number
  /** The generated year ends here (default: now). */
  now?: Date
  /** Length of the period (default 365 days). */
  days?: number
  seed?: number
  batch?: number
  /** First index of the generated ids (to add more later). */
  offset?: number
  progress?: boolean
  /** Called with (done, total) after each batch. */
  onProgress?: (done: number, total: number) => void
}

export interface GenerateResult {
  cases: number
  rollups: number
  ms: number
}

/** Add summed contributions into `acc` (rollup doc id → unit → counters), as the rollup flush leaves them. */
function accumulate(acc: Map<string, Map<string, Counters>>, c: CaseDoc): void {
  for (const [id, units] of contribution(c)) {
    let doc = acc.get(id)
    if (!doc) acc.set(id, (doc = new Map()))
    for (const [u, k] of units) {
      let t = doc.get(u)
      if (!t) doc.set(u, (t = emptyCounters()))
      addCounters(t, k)
    }
  }
}

export async function generateCases(db: Db, opts: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now()
  const refs = await loadRefs(db)
  const now = opts.now ?? new Date()
  const days = opts.days ?? 365
  const from = now.getTime() - days * DAY
  const r = prng(opts.seed ?? 1)
  const batchSize = opts.batch ?? 1000
  const offset = opts.offset ?? 0
  const acc = new Map<string, Map<string, Counters>>()
  // Case numbers continue the daily sequences of the counters collection (shared with live submits).
  const seqs = new Map<string, number>()
  for (const c of await readAll<{ _id: string; seq: number }>('counters', {}, 100_000, db)) {
    const m = /^case_no_(\d{8})$/.exec(c._id)
    if (m) seqs.set(m[1]!, c.seq)
  }
  const bar: { start(n: number, v: number): void; update(v: number): void; stop(): void } | null = opts.progress ? new cliProgress.SingleBar({ format: 'cases {bar} {value}/{total} {percentage}% | eta {eta_formatted}' }, cliProgress.Presets.shades_classic) : null
  bar?.start(opts.n, 0)
  const step = (days * DAY) / Math.max(1, opts.n)
  let pending: Promise<unknown> = Promise.resolve()
  for (let start = 0; start < opts.n; start += batchSize) {
    const docs: CaseDoc[] = []
    for (let i = start; i < Math.min(opts.n, start + batchSize); i++) {
      const at = new Date(Math.floor(from + i * step + r.next() * step))
      const day = dayKey(at).replace(/-/g, '')
      const seq = (seqs.get(day) ?? 0) + 1
      seqs.set(day, seq)
      const c = lifeOf(offset + i, at, now, refs, r, `WS${day}${String(seq).padStart(4, '0')}`)
      accumulate(acc, c)
      // The rollups below count it (shared/rollups.ts: the snapshot a flush leaves).
      docs.push({ ...c, rolled: rollupSnapshot(c) } as CaseDoc)
    }
    // Insert while the next batch is generated (one batch in flight).
    await pending
    pending = db.collection('cases').add(docs as never)
    await pending
    bar?.update(Math.min(opts.n, start + batchSize))
    opts.onProgress?.(Math.min(opts.n, start + batchSize), opts.n)
  }
  await pending
  bar?.stop()

  // Rollup docs: add to what is there.
  const ids = [...acc.keys()]
  const _ = db.command
  const existing = new Map<string, RollupDoc>()
  for (let i = 0; i < ids.length; i += 500) {
    const res = await db.collection('rollups').where({ _id: _.in(ids.slice(i, i + 500)) }).limit(1000).get()
    for (const d of res.data as RollupDoc[]) existing.set(d._id, d)
  }
  const docs: RollupDoc[] = ids.map((id) => {
    // Stored as the functions store it (core/rollups.ts applyDelta).
    return applyDelta(existing.get(id) ?? null, id, acc.get(id)!, now)
  })
  const fresh = docs.filter((d) => !existing.has(d._id))
  // Batches of at most 200 docs and about 2 MB.
  for (let i = 0; i < fresh.length; ) {
    let j = i
    for (let bytes = 0; j < fresh.length && j - i < 200 && (j === i || bytes < 2_000_000); j++) bytes += JSON.stringify(fresh[j]).length
    await db.collection('rollups').add(fresh.slice(i, j) as never)
    i = j
  }
  for (const d of docs.filter((x) => existing.has(x._id))) {
    const { _id, ...rest } = d
    await db.collection('rollups').doc(_id).set(rest)
  }
  await Promise.all(
    [...seqs].map(([day, seq]) => db.collection('counters').doc(`case_no_${day}`).set({ seq, day }))
  )
  return { cases: opts.n, rollups: docs.length, ms: Date.now() - started }
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? argv[i + 1] : undefined
}

async function cli(argv: string[]): Promise<number> {
  const url = arg(argv, 'url') ?? 'http://127.0.0.1:5173/admin'
  const n = Number(arg(argv, 'n') ?? 1000)
  const seed = Number(arg(argv, 'seed') ?? 1)
  const offset = Number(arg(argv, 'offset') ?? 0)
  if (!Number.isInteger(n) || n <= 0) {
    console.error('--n must be a positive integer')
    return 1
  }
  const db = sdkApp(url).database()
  const r = await generateCases(db, { n, seed, offset, progress: true })
  console.log(`generated ${r.cases} cases and ${r.rollups} rollup docs in ${(r.ms / 1000).toFixed(1)} s`)
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(e)
    process.exit(1)
  })
}
