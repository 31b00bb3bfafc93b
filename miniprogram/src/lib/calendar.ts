// Month grid for the holiday editor. Pure; dates are plain calendar days (no time zone involved).

export interface CalDay {
  date: string
  day: number
  weekday: number
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Cells of a month (month 1–12), Monday first; null for leading blanks. */
export function monthGrid(year: number, month: number): Array<CalDay | null> {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay()
  const lead = (first + 6) % 7
  const cells: Array<CalDay | null> = Array.from({ length: lead }, () => null)
  const n = daysInMonth(year, month)
  for (let d = 1; d <= n; d++) {
    const wd = (first + d - 1) % 7
    cells.push({ date: `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`, day: d, weekday: wd })
  }
  return cells
}

export type DayKind = 'holiday' | 'workday' | 'normal'

/** Whether a day is worked: holiday → no, make-up workday → yes, else Monday–Friday. */
export function isWorkday(day: CalDay, kind: DayKind): boolean {
  if (kind === 'holiday') return false
  if (kind === 'workday') return true
  return day.weekday !== 0 && day.weekday !== 6
}
