// (share) The 附议 suggestion (petition.similar, BRIEF issue 11: ≤ 50 ms p99 with 100,000 open cases): open cases
// spread over the county's villages (points scattered over each village's first grid, about 900 m × 620 m, every active
// category, filed over the last 40 days), then p50/p99 of petition.similar through the real SDK (a resident's
// callFunction → the warm petition function → the emulator), with a map point and with a 村居 only.
// Writes its own section of bench/RESULTS.md. BENCH_SIMILAR_OPEN and BENCH_SIMILAR_SAMPLES lower the sizes.
import { performance } from 'node:perf_hooks'
import { newCase, type Actor } from '../cloudfunctions/core'
import type { CaseDoc } from '../cloudfunctions/core/types'
import { loadRefs, prng, SAMPLE_TEXTS } from '../scripts/gen-cases'
import { VILLAGE_POINTS } from '../scripts/seed/wenshang'
import { startStack } from '../tests/helpers/stack'
import { cellsAround, SIMILAR_PRECISION, SIMILAR_RINGS } from '../cloudfunctions/core'
import { actionCounter } from './profiling'
import { writeSection } from './results'

process.env.TENCENTCLOUD ??= 'true'

const SECTION_TITLE = '## 附议 suggestions (petition.similar)'
const DAY = 86_400_000
const BUDGET_MS = 50

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
const fmt = (ms: number) => ms.toFixed(1)

/**
 * A point in the village's first grid (seed layout: a rectangle of about 900 m × 620 m centered on the village
 * point): up to 400 m east or west and 280 m north or south of `p`.
 */
function jitter(p: { lng: number; lat: number }, r: ReturnType<typeof prng>) {
  const dLat = ((r.next() * 2 - 1) * 280) / 111_195
  const dLng = ((r.next() * 2 - 1) * 400) / (111_195 * Math.cos((p.lat * Math.PI) / 180))
  return { lng: +(p.lng + dLng).toFixed(6), lat: +(p.lat + dLat).toFixed(6) }
}

