// Profile of one deadline-timer run: SDK round trips per due case (by action) and the run's wall time.
// npx tsx bench/profile-timer.ts [open] [due]
import { performance } from 'node:perf_hooks'
import { newCase } from '../cloudfunctions/core'
import type { Actor } from '../cloudfunctions/core'
import type { CaseDoc } from '../cloudfunctions/core/types'
import { loadRefs, prng } from '../scripts/gen-cases'
import { VILLAGE_POINTS } from '../scripts/seed/wenshang'
import { startStack } from '../tests/helpers/stack'
import { actionCounter, childCpu } from './profiling'

const HOUR = 3600_000

async function main() {
  const open = Number(process.argv[2] ?? 1000)
  const due = Number(process.argv[3] ?? 100)
  const counter = actionCounter()
  const stack = await startStack({
    onAction: counter.onAction
  })
  const refs = await loadRefs(stack.db)
  const points = Object.values(VILLAGE_POINTS)
  const r = prng(1)
  const resident: Actor = { openid: 'prof-resident', role: 'resident', scope: {}, name: '群众' }
  let seq = 0
  const make = (at: Date): CaseDoc => {
    const i = seq++
    return newCase(
      { categoryId: 'cat-road', text: `第${i}号诉求`, photos: [], place: { point: points[r.int(0, points.length - 1)]! }, contact: { name: '测试', phone: '13800000000' }, consent: true, hideName: false },
      resident, refs, at, { caseId: `prof-${String(i).padStart(8, '0')}`, no: `WSPROF${String(i).padStart(8, '0')}` }, { status: 'pass' }, false
    ).next
  }
  const now = await stack.now()
  const insert = async (docs: CaseDoc[]) => {
    for (let i = 0; i < docs.length; i += 1000) await stack.db.collection('cases').add(docs.slice(i, i + 1000) as never)
  }
  await insert(Array.from({ length: open }, () => make(new Date(now.getTime() - r.int(0, 59) * 60_000))))
  await stack.fireTimer()
  for (let k = 0; k < 3; k++) {
    const t = await stack.now()
    await insert(Array.from({ length: due }, () => make(new Date(t.getTime() - 21 * HOUR))))
    counter.recording = k === 2
    const cpu0 = process.cpuUsage()
    const kids0 = childCpu()
    const t0 = performance.now()
    const res = await stack.fireTimer()
    const wall = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    const kids = [...childCpu()].map(([pid, ms]) => ms - (kids0.get(pid) ?? 0)).filter((ms) => ms > 0)
    console.log(`run ${k}: ${wall.toFixed(1)} ms; CPU emulator ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, functions ${kids.join('+')} ms`, JSON.stringify(res?.data))
  }
  let total = 0
  for (const [a, c] of counter.sorted()) {
    total += c.n
    console.log(`  ${a.padEnd(44)} ${(c.n / due).toFixed(2).padStart(6)} /due case  ${(c.ms / c.n).toFixed(3)} ms each  ${c.fail ? `${c.fail} failed` : ''}`)
  }
  console.log(`  total ${(total / due).toFixed(2)} actions per due case`)
  await stack.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
