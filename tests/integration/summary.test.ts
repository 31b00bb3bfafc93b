// admin.summary reads rollups only: after generating a few thousand cases with the core (scripts/gen-cases)
// and filing some live ones, the summary equals a recount from the raw cases; a township supervisor is held
// to their township.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseCounters, dayKey, addDays, COUNTER_KEYS, emptyCounters, addCounters } from '../../cloudfunctions/core'
import type { CaseDoc, Counters } from '../../cloudfunctions/core/types'
import type { Metrics } from '../../typings/api'
import { generateCases } from '../../scripts/gen-cases'
import { startStack, type Stack } from '../helpers/stack'
import { allDocs, P, roadCase, submitAs } from './helpers'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
  await generateCases(stack.db, { n: 3000, seed: 7, now: await stack.now() })
  for (let i = 0; i < 5; i++) await submitAs(stack, `o-sum-${i}`, roadCase())
})
afterAll(async () => {
  await stack?.close()
})

function recount(cases: CaseDoc[], from: string, to: string, townshipId?: string) {
  const k = emptyCounters()
  for (const c of cases) {
    const d = dayKey(c.submittedAt)
    if (d < from || d > to || (townshipId && c.townshipId !== townshipId)) continue
    addCounters(k, caseCounters(c))
  }
  return k
}

/** A counter as the summary shows it (the rating sources are grouped under `sources`). */
function metricOf(m: Metrics, key: keyof Counters): number {
  if (key === 'ratedOwn') return m.sources.own
  if (key === 'ratedCallback') return m.sources.callback
  if (key === 'callbackOverrides') return m.sources.overrides
  return m[key]
}

describe('admin.summary', () => {
  it('equals a recount from the raw cases over a year, a month and a few days', async () => {
    const cases = await allDocs<CaseDoc>(stack, 'cases')
    expect(cases.length).toBe(3005)
    const today = dayKey(await stack.now())
    for (const [from, to] of [[addDays(today, -364), today], [addDays(today, -40), addDays(today, -10)], [addDays(today, -2), today]] as const) {
      const s = await stack.as(P.admin).ok('admin', 'summary', { from, to, granularity: 'week' })
      const k = recount(cases, from, to)
      for (const key of COUNTER_KEYS) expect(metricOf(s.total, key), `${from}..${to} ${key}`).toBe(k[key])
      expect(s.byTownship.reduce((a, u) => a + u.volume, 0)).toBe(k.volume)
      expect(s.trend.reduce((a, p) => a + p.volume, 0)).toBe(k.volume)
    }
    const year = await stack.as(P.dispatcher).ok('admin', 'summary', { from: addDays(today, -364), to: today, minVolume: 10 })
    expect(year.ranking.red.length).toBeGreaterThan(0)
    expect(year.ranking.red.every((r) => r.volume >= 10)).toBe(true)
    expect(year.total.overdueNow).toBe(cases.filter((c) => c.overdue).length)
    expect(year.overdue.length).toBe(Math.min(20, year.total.overdueNow))
    expect(year.total.satisfactionRate).not.toBeNull()
  })

  it('a township supervisor reads their township only', async () => {
    const cases = await allDocs<CaseDoc>(stack, 'cases')
    const today = dayKey(await stack.now())
    const from = addDays(today, -364)
    const s = await stack.as(P.township).ok('admin', 'summary', { from, to: today })
    expect(s.townshipId).toBe('tw-zhongdu')
    expect(s.total.volume).toBe(recount(cases, from, today, 'tw-zhongdu').volume)
    expect(s.byTownship.map((u) => u.unitId)).toEqual(['tw-zhongdu'])
    expect(s.overdue.every((c) => c.townshipName === '中都街道')).toBe(true)
    const other = await stack.as(P.township).call('admin', 'summary', { from, to: today, townshipId: 'tw-nanwang' })
    expect(other).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})
