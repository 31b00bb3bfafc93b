// Profile of the submit path: SDK round trips per submit (by action) and where the milliseconds go.
// npx tsx bench/profile.ts [submits] [concurrency]
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { VILLAGE_POINTS } from '../scripts/seed/wenshang'
import { startStack } from '../tests/helpers/stack'

process.env.TENCENTCLOUD ??= 'true'

async function main() {
  const n = Number(process.argv[2] ?? 200)
  const conc = Number(process.argv[3] ?? 1)
  const counts = new Map<string, { n: number; ms: number; fail: number }>()
  let recording = false
  const stack = await startStack({
    devLogin: true,
    onAction: (a, ms, ok, params) => {
      if (!recording) return
      const detail = params.collectionName ?? params.apiName
      const action = detail ? `${a} ${String(detail)}` : a
      const c = counts.get(action) ?? { n: 0, ms: 0, fail: 0 }
      c.n++
      c.ms += ms
      if (!ok) c.fail++
      counts.set(action, c)
    }
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
  recording = true
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
  for (const [a, c] of [...counts].sort((x, y) => y[1].n - x[1].n)) {
    total += c.n
    totalMs += c.ms
    console.log(`  ${a.padEnd(34)} ${(c.n / n).toFixed(2).padStart(6)} /submit  ${(c.ms / c.n).toFixed(3)} ms each  ${c.fail ? `${c.fail} failed` : ''}`)
  }
  console.log(`  total ${(total / n).toFixed(2)} actions/submit, emulator handler time ${(totalMs / n).toFixed(2)} ms/submit`)
  console.log(`  CPU per submit: emulator+client process ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms; function processes ${[...kids1].map(([pid, t]) => `${pid}: ${((t - (kids0.get(pid) ?? 0)) / n).toFixed(2)} ms`).join(', ')}`)
  await stack.close()
}

/** CPU ms of each child process (the warm function instances), from /proc. */
function childCpu(): Map<number, number> {
  const out = new Map<number, number>()
  const tick = 10 // USER_HZ 100
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(f[1]) !== process.pid) continue
      out.set(Number(d), (Number(f[11]) + Number(f[12])) * tick)
    } catch {
      // gone
    }
  }
  return out
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
