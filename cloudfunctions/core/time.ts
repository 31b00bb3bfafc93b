// Business time is Asia/Shanghai. Nothing here depends on the process TZ.
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'

dayjs.extend(utc)
dayjs.extend(timezone)

export const BUSINESS_TZ = 'Asia/Shanghai'

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function parseDay(day: string): { y: number; m: number; d: number } {
  const m = DAY_RE.exec(day)
  if (!m) throw new RangeError(`not a day key: ${day}`)
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }
}

function utcDayMs(day: string): number {
  const { y, m, d } = parseDay(day)
  return Date.UTC(y, m - 1, d)
}

function fmtUtcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

// Asia/Shanghai has been UTC+8 all year since 1992 (its last daylight saving time ended in September 1991), so
// instants from 1992 on take a fixed-offset fast path: dayjs' tz() goes through Intl on every call, which made
// time zone conversion the largest CPU cost of a submit. Earlier instants keep going through dayjs + tz data.
const OFFSET_MS = 8 * 3_600_000
/** 1992-01-01 00:00 Beijing. */
const FIXED_FROM_MS = Date.UTC(1991, 11, 31, 16)
const FIXED_FROM_DAY = '1992-01-01'

/** Beijing wall-clock time of `d` as a UTC timestamp (fast path only). */
function beijingWallMs(d: Date): number | null {
  const t = d.getTime()
  return t >= FIXED_FROM_MS ? t + OFFSET_MS : null
}

/** 'YYYY-MM-DD' of the Beijing day containing `d`. */
export function dayKey(d: Date): string {
  const wall = beijingWallMs(d)
  if (wall !== null) return fmtUtcDay(wall)
  return dayjs(d).tz(BUSINESS_TZ).format('YYYY-MM-DD')
}

/** 'YYYY-MM' of the Beijing month containing `d`. */
export function monthKey(d: Date): string {
  const wall = beijingWallMs(d)
  if (wall !== null) return fmtUtcDay(wall).slice(0, 7)
  return dayjs(d).tz(BUSINESS_TZ).format('YYYY-MM')
}

/** 00:00:00.000 Beijing time of `day`. */
export function startOfDay(day: string): Date {
  const ms = utcDayMs(day)
  if (day >= FIXED_FROM_DAY && day <= '9999-12-31') return new Date(ms - OFFSET_MS)
  return dayjs.tz(`${day} 00:00:00`, BUSINESS_TZ).toDate()
}

/** 23:59:59.999 Beijing time of `day`. */
export function endOfDay(day: string): Date {
  return new Date(startOfDay(addDays(day, 1)).getTime() - 1)
}

export function formatBeijing(d: Date, fmt = 'YYYY-MM-DD HH:mm'): string {
  const wall = beijingWallMs(d)
  // Offset tokens (Z, ZZ) need the real zone.
  if (wall !== null && !/[Zz]/.test(fmt)) return dayjs.utc(wall).format(fmt)
  return dayjs(d).tz(BUSINESS_TZ).format(fmt)
}

/** Calendar arithmetic on day keys (no time zone involved). */
export function addDays(day: string, n: number): string {
  return fmtUtcDay(utcDayMs(day) + n * 86_400_000)
}

/** 0 Sunday … 6 Saturday. */
export function weekday(day: string): number {
  return new Date(utcDayMs(day)).getUTCDay()
}

/** True when `day` is a real calendar day in YYYY-MM-DD form. */
export function isDayKey(day: string): boolean {
  if (!DAY_RE.test(day)) return false
  return fmtUtcDay(utcDayMs(day)) === day
}

/** ISO week key, e.g. '2026-W40'. */
export function isoWeekKey(day: string): string {
  const ms = utcDayMs(day)
  const wd = (new Date(ms).getUTCDay() + 6) % 7 // Monday 0
  const thursday = ms + (3 - wd) * 86_400_000
  const year = new Date(thursday).getUTCFullYear()
  const jan1 = Date.UTC(year, 0, 1)
  const week = Math.floor((thursday - jan1) / 86_400_000 / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}
