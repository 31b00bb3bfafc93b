import { describe, expect, it } from 'vitest'
import { DomainError } from '../../../cloudfunctions/core/errors'
import { allowedActions, newCase, transition, type Actor, type Command, type TransitionResult } from '../../../cloudfunctions/core/machine'
import { applyDelta, contribution, COUNTER_KEYS, effectiveRating, emptyCounters, metrics, parseRollupId, rollupDelta, rollupSnapshot, rollupUnits, sameSnapshot, snapshotDelta } from '../../../cloudfunctions/core/rollups'
import { planSummaryReads, summarize } from '../../../cloudfunctions/core/summary'
import { computeAlarmAt, tick } from '../../../cloudfunctions/core/timer'
import { isOverdue } from '../../../cloudfunctions/core'
import { mergePair, unmergePair } from '../../../cloudfunctions/core/merge'
import type { CaseDoc, Counters, ExtensionDoc, RollupDoc } from '../../../cloudfunctions/core/types'
import { A, IN_G1, IN_G3, bj, categories, departments, makeRefs, townships } from './fixtures'
import { cmd, file, run } from './helpers'
import { prng } from '../../../scripts/prng'

type Docs = Map<string, RollupDoc>

function applyAll(docs: Docs, before: CaseDoc | null, after: CaseDoc, now: Date) {
  for (const [id, delta] of rollupDelta(before, after)) docs.set(id, applyDelta(docs.get(id) ?? null, id, delta, now))
}

/** rollup id → unit → counters, without zero counters or empty units. */
function normalize(entries: Iterable<[string, Map<string, Partial<Counters>> | Record<string, Partial<Counters>>]>) {
  const out: Record<string, Record<string, Partial<Counters>>> = {}
  for (const [id, units] of entries) {
    const us = units instanceof Map ? [...units] : Object.entries(units)
    for (const [u, k] of us) {
      const nz: Partial<Counters> = {}
      for (const key of COUNTER_KEYS) if (k[key]) nz[key] = k[key]
      if (Object.keys(nz).length) (out[id] ??= {})[u] = nz
    }
  }
  return out
}

function recompute(cases: CaseDoc[]) {
  const acc = new Map<string, Map<string, Counters>>()
  for (const c of cases) {
    for (const [id, units] of contribution(c)) {
      const m = acc.get(id) ?? acc.set(id, new Map()).get(id)!
      for (const [u, k] of units) {
        const t = m.get(u) ?? m.set(u, emptyCounters()).get(u)!
        for (const key of COUNTER_KEYS) t[key] += k[key]
      }
    }
  }
  return acc
}

