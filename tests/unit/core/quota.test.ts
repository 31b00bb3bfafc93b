// Per-filer abuse limits (core/quota.ts): daily counts per Beijing day, resubmits within the window.
import { describe, expect, it } from 'vitest'
import { admitSubmit, admitSupplement, currentQuota, DEFAULT_LIMITS, limitsFrom } from '../../../cloudfunctions/core/quota'
import { DomainError } from '../../../cloudfunctions/core/errors'
import { bj } from './fixtures'

const L = DEFAULT_LIMITS
const code = (f: () => unknown) => {
  try {
    f()
    return 'OK'
  } catch (e) {
    return (e as DomainError).code
  }
}

describe('quota', () => {
  it('counts submissions per Beijing day and refuses the 11th', () => {
    let q = currentQuota(null, 'o1', bj('2026-12-01 09:00'), L)
    for (let i = 0; i < 10; i++) q = admitSubmit(q, `h${i}`, { caseId: `c${i}`, no: `N${i}` }, bj('2026-12-01 09:00'), L, true)
    expect(q.submits).toBe(10)
    expect(code(() => admitSubmit(q, 'h10', { caseId: 'c10', no: 'N10' }, bj('2026-12-01 09:00'), L, true))).toBe('DAILY_LIMIT')
    // 代报 are not counted against the filer, only checked for resubmits.
    expect(code(() => admitSubmit(q, 'h10', { caseId: 'c10', no: 'N10' }, bj('2026-12-01 09:00'), L, false))).toBe('OK')
    // Midnight in Beijing (16:00 UTC) starts a new day.
    const next = currentQuota(q, 'o1', bj('2026-12-02 00:00'), L)
    expect(next.submits).toBe(0)
    expect(code(() => admitSubmit(next, 'h11', { caseId: 'c11', no: 'N11' }, bj('2026-12-02 00:00'), L, true))).toBe('OK')
  })

  it('refuses the same text within the window, with the earlier case, across midnight too', () => {
    let q = currentQuota(null, 'o1', bj('2026-12-01 23:55'), L)
    q = admitSubmit(q, 'same', { caseId: 'c1', no: 'N1' }, bj('2026-12-01 23:55'), L, true)
    const later = currentQuota(q, 'o1', bj('2026-12-02 00:04'), L)
    try {
      admitSubmit(later, 'same', { caseId: 'c2', no: 'N2' }, bj('2026-12-02 00:04'), L, true)
      expect.unreachable()
    } catch (e) {
      expect(e).toMatchObject({ code: 'DUPLICATE_SUBMIT', details: { caseId: 'c1', no: 'N1' } })
    }
    expect(code(() => admitSubmit(currentQuota(q, 'o1', bj('2026-12-02 00:06'), L), 'same', { caseId: 'c3', no: 'N3' }, bj('2026-12-02 00:06'), L, true))).toBe('OK')
  })

  it('limits supplements; reads the limits from the environment (0 turns a check off)', () => {
    let q = currentQuota(null, 'o1', bj('2026-12-01 09:00'), L)
    for (let i = 0; i < 30; i++) q = admitSupplement(q, bj('2026-12-01 09:00'), L)
    expect(code(() => admitSupplement(q, bj('2026-12-01 09:00'), L))).toBe('DAILY_LIMIT')
    expect(limitsFrom({})).toEqual(L)
    const off = limitsFrom({ LIMIT_SUBMITS_PER_DAY: '0', LIMIT_SUPPLEMENTS_PER_DAY: '0', DUPLICATE_WINDOW_MINUTES: '0' })
    expect(code(() => admitSupplement(q, bj('2026-12-01 09:00'), off))).toBe('OK')
    expect(limitsFrom({ LIMIT_SUBMITS_PER_DAY: 'x' }).submitsPerDay).toBe(10)
    expect(limitsFrom({ LIMIT_SUBMITS_PER_DAY: '3' }).submitsPerDay).toBe(3)
  })
})
