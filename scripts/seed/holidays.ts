// The holiday table (BRIEF §3) from `chinese-days`: statutory holidays (incl. the weekend days inside them) as
// 'holiday', make-up working weekend days (调休上班) as 'workday'. Every year the package covers is confirmed;
// the year after is present, unconfirmed and empty, so its deadlines are provisional until the county enters it.
import chineseDays from 'chinese-days/dist/chinese-days.json'
import chineseDaysPkg from 'chinese-days/package.json'
import type { HolidayDoc, HolidayYearDoc } from '../../cloudfunctions/core/types'

interface ChineseDaysData {
  /** 'YYYY-MM-DD' → 'English name,中文名,days' */
  holidays: Record<string, string>
  workdays: Record<string, string>
}

const DATA = chineseDays as unknown as ChineseDaysData
export const CHINESE_DAYS_VERSION: string = chineseDaysPkg.version
/** Shown in the 修改记录 as who made the entry. */
export const SEED_ACTOR = '系统初始化'

/** The Chinese festival name from a chinese-days value, e.g. 'National Day,国庆节,3' → '国庆节'. */
export function festivalName(value: string): string {
  const parts = value.split(',')
  return (parts[1] ?? parts[0] ?? '').trim() || '节假日'
}

/** The years chinese-days has a schedule for, ascending. */
export function coveredYears(): number[] {
  const years = new Set<number>()
  for (const d of Object.keys(DATA.holidays)) years.add(Number(d.slice(0, 4)))
  for (const d of Object.keys(DATA.workdays)) years.add(Number(d.slice(0, 4)))
  return [...years].sort((a, b) => a - b)
}

export interface HolidaySeed {
  holidays: HolidayDoc[]
  years: HolidayYearDoc[]
}

/**
 * Holiday rows for every covered year, sorted by date, plus one HolidayYearDoc per covered year (confirmed) and
 * one for the following year (unconfirmed, no days). `now` stamps the audit entries.
 */
export function buildHolidays(now: Date = new Date()): HolidaySeed {
  const rows = new Map<string, HolidayDoc>()
  const add = (date: string, kind: HolidayDoc['kind'], value: string) => {
    if (rows.has(date)) throw new Error(`chinese-days lists ${date} both as a holiday and as a workday`)
    rows.set(date, { _id: date, year: Number(date.slice(0, 4)), kind, name: festivalName(value) })
  }
  for (const [date, value] of Object.entries(DATA.holidays)) add(date, 'holiday', value)
  for (const [date, value] of Object.entries(DATA.workdays)) add(date, 'workday', value)
  const holidays = [...rows.values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))

  const covered = coveredYears()
  const years: HolidayYearDoc[] = covered.map((year) => ({
    _id: String(year),
    year,
    confirmed: true,
    audit: [{ at: now, by: SEED_ACTOR, change: `依据国务院办公厅通知导入 ${year} 年放假安排并确认` }]
  }))
  const next = covered[covered.length - 1]! + 1
  years.push({
    _id: String(next),
    year: next,
    confirmed: false,
    audit: [{ at: now, by: SEED_ACTOR, change: `${next} 年放假安排尚未公布，期限为暂定，公布后请录入并确认` }]
  })
  return { holidays, years }
}
