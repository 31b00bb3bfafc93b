import { describe, expect, it } from 'vitest'
import { WorkCalendar } from '../../../cloudfunctions/core/calendar'
import { acceptDeadline, acceptWarnAt, finishWarnAt } from '../../../cloudfunctions/core/sla'
import { addDays, dayKey, endOfDay, formatBeijing, isDayKey, isoWeekKey, monthKey, startOfDay, weekday } from '../../../cloudfunctions/core/time'
import { bj, holidayRows, makeCalendar } from './fixtures'

describe('time (Beijing)', () => {
  it('keys days and months in Beijing whatever the process TZ', () => {
    expect(dayKey(new Date('2026-09-29T15:59:59.999Z'))).toBe('2026-09-29')
    expect(dayKey(new Date('2026-09-29T16:00:00.000Z'))).toBe('2026-09-30')
    expect(monthKey(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10')
    expect(startOfDay('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z')
    expect(endOfDay('2026-10-13').toISOString()).toBe('2026-10-13T15:59:59.999Z')
    expect(formatBeijing(new Date('2026-09-30T02:05:00Z'))).toBe('2026-09-30 10:05')
  })
  it('does day arithmetic on keys', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(weekday('2026-09-30')).toBe(3)
    expect(weekday('2026-10-10')).toBe(6)
    expect(isDayKey('2026-02-29')).toBe(false)
    expect(isDayKey('2028-02-29')).toBe(true)
    expect(isoWeekKey('2026-01-01')).toBe('2026-W01')
    expect(isoWeekKey('2027-01-01')).toBe('2026-W53')
    expect(isoWeekKey('2026-09-28')).toBe('2026-W40')
    expect(isoWeekKey('2026-10-04')).toBe('2026-W40')
    expect(isoWeekKey('2026-10-05')).toBe('2026-W41')
  })
})

describe('calendar from chinese-days', () => {
  const cal = makeCalendar()

  it('holds the 2026 National Day schedule of the brief', () => {
    const rows = holidayRows([2026])
    const kinds = new Map(rows.map((r) => [r._id, r.kind]))
    for (let d = 1; d <= 7; d++) expect(kinds.get(`2026-10-0${d}`)).toBe('holiday')
    expect(kinds.get('2026-10-10')).toBe('workday')
    expect(rows.find((r) => r._id === '2026-10-01')?.name).toBe('国庆节')
    expect(cal.isWorkday('2026-10-05')).toBe(false) // Monday, holiday
    expect(cal.isWorkday('2026-10-10')).toBe(true) // Saturday, make-up
    expect(cal.isWorkday('2026-10-11')).toBe(false) // Sunday
    expect(cal.isWorkday('2026-10-08')).toBe(true)
  })

  it('BRIEF §3: filed Wed 2026-09-30 is due at the end of 2026-10-13', () => {
    for (const t of ['2026-09-30 00:00:01', '2026-09-30 10:00', '2026-09-30 23:59:59']) {
      const r = cal.finishDeadline(bj(t), 5)
      expect(r.at.toISOString()).toBe('2026-10-13T15:59:59.999Z')
      expect(formatBeijing(r.at, 'YYYY-MM-DD HH:mm:ss.SSS')).toBe('2026-10-13 23:59:59.999')
      expect(r.provisional).toBe(false)
    }
    // One Beijing minute earlier is Tuesday 09-29: 09-30, 10-08, 10-09, 10-10 (Sat), 10-12.
    expect(dayKey(cal.finishDeadline(bj('2026-09-29 23:59'), 5).at)).toBe('2026-10-12')
  })

  it('Spring Festival 2026: the make-up Saturday 02-14 counts, 02-15..02-23 do not', () => {
    expect(cal.addWorkdays('2026-02-13', 5)).toBe('2026-02-27') // 14(Sat), 24, 25, 26, 27
    expect(cal.addWorkdays('2026-02-17', 5)).toBe('2026-02-28') // filed in the holiday: 24..27 and Sat 28
    expect(dayKey(cal.finishDeadline(bj('2026-02-12 09:00'), 1).at)).toBe('2026-02-13')
    expect(dayKey(cal.finishDeadline(bj('2026-02-13 09:00'), 2).at)).toBe('2026-02-24')
  })

  it('a make-up Saturday counts as a working day (2026-02-28)', () => {
    expect(cal.addWorkdays('2026-02-25', 5)).toBe('2026-03-03')
    const plain = new WorkCalendar([], [{ year: 2026, confirmed: true }])
    expect(plain.addWorkdays('2026-02-25', 5)).toBe('2026-03-04')
    expect(cal.addWorkdays('2026-09-18', 1)).toBe('2026-09-20') // Sunday make-up day before National Day
  })

  it('a deadline in an unconfirmed year is provisional', () => {
    const a = cal.finishDeadline(bj('2026-12-21 10:00'), 5)
    expect(dayKey(a.at)).toBe('2026-12-28')
    expect(a.provisional).toBe(false)
    const b = cal.finishDeadline(bj('2026-12-28 10:00'), 5)
    expect(dayKey(b.at)).toBe('2027-01-04') // 29, 30, 31, 2027-01-01 (no data: a Friday), 01-04
    expect(b.provisional).toBe(true)
    expect(cal.isConfirmed(2026)).toBe(true)
    expect(cal.isConfirmed(2027)).toBe(false)
    // Once 2027 is published (01-01 a holiday) and confirmed, the same filing is due a day later.
    const next = new WorkCalendar([...holidayRows([2026]), { _id: '2027-01-01', kind: 'holiday' }], [
      { year: 2026, confirmed: true },
      { year: 2027, confirmed: true }
    ])
    const c = next.finishDeadline(bj('2026-12-28 10:00'), 5)
    expect(dayKey(c.at)).toBe('2027-01-05')
    expect(c.provisional).toBe(false)
  })

  it('addWorkdays(day, 0) is the day itself and rejects negative counts', () => {
    expect(cal.addWorkdays('2026-10-03', 0)).toBe('2026-10-03')
    expect(() => cal.addWorkdays('2026-10-03', -1)).toThrow()
  })
})

describe('sla instants', () => {
  const d = bj('2026-09-30 10:00')
  it('accept by 24 h, warning at 20 h; a 2 h SLA warns at 100 min', () => {
    expect(acceptDeadline(d, { acceptHours: 24, finishWorkdays: 5 }).toISOString()).toBe(bj('2026-10-01 10:00').toISOString())
    expect(acceptWarnAt(d, { acceptHours: 24, finishWorkdays: 5 }).toISOString()).toBe(bj('2026-10-01 06:00').toISOString())
    expect(acceptDeadline(d, { acceptHours: 2, finishWorkdays: 1 }).toISOString()).toBe(bj('2026-09-30 12:00').toISOString())
    expect(acceptWarnAt(d, { acceptHours: 2, finishWorkdays: 1 }).toISOString()).toBe(bj('2026-09-30 11:40').toISOString())
  })
  it('finish warning at 00:00 Beijing of the deadline day', () => {
    expect(finishWarnAt(endOfDay('2026-10-13')).toISOString()).toBe('2026-10-12T16:00:00.000Z')
  })
})
