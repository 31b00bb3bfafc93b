// A randomized simulation through the real functions: 1,000 cases filed by many residents, random
// transitions by the right staff, clock moves of hours to days across the New Year holiday (entered and
// confirmed mid-way), and the deadline timer after every move. Then every rollup doc must equal a recount from
// the raw cases (the sum of core.contribution over all cases read back).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contribution, dayKey, publicStateOf } from '../../cloudfunctions/core'
import type { CaseDoc } from '../../cloudfunctions/core/types'
import { CATEGORIES, DEPARTMENTS, TOWNSHIPS, UNITS, VILLAGE_POINTS, VILLAGES } from '../../scripts/seed/wenshang'
import { DELETE_ACCOUNT_PHRASE, type Rating, type SubmitInput } from '../../typings/api'
import { startStack, type Stack } from '../helpers/stack'
import { allDocs, P, rollupMismatches } from './helpers'
import { SAMPLE_TEXTS } from '../../scripts/gen-cases'
import { prng } from '../../scripts/prng'

const SEED = Number(process.env.SIM_SEED ?? 20261127)
const N_CASES = Number(process.env.SIM_CASES ?? 1000)
const ROUNDS = 40
const PARALLEL = 6
const HOUR = 3600_000

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]!)
  }))
}

let stack: Stack
const handlers = new Map<string, string>()
beforeAll(async () => {
  // Three weeks before 元旦: the rounds' clock moves (about five weeks in all) cross the New Year holiday.
  stack = await startStack({ startAt: '2026-12-10T08:00:00+08:00' })
  // One handler per department, onboarded with invite codes.
  // Townships and villages are handling units too (cases of 村居公共设施 go to the village committee).
  for (const d of [...DEPARTMENTS, ...UNITS]) {
    const inv = await stack.as(P.admin).ok('admin', 'createInvite', { role: 'dept_handler', scope: { departmentId: d._id } })
    const openid = `sim-handler-${d._id}`
    await stack.as(openid).ok('user', 'redeemInvite', { code: inv.code, name: `${d.name}经办人` })
    handlers.set(d._id, openid)
  }
  // A county officer who only records 回访 (never involved in a case, so every due case is theirs to call).
  const inv = await stack.as(P.admin).ok('admin', 'createInvite', { role: 'county_dispatcher', scope: {} })
  await stack.as(CALLER).ok('user', 'redeemInvite', { code: inv.code, name: '回访专员' })
})
const CALLER = 'sim-callback-officer'
afterAll(async () => {
  await stack?.close()
})

// The generator's texts, plus one the local content-security word list holds for review.
const TEXTS = [...SAMPLE_TEXTS, '有人在网上招人刷单，请核实处理']

function randomCase(r: ReturnType<typeof prng>): SubmitInput {
  const cat = r.pick(CATEGORIES.filter((c) => c.active))
  const usePoint = r.chance(0.5)
  const villages = Object.keys(VILLAGE_POINTS)
  // A map point, a village picked from the list (its grid or grid group), or only a township.
  const place = usePoint ? { point: VILLAGE_POINTS[r.pick(villages)]! } : r.chance(0.5) ? { villageId: r.pick(VILLAGES)._id } : { townshipId: r.pick(TOWNSHIPS)._id }
  const phone = r.chance(0.6) ? `139${String(r.int(0, 99_999_999)).padStart(8, '0')}` : undefined
  return {
    categoryId: cat._id,
    text: r.pick(TEXTS),
    photos: [],
    place,
    ...(phone ? { contact: { name: '群众', phone } } : {}),
    consent: true,
    hideName: r.chance(0.3),
    publicConsent: r.chance(0.4)
  }
}

