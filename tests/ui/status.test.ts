import { describe, expect, it } from 'vitest'
import { CASE_STATES, STATE_LABELS } from '../../typings/api'
import { pct, stateChip, summaryChip, TONE_COLORS } from '../../miniprogram/src/lib/status'

describe('status chips', () => {
  it('every state has its contract label and a colour', () => {
    for (const s of CASE_STATES) {
      const c = stateChip(s)
      expect(c.label).toBe(STATE_LABELS[s])
      expect(TONE_COLORS[c.tone]).toBeTruthy()
    }
  })
  it('maps states to tones', () => {
    expect(stateChip('dispatched').tone).toBe('info')
    expect(stateChip('accepted').tone).toBe('primary')
    expect(stateChip('resolved').tone).toBe('success')
    expect(stateChip('queued').tone).toBe('warning')
    expect(stateChip('withdrawn').tone).toBe('default')
  })
  it('overdue running cases are red', () => {
    expect(stateChip('accepted', { overdue: true })).toEqual({ label: '办理中·超时', tone: 'danger' })
    expect(stateChip('dispatched', { overdue: true })).toEqual({ label: '待受理·超时', tone: 'danger' })
    // a closed case is no longer "overdue" on its chip
    expect(stateChip('closed', { overdue: true }).tone).toBe('default')
  })
  it('a reopened case shows 重办中', () => {
    expect(summaryChip({ state: 'accepted', overdue: false, reopenCount: 1 }).label).toBe('重办中')
  })
  it('percent formatting', () => {
    expect(pct(0.9234)).toBe('92.3%')
    expect(pct(null)).toBe('—')
    expect(pct(1)).toBe('100.0%')
  })
})
