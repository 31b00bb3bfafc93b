import { describe, expect, it } from 'vitest'
import { beijingDay, formatCountdown, formatTime } from '../../miniprogram/src/lib/countdown'

const now = Date.parse('2026-03-02T02:00:00Z')
const at = (ms: number) => new Date(now + ms).toISOString()
const H = 3_600_000

describe('formatCountdown', () => {
  it('days and hours', () => {
    expect(formatCountdown(at(3 * 24 * H + 4 * H + 10 * 60_000), now)).toEqual({ text: '剩余 3天4小时', tone: 'normal', msLeft: 3 * 24 * H + 4 * H + 600_000 })
  })
  it('whole days drop the hours', () => {
    expect(formatCountdown(at(2 * 24 * H + 5 * 60_000), now).text).toBe('剩余 2天')
  })
  it('hours only, normal above 4 h', () => {
    const c = formatCountdown(at(5 * H + 30 * 60_000), now)
    expect(c.text).toBe('剩余 5小时')
    expect(c.tone).toBe('normal')
  })
  it('turns red under 4 hours and shows minutes', () => {
    const c = formatCountdown(at(3 * H + 20 * 60_000), now)
    expect(c.text).toBe('剩余 3小时20分钟')
    expect(c.tone).toBe('warn')
  })
  it('minutes', () => {
    expect(formatCountdown(at(45 * 60_000 + 30_000), now).text).toBe('剩余 45分钟')
  })
  it('never shows 0 minutes', () => {
    expect(formatCountdown(at(20_000), now).text).toBe('剩余 1分钟')
  })
  it('overdue', () => {
    const c = formatCountdown(at(-2 * H - 5 * 60_000), now)
    expect(c.text).toBe('已超时 2小时5分钟')
    expect(c.tone).toBe('overdue')
    expect(formatCountdown(at(-26 * H), now).text).toBe('已超时 1天2小时')
  })
  it('exactly at the deadline is overdue', () => {
    expect(formatCountdown(at(0), now).tone).toBe('overdue')
  })
  it('accepts Date objects', () => {
    expect(formatCountdown(new Date(now + H), new Date(now)).text).toBe('剩余 1小时')
  })
})

describe('formatTime / beijingDay', () => {
  it('formats in Beijing time whatever the process TZ', () => {
    expect(formatTime('2026-09-30T15:59:59.999Z', true)).toBe('2026-09-30 23:59')
    expect(formatTime('2026-09-30T16:00:00Z')).toBe('10-01 00:00')
    expect(formatTime(undefined)).toBe('')
  })
  it('beijingDay crosses midnight at 16:00 UTC', () => {
    expect(beijingDay(Date.parse('2026-01-01T15:59:00Z'))).toBe('2026-01-01')
    expect(beijingDay(Date.parse('2026-01-01T16:00:00Z'))).toBe('2026-01-02')
  })
})
