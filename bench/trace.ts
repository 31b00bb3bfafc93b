// Trace the database calls of one action (development aid): npx tsx bench/trace.ts
import { performance } from 'node:perf_hooks'
import { startStack } from '../tests/helpers/stack'
import { P, roadCase } from '../tests/integration/helpers'

async function main() {
  const log: string[] = []
  let rec = false
  let t0 = 0
  const stack = await startStack({
    latencyMs: 10,
    onAction: (a, ms, ok, params) => {
      if (!rec || a.startsWith('functions.')) return
      const p = params as Record<string, any>
      const what = [p.collectionName, p.docId ?? '', typeof p.query === 'string' ? p.query.slice(0, 80) : p.query ? JSON.stringify(p.query).slice(0, 80) : '', p.data ? JSON.stringify(p.data).slice(0, 80) : ''].join(' ')
      log.push(`${(performance.now() - t0 - ms).toFixed(0).padStart(5)}→${(performance.now() - t0).toFixed(0).padStart(5)} ${a} ${ok ? '' : 'FAIL'} ${what}`)
    }
  })
  const run = async (name: string, f: () => Promise<unknown>) => {
    log.length = 0
    rec = true
    t0 = performance.now()
    await f()
    rec = false
    console.log(`\n== ${name} (${log.length} ops, ${(performance.now() - t0).toFixed(0)} ms)`)
    for (const l of log) console.log(l)
  }
  try {
    for (let i = 0; i < 2; i++) {
      let id = ''
      await run('submit', async () => { id = (await stack.as(`tr-${i}`).ok('petition', 'submit', roadCase({ text: `东门社区门口道路第${i}处坑洼，雨天积水` }))).case._id })
      await run('accept', () => stack.as(P.zhujian).ok('staff', 'accept', { caseId: id }))
      await run('resolve', () => stack.as(P.zhujian).ok('staff', 'resolve', { caseId: id, text: '已修补完毕' }))
      await run('rate', () => stack.as(`tr-${i}`).ok('petition', 'rate', { caseId: id, rating: 'satisfied' }))
    }
  } finally {
    await stack.close()
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1) })
