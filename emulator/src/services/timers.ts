// Timer triggers from cloudbaserc: 7-field cron (second minute hour day month weekday year) in Beijing time.
// croner computes the 6-field part (timezone Asia/Shanghai); the year field is checked here.
// Scheduling follows the emulated clock: when the clock jumps forward, every trigger whose fire time was skipped
// fires once (coalesced), then the schedule continues from the new time.
import { Cron } from 'croner'
import { now } from '../clock'
import type { FunctionConfig, TimerTrigger } from './config'

export const TIMER_TZ = 'Asia/Shanghai'
const BEIJING_OFFSET_MS = 8 * 3600_000
const MIN_YEAR = 1970
const MAX_YEAR = 2199

export interface ParsedCron {
  /** The second..weekday part, for croner. */
  six: string
  /** Allowed years, or null for any year. */
  years: Set<number> | null
}

function parseYearField(field: string): Set<number> | null {
  if (field === '*' || field === '?') return null
  const years = new Set<number>()
  for (const part of field.split(',')) {
    const m = /^(\*|\d{4})(?:-(\d{4}))?(?:\/(\d+))?$/.exec(part)
    if (!m) throw new Error(`invalid year field "${field}"`)
    const from = m[1] === '*' ? MIN_YEAR : Number(m[1])
    const to = m[2] ? Number(m[2]) : m[1] === '*' || m[3] ? MAX_YEAR : from
    const step = m[3] ? Number(m[3]) : 1
    if (from < MIN_YEAR || to > MAX_YEAR || from > to || step < 1) throw new Error(`invalid year field "${field}"`)
    for (let y = from; y <= to; y += step) years.add(y)
  }
  return years
}

/** Split and validate a 7-field CloudBase cron expression. Throws on a bad expression. */
export function parseCron7(expr: string): ParsedCron {
  if (typeof expr !== 'string') throw new Error('cron expression must be a string')
  const fields = expr.trim().split(/\s+/)
  if (fields.length !== 7) throw new Error(`cron "${expr}" must have 7 fields: second minute hour day month weekday year`)
  // '?' means "any" in CloudBase/Quartz cron; croner reads it differently, so pass '*'.
  const six = fields.slice(0, 6).map((f) => (f === '?' ? '*' : f)).join(' ')
  const years = parseYearField(fields[6]!)
  try {
    new Cron(six, { timezone: TIMER_TZ, paused: true })
  } catch (e) {
    throw new Error(`invalid cron "${expr}": ${(e as Error).message}`)
  }
  return { six, years }
}

const cronCache = new Map<string, { cron: Cron; years: Set<number> | null }>()

function compiled(expr: string) {
  let c = cronCache.get(expr)
  if (!c) {
    const p = parseCron7(expr)
    c = { cron: new Cron(p.six, { timezone: TIMER_TZ, paused: true }), years: p.years }
    cronCache.set(expr, c)
  }
  return c
}

function beijingYear(d: Date): number {
  return new Date(d.getTime() + BEIJING_OFFSET_MS).getUTCFullYear()
}

/** The first fire time strictly after `from`, or null when there is none (e.g. only past years). */
export function nextFireTime(expr: string, from: Date): Date | null {
  const { cron, years } = compiled(expr)
  let cursor = from
  for (let i = 0; i < 1000; i++) {
    const next = cron.nextRun(cursor)
    if (!next) return null
    const y = beijingYear(next)
    if (!years || years.has(y)) return next
    let ny: number | null = null
    for (const cand of years) if (cand > y && (ny === null || cand < ny)) ny = cand
    if (ny === null) return null
    // Just before 00:00:00 on January 1st of that year, Beijing time.
    cursor = new Date(Date.UTC(ny, 0, 1) - BEIJING_OFFSET_MS - 1000)
  }
  return null
}

/** The production timer event. */
export function timerEvent(trigger: TimerTrigger, time: Date) {
  return {
    Type: 'Timer',
    TriggerName: trigger.name,
    Time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Message: trigger.argument ?? ''
  }
}

interface Entry {
  fn: string
  trigger: TimerTrigger
  next: Date | null
}

export type FireFn = (fn: string, trigger: TimerTrigger, time: Date) => Promise<unknown>

const MAX_SLEEP_MS = 30_000

export class TimerScheduler {
  private readonly entries: Entry[] = []
  private handle: NodeJS.Timeout | null = null
  private stopped = true

  constructor(functions: FunctionConfig[], private readonly fire: FireFn, private readonly log: (msg: string) => void = () => {}) {
    for (const f of functions) {
      for (const t of f.timers) {
        parseCron7(t.config)
        this.entries.push({ fn: f.name, trigger: t, next: null })
      }
    }
  }

  get triggers(): Array<{ function: string; trigger: string; config: string; next: string | null }> {
    return this.entries.map((e) => ({ function: e.fn, trigger: e.trigger.name, config: e.trigger.config, next: e.next?.toISOString() ?? null }))
  }

  start(): void {
    this.stopped = false
    const t = new Date(now())
    for (const e of this.entries) e.next = nextFireTime(e.trigger.config, t)
    this.plan()
  }

  stop(): void {
    this.stopped = true
    if (this.handle) clearTimeout(this.handle)
    this.handle = null
  }

  /** The emulated clock moved: fire what became due (once per trigger) and re-plan. */
  clockChanged(): void {
    if (!this.stopped) this.tick()
  }

  private plan(): void {
    if (this.handle) clearTimeout(this.handle)
    this.handle = null
    if (this.stopped) return
    let soonest = Infinity
    for (const e of this.entries) if (e.next && e.next.getTime() < soonest) soonest = e.next.getTime()
    if (soonest === Infinity) return
    const delay = Math.max(0, Math.min(soonest - now(), MAX_SLEEP_MS))
    this.handle = setTimeout(() => this.tick(), delay)
    this.handle.unref()
  }

  private tick(): void {
    const t = now()
    for (const e of this.entries) {
      if (!e.next || e.next.getTime() > t) continue
      const at = e.next
      e.next = nextFireTime(e.trigger.config, new Date(t))
      this.fire(e.fn, e.trigger, at).catch((err) => this.log(`timer ${e.fn}/${e.trigger.name} failed: ${(err as Error).message}`))
    }
    this.plan()
  }
}
