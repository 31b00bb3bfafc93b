// Benchmark of the emulator's database through the real @cloudbase/node-sdk, against a floor doing the same
// operations directly on better-sqlite3 + mingo (no HTTP, no SDK, no EJSON). Run alone: npx tsx bench/emulator.ts [n]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { Query } from 'mingo'
import tcb from '@cloudbase/node-sdk'
import { createEmulator } from '../emulator/src/server'

export interface Row {
  operation: string
  /** Documents in the collection. */
  n: number
  samples: number
  emulatorP50Ms: number
  emulatorP99Ms: number
  floorP50Ms: number
  floorP99Ms: number
  /** emulator / floor at p50 and p99. */
  ratioP50: number
  ratioP99: number
}

export interface BenchOptions {
  n: number
  /** Samples per operation (defaults: insert 1000, get 1000, indexed 300, unindexed 30). */
  samples?: Partial<Record<'insert' | 'get' | 'indexed' | 'unindexed', number>>
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[idx]
}

async function measure(samples: number, fn: (i: number) => unknown | Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now()
    await fn(i)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p99: percentile(times, 99) }
}

const KEYS = 1000
function makeDoc(i: number): Record<string, unknown> {
  return { _id: `d${i}`, k: i % KEYS, u: i % KEYS, title: `case ${i} 汶上`, state: i % 3 ? 'open' : 'closed', at: new Date(1_700_000_000_000 + i * 1000), tags: ['a', `t${i % 7}`] }
}

let seed = 42
function rand(max: number): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed % max
}

export async function benchEmulator(opts: BenchOptions): Promise<Row[]> {
  const n = opts.n
  const s = { insert: 1000, get: 1000, indexed: 300, unindexed: 30, ...opts.samples }
  // Off Tencent Cloud the SDK probes the metadata server before every call (~60 ms); see tests/helpers/emulator.ts.
  process.env.TENCENTCLOUD ??= 'true'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-bench-'))
  const schemaPath = path.join(dir, 'schema.json')
  fs.writeFileSync(schemaPath, JSON.stringify({ collections: { bench: { indexes: [{ name: 'k', keys: [['k', 1]] }] } } }))
  const rows: Row[] = []
  const emulator = await createEmulator({ port: 0, data: path.join(dir, 'emu'), schemaPath, quiet: true, timers: false, services: false })
  const floorDb = new Database(path.join(dir, 'floor.sqlite'))
  try {
    const app = tcb.init({ env: 'local', serviceUrl: `${emulator.url}/admin`, secretId: 'local', secretKey: 'local' })
    const db = app.database()
    const coll = db.collection('bench')

    // floor: same shape, plain JSON, one indexed column
    floorDb.pragma('journal_mode = WAL')
    floorDb.pragma('synchronous = NORMAL')
    floorDb.exec('CREATE TABLE bench (id TEXT PRIMARY KEY, doc TEXT NOT NULL, k)')
    floorDb.exec('CREATE INDEX bench_k ON bench(k)')
    const fInsert = floorDb.prepare('INSERT INTO bench (id, doc, k) VALUES (?, ?, ?)')
    const fGet = floorDb.prepare('SELECT doc FROM bench WHERE id = ?')
    const fByK = floorDb.prepare('SELECT doc FROM bench WHERE k = ?')
    const fAll = floorDb.prepare('SELECT doc FROM bench')
    const floorFind = (stmt: Database.Statement, params: unknown[], criteria: Record<string, unknown>) => {
      const docs = (stmt.raw().all(...params) as Array<[string]>).map(([t]) => JSON.parse(t))
      return new Query(criteria, { idKey: '_id' }).find(docs).limit(100).all()
    }

    // load n documents (bulk, not measured)
    const preload = n - s.insert
    const batch = 1000
    for (let i = 0; i < preload; i += batch) {
      const docs = Array.from({ length: Math.min(batch, preload - i) }, (_, j) => makeDoc(i + j))
      await coll.add(docs)
      floorDb.transaction(() => {
        for (const d of docs) fInsert.run(d._id, JSON.stringify(d), d.k)
      })()
    }

    const push = (operation: string, e: { p50: number; p99: number }, f: { p50: number; p99: number }, samples: number) =>
      rows.push({ operation, n, samples, emulatorP50Ms: e.p50, emulatorP99Ms: e.p99, floorP50Ms: f.p50, floorP99Ms: f.p99, ratioP50: e.p50 / f.p50, ratioP99: e.p99 / f.p99 })

    const eIns = await measure(s.insert, i => coll.add(makeDoc(preload + i)))
    const fIns = await measure(s.insert, i => {
      const d = makeDoc(preload + i)
      fInsert.run(d._id, JSON.stringify(d), d.k)
    })
    push('insert one document', eIns, fIns, s.insert)

    const ids = Array.from({ length: s.get }, () => `d${rand(n)}`)
    const eGet = await measure(s.get, async i => {
      const r = await coll.doc(ids[i]).get()
      if (r.data.length !== 1) throw new Error(`missing ${ids[i]}`)
    })
    const fGetM = await measure(s.get, i => JSON.parse((fGet.get(ids[i]) as { doc: string }).doc))
    push('get by _id', eGet, fGetM, s.get)

    const ks = Array.from({ length: Math.max(s.indexed, s.unindexed) }, () => rand(KEYS))
    const eIdx = await measure(s.indexed, async i => {
      const r = await coll.where({ k: ks[i] }).limit(100).get()
      if (r.data.length === 0) throw new Error('indexed query found nothing')
    })
    const fIdx = await measure(s.indexed, i => floorFind(fByK, [ks[i]], { k: ks[i] }))
    push('indexed query (n/1000 hits, limit 100)', eIdx, fIdx, s.indexed)

    const eScan = await measure(s.unindexed, async i => {
      const r = await coll.where({ u: ks[i] }).limit(100).get()
      if (r.data.length === 0) throw new Error('unindexed query found nothing')
    })
    const fScan = await measure(s.unindexed, i => floorFind(fAll, [], { u: ks[i] }))
    push('unindexed query (full scan, limit 100)', eScan, fScan, s.unindexed)
  } finally {
    floorDb.close()
    await emulator.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return rows
}

export function toMarkdown(rows: Row[]): string {
  const f = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(3))
  const lines = [
    '| operation | docs | samples | emulator p50 ms | emulator p99 ms | floor p50 ms | floor p99 ms | ratio p50 | ratio p99 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|'
  ]
  for (const r of rows) {
    lines.push(`| ${r.operation} | ${r.n} | ${r.samples} | ${f(r.emulatorP50Ms)} | ${f(r.emulatorP99Ms)} | ${f(r.floorP50Ms)} | ${f(r.floorP99Ms)} | ${r.ratioP50.toFixed(1)}× | ${r.ratioP99.toFixed(1)}× |`)
  }
  return lines.join('\n')
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 100_000)
  benchEmulator({ n }).then(
    rows => {
      console.log(`Emulator database through @cloudbase/node-sdk vs. floor (better-sqlite3 + mingo, no HTTP/SDK/EJSON), ${n} documents:\n`)
      console.log(toMarkdown(rows))
    },
    err => {
      console.error(err)
      process.exit(1)
    }
  )
}
