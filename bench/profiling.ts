// Shared pieces of the profiling tools (bench/profile.ts, bench/profile-timer.ts): count the SDK actions the
// emulator answers, by action and collection, and read the CPU time of the warm function processes.
import fs from 'node:fs'

export interface ActionCount {
  n: number
  ms: number
  fail: number
}

/** An `onAction` hook for startStack that counts actions while `recording` is true. */
export function actionCounter() {
  const counts = new Map<string, ActionCount>()
  const counter = {
    recording: false,
    counts,
    onAction(a: string, ms: number, ok: boolean, params: Record<string, unknown>) {
      if (!counter.recording) return
      const detail = params.collectionName ?? params.apiName
      const action = detail ? `${a} ${String(detail)}` : a
      const c = counts.get(action) ?? { n: 0, ms: 0, fail: 0 }
      c.n++
      c.ms += ms
      if (!ok) c.fail++
      counts.set(action, c)
    },
    /** The counts, most frequent first. */
    sorted(): Array<[string, ActionCount]> {
      return [...counts].sort((x, y) => y[1].n - x[1].n)
    }
  }
  return counter
}

/** CPU ms of each child process of this one (the warm function instances), from /proc. */
export function childCpu(which: 'total' | 'user' | 'system' = 'total'): Map<number, number> {
  const out = new Map<number, number>()
  const tick = 10 // USER_HZ 100
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(f[1]) !== process.pid) continue
      const user = Number(f[11])
      const system = Number(f[12])
      out.set(Number(d), (which === 'user' ? user : which === 'system' ? system : user + system) * tick)
    } catch {
      // gone
    }
  }
  return out
}