describe('randomized simulation', () => {
  it(`${N_CASES} cases with random transitions and clock moves keep every rollup equal to a recount`, async () => {
    const r = prng(SEED)
    const rm = prng(SEED + 11)
    // (hotspots) The 合并 of a cluster, from its own stream.
    const rh = prng(SEED + 13)
    /** (share) Followers' own ratings draw from their own stream too. */
    const rf = prng(SEED + 23)
    /** (privacy) 注销: now and then a resident deletes their account, from its own stream. */
    const rd = prng(SEED + 29)
    const privacyLeaks: string[] = []
    const outcomes = new Map<string, number>()
    const note = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1)
    const call = async (who: string, fn: any, action: any, data: any) => {
      const res = await stack.as(who).call(fn, action, data)
      note(res.ok ? `${fn}.${action}:OK` : `${fn}.${action}:${res.code}`)
      return res
    }
    const callBack = (c: CaseDoc) => {
      const reached = r.chance(0.75)
      const rating: Rating = r.pick(['satisfied', 'basic', 'unsatisfied', 'unsatisfied'] as const)
      return call(CALLER, 'admin', 'callback', reached ? { caseId: c._id, reached, rating } : { caseId: c._id, reached, note: '无人接听' })
    }
    // Where every notification leads (issue 8): after each phase, each subscribe message sent in it must open for
    // its recipient: the case page's petition.detail answers them. A staff message about a case still being worked
    // on must leave the recipient something to do there (its `allowed` actions), unless the recipient only reads
    // (批示 leaders). Checked per phase, before anything else can move the case.
    const linkFailures: string[] = []
    const linkChecks = new Map<string, number>()
    /** Cases that followers may leave in the current phase (unfollow, unmerge): a message sent before may then be shut. */
    const leaving = new Set<string>()
    const checkOutbox = async (phase: string) => {
      const messages = await stack.outbox()
      await stack.clearOutbox()
      const left = new Set(leaving)
      leaving.clear()
      const seen = new Set<string>()
      for (const m of messages) {
        const page = String(m.page ?? '')
        const [path, query] = page.split('?')
        const caseId = new URLSearchParams(query ?? '').get('id')
        const key = `${m.touser} ${page}`
        if (seen.has(key)) continue
        seen.add(key)
        if (path !== 'pages/case/index' && path !== 'pages-staff/case/index') {
          linkFailures.push(`${phase}: unknown page ${page}`)
          continue
        }
        const staffPage = path === 'pages-staff/case/index'
        const res = await stack.as(m.touser).call('petition', 'detail', { caseId: caseId! })
        if (!res.ok && res.code === 'FORBIDDEN' && left.has(caseId!)) {
          // Told as a follower, then left (or was unmerged) in the same phase: the page is rightly shut now.
          const doc = (await stack.db.collection('cases').doc(caseId!).get()).data[0] as CaseDoc | undefined
          if (doc && doc.residentOpenid !== m.touser && !doc.followers?.includes(m.touser)) {
            linkChecks.set('left', (linkChecks.get('left') ?? 0) + 1)
            continue
          }
        }
        if (!res.ok) {
          const doc = (await stack.db.collection('cases').doc(caseId!).get()).data[0] as CaseDoc | undefined
          const rel = doc ? `${doc.state}${doc.merge ? ` merged into ${doc.merge.intoId}` : ''}, follower: ${!!doc.followers?.includes(m.touser)}` : 'no case'
          linkFailures.push(`${phase}: ${m.touser} cannot open ${page}: ${res.code} (${rel}; ${JSON.stringify(m.data)})`)
          continue
        }
        const d = res.data
        const kind = `${staffPage ? 'staff' : 'resident'}:${d.viewAs ?? 'full'}`
        linkChecks.set(kind, (linkChecks.get(kind) ?? 0) + 1)
        if (staffPage && m.touser !== P.leader && ['review', 'queued', 'dispatched', 'accepted'].includes(d.state) && d.allowed.length === 0) {
          linkFailures.push(`${phase}: ${m.touser} was sent ${page} (${d.state}) and may do nothing there (${JSON.stringify(m.data)}; ${JSON.stringify(d.timeline.slice(-4).map((e) => e.type))})`)
        }
      }
    }
    const perRound = Math.ceil(N_CASES / ROUNDS)
    let filed = 0
    await stack.as(P.admin).ok('admin', 'setHoliday', { date: '2027-01-01', kind: 'holiday', name: '元旦' })

    for (let round = 0; round < ROUNDS; round++) {
      // New cases.
      const batch = Array.from({ length: Math.min(perRound, N_CASES - filed) }, () => ({ who: `sim-resident-${r.int(1, 300)}`, input: randomCase(r) }))
      filed += batch.length
      await pool(batch, PARALLEL, async (b) => void (await call(b.who, 'petition', 'submit', b.input)))
      await checkOutbox(`round ${round} submit`)
      // A few 代报 (residents without WeChat), filed by the county office: rated only through a 回访.
      for (let k = 0; k < 2; k++) {
        const input = randomCase(r)
        await call(P.admin, 'staff', 'proxySubmit', { ...input, contact: { name: '代报群众', ...(input.contact?.phone ? { phone: input.contact.phone } : {}) } })
      }
      // A hotline call (热线) taken by the dispatcher: the place picked from the lists, the caller's phone always.
      {
        const input = randomCase(r)
        const v = r.pick(VILLAGES)
        const place = r.chance(0.5) ? { townshipId: v.townshipId, villageId: v._id } : { townshipId: r.pick(TOWNSHIPS)._id }
        const phone = `137${String(r.int(0, 99_999_999)).padStart(8, '0')}`
        await call(P.dispatcher, 'admin', 'hotlineSubmit', { categoryId: input.categoryId, text: input.text, place, contact: { name: '来电群众', phone }, consent: true })
      }

      await checkOutbox(`round ${round} 代报/热线`)

      // Random transitions on the open cases, by whoever may do them.
      const open = await allDocs<CaseDoc>(stack, 'cases', {
        state: stack.db.command.in(['review', 'queued', 'dispatched', 'accepted', 'resolved'])
      })
      const ops: Array<() => Promise<unknown>> = []
      for (const c of open) {
        const dept = c.departmentId ? handlers.get(c.departmentId)! : undefined
        // 认领: the caller of a hotline / 代报 case proves the phone in the mini program (any state).
        if (!c.residentOpenid && c.contact?.phone && r.chance(0.2)) {
          const phone = c.contact.phone
          ops.push(() => call(`sim-claimer-${phone}`, 'user', 'claimByPhone', { code: `phone:${phone}` }))
        }
        const x = r.next()
        switch (c.state) {
          case 'review':
            if (x < 0.5) ops.push(() => call(P.dispatcher, 'admin', 'release', { caseId: c._id }))
            break
          case 'queued':
            if (x < 0.6) ops.push(() => call(P.dispatcher, 'admin', 'route', { caseId: c._id, departmentId: r.pick(DEPARTMENTS)._id }))
            else if (x < 0.65 && c.residentOpenid) ops.push(() => call(c.residentOpenid!, 'petition', 'withdraw', { caseId: c._id }))
            else if (x < 0.7) ops.push(() => call(P.dispatcher, 'admin', 'supervise', { caseId: c._id, note: '请尽快分派' }))
            else if (x < 0.75 && c.residentOpenid) ops.push(() => call(c.residentOpenid!, 'petition', 'urge', { caseId: c._id }))
            break
          case 'dispatched':
            if (x < 0.45) ops.push(() => call(dept!, 'staff', 'accept', { caseId: c._id }))
            else if (x < 0.55) ops.push(() => call(dept!, 'staff', 'return', { caseId: c._id, reason: '不属于本部门职责' }))
            else if (x < 0.58 && c.residentOpenid) ops.push(() => call(c.residentOpenid!, 'petition', 'withdraw', { caseId: c._id }))
            else if (x < 0.61) ops.push(() => call(P.dispatcher, 'admin', 'transfer', { caseId: c._id, departmentId: r.pick(DEPARTMENTS)._id, note: '转办' }))
            // Two staff at once now and then: one wins.
            else if (x < 0.64) ops.push(() => Promise.all([call(dept!, 'staff', 'accept', { caseId: c._id }), call(P.dispatcher, 'admin', 'transfer', { caseId: c._id, departmentId: 'dp-minzheng', note: '并发转办' })]))
            // 催办 (allowed or not yet: both are domain answers), 督办 and its answer, a 批示 now and then.
            else if (x < 0.7 && c.residentOpenid) ops.push(() => call(c.residentOpenid!, 'petition', 'urge', { caseId: c._id }))
            else if (x < 0.74) ops.push(() => call(P.dispatcher, 'admin', 'supervise', { caseId: c._id, note: '请尽快受理' }))
            else if (x < 0.8 && c.supervisionOpen) ops.push(() => call(dept!, 'staff', 'superviseReply', { caseId: c._id, text: '马上受理' }))
            else if (x < 0.81) ops.push(() => call(P.leader, 'admin', 'instruct', { caseId: c._id, text: '请抓紧办理' }))
            break
          case 'accepted':
            if (x < 0.4) ops.push(() => call(c.handlerOpenid ?? dept!, 'staff', 'resolve', { caseId: c._id, text: '已经办理完毕，请查看' }))
            else if (x < 0.45 && !c.pendingExtensionId) ops.push(() => call(c.handlerOpenid ?? dept!, 'staff', 'requestExtension', { caseId: c._id, workdays: r.int(1, 5), reason: '需协调多部门' }))
            else if (x < 0.55 && c.pendingExtensionId) {
              const approve = r.chance(0.7)
              ops.push(() => call(P.dispatcher, 'admin', 'decideExtension', { extensionId: c.pendingExtensionId!, approve }))
            }
            else if (x < 0.6) ops.push(() => call(c.handlerOpenid ?? dept!, 'staff', 'progress', { caseId: c._id, text: '正在协调办理' }))
            else if (x < 0.66) ops.push(() => call(P.dispatcher, 'admin', 'supervise', { caseId: c._id, note: '请说明进展' }))
            else if (x < 0.74 && c.supervisionOpen) ops.push(() => call(c.handlerOpenid ?? dept!, 'staff', 'superviseReply', { caseId: c._id, text: '已在办理' }))
            else if (x < 0.8 && c.residentOpenid) ops.push(() => call(c.residentOpenid!, 'petition', 'urge', { caseId: c._id }))
            // A handler answering while the county orders again: one wins, the other is a domain answer.
            else if (x < 0.82 && c.supervisionOpen) ops.push(() => Promise.all([call(c.handlerOpenid ?? dept!, 'staff', 'superviseReply', { caseId: c._id, text: '并发回复' }), call(P.admin, 'admin', 'supervise', { caseId: c._id, note: '并发督办' })]))
            break
          case 'resolved':
            if (x < 0.5 && c.residentOpenid) {
              const rating: Rating = r.pick(['satisfied', 'satisfied', 'basic', 'unsatisfied'] as const)
              const comment = rating === 'unsatisfied' ? { comment: '问题没有解决，请重新办理' } : {}
              ops.push(() => call(c.residentOpenid!, 'petition', 'rate', { caseId: c._id, rating, ...comment }))
            }
            else if (x < 0.6 && c.callbackDue) ops.push(() => callBack(c))
            // Publication: consent changes, approval or public interest, 撤下 (no counters: rollups unchanged).
            else if (x < 0.64 && c.residentOpenid) ops.push(() => call(c.residentOpenid!, 'petition', 'setPublication', { caseId: c._id, consent: !c.publicConsent }))
            else if (x < 0.72) ops.push(() => call(P.dispatcher, 'admin', 'publishSummary', { caseId: c._id, publicInterest: r.chance(0.3) }))
            else if (x < 0.76) ops.push(() => call(P.admin, 'admin', 'unpublish', { caseId: c._id, reason: '涉及个人隐私' }))
            break
        }
      }
      // (metoo) 附议 and 合并, drawn from their own stream (the main stream's draws stay as they were): residents
      // follow and leave, the county merges a case into another open one, and undoes some merges.
      const followable = open.filter((c) => c.state === 'queued' || c.state === 'dispatched' || c.state === 'accepted')
      for (const c of followable) {
        const y = rm.next()
        if (y < 0.05) ops.push(() => call(`sim-resident-${rm.int(1, 300)}`, 'petition', 'follow', { caseId: c._id }))
        else if (y < 0.06 && c.followers?.length) {
          leaving.add(c._id)
          ops.push(() => call(c.followers![0]!, 'petition', 'unfollow', { caseId: c._id }))
        }
        else if (y < 0.075) {
          const into = rm.pick(followable)
          ops.push(() => call(P.dispatcher, 'admin', 'merge', { caseId: c._id, intoCaseId: into._id }))
        }
      }
      for (const c of await allDocs<CaseDoc>(stack, 'cases', { state: 'merged' })) {
        if (!rm.chance(0.3)) continue
        leaving.add(c.merge!.intoId)
        ops.push(() => call(P.admin, 'admin', 'unmerge', { caseId: c._id }))
      }
      // (hotspots) Now and then a township supervisor or the county merges a small "cluster" (2–3 open cases) at once.
      if (followable.length >= 3 && rh.chance(0.5)) {
        const main = rh.pick(followable)
        const others = followable.filter((c) => c._id !== main._id)
        const dups = [...new Set([rh.pick(others)._id, rh.pick(others)._id])]
        ops.push(() => call(rh.chance(0.3) ? P.township : P.dispatcher, 'admin', 'mergeCluster', { mainCaseId: main._id, caseIds: dups }))
      }
      // (share) 附议群众评价: followers of resolved cases rate for themselves (or change it); no counter may move.
      for (const c of open) {
        if (c.state !== 'resolved' || !c.followers?.length) continue
        for (const f of c.followers) if (rf.chance(0.5)) ops.push(() => call(f, 'petition', 'followerRate', { caseId: c._id, rating: rf.pick(['satisfied', 'basic', 'unsatisfied'] as const) }))
      }
      // 回访 of closed cases waiting for one (代报 closed unrated, verification samples), now and then a new draw.
      const due = await allDocs<CaseDoc>(stack, 'cases', { callbackDue: true, state: 'closed' })
      for (const c of due) if (r.chance(0.5)) ops.push(() => callBack(c))
      if (round % 8 === 4) {
        const from = '2026-12-01'
        const to = new Date((await stack.now()).getTime() + 8 * HOUR).toISOString().slice(0, 10)
        ops.push(() => call(P.admin, 'admin', 'sampleCallbacks', { from, to, percent: 20 }))
      }
      await pool(ops, PARALLEL, async (op) => void (await op()))
      await checkOutbox(`round ${round} transitions`)

      // 注销 of a resident (filer and follower): their cases stay, anonymized and unlinked; the cases they follow
      // forget them; no stored case (nor its timeline) keeps their openid. The counters must not move (recount).
      if (rd.chance(0.4)) {
        const who = `sim-resident-${rd.int(1, 300)}`
        const res = await call(who, 'user', 'deleteAccount', { confirm: DELETE_ACCOUNT_PHRASE })
        if (res.ok) {
          const raw = await allDocs<CaseDoc>(stack, 'cases')
          const kept = raw.filter((c) => JSON.stringify(c).includes(`"${who}"`))
          if (kept.length) privacyLeaks.push(`round ${round}: ${who} still in ${kept.map((c) => `${c.no} (${c.state})`).join(', ')}`)
        }
        await checkOutbox(`round ${round} 注销`)
      }

      // Move the clock (hours to a couple of days) and run the timer, twice at once.
      await stack.advanceClock(r.int(2, 40) * HOUR + r.int(0, 59) * 60_000)
      const runs = await Promise.all([stack.fireTimer(), stack.fireTimer()])
      for (const t of runs) {
        expect(t.ok).toBe(true)
        expect(t.data.failed).toBe(0)
      }
      await checkOutbox(`round ${round} timer`)
      if (round === Math.floor(ROUNDS / 2)) await stack.as(P.admin).ok('admin', 'confirmYear', { year: 2027, confirmed: true })
    }

    // Nothing crashed: every failure is a domain answer.
    const internal = [...outcomes].filter(([k]) => k.endsWith(':INTERNAL'))
    if (internal.length) {
      for (const fn of ['petition', 'staff', 'admin', 'timer']) {
        const res = await fetch(`${stack.url}/__emulator/logs?function=${fn}`)
        const lines = ((await res.json()) as { lines: string[] }).lines
        console.error(fn, lines.filter((l) => /error|Error/.test(l)).slice(-8).join('\n'))
      }
    }
    expect(internal).toEqual([])
    console.log('notification links checked', Object.fromEntries(linkChecks))
    expect(linkFailures.slice(0, 20)).toEqual([])
    expect(linkChecks.get('resident:full') ?? 0).toBeGreaterThan(0)
    expect(linkChecks.get('resident:follower') ?? 0).toBeGreaterThan(0)
    expect(linkChecks.get('staff:full') ?? 0).toBeGreaterThan(0)
    expect(outcomes.get('petition.submit:OK'), JSON.stringify([...outcomes].filter(([k]) => !k.endsWith(':OK')))).toBe(N_CASES)
    const proxies = (outcomes.get('staff.proxySubmit:OK') ?? 0) + (outcomes.get('admin.hotlineSubmit:OK') ?? 0)
    expect(proxies).toBe(ROUNDS * 3)
    expect(outcomes.get('user.claimByPhone:OK') ?? 0).toBeGreaterThan(0)
    expect(outcomes.get('user.deleteAccount:OK') ?? 0).toBeGreaterThan(0)
    expect(privacyLeaks).toEqual([])

    // Recount every rollup from the raw cases.
    const cases = await allDocs<CaseDoc>(stack, 'cases')
    expect(cases).toHaveLength(N_CASES + proxies)
    expect(new Set(cases.map((c) => c.no)).size).toBe(N_CASES + proxies)
    // (publication) The indexed publicState always equals its derivation; the board holds exactly the published.
    for (const c of cases) expect(c.publicState ?? null, c._id).toBe(publicStateOf(c))
    const board = await stack.as(P.resident1).ok('petition', 'board', { pageSize: 50 })
    expect(board.total).toBe(cases.filter((c) => c.publicState === 'published').length)
    // Rollups are written behind the transitions: the summary flushes every due case first.
    await stack.as(P.admin).ok('admin', 'summary', { from: dayKey(await stack.now()), to: dayKey(await stack.now()) })
    const { mismatches, ids } = await rollupMismatches(stack)
    expect(mismatches).toEqual([])
    expect(ids).toBeGreaterThan(4)

    // Some of everything happened.
    const states = new Set(cases.map((c) => c.state))
    for (const s of ['closed', 'accepted', 'withdrawn']) expect(states.has(s as CaseDoc['state'])).toBe(true)
    expect(cases.some((c) => c.unrated)).toBe(true)
    expect(cases.some((c) => c.reopenCount > 0)).toBe(true)
    expect(cases.some((c) => c.flags.finishOverdue)).toBe(true)
    // 回访 happened on 代报 cases and on verification samples, and some overrode a resident's own rating.
    expect(outcomes.get('admin.callback:OK') ?? 0).toBeGreaterThan(0)
    expect(cases.some((c) => !c.residentOpenid && c.callbacks?.some((cb) => cb.reached))).toBe(true)
    expect(cases.some((c) => c.residentOpenid && c.callbacks?.some((cb) => cb.reached))).toBe(true)
    expect(cases.some((c) => c.residentOpenid && c.rating && c.callbacks?.some((cb) => cb.reached && cb.rating !== c.rating!.value))).toBe(true)
    expect(cases.some((c) => (c.urgeCount ?? 0) > 0)).toBe(true)
    expect(cases.some((c) => c.supervisions?.some((o) => o.reply))).toBe(true)
    expect(cases.some((c) => c.supervisions?.some((o) => o.escalatedAt))).toBe(true)
    expect(cases.some((c) => c.supervisions?.some((o) => o.closedAt))).toBe(true)
    expect(cases.some((c) => c.instructed)).toBe(true)
    // (metoo) Follows and merges happened (and undos); a merged case points to an existing case.
    expect(outcomes.get('petition.follow:OK') ?? 0).toBeGreaterThan(0)
    expect(outcomes.get('admin.merge:OK') ?? 0).toBeGreaterThan(0)
    expect(outcomes.get('admin.unmerge:OK') ?? 0).toBeGreaterThan(0)
    expect(outcomes.get('admin.mergeCluster:OK') ?? 0).toBeGreaterThan(0)
    const byId = new Map(cases.map((c) => [c._id, c]))
    for (const c of cases) {
      if (c.state === 'merged') expect(byId.has(c.merge!.intoId)).toBe(true)
      expect(c.followerCount ?? 0, c._id).toBe(c.followers?.length ?? 0)
      // (share) Followers' own ratings never count: the case's contribution is the same without them.
      if (c.followerRatings?.length) expect(contribution({ ...c, followerRatings: [] }), c._id).toEqual(contribution(c))
    }
    expect(outcomes.get('petition.followerRate:OK') ?? 0).toBeGreaterThan(0)
    console.log('simulation outcomes', Object.fromEntries([...outcomes].sort()))
  }, 600_000)
})