export async function benchSimilar(open = Number(process.env.BENCH_SIMILAR_OPEN ?? 100_000), samples = Number(process.env.BENCH_SIMILAR_SAMPLES ?? 300)): Promise<string> {
  // BENCH_SIMILAR_PROFILE=1: also the emulator's time per SDK action, and the candidate query alone.
  const profile = process.env.BENCH_SIMILAR_PROFILE === '1'
  const counter = actionCounter()
  const stack = await startStack(profile ? { onAction: counter.onAction } : {})
  try {
    const refs = await loadRefs(stack.db)
    const now = await stack.now()
    const r = prng(open + 11)
    const villages = Object.entries(VILLAGE_POINTS)
    const categories = [...refs.categories.values()].filter((c) => c.active).map((c) => c._id)
    const filers: Actor[] = Array.from({ length: 500 }, (_, i) => ({ openid: `bench-filer-${i}`, role: 'resident', scope: {}, name: '群众' }))
    const t0 = performance.now()
    let seq = 0
    // Made and inserted 1000 at a time (a long synchronous loop would let idle keep-alive sockets time out).
    for (let done = 0; done < open; done += 1000) {
      const docs: CaseDoc[] = []
      for (let i = done; i < Math.min(open, done + 1000); i++) {
        const [, vp] = villages[r.int(0, villages.length - 1)]!
        const at = new Date(now.getTime() - r.int(0, 40 * DAY))
        const n = seq++
        docs.push(
          newCase(
            {
              categoryId: categories[r.int(0, categories.length - 1)]!,
              text: SAMPLE_TEXTS[r.int(0, SAMPLE_TEXTS.length - 1)]!,
              photos: [],
              place: { point: jitter(vp, r) },
              contact: { name: '测试', phone: '13800000000' },
              consent: true,
              hideName: false
            },
            filers[n % filers.length]!,
            refs,
            at,
            { caseId: `sim-${String(n).padStart(8, '0')}`, no: `WSSIM${String(n).padStart(8, '0')}` },
            { status: 'pass' },
            false
          ).next
        )
      }
      await stack.db.collection('cases').add(docs as never)
    }
    const genSecs = (performance.now() - t0) / 1000
    const me = stack.as('bench-neighbor')
    const query = (withPoint: boolean) => {
      const [villageId, vp] = villages[r.int(0, villages.length - 1)]!
      const categoryId = categories[r.int(0, categories.length - 1)]!
      const text = SAMPLE_TEXTS[r.int(0, SAMPLE_TEXTS.length - 1)]!
      return withPoint ? { categoryId, point: jitter(vp, r), text } : { categoryId, villageId, text }
    }
    for (let i = 0; i < 20; i++) await me.ok('petition', 'similar', query(i % 2 === 0)) // warm
    const rows: string[] = []
    for (const [label, withPoint] of [
      ['with a map point (5 × 5 precision-7 geohash cells, ≤ 150 m)', true],
      ['with a 村居 only', false]
    ] as const) {
      const times: number[] = []
      let found = 0
      for (let i = 0; i < samples; i++) {
        const q = query(withPoint)
        const t = performance.now()
        const res = await me.ok('petition', 'similar', q)
        times.push(performance.now() - t)
        found += res.items.length
      }
      const s = [...times].sort((a, b) => a - b)
      const p50 = pct(s, 50)
      const p99 = pct(s, 99)
      rows.push(`| petition.similar ${label} | ${open.toLocaleString('en')} open | ${fmt(p50)} | ${fmt(p99)} | ${(found / samples).toFixed(1)} suggestions per call | ≤ ${BUDGET_MS} ms p99 | ${p99 <= BUDGET_MS ? 'yes' : '**no**'} |`)
    }
    if (profile) {
      counter.recording = true
      const times: number[] = []
      let n = 0
      for (let i = 0; i < 100; i++) {
        const q = query(true) as { categoryId: string; point: { lng: number; lat: number } }
        const _ = stack.db.command
        const t = performance.now()
        const res = await stack.db.collection('cases').where({ categoryId: q.categoryId, state: _.in(['queued', 'dispatched', 'accepted']), submittedAt: _.gte(new Date(now.getTime() - 30 * DAY)), geo7: _.in(cellsAround(q.point, SIMILAR_PRECISION, SIMILAR_RINGS)) }).limit(200).get()
        times.push(performance.now() - t)
        n += res.data.length
      }
      for (let i = 0; i < 100; i++) await me.ok('petition', 'similar', query(true))
      const q0 = query(true) as { categoryId: string; point: { lng: number; lat: number } }
      const cutoff = { $date: new Date(now.getTime() - 30 * DAY).toISOString() }
      const ex = stack.emulator.emulator.database.explain('cases', JSON.stringify({ categoryId: q0.categoryId, state: { $in: ['queued', 'dispatched', 'accepted'] }, submittedAt: { $gte: cutoff }, geo7: { $in: cellsAround(q0.point, SIMILAR_PRECISION, SIMILAR_RINGS) } }))
      console.log('plan of the candidate query:', JSON.stringify(ex.plan), ex.indexes)
      counter.recording = false
      const s = [...times].sort((a, b) => a - b)
      console.log(`candidate query alone (admin SDK): p50 ${fmt(pct(s, 50))} p99 ${fmt(pct(s, 99))} ms, ${(n / 100).toFixed(0)} candidates per query`)
      for (const [a, c] of counter.sorted()) console.log(`  ${a}: ${c.n} calls, ${(c.ms / c.n).toFixed(2)} ms each in the emulator`)
    }
    {
      // Control: the same path with no candidate query (petition.locate: the user doc and a point-in-polygon), so the
      // share of the platform (invoke, user doc, a busy machine) in the figures above can be read off.
      const times: number[] = []
      for (let i = 0; i < samples; i++) {
        const [, vp] = villages[r.int(0, villages.length - 1)]!
        const t = performance.now()
        await me.ok('petition', 'locate', { point: jitter(vp, r) })
        times.push(performance.now() - t)
      }
      const s = [...times].sort((a, b) => a - b)
      rows.push(`| control: petition.locate (no candidate query) | — | ${fmt(pct(s, 50))} | ${fmt(pct(s, 99))} | the call path alone: invoke, user doc | reference | |`)
    }
    return [
      SECTION_TITLE,
      '',
      `\`npm run bench:similar\`: ${open.toLocaleString('en')} open cases over the county's ${villages.length} villages (points scattered over each village's ` +
        `first grid, about 900 m × 620 m, ${categories.length} categories, filed over the last 40 days; generated and inserted in ${genSecs.toFixed(0)} s), ` +
        `${samples} calls each through the real SDK (callFunction → the warm petition function → the emulator), one at a time.`,
      '',
      '| what | size | p50 ms | p99 ms | notes | budget | met |',
      '|---|---|---:|---:|---|---|---|',
      ...rows,
      ''
    ].join('\n')
  } finally {
    await stack.close()
  }
}

if (process.argv[1] && /bench[\\/]similar\.ts$/.test(process.argv[1])) {
  benchSimilar().then(
    (md) => {
      writeSection(SECTION_TITLE, md)
      console.log(md)
      console.log('› written to bench/RESULTS.md')
    },
    (e) => {
      console.error(e)
      process.exit(1)
    }
  )
}
