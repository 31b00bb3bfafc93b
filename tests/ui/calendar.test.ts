import { describe, expect, it } from 'vitest'
import { daysInMonth, isWorkday, monthGrid } from '../../miniprogram/src/lib/calendar'
import { periodRange } from '../../miniprogram/src/lib/period'

describe('holiday calendar grid', () => {
  it('October 2026 starts on a Thursday (Monday-first grid)', () => {
    const g = monthGrid(2026, 10)
    expect(g.slice(0, 3)).toEqual([null, null, null])
    expect(g[3]).toEqual({ date: '2026-10-01', day: 1, weekday: 4 })
    expect(g.filter(Boolean)).toHaveLength(31)
  })
  it('February lengths', () => {
    expect(daysInMonth(2028, 2)).toBe(29)
    expect(daysInMonth(2026, 2)).toBe(28)
  })
  it('make-up working Saturday and holiday weekday', () => {
    const g = monthGrid(2026, 10).filter(Boolean)
    const sat10 = g.find((d) => d!.date === '2026-10-10')!
    expect(isWorkday(sat10, 'normal')).toBe(false)
    expect(isWorkday(sat10, 'workday')).toBe(true)
    expect(isWorkday(g[0]!, 'holiday')).toBe(false)
  })
  it('summary periods are Beijing day keys', () => {
    const now = Date.parse('2026-03-31T17:00:00Z') // 2026-04-01 01:00 Beijing
    expect(periodRange('week', now)).toEqual({ from: '2026-03-26', to: '2026-04-01', granularity: 'day' })
    expect(periodRange('year', now).from).toBe('2026-01-01')
  })
})