describe('contribution and delta', () => {
  it('counts one case into day and month, county and township, five units (one per dimension and all)', () => {
    const c = run(file({}, { at: bj('2026-09-30 23:30') }), [[cmd.accept, A.dept, bj('2026-10-01 09:00')]])
    const m = contribution(c)
    // One doc per period and scope, each with its own units only (none nested).
    expect([...m.keys()].sort()).toEqual(['d|2026-09-30|county', 'd|2026-09-30|t:zhongdu', 'm|2026-09|county', 'm|2026-09|t:zhongdu'])
    const units = m.get('d|2026-09-30|county')!
    const own = ['all:all', 'category:road', 'channel:miniprogram', 'department:transport', 'township:zhongdu']
    expect([...units.keys()].sort()).toEqual(own)
    expect([...m.get('m|2026-09|t:zhongdu')!.keys()].sort()).toEqual(own)
    expect(m.get('d|2026-09-30|t:zhongdu')!.get('all:all')).toEqual(units.get('all:all'))
    expect(units.get('all:all')).toMatchObject({ volume: 1, acceptDecided: 1, acceptedOnTime: 1, finishDecided: 0, resolved: 0 })
    const q = file({ categoryId: 'other' })
    expect(contribution(q).get('m|2026-09|county')!.has('department:_none')).toBe(true)
    const w = run(file(), [[cmd.withdraw, A.resident]])
    expect(contribution(w).get('m|2026-09|county')!.get('all:all')!.volume).toBe(0)
  })

  it('writes each scope\'s units to its own doc; nested township units a doc may hold are read back, not lost', () => {
    const now = bj('2026-09-30 12:00')
    const c = file({}, { at: bj('2026-09-30 10:00') })
    const doc = applyDelta(null, 'd|2026-09-30|t:zhongdu', rollupDelta(null, c).get('d|2026-09-30|t:zhongdu')!, now)
    expect(doc).toMatchObject({ scope: 't:zhongdu', gran: 'd', period: '2026-09-30' })
    expect(doc.townships).toBeUndefined()
    expect(doc.units['all:all']?.volume).toBe(1)
    // A county doc with nested units (written for a while by an earlier layout): applying keeps them.
    const nested: RollupDoc = { _id: 'd|2026-09-30|county', gran: 'd', period: '2026-09-30', scope: 'county', units: { 'all:all': { ...emptyCounters(), volume: 2 } }, townships: { zhongdu: { 'all:all': { ...emptyCounters(), volume: 2 } } }, updatedAt: now }
    expect(rollupUnits(nested)['t:zhongdu|all:all']?.volume).toBe(2)
    const next = applyDelta(nested, 'd|2026-09-30|county', rollupDelta(null, c).get('d|2026-09-30|county')!, now)
    expect(next.units['all:all']?.volume).toBe(3)
    expect(next.townships?.zhongdu?.['all:all']?.volume).toBe(2)
  })

  it('delta holds only what changed', () => {
    const c0 = file()
    const c1 = run(c0, [[cmd.ret, A.dept]])
    const d = rollupDelta(c0, c1)
    expect([...d.keys()].length).toBe(4)
    const u = d.get('m|2026-09|county')!
    expect(u.get('department:transport')).toEqual({ volume: -1 })
    expect(d.get('m|2026-09|t:zhongdu')!.get('department:transport')).toEqual({ volume: -1 })
    expect(u.get('department:_none')).toEqual({ volume: 1, returned: 1 })
    expect(u.get('all:all')).toEqual({ returned: 1 })
    expect(rollupDelta(c1, c1).size).toBe(0)
    expect(parseRollupId('d|2026-10-01|t:zhongdu')).toEqual({ gran: 'd', period: '2026-10-01', scope: 't:zhongdu' })
    expect(() => parseRollupId('m|2026-10-01|county')).toThrow()
  })

  it('a rollup doc keeps only non-zero counters, and drops a unit whose counters all return to zero', () => {
    const now = new Date('2026-10-01T00:00:00Z')
    const doc = applyDelta(null, 'd|2026-09-30|county', new Map([['all:all', { volume: 2, returned: 1 }], ['category:road', { volume: 1 }]]), now)
    expect(doc.units).toEqual({ 'all:all': { volume: 2, returned: 1 }, 'category:road': { volume: 1 } })
    const next = applyDelta(doc, 'd|2026-09-30|county', new Map([['all:all', { returned: -1 }], ['category:road', { volume: -1 }]]), now)
    expect(next.units).toEqual({ 'all:all': { volume: 2 } })
  })

  it('a snapshot is all a flush needs: the delta between two snapshots is the delta between the cases (written behind)', () => {
    const c0 = file()
    const c1 = run(c0, [[cmd.ret, A.dept]])
    const c2 = run(c1, [[cmd.route('urban'), A.disp]])
    const s0 = rollupSnapshot(c0)
    expect(s0.ids).toEqual(['d|2026-09-28|county', 'm|2026-09|county', 'd|2026-09-28|t:zhongdu', 'm|2026-09|t:zhongdu'])
    expect(s0.units).toContain('department:transport')
    expect(s0.k).toEqual({ volume: 1 })
    // Several transitions between two flushes: one delta from the first counted state to the last leaves the
    // rollups as counting each transition would, and as counting c2 alone (the department moved twice).
    const now = new Date('2026-10-01T00:00:00Z')
    const stepwise: Docs = new Map()
    applyAll(stepwise, null, c0, now)
    applyAll(stepwise, c0, c1, now)
    applyAll(stepwise, c1, c2, now)
    const flushed: Docs = new Map()
    for (const delta of [snapshotDelta(null, s0), snapshotDelta(s0, rollupSnapshot(c2))]) {
      for (const [id, d] of delta) flushed.set(id, applyDelta(flushed.get(id) ?? null, id, d, now))
    }
    const unitsOf = (docs: Docs) => normalize([...docs].map(([id, d]) => [id, d.units] as [string, Record<string, Partial<Counters>>]))
    expect(unitsOf(flushed)).toEqual(unitsOf(stepwise))
    expect(unitsOf(flushed)).toEqual(normalize(contribution(c2)))
    expect(unitsOf(flushed)['m|2026-09|county']).not.toHaveProperty('department:transport')
    expect(snapshotDelta(rollupSnapshot(c2), rollupSnapshot(c2)).size).toBe(0)
    expect(sameSnapshot(s0, rollupSnapshot(structuredClone(c0)))).toBe(true)
    expect(sameSnapshot(s0, rollupSnapshot(c1))).toBe(false)
    expect(sameSnapshot(null, null)).toBe(true)
    expect(sameSnapshot(null, s0)).toBe(false)
  })

  it('metrics: rates with null denominators and the 0.9 weight of 基本满意', () => {
    const m = metrics({ ...emptyCounters(), volume: 10, acceptDecided: 8, acceptedOnTime: 6, finishDecided: 4, finishedOnTime: 3, satisfied: 2, basic: 1, unsatisfied: 1, unrated: 3, returned: 1, reopened: 1, resolved: 5 }, 2)
    expect(m).toMatchObject({ responseRate: 0.75, onTimeRate: 0.75, returnRate: 0.1, reopenRate: 0.2, overdueNow: 2, unrated: 3 })
    expect(m.satisfactionRate).toBeCloseTo(2.9 / 4, 10)
    const z = metrics(emptyCounters())
    expect([z.responseRate, z.onTimeRate, z.satisfactionRate, z.returnRate, z.reopenRate, z.overdueNow]).toEqual([null, null, null, null, null, 0])
  })
})

