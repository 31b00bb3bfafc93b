// Profile of the submit path: SDK round trips per submit (by action) and where the milliseconds go.
// npx tsx bench/profile.ts [submits] [concurrency]
import { performance } from 'node:perf_hooks'
import { VILLAGE_POINTS } from '../scripts/seed/wenshang'
import { startStack } from '../tests/helpers/stack'
import { actionCounter, childCpu } from './profiling'


async function main() {
  const n = Number(process.argv[2] ?? 200)
  const conc = Number(process.argv[3] ?? 1)
  const counter = actionCounter()
  const stack = await startStack({
    devLogin: true,
    onAction: counter.onAction
  })
  const points = Object.values(VILLAGE_POINTS)
  const tokens: string[] = []
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${stack.url}/gateway/dev-login`, { method: 'POST', body: JSON.stringify({ openid: `prof-${i}` }), headers: { 'content-type': 'application/json' } })
    tokens.push(((await r.json()) as { token: string }).token)
  }
  let k = 0
  const once = async () => {
    const i = k++
    const t0 = performance.now()
    const r = await fetch(`${stack.url}/gateway/call`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
      body: JSON.stringify({ name: 'petition', data: { action: 'submit', data: { categoryId: i % 3 ? 'cat-road' : 'cat-streetlight', text: `第${i}号诉求：道路有坑洼`, photos: [], place: { point: points[i % points.length] }, contact: { name: '测试', phone: '13800000000' }, consent: true, hideName: false } } })
    })
    const body = (await r.json()) as { result?: { ok: boolean } }
    if (!body.result?.ok) throw new Error(JSON.stringify(body).slice(0, 300))
    return performance.now() - t0
  }
  for (let w = 0; w < 30; w++) await once()
  counter.recording = true
  const cpu0 = process.cpuUsage()
  const kids0 = childCpu()
  const times: number[] = []
  const t0 = performance.now()
  let left = n
  await Promise.all(Array.from({ length: conc }, async () => { while (left-- > 0) times.push(await once()) }))
  const secs = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const kids1 = childCpu()
  times.sort((a, b) => a - b)
  const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!.toFixed(1)
  console.log(`${n} submits, concurrency ${conc}: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, ${(n / secs).toFixed(0)}/s`)
  let total = 0
  let totalMs = 0
  for (const [a, c] of counter.sorted()) {
    total += c.n
    totalMs += c.ms
    console.log(`  ${a.padEnd(34)} ${(c.n / n).toFixed(2).padStart(6)} /submit  ${(c.ms / c.n).toFixed(3)} ms each  ${c.fail ? `${c.fail} failed` : ''}`)
  }
  console.log(`  total ${(total / n).toFixed(2)} actions/submit, emulator handler time ${(totalMs / n).toFixed(2)} ms/submit`)
  console.log(`  CPU per submit: emulator+client process ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms; function processes ${[...kids1].map(([pid, t]) => `${pid}: ${((t - (kids0.get(pid) ?? 0)) / n).toFixed(2)} ms`).join(', ')}`)
  await stack.close()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
