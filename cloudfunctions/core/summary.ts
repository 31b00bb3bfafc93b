// Summaries from rollup documents only: whole months from month docs, the edges from day docs.
import type { ChannelType, Dimension, RankingRow, Summary, TrendPoint, UnitMetrics } from '../../typings/api'
import { CHANNEL_LABEL } from '../../typings/api'
import type { Counters, RollupDoc } from './types'
import { addCounters, emptyCounters, metrics } from './rollups'
import { addDays, isDayKey, isoWeekKey } from './time'

export const RANKING_SIZE = 5

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number)
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  return addDays(next, -1)
}

/** Split [from, to] (inclusive day keys) into whole months and the remaining edge days. */
export function planSummaryReads(from: string, to: string): { months: string[]; days: string[] } {
  const months: string[] = []
  const days: string[] = []
  if (!isDayKey(from) || !isDayKey(to) || from > to) return { months, days }
  let cur = from
  while (cur <= to) {
    const month = cur.slice(0, 7)
    const last = lastDayOfMonth(month)
    if (cur.endsWith('-01') && last <= to) {
      months.push(month)
      cur = addDays(last, 1)
    } else {
      days.push(cur)
      cur = addDays(cur, 1)
    }
  }
  return { months, days }
}

type Names = { department: Map<string, string>; township: Map<string, string>; category: Map<string, string> }

export interface SummarizeInput {
  from: string
  to: string
  townshipId?: string
  granularity: 'day' | 'week'
  minVolume: number
  rankBy: Dimension
  monthDocs: RollupDoc[]
  dayDocs: RollupDoc[]
  trendDocs: RollupDoc[]
  names: Names
  overdueNow: { total: number; byUnit: Map<string, number> }
}

function unitName(names: Names, dim: Dimension, id: string): string {
  if (dim === 'department' && id === '_none') return '未分派'
  return names[dim].get(id) ?? id
}

/** Penalty points per case, averaged over the unit's volume (RANKING_SCORE_LABEL in typings/api.ts). */
export const RANK_PENALTY = { overdueNow: 50, urge: 10, supervisionLate: 30 } as const

/**
 * The 红黑榜 composite score: 100 × the mean of the rates that are defined (及时受理率, 按时办结率, 满意率), minus
 * (50 per case overdue now + 10 per 催办 + 30 per 督办 order not answered in time) ÷ volume. Null without a rate.
 */
export function rankScore(r: Pick<UnitMetrics, 'responseRate' | 'onTimeRate' | 'satisfactionRate' | 'volume' | 'overdueNow' | 'urges' | 'supervisionDecided' | 'supervisionOnTime'>): number | null {
  const xs = [r.responseRate, r.onTimeRate, r.satisfactionRate].filter((x): x is number => x !== null)
  if (!xs.length) return null
  const base = (100 * xs.reduce((a, b) => a + b, 0)) / xs.length
  const late = Math.max(0, r.supervisionDecided - r.supervisionOnTime)
  const penalty = r.volume > 0 ? (RANK_PENALTY.overdueNow * r.overdueNow + RANK_PENALTY.urge * r.urges + RANK_PENALTY.supervisionLate * late) / r.volume : 0
  return Math.round((base - penalty) * 10) / 10
}

/** The counters the trend reads from each day's 'all:all' unit (its volume and three rates), all a summary projects. */
export const TREND_COUNTERS = ['volume', 'acceptDecided', 'acceptedOnTime', 'finishDecided', 'finishedOnTime', 'satisfied', 'basic', 'unsatisfied'] as const satisfies ReadonlyArray<keyof Counters>

