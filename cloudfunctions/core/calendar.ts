import type { HolidayDoc } from './types'
import { addDays, dayKey, endOfDay, weekday } from './time'

const MAX_SCAN_DAYS = 3660

/** Working days from the holiday table: holiday → off, make-up workday → on, otherwise Monday–Friday. */
export class WorkCalendar {
  private readonly kinds = new Map<string, 'holiday' | 'workday'>()
  private readonly confirmed = new Set<number>()

  constructor(days: Array<Pick<HolidayDoc, '_id' | 'kind'>>, years: Array<{ year: number; confirmed: boolean }>) {
    for (const d of days) this.kinds.set(d._id, d.kind)
    for (const y of years) if (y.confirmed) this.confirmed.add(y.year)
  }

  isWorkday(day: string): boolean {
    const kind = this.kinds.get(day)
    if (kind === 'holiday') return false
    if (kind === 'workday') return true
    const wd = weekday(day)
    return wd >= 1 && wd <= 5
  }

  isConfirmed(year: number): boolean {
    return this.confirmed.has(year)
  }

  /** The n-th working day strictly after `day` (n = 0 → `day` itself). */
  addWorkdays(day: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad workday count: ${n}`)
    let cur = day
    let left = n
    for (let i = 0; left > 0; i++) {
      if (i > MAX_SCAN_DAYS) throw new RangeError('calendar has no working days')
      cur = addDays(cur, 1)
      if (this.isWorkday(cur)) left--
    }
    return cur
  }

  /** The last working day strictly before `day`. */
  prevWorkday(day: string): string {
    let cur = day
    for (let i = 0; ; i++) {
      if (i > MAX_SCAN_DAYS) throw new RangeError('calendar has no working days')
      cur = addDays(cur, -1)
      if (this.isWorkday(cur)) return cur
    }
  }

  /** True when any year of the days strictly after `fromDay` up to `toDay` is unconfirmed. */
  crossesUnconfirmed(fromDay: string, toDay: string): boolean {
    const y0 = Number(addDays(fromDay, 1).slice(0, 4))
    const y1 = Number(toDay.slice(0, 4))
    for (let y = y0; y <= y1; y++) if (!this.isConfirmed(y)) return true
    return false
  }

  /** End (23:59:59.999 Beijing) of the n-th working day after the Beijing day of `from`. provisional when any year crossed is unconfirmed. */
  finishDeadline(from: Date, workdays: number): { at: Date; provisional: boolean } {
    const start = dayKey(from)
    const end = this.addWorkdays(start, workdays)
    return { at: endOfDay(end), provisional: this.crossesUnconfirmed(start, end) }
  }
}
