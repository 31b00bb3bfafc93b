// Summary periods as Beijing day keys.
import { beijingDay } from './countdown'

export type PeriodKey = 'week' | 'month' | 'quarter' | 'year'
export const PERIODS: Array<{ key: PeriodKey; text: string }> = [
  { key: 'week', text: '近7天' },
  { key: 'month', text: '近30天' },
  { key: 'quarter', text: '近90天' },
  { key: 'year', text: '本年' }
]

export function periodRange(key: PeriodKey, now: number = Date.now()): { from: string; to: string; granularity: 'day' | 'week' } {
  const to = beijingDay(now)
  if (key === 'year') return { from: `${to.slice(0, 4)}-01-01`, to, granularity: 'week' }
  const days = key === 'week' ? 6 : key === 'month' ? 29 : 89
  return { from: beijingDay(now - days * 86_400_000), to, granularity: key === 'quarter' ? 'week' : 'day' }
}
