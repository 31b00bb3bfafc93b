// Deadline countdown text: '剩余 3天4小时', '剩余 45分钟', '已超时 2小时'. Pure, `now` passed in.

export type CountdownTone = 'normal' | 'warn' | 'overdue'

export interface Countdown {
  text: string
  tone: CountdownTone
  /** Milliseconds left (negative when overdue). */
  msLeft: number
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Below this the chip turns red. */
export const WARN_MS = 4 * HOUR

function span(ms: number): string {
  const abs = Math.abs(ms)
  if (abs >= DAY) {
    const d = Math.floor(abs / DAY)
    const h = Math.floor((abs % DAY) / HOUR)
    return h > 0 ? `${d}天${h}小时` : `${d}天`
  }
  if (abs >= HOUR) {
    const h = Math.floor(abs / HOUR)
    const m = Math.floor((abs % HOUR) / MINUTE)
    return m > 0 && h < 4 ? `${h}小时${m}分钟` : `${h}小时`
  }
  const m = Math.max(1, Math.floor(abs / MINUTE))
  return `${m}分钟`
}

export function formatCountdown(deadline: string | Date, now: Date | number = Date.now()): Countdown {
  const at = typeof deadline === 'string' ? Date.parse(deadline) : deadline.getTime()
  const n = typeof now === 'number' ? now : now.getTime()
  const msLeft = at - n
  if (msLeft <= 0) return { text: `已超时 ${span(msLeft)}`, tone: 'overdue', msLeft }
  return { text: `剩余 ${span(msLeft)}`, tone: msLeft < WARN_MS ? 'warn' : 'normal', msLeft }
}

/** A Beijing-time date string 'MM-DD HH:mm' (or with year when not the current Beijing year). */
export function formatTime(iso: string | undefined, withYear = false): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  const d = new Date(t + 8 * HOUR)
  const p = (x: number) => String(x).padStart(2, '0')
  const md = `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
  return withYear ? `${d.getUTCFullYear()}-${md}` : md
}

/** 'YYYY-MM-DD' in Beijing. */
export function beijingDay(t: Date | number = Date.now()): string {
  const d = new Date((typeof t === 'number' ? t : t.getTime()) + 8 * HOUR)
  return d.toISOString().slice(0, 10)
}