describe('randomized simulation: incremental rollups equal a recomputation from the raw cases', () => {
  const refs = makeRefs()
  /**
   * The seed: changed from 20261001 when 附议 and 合并 joined the random walk, and to 20261003 when 认领 and the
   * channels did, so the walk still reaches every path (the list below fails loudly when it does not).
   */
  const SIM_SEED = Number(process.env.ROLLUP_SIM_SEED ?? 20261003)
  const rnd = prng(SIM_SEED).next
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const zd: Actor = { openid: 'o_zd', role: 'dept_handler', scope: { departmentId: 'zd_office' }, name: '中都经办' }
  const residents: Actor[] = [A.resident, A.other, { openid: 'o_r3', role: 'resident', scope: {}, name: '孔五' }]
  const countyLeader: Actor = { openid: 'o_cl', role: 'county_leader', scope: {}, name: '高洁' }
  const staff: Actor[] = [A.grid, A.grid3, A.leader, A.dept, A.dept2, A.water, A.urban, zd, A.town, A.town2, A.disp, A.admin]
  const cases = new Map<string, CaseDoc>()
  const exts = new Map<string, ExtensionDoc>()
  const docs: Docs = new Map()
  let now = bj('2026-09-20 08:00')
  let applied = 0
  let ticks = 0
  const seen = new Set<string>()

  const record = (before: CaseDoc | null, r: TransitionResult) => {
    expect(r.next.alarmAt).toEqual(computeAlarmAt(r.next))
    expect(r.next.overdue).toBe(isOverdue(r.next))
    expect(r.next.version).toBe((before?.version ?? 0) + 1)
    applyAll(docs, before, r.next, now)
    cases.set(r.next._id, r.next)
    if (r.extension) exts.set(r.extension._id, r.extension)
    for (const e of r.events) seen.add(e.type)
  }

  const randomCommand = (c: CaseDoc): Command =>
    randomCommandOf(c, rnd() < 0.25
      ? pick(['urge', 'supervise', 'supervise_reply', 'progress', 'instruct', 'claim'] as const)
      : pick(['accept', 'return', 'resolve', 'resolve_on_spot', 'supplement', 'withdraw', 'rate', 'rate', 'route', 'transfer', 'release', 'request_extension', 'decide_extension', 'set_publication', 'publish_summary', 'unpublish'] as const))
  const randomCommandOf = (c: CaseDoc, t: Command['type']): Command => {
    switch (t) {
      case 'accept': return cmd.accept
      case 'return': return cmd.ret
      case 'resolve': return cmd.resolve
      case 'resolve_on_spot': return cmd.spot
      case 'supplement': return cmd.supplement
      case 'withdraw': return cmd.withdraw
      // A case reopened twice stays unsatisfied, so the county-review path is reached.
      case 'rate': return cmd.rate(c.reopenCount >= 2 ? 'unsatisfied' : pick(['satisfied', 'basic', 'unsatisfied', 'unsatisfied'] as const))
      case 'route': return cmd.route(pick(departments)._id)
      case 'transfer': return cmd.transfer(pick(departments)._id)
      case 'release': return cmd.release
      case 'request_extension': return cmd.ext(`x${exts.size + 1}`, 1 + Math.floor(rnd() * 5))
      case 'decide_extension': {
        const ext = (c.pendingExtensionId && exts.get(c.pendingExtensionId)) || pick([...exts.values(), undefined])
        return ext ? { type: 'decide_extension', extension: ext, approve: rnd() < 0.6 } : cmd.accept
      }
      case 'set_publication': return { type: 'set_publication', consent: !c.publicConsent }
      case 'publish_summary': return { type: 'publish_summary', publicInterest: rnd() < 0.3 }
      case 'unpublish': return { type: 'unpublish', reason: '涉及个人隐私' }
      case 'callback': {
        const reached = rnd() < 0.8
        return reached ? { type: 'callback', reached, rating: pick(['satisfied', 'basic', 'unsatisfied'] as const) } : { type: 'callback', reached }
      }
      case 'callback_sample': return { type: 'callback_sample' }
      case 'anonymize': return { type: 'anonymize', reason: 'retention' }
      case 'media_hold': return { type: 'media_hold', traceId: 't', suggest: 'risky' }
      case 'urge': return { type: 'urge' }
      case 'supervise': return { type: 'supervise', orderId: `o${applied}`, note: '请尽快办理' }
      case 'supervise_reply': return { type: 'supervise_reply', text: '正在办理' }
      case 'progress': return { type: 'progress', text: '已联系施工队', photos: [] }
      case 'instruct': return { type: 'instruct', text: '请抓紧办理' }
      case 'claim': return { type: 'claim', phone: c.contact.phone ?? '13800000000' }
      // (metoo) Not drawn here (two-case commands are in the integration simulation); answer a no-op-ish command.
      default: return cmd.accept
    }
  }

  it('runs 300 cases with random commands and clock jumps across the 2026 National Day', () => {
    for (let i = 0; i < 2000; i++) {
      // Clock: mostly minutes to hours, sometimes days.
      const r = rnd()
      now = new Date(now.getTime() + (r < 0.75 ? rnd() : r < 0.97 ? rnd() * 8 : 24 + rnd() * 72) * 3_600_000)
      if (cases.size < 300 && rnd() < 0.8) {
        const proxy = rnd() < 0.1
        // Some cases filed for others come by the hotline (a county dispatcher), some resident ones from an official account.
        const hotline = proxy && rnd() < 0.4
        const viaAccount = !proxy && rnd() < 0.2
        const filer = hotline ? A.disp : proxy ? pick([A.grid, A.leader, A.grid3]) : pick(residents)
        const res = newCase(
          {
            categoryId: pick(categories.filter((c) => c.active))._id,
            text: '随机生成的诉求内容',
            photos: [],
            place: pick([{ point: IN_G1 }, { point: IN_G3 }, { townshipId: 'junttun' }, { villageId: 'v_nanzhan1' }]),
            contact: { name: '测试', phone: '13900000000' },
            consent: true,
            hideName: rnd() < 0.3,
            ...(viaAccount ? { source: 'official_account:gh_edu' } : {})
          },
          filer,
          refs,
          now,
          { caseId: `s${cases.size + 1}`, no: `N${cases.size + 1}` },
          { status: rnd() < 0.1 ? 'held' : 'pass' },
          proxy,
          hotline ? { channel: { type: 'hotline' } } : undefined
        )
        record(null, res)
        applied++
      }
      if (!cases.size) continue
      // A few random commands by random actors; most fail authorisation or state and must change nothing.
      for (let k = 0; k < 4; k++) {
        const c = pick([...cases.values()])
        let actor = rnd() < 0.3 ? (residents.find((x) => x.openid === c.residentOpenid) ?? pick(residents)) : rnd() < 0.1 ? countyLeader : pick(staff)
        let command = randomCommand(c)
        if (rnd() < 0.7) {
          // Mostly a valid move: an actor with something to do, one of its allowed actions.
          const able = [...residents, ...staff].filter((x) => allowedActions(x, c).length)
          if (able.length) {
            actor = pick(able)
            let act = pick(allowedActions(actor, c))
            if (act === 'withdraw' && rnd() < 0.85) act = pick(allowedActions(actor, c))
            // (metoo) Merges are rare (the county may merge almost any open case).
            for (let tries = 0; act === 'merge' && tries < 3 && rnd() < 0.9; tries++) act = pick(allowedActions(actor, c))
            for (let tries = 0; tries < 30 && command.type !== act; tries++) command = randomCommand(c)
            if (act === 'callback') command = randomCommandOf(c, 'callback')
            // (metoo) 附议 by a resident; a merge of two cases (both results recorded, as in one transaction).
            if (act === 'follow' || act === 'unfollow') command = { type: act }
            if (act === 'follower_note') command = { type: 'follower_note', text: '我家门口也一样', photos: [] }
            if (act === 'merge' || act === 'unmerge') {
              const into = act === 'unmerge' ? cases.get(c.merge?.intoId ?? '') : pick([...cases.values()])
              try {
                const m = into && (act === 'merge' ? mergePair(c, into, actor, refs, now) : unmergePair(c, into, actor, refs, now))
                if (m) {
                  record(c, m.b)
                  record(into, m.a)
                  applied++
                }
              } catch (e) {
                if (!(e instanceof DomainError)) throw e
              }
              continue
            }
          }
          if (c.pendingExtensionId && rnd() < 0.5) command = randomCommandOf(c, 'decide_extension')
          if (command.type === 'decide_extension') actor = pick([A.disp, A.town, A.admin])
          // A reopened case is rated 不满意 again by its resident (so the county-review path is reached).
          if (c.state === 'resolved' && c.reopenCount >= 1 && c.residentOpenid && rnd() < 0.6) {
            actor = residents.find((x) => x.openid === c.residentOpenid) ?? actor
            command = cmd.rate('unsatisfied')
          } else if (c.state === 'resolved' && c.reopenCount >= 2 && c.callbackDue) {
            actor = [A.disp, A.admin].find((x) => !c.involved?.includes(x.openid)) ?? A.admin
            command = { type: 'callback', reached: true, rating: 'unsatisfied' }
          }
          // Now and then the county draws a closed, resident-rated case for a verification 回访.
          if (c.state === 'closed' && c.rating && c.residentOpenid && rnd() < 0.3) {
            command = randomCommandOf(c, 'callback_sample')
            actor = A.admin
          }
        }
        try {
          record(c, transition(c, command, actor, refs, now))
          applied++
        } catch (e) {
          if (!(e instanceof DomainError)) throw e
        }
      }
      // The timer: every case whose alarm is due.
      for (const c of [...cases.values()]) {
        if (c.alarmAt && c.alarmAt.getTime() <= now.getTime()) {
          const t = tick(c, refs, now)
          if (t) {
            expect(tick(t.next, refs, now)).toBeNull()
            record(c, t)
            ticks++
          }
        }
      }
    }
    const states: Record<string, number> = {}
    for (const c of cases.values()) states[c.state] = (states[c.state] ?? 0) + 1
    expect(states.closed).toBeGreaterThan(50)
    expect(cases.size).toBe(300)
    expect(applied).toBeGreaterThan(800)
    expect(ticks).toBeGreaterThan(100)
    // The simulation reached the interesting paths.
    for (const t of ['accept', 'return', 'transfer', 'resolve', 'resolve_on_spot', 'reopen', 'county_review', 'extension_approve', 'extension_refuse', 'withdraw', 'escalate_county', 'auto_close', 'warn_finish', 'release', 'callback', 'callback_sample', 'urge', 'supervise', 'supervise_reply', 'supervise_overdue', 'progress', 'instruct', 'follow', 'merge', 'merged_in']) {
      expect([t, seen.has(t)]).toEqual([t, true])
    }
    const incremental = normalize([...docs].map(([id, d]) => [id, rollupUnits(d)] as [string, Record<string, Counters>]))
    const fromRaw = normalize(recompute([...cases.values()]))
    expect(incremental).toEqual(fromRaw)
    expect(Object.keys(fromRaw).length).toBeGreaterThan(20)
  }, 60_000)

  it('summaries from month + edge-day docs match the raw cases', () => {
    const all = [...cases.values()]
    const from = '2026-09-01'
    const to = '2026-10-20'
    const plan = planSummaryReads(from, to)
    expect(plan.months).toEqual(['2026-09'])
    expect(plan.days.length).toBe(20)
    const names = {
      department: new Map(departments.map((d) => [d._id, d.name])),
      township: new Map(townships.map((t) => [t._id, t.name])),
      category: new Map(categories.map((c) => [c._id, c.name]))
    }
    // As admin.summary reads them: the scope's own month, edge-day and trend docs.
    const county = (scope: string) => ({
      monthDocs: plan.months.map((m) => docs.get(`m|${m}|${scope}`)).filter((d): d is RollupDoc => !!d),
      dayDocs: plan.days.map((d) => docs.get(`d|${d}|${scope}`)).filter((d): d is RollupDoc => !!d),
      trendDocs: [...docs.values()].filter((d) => d.gran === 'd' && d.scope === scope)
    })
    const inRange = all.filter((c) => {
      const k = new Date(c.submittedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
      return k >= from && k <= to
    })
    const overdueCases = all.filter((c) => c.overdue)
    const s = summarize({
      from, to, granularity: 'week', minVolume: 5, rankBy: 'department', names, ...county('county'),
      overdueNow: { total: overdueCases.length, byUnit: new Map([['department:transport', overdueCases.filter((c) => c.departmentId === 'transport').length]]) }
    })
    expect(s.total.volume).toBe(inRange.filter((c) => c.state !== 'withdrawn' && c.state !== 'merged').length)
    expect(s.total.merged).toBe(inRange.filter((c) => c.state === 'merged').length)
    expect(s.total.resolved).toBe(inRange.filter((c) => c.state !== 'merged' && c.firstResolvedAt).length)
    expect(s.total.satisfied).toBe(inRange.filter((c) => c.state !== 'merged' && effectiveRating(c)?.value === 'satisfied').length)
    expect(s.total.sources.own + s.total.sources.callback).toBe(inRange.filter((c) => c.state !== 'merged' && effectiveRating(c)).length)
    expect(s.total.overdueNow).toBe(overdueCases.length)
    expect(s.byDepartment.reduce((a, u) => a + u.volume, 0)).toBe(s.total.volume)
    expect(s.byTownship.reduce((a, u) => a + u.volume, 0)).toBe(s.total.volume)
    expect(s.byCategory.find((u) => u.unitId === 'road')?.unitName).toBe('道路交通')
    expect(s.trend.reduce((a, p) => a + p.volume, 0)).toBe(s.total.volume)
    expect(s.trend[0].period).toBe('2026-W36')
    // Township view: only its own units.
    const t = summarize({ from, to, townshipId: 'zhongdu', granularity: 'day', minVolume: 0, rankBy: 'category', names, ...county('t:zhongdu'), overdueNow: { total: 0, byUnit: new Map() } })
    expect(t.townshipId).toBe('zhongdu')
    expect(t.total.volume).toBe(s.byTownship.find((u) => u.unitId === 'zhongdu')!.volume)
    expect(t.byTownship.map((u) => u.unitId)).toEqual(['zhongdu'])
    expect(t.trend.length).toBe(50)
  })
})

describe('summary planning and ranking', () => {
  it('splits a range into whole months and edge days', () => {
    expect(planSummaryReads('2026-01-01', '2026-12-31')).toEqual({
      months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'],
      days: []
    })
    expect(planSummaryReads('2026-09-29', '2026-11-02')).toEqual({ months: ['2026-10'], days: ['2026-09-29', '2026-09-30', '2026-11-01', '2026-11-02'] })
    expect(planSummaryReads('2026-10-02', '2026-10-03')).toEqual({ months: [], days: ['2026-10-02', '2026-10-03'] })
    expect(planSummaryReads('2026-10-03', '2026-10-02')).toEqual({ months: [], days: [] })
  })

  it('ranks units above the minimum volume by the mean of the three rates', () => {
    const units: Record<string, Counters> = { 'all:all': emptyCounters() }
    const mk = (id: string, volume: number, on: number, decided: number) => {
      units[`department:${id}`] = { ...emptyCounters(), volume, acceptDecided: decided, acceptedOnTime: on }
    }
    for (let i = 0; i < 12; i++) mk(`d${String(i).padStart(2, '0')}`, 10, i, 11)
    mk('tiny', 2, 2, 2) // perfect but below minVolume
    mk('norate', 10, 0, 0) // nothing decided: not ranked
    const doc: RollupDoc = { _id: 'm|2026-10|county', gran: 'm', period: '2026-10', scope: 'county', units, updatedAt: bj('2026-10-31') }
    const s = summarize({
      from: '2026-10-01', to: '2026-10-31', granularity: 'day', minVolume: 5, rankBy: 'department',
      monthDocs: [doc, { ...doc, _id: 'm|2026-09|county', period: '2026-09' }], dayDocs: [], trendDocs: [],
      names: { department: new Map([['d11', '最好的局']]), township: new Map(), category: new Map() },
      overdueNow: { total: 0, byUnit: new Map() }
    })
    expect(s.ranking.red.map((r) => r.unitId)).toEqual(['d11', 'd10', 'd09', 'd08', 'd07'])
    expect(s.ranking.red[0]).toMatchObject({ rank: 1, unitName: '最好的局', score: 100 })
    expect(s.ranking.black.map((r) => r.unitId)).toEqual(['d00', 'd01', 'd02', 'd03', 'd04'])
    expect(s.ranking.black[0].rank).toBe(12)
    expect(s.byDepartment.length).toBe(14) // all units listed; the month outside the range was ignored
    expect(s.byDepartment.find((u) => u.unitId === 'd11')!.volume).toBe(10)
    expect(s.trend.length).toBe(31)
  })

  it('the composite score: rates minus penalties for overdue cases, 催办 and late 督办; overdue units never top the red list', () => {
    const units: Record<string, Counters> = { 'all:all': emptyCounters() }
    const mk = (id: string, extra: Partial<Counters>) => {
      units[`department:${id}`] = { ...emptyCounters(), volume: 10, acceptDecided: 10, acceptedOnTime: 10, ...extra }
    }
    mk('perfect-but-late', {})
    mk('urged', { urges: 2 })
    mk('late-supervision', { supervisionOrders: 2, supervisionDecided: 2, supervisionOnTime: 1 })
    mk('clean', { acceptedOnTime: 9 })
    const doc: RollupDoc = { _id: 'm|2026-10|county', gran: 'm', period: '2026-10', scope: 'county', units, updatedAt: bj('2026-10-31') }
    const s = summarize({
      from: '2026-10-01', to: '2026-10-31', granularity: 'day', minVolume: 5, rankBy: 'department',
      monthDocs: [doc], dayDocs: [], trendDocs: [],
      names: { department: new Map(), township: new Map(), category: new Map() },
      overdueNow: { total: 1, byUnit: new Map([['department:perfect-but-late', 1]]) }
    })
    const score = (id: string) => [...s.ranking.red, ...s.ranking.black].find((r) => r.unitId === id)!.score
    expect(score('urged')).toBe(100 - (10 * 2) / 10)
    expect(score('late-supervision')).toBe(100 - (30 * 1) / 10)
    expect(score('clean')).toBe(90)
    expect(score('perfect-but-late')).toBe(100 - 50 / 10)
    // 95 beats 90 and 97, but it has an overdue case: off the red list, at the bottom of the order.
    expect(s.ranking.red.map((r) => r.unitId)).toEqual(['urged', 'late-supervision', 'clean'])
    expect(s.ranking.black[0]).toMatchObject({ unitId: 'perfect-but-late', rank: 4, overdueNow: 1 })
  })
})