export function summarize(input: SummarizeInput): Omit<Summary, 'overdue'> {
  const scope = input.townshipId ? `t:${input.townshipId}` : 'county'
  const plan = planSummaryReads(input.from, input.to)
  const wantMonths = new Set(plan.months)
  const wantDays = new Set(plan.days)
  const units = new Map<string, Counters>()
  const take = (d: RollupDoc) => {
    for (const [u, k] of Object.entries(d.units)) {
      let t = units.get(u)
      if (!t) units.set(u, (t = emptyCounters()))
      addCounters(t, k)
    }
  }
  // Each month/day is counted once even if a handler passes a doc twice.
  const seen = new Set<string>()
  for (const d of input.monthDocs) {
    if (d.gran === 'm' && d.scope === scope && wantMonths.has(d.period) && !seen.has(d._id)) {
      seen.add(d._id)
      take(d)
    }
  }
  for (const d of input.dayDocs) {
    if (d.gran === 'd' && d.scope === scope && wantDays.has(d.period) && !seen.has(d._id)) {
      seen.add(d._id)
      take(d)
    }
  }

  const by = (dim: Dimension | 'channel'): UnitMetrics[] => {
    const out: UnitMetrics[] = []
    for (const [u, k] of units) {
      if (!u.startsWith(`${dim}:`)) continue
      const id = u.slice(dim.length + 1)
      const name = dim === 'channel' ? (CHANNEL_LABEL[id as ChannelType] ?? id) : unitName(input.names, dim, id)
      out.push({ unitId: id, unitName: name, ...metrics(k, input.overdueNow.byUnit.get(u) ?? 0) })
    }
    return out.sort((a, b) => b.volume - a.volume || a.unitId.localeCompare(b.unitId))
  }
  const byDepartment = by('department')
  const byTownship = by('township')
  const byCategory = by('category')
  const byChannel = by('channel')

  // Trend: per day or ISO week over the range, from day docs.
  const buckets = new Map<string, Counters>()
  for (let d = input.from; isDayKey(d) && d <= input.to; d = addDays(d, 1)) {
    const key = input.granularity === 'week' ? isoWeekKey(d) : d
    if (!buckets.has(key)) buckets.set(key, emptyCounters())
  }
  const seenTrend = new Set<string>()
  for (const d of input.trendDocs) {
    if (d.gran !== 'd' || d.scope !== scope || d.period < input.from || d.period > input.to || seenTrend.has(d._id)) continue
    seenTrend.add(d._id)
    const all = d.units['all:all']
    if (!all) continue
    const key = input.granularity === 'week' ? isoWeekKey(d.period) : d.period
    addCounters(buckets.get(key)!, all)
  }
  const trend: TrendPoint[] = [...buckets].map(([period, k]) => {
    const m = metrics(k)
    return { period, volume: m.volume, responseRate: m.responseRate, onTimeRate: m.onTimeRate, satisfactionRate: m.satisfactionRate }
  })

  // Ranking (红黑榜): units with enough volume and at least one rate.
  const pool = { department: byDepartment, township: byTownship, category: byCategory }[input.rankBy]
  const rows: RankingRow[] = []
  for (const u of pool) {
    if (u.volume < input.minVolume) continue
    // Grids credited with on-the-spot fixes are shown with the departments but not ranked among them.
    if (input.rankBy === 'department' && (u.unitId === '_none' || u.unitId.startsWith('grid:'))) continue
    const score = rankScore(u)
    if (score === null) continue
    rows.push({
      unitId: u.unitId, unitName: u.unitName, volume: u.volume, responseRate: u.responseRate, onTimeRate: u.onTimeRate, satisfactionRate: u.satisfactionRate, score, rank: 0,
      overdueNow: u.overdueNow, urges: u.urges, supervisionLate: Math.max(0, u.supervisionDecided - u.supervisionOnTime)
    })
  }
  // A unit with cases overdue now ranks below every unit without (it can never top the red list).
  rows.sort((a, b) => Number((a.overdueNow ?? 0) > 0) - Number((b.overdueNow ?? 0) > 0) || b.score - a.score || b.volume - a.volume || a.unitId.localeCompare(b.unitId))
  rows.forEach((r, i) => (r.rank = i + 1))
  // The red list holds only units without overdue cases; the black list is the bottom of the whole order.
  const red = rows.filter((r) => !r.overdueNow).slice(0, RANKING_SIZE)
  const redIds = new Set(red.map((r) => r.unitId))
  const black = rows.slice(Math.max(0, rows.length - RANKING_SIZE)).reverse().filter((r) => !redIds.has(r.unitId))

  const total = metrics(units.get('all:all') ?? emptyCounters(), input.overdueNow.total)
  const out: Omit<Summary, 'overdue'> = {
    from: input.from,
    to: input.to,
    total,
    byDepartment,
    byTownship,
    byCategory,
    byChannel,
    trend,
    ranking: { dimension: input.rankBy, minVolume: input.minVolume, red, black }
  }
  if (input.townshipId) out.townshipId = input.townshipId
  return out
}
