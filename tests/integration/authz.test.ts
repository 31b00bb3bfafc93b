// The authorization matrix, table-driven: every demo role × every action × a case in their scope and one
// outside it. Allowed calls succeed; denied ones answer FORBIDDEN and change nothing. Then malformed input
// for every action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FunctionName } from '../../typings/api'
import { dayKey } from '../../cloudfunctions/core'
import { startStack, TEST_EPOCH, type Stack } from '../helpers/stack'
import { P, policyCase, roadCase, submitAs } from './helpers'

let stack: Stack
const OUTSIDER = 'o-outsider-resident'
const SHUIWU = 'o-shuiwu-handler'

beforeAll(async () => {
  stack = await startStack()
  const inv = await stack.as(P.admin).ok('admin', 'createInvite', { role: 'dept_handler', scope: { departmentId: 'dp-shuiwu' } })
  await stack.as(SHUIWU).ok('user', 'redeemInvite', { code: inv.code, name: '水务经办' })
})
afterAll(async () => {
  await stack?.close()
})

const PERSONAS = [P.resident1, P.resident2, P.grid, P.building, P.zhujian, P.jiaotong, P.township, P.dispatcher, P.admin, P.leader] as const
type Persona = (typeof PERSONAS)[number]

type State = 'dispatched' | 'accepted' | 'resolved' | 'queued' | 'review' | 'extension' | 'resolved_consent' | 'proxy_resolved' | 'sampled' | 'late' | 'supervised' | MetooState
/** (metoo) followed: resident2 follows the case; mergeable: a second case to merge into (intoId); merged: merged into it. */
type MetooState = 'followed' | 'mergeable' | 'merged' | ShareState
/** (share) followed_resolved: resident2 follows the case, then it is resolved. */
type ShareState = 'followed_resolved'
interface Made {
  caseId: string
  extensionId?: string
  intoId?: string
}

/** A case in `state`: in scope = 东门社区第一网格, 中都街道, 县住建局, filed by resident1; out = 南站镇, 县水务局, filed by an outsider. */
async function make(state: State, inScope: boolean): Promise<Made> {
  const filer = inScope ? P.resident1 : OUTSIDER
  const handler = inScope ? P.zhujian : SHUIWU
  const base = inScope ? roadCase() : roadCase({ categoryId: 'cat-drainage', place: { townshipId: 'tw-nanzhan' } })
  if (state === 'followed') {
    const f = await submitAs(stack, filer, base)
    await stack.as(P.resident2).ok('petition', 'follow', { caseId: f._id })
    return { caseId: f._id }
  }
  if (state === 'followed_resolved') {
    const f = await submitAs(stack, filer, base)
    await stack.as(P.resident2).ok('petition', 'follow', { caseId: f._id })
    await stack.as(handler).ok('staff', 'accept', { caseId: f._id })
    await stack.as(handler).ok('staff', 'resolve', { caseId: f._id, text: '已经处理完毕' })
    return { caseId: f._id }
  }
  if (state === 'mergeable' || state === 'merged') {
    const into = await submitAs(stack, filer, base)
    const dup = await submitAs(stack, filer, { ...base, text: `${base.text}（重复）` })
    if (state === 'merged') await stack.as(P.admin).ok('admin', 'merge', { caseId: dup._id, intoCaseId: into._id })
    return { caseId: dup._id, intoId: into._id }
  }
  if (state === 'queued') return { caseId: (await submitAs(stack, filer, inScope ? policyCase() : policyCase({ place: { townshipId: 'tw-nanzhan' } })))._id }
  if (state === 'review') return { caseId: (await submitAs(stack, filer, { ...base, text: '小区里有人赌博，请处理一下' }))._id }
  if (state === 'late') {
    // A power outage gets 2 h to accept: past it, 催办 is open.
    const late = await submitAs(stack, filer, { ...base, categoryId: 'cat-power-outage', text: '整栋楼停电两个小时了' })
    await stack.advanceClock(121 * 60_000)
    return { caseId: late._id }
  }
  if (state === 'proxy_resolved') {
    // In scope: the grid member files a 代报 and solves it on the spot. Out: the county admin files one in 南站镇,
    // the 水务 handler resolves it (so the admin is involved: they filed it).
    const proxyFiler = inScope ? P.grid : P.admin
    const p = await stack.as(proxyFiler).ok('staff', 'proxySubmit', { ...base, contact: { name: '代报群众', phone: '13900003333' } })
    if (inScope) await stack.as(P.grid).ok('staff', 'resolveOnSpot', { caseId: p.case._id, text: '现场已经解决了' })
    else {
      await stack.as(handler).ok('staff', 'accept', { caseId: p.case._id })
      await stack.as(handler).ok('staff', 'resolve', { caseId: p.case._id, text: '已经处理完毕' })
    }
    return { caseId: p.case._id }
  }
  // (publication) resolved, with the resident's consent: its summary waits for the county (publicState pending).
  const c = await submitAs(stack, filer, state === 'resolved_consent' ? { ...base, publicConsent: true } : base)
  if (state === 'dispatched') return { caseId: c._id }
  await stack.as(handler).ok('staff', 'accept', { caseId: c._id })
  if (state === 'accepted') return { caseId: c._id }
  if (state === 'supervised') {
    await stack.as(inScope ? P.township : P.admin).ok('admin', 'supervise', { caseId: c._id, note: '请尽快办理' })
    return { caseId: c._id }
  }
  if (state === 'extension') {
    const d = await stack.as(handler).ok('staff', 'requestExtension', { caseId: c._id, workdays: 3, reason: '需要协调施工队' })
    return { caseId: c._id, extensionId: d.extensions[0]!._id }
  }
  await stack.as(handler).ok('staff', 'resolve', { caseId: c._id, text: '已经处理完毕' })
  if (state === 'sampled') {
    // Rated by its resident, then drawn for a verification 回访 (marked directly: sampling is random).
    await stack.as(filer).ok('petition', 'rate', { caseId: c._id, rating: 'satisfied' })
    await stack.db.collection('cases').doc(c._id).update({ callbackDue: true })
  }
  return { caseId: c._id }
}

interface CaseRow {
  fn: FunctionName
  action: string
  state: State
  data: (m: Made) => unknown
  /** Personas allowed on the in-scope case and on the out-of-scope case. */
  inScope: Persona[]
  outScope: Persona[]
  /** Denials that are not FORBIDDEN (a grant exists, but not in this state). */
  codes?: Partial<Record<Persona, string>>
  /** The same for the out-of-scope case. */
  outCodes?: Partial<Record<Persona, string>>
}

const COUNTY: Persona[] = [P.dispatcher, P.admin]
const VIEWERS_IN: Persona[] = [P.resident1, P.grid, P.building, P.zhujian, P.township, P.dispatcher, P.admin, P.leader]

const CASE_ROWS: CaseRow[] = [
  { fn: 'petition', action: 'detail', state: 'dispatched', data: (m) => ({ caseId: m.caseId }), inScope: VIEWERS_IN, outScope: [...COUNTY, P.leader] },
  { fn: 'petition', action: 'supplement', state: 'dispatched', data: (m) => ({ caseId: m.caseId, text: '补充一些现场情况说明' }), inScope: [P.resident1], outScope: [] },
  { fn: 'petition', action: 'withdraw', state: 'dispatched', data: (m) => ({ caseId: m.caseId }), inScope: [P.resident1], outScope: [] },
  { fn: 'petition', action: 'rate', state: 'resolved', data: (m) => ({ caseId: m.caseId, rating: 'basic' }), inScope: [P.resident1], outScope: [] },
  { fn: 'staff', action: 'accept', state: 'dispatched', data: (m) => ({ caseId: m.caseId }), inScope: [P.grid, P.building, P.zhujian], outScope: [] },
  { fn: 'staff', action: 'return', state: 'dispatched', data: (m) => ({ caseId: m.caseId, reason: '不属于本部门' }), inScope: [P.zhujian], outScope: [],
    // Grid staff may hand back only a case they accepted themselves.
    codes: { [P.grid]: 'INVALID_STATE', [P.building]: 'INVALID_STATE' } },
  { fn: 'staff', action: 'resolve', state: 'accepted', data: (m) => ({ caseId: m.caseId, text: '已经处理完毕了' }), inScope: [P.zhujian], outScope: [] },
  { fn: 'staff', action: 'resolveOnSpot', state: 'dispatched', data: (m) => ({ caseId: m.caseId, text: '现场已经解决了' }), inScope: [P.grid, P.building], outScope: [] },
  { fn: 'staff', action: 'requestExtension', state: 'accepted', data: (m) => ({ caseId: m.caseId, workdays: 2, reason: '材料未到' }), inScope: [P.zhujian], outScope: [] },
  { fn: 'admin', action: 'route', state: 'queued', data: (m) => ({ caseId: m.caseId, departmentId: 'dp-renshe' }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  { fn: 'admin', action: 'transfer', state: 'dispatched', data: (m) => ({ caseId: m.caseId, departmentId: 'dp-jiaotong', note: '转交通运输局' }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  { fn: 'admin', action: 'release', state: 'review', data: (m) => ({ caseId: m.caseId }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  { fn: 'admin', action: 'decideExtension', state: 'extension', data: (m) => ({ extensionId: m.extensionId, approve: true }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  // Publication: the resident's consent; approval and 撤下 by the county office only (not the township).
  { fn: 'petition', action: 'setPublication', state: 'dispatched', data: (m) => ({ caseId: m.caseId, consent: true }), inScope: [P.resident1], outScope: [] },
  { fn: 'admin', action: 'publishSummary', state: 'resolved_consent', data: (m) => ({ caseId: m.caseId }), inScope: COUNTY, outScope: COUNTY },
  { fn: 'admin', action: 'unpublish', state: 'resolved_consent', data: (m) => ({ caseId: m.caseId, reason: '涉及个人隐私' }), inScope: COUNTY, outScope: COUNTY },
  // Issue 7 §2: nobody rates a 代报 case, least of all the grid member who filed and solved it; county staff who
  // had no part in it record a 回访 instead (the admin filed the out-of-scope one: FORBIDDEN for them).
  { fn: 'petition', action: 'rate', state: 'proxy_resolved', data: (m) => ({ caseId: m.caseId, rating: 'satisfied' }), inScope: [], outScope: [] },
  { fn: 'admin', action: 'callback', state: 'proxy_resolved', data: (m) => ({ caseId: m.caseId, reached: true, rating: 'satisfied' }), inScope: COUNTY, outScope: [P.dispatcher] },
  { fn: 'admin', action: 'callback', state: 'sampled', data: (m) => ({ caseId: m.caseId, reached: false, note: '无人接听' }), inScope: COUNTY, outScope: COUNTY },
  // A resident-rated case not drawn for verification: the county has the grant, not in this state.
  { fn: 'admin', action: 'callback', state: 'resolved', data: (m) => ({ caseId: m.caseId, reached: true, rating: 'basic' }), inScope: [], outScope: [],
    codes: { [P.dispatcher]: 'INVALID_STATE', [P.admin]: 'INVALID_STATE' }, outCodes: { [P.dispatcher]: 'INVALID_STATE', [P.admin]: 'INVALID_STATE' } },
  // Tap-to-call: only whoever may see the full number (the handler), logged.
  { fn: 'staff', action: 'revealPhone', state: 'accepted', data: (m) => ({ caseId: m.caseId }), inScope: [P.zhujian], outScope: [] },
  // 催办: the resident who filed, once the accept deadline passed (the window itself is tested in supervision.test.ts).
  { fn: 'petition', action: 'urge', state: 'late', data: (m) => ({ caseId: m.caseId }), inScope: [P.resident1], outScope: [] },
  { fn: 'admin', action: 'supervise', state: 'dispatched', data: (m) => ({ caseId: m.caseId, note: '请尽快受理' }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  { fn: 'admin', action: 'supervise', state: 'accepted', data: (m) => ({ caseId: m.caseId, note: '请说明办理进展' }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  { fn: 'staff', action: 'superviseReply', state: 'supervised', data: (m) => ({ caseId: m.caseId, text: '正在办理中' }), inScope: [P.zhujian], outScope: [] },
  { fn: 'staff', action: 'progress', state: 'accepted', data: (m) => ({ caseId: m.caseId, text: '已联系施工队' }), inScope: [P.zhujian], outScope: [] },
  { fn: 'admin', action: 'instruct', state: 'dispatched', data: (m) => ({ caseId: m.caseId, text: '请抓紧办理' }), inScope: [P.leader], outScope: [P.leader] },
  { fn: 'admin', action: 'instruct', state: 'queued', data: (m) => ({ caseId: m.caseId, text: '请抓紧分派' }), inScope: [P.leader], outScope: [P.leader] },
  // (metoo) 附议: any resident but the case's own; a follower may add a note and leave. 合并: the township in scope, the county.
  { fn: 'petition', action: 'follow', state: 'dispatched', data: (m) => ({ caseId: m.caseId }), inScope: [P.resident2], outScope: [P.resident1, P.resident2],
    codes: { [P.resident1]: 'OWN_CASE' } },
  { fn: 'petition', action: 'follow', state: 'resolved', data: (m) => ({ caseId: m.caseId }), inScope: [], outScope: [],
    codes: { [P.resident1]: 'INVALID_STATE', [P.resident2]: 'INVALID_STATE' }, outCodes: { [P.resident1]: 'INVALID_STATE', [P.resident2]: 'INVALID_STATE' } },
  { fn: 'petition', action: 'unfollow', state: 'followed', data: (m) => ({ caseId: m.caseId }), inScope: [P.resident2], outScope: [P.resident2] },
  { fn: 'petition', action: 'followerNote', state: 'followed', data: (m) => ({ caseId: m.caseId, text: '我家门口也是这样' }), inScope: [P.resident2], outScope: [P.resident2] },
  // (share) The public view of a shared card: anyone logged in, any case (a read: writes nothing). 附议群众评价: a
  // follower, once the case is resolved (not the reporter, not staff).
  { fn: 'petition', action: 'publicView', state: 'dispatched', data: (m) => ({ caseId: m.caseId }), inScope: [...PERSONAS], outScope: [...PERSONAS] },
  { fn: 'petition', action: 'followerRate', state: 'followed_resolved', data: (m) => ({ caseId: m.caseId, rating: 'basic' }), inScope: [P.resident2], outScope: [P.resident2] },
  { fn: 'petition', action: 'followerRate', state: 'followed', data: (m) => ({ caseId: m.caseId, rating: 'satisfied' }), inScope: [], outScope: [],
    codes: { [P.resident2]: 'INVALID_STATE' }, outCodes: { [P.resident2]: 'INVALID_STATE' } },
  { fn: 'admin', action: 'merge', state: 'mergeable', data: (m) => ({ caseId: m.caseId, intoCaseId: m.intoId }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  { fn: 'admin', action: 'unmerge', state: 'merged', data: (m) => ({ caseId: m.caseId }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  // (hotspots) 合并 of a cluster: the same grants as merge, on every case.
  { fn: 'admin', action: 'mergeCluster', state: 'mergeable', data: (m) => ({ mainCaseId: m.intoId, caseIds: [m.caseId] }), inScope: [P.township, ...COUNTY], outScope: COUNTY }
]

async function version(caseId: string): Promise<number> {
  return (await stack.db.collection('cases').doc(caseId).get()).data[0].version
}

describe('authorization matrix: case actions', () => {
  for (const row of CASE_ROWS) {
    for (const inScope of [true, false]) {
      const allowed = inScope ? row.inScope : row.outScope
      it(`${row.fn}.${row.action} on a ${row.state} case ${inScope ? 'in' : 'out of'} scope`, async () => {
        const shared = await make(row.state, inScope)
        const v0 = await version(shared.caseId)
        const results: string[] = []
        for (const who of PERSONAS) {
          if (allowed.includes(who)) {
            const fresh = await make(row.state, inScope)
            const r = await stack.as(who).call(row.fn, row.action as never, row.data(fresh) as never)
            results.push(`${who}:${r.ok ? 'OK' : r.code}`)
          } else {
            const r = await stack.as(who).call(row.fn, row.action as never, row.data(shared) as never)
            results.push(`${who}:${r.ok ? 'OK' : r.code}`)
          }
        }
        const denied = (who: Persona) => (inScope ? row.codes?.[who] : row.outCodes?.[who]) ?? 'FORBIDDEN'
        const expected = PERSONAS.map((who) => `${who}:${allowed.includes(who) ? 'OK' : denied(who)}`)
        expect(results).toEqual(expected)
        // Denied calls wrote nothing.
        expect(await version(shared.caseId)).toBe(v0)
      })
    }
  }
})

interface PlainRow {
  fn: FunctionName
  action: string
  data: unknown
  allowed: Persona[]
}

const STAFF: Persona[] = [P.grid, P.building, P.zhujian, P.jiaotong, P.township, P.dispatcher, P.admin, P.leader]
const SUPERVISORS: Persona[] = [P.township, ...COUNTY]
const today = dayKey(new Date(TEST_EPOCH))

const PLAIN_ROWS: PlainRow[] = [
  { fn: 'user', action: 'me', data: {}, allowed: [...PERSONAS] },
  { fn: 'petition', action: 'catalog', data: {}, allowed: [...PERSONAS] },
  { fn: 'petition', action: 'mine', data: {}, allowed: [...PERSONAS] },
  { fn: 'petition', action: 'board', data: {}, allowed: [...PERSONAS] },
  { fn: 'petition', action: 'locate', data: { point: { lng: 116.477, lat: 35.74 } }, allowed: [...PERSONAS] },
  { fn: 'petition', action: 'similar', data: { categoryId: 'cat-road', villageId: 'vl-zhongdu-dongmen' }, allowed: [...PERSONAS] },
  { fn: 'petition', action: 'following', data: {}, allowed: [...PERSONAS] },
  { fn: 'staff', action: 'inbox', data: { bucket: 'pending' }, allowed: STAFF },
  { fn: 'admin', action: 'summary', data: { from: today, to: today }, allowed: [...SUPERVISORS, P.leader] },
  { fn: 'admin', action: 'summary', data: { from: today, to: today, townshipId: 'tw-nanzhan' }, allowed: [...COUNTY, P.leader] },
  { fn: 'admin', action: 'queue', data: {}, allowed: SUPERVISORS },
  { fn: 'admin', action: 'overdue', data: {}, allowed: SUPERVISORS },
  { fn: 'admin', action: 'extensions', data: {}, allowed: COUNTY },
  { fn: 'admin', action: 'holidays', data: { year: 2026 }, allowed: SUPERVISORS },
  { fn: 'admin', action: 'setHoliday', data: { date: '2030-05-06', kind: 'holiday', name: '测试' }, allowed: [P.admin] },
  { fn: 'admin', action: 'confirmYear', data: { year: 2030, confirmed: false }, allowed: [P.admin] },
  { fn: 'admin', action: 'createInvite', data: { role: 'grid_member', scope: { gridIds: ['gr-zhongdu-dongmen-2'] } }, allowed: [P.admin] },
  { fn: 'admin', action: 'invites', data: {}, allowed: [P.admin] },
  { fn: 'admin', action: 'departments', data: {}, allowed: STAFF },
  { fn: 'admin', action: 'publications', data: { state: 'pending' }, allowed: COUNTY },
  { fn: 'admin', action: 'callbacks', data: {}, allowed: COUNTY },
  { fn: 'admin', action: 'sampleCallbacks', data: { from: '2020-01-01', to: '2020-01-31' }, allowed: COUNTY },
  { fn: 'admin', action: 'phoneAccess', data: {}, allowed: [P.admin] },
  { fn: 'admin', action: 'supervisions', data: {}, allowed: SUPERVISORS },
  { fn: 'admin', action: 'instructed', data: {}, allowed: [...COUNTY, P.leader] },
  { fn: 'admin', action: 'stream', data: { kind: 'overdue', q: '停电' }, allowed: [P.leader] },
  { fn: 'admin', action: 'superviseDesk', data: { bucket: 'overdue' }, allowed: [P.township] },
  { fn: 'admin', action: 'sources', data: { from: today, to: today }, allowed: [...SUPERVISORS, P.leader] },
  { fn: 'admin', action: 'apiKeys', data: {}, allowed: [P.admin] },
  // (hotspots) 热点: the tile's roles; another township only for the county.
  { fn: 'admin', action: 'hotspots', data: {}, allowed: SUPERVISORS },
  { fn: 'admin', action: 'hotspots', data: { townshipId: 'tw-nanzhan' }, allowed: COUNTY }
]

describe('authorization matrix: other actions', () => {
  for (const row of PLAIN_ROWS) {
    it(`${row.fn}.${row.action} ${JSON.stringify(row.data)}`, async () => {
      const results: string[] = []
      for (const who of PERSONAS) {
        const r = await stack.as(who).call(row.fn, row.action as never, row.data as never)
        results.push(`${who}:${r.ok ? 'OK' : r.code}`)
      }
      expect(results).toEqual(PERSONAS.map((who) => `${who}:${row.allowed.includes(who) ? 'OK' : 'FORBIDDEN'}`))
    })
  }

  it('proxySubmit: grid staff, supervisors and the county file on behalf; residents and departments may not', async () => {
    const allowed: Persona[] = [P.grid, P.building, P.township, P.dispatcher, P.admin]
    const results: string[] = []
    for (const who of PERSONAS) {
      const r = await stack.as(who).call('staff', 'proxySubmit', {
        ...roadCase(),
        contact: { name: '代报群众', phone: '13900002222' }
      })
      results.push(`${who}:${r.ok ? 'OK' : r.code}`)
    }
    expect(results).toEqual(PERSONAS.map((who) => `${who}:${allowed.includes(who) ? 'OK' : 'FORBIDDEN'}`))
  })

  it('hotlineSubmit: only the county office takes hotline calls', async () => {
    const results: string[] = []
    for (const who of PERSONAS) {
      const r = await stack.as(who).call('admin', 'hotlineSubmit', {
        categoryId: 'cat-road',
        text: '来电反映东门社区门口道路有大坑',
        place: { townshipId: 'tw-zhongdu', villageId: 'vl-zhongdu-dongmen' },
        contact: { name: '来电群众', phone: '13900004444' },
        consent: true
      })
      results.push(`${who}:${r.ok ? 'OK' : r.code}`)
    }
    expect(results).toEqual(PERSONAS.map((who) => `${who}:${COUNTY.includes(who) ? 'OK' : 'FORBIDDEN'}`))
  })

  it('claimByPhone: only a resident proving the phone claims a hotline case; staff and other numbers claim nothing', async () => {
    const phone = '13900005555'
    const filed = await stack.as(P.dispatcher).ok('admin', 'hotlineSubmit', {
      categoryId: 'cat-road',
      text: '来电反映路灯不亮已经一周了',
      place: { townshipId: 'tw-zhongdu' },
      contact: { name: '来电群众', phone },
      consent: true
    })
    const v0 = await version(filed.case._id)
    const results: string[] = []
    // Everyone but resident2 proves the right number; resident2 proves another one; resident1 goes last.
    for (const who of [...PERSONAS.filter((p) => p !== P.resident1), P.resident1]) {
      const code = who === P.resident2 ? 'phone:13900006666' : `phone:${phone}`
      const r = await stack.as(who).call('user', 'claimByPhone', { code })
      results.push(`${who}:${r.ok ? r.data.claimed.filter((c) => c._id === filed.case._id).length : r.code}`)
      if (who !== P.resident1) expect(await version(filed.case._id)).toBe(v0)
    }
    expect(results).toEqual([...PERSONAS.filter((p) => p !== P.resident1), P.resident1].map((who) => `${who}:${who === P.resident1 ? 1 : 0}`))
    const bad = await stack.as(P.resident2).call('user', 'claimByPhone', { code: 'not-a-code' })
    expect(bad).toMatchObject({ ok: false, code: 'PHONE_CODE_INVALID' })
  })

  it('createApiKey / revokeApiKey: only the county admin issues and revokes Open311 keys', async () => {
    const results: string[] = []
    // The admin goes last: the others are refused while the client has no key yet.
    for (const who of [...PERSONAS.filter((p) => p !== P.admin), P.admin]) {
      const r = await stack.as(who).call('admin', 'createApiKey', { clientId: 'authz-app', name: '测试应用' })
      results.push(`${who}:${r.ok ? 'OK' : r.code}`)
    }
    for (const who of [...PERSONAS.filter((p) => p !== P.admin), P.admin]) {
      const r = await stack.as(who).call('admin', 'revokeApiKey', { clientId: 'authz-app' })
      results.push(`${who}:${r.ok ? 'OK' : r.code}`)
    }
    const order = [...PERSONAS.filter((p) => p !== P.admin), P.admin]
    const expected = order.map((who) => `${who}:${who === P.admin ? 'OK' : 'FORBIDDEN'}`)
    expect(results).toEqual([...expected, ...expected])
  })

  it('revokeInvite: only the county admin revokes a code', async () => {
    const inv = await stack.as(P.admin).ok('admin', 'createInvite', { role: 'grid_member', scope: { gridIds: ['gr-zhongdu-dongmen-2'] } })
    const results: string[] = []
    // The admin goes last: the others are refused while the code is still unused and unrevoked.
    for (const who of [...PERSONAS.filter((p) => p !== P.admin), P.admin]) {
      const r = await stack.as(who).call('admin', 'revokeInvite', { code: inv.code })
      results.push(`${who}:${r.ok ? 'OK' : r.code}`)
    }
    expect(results).toEqual([...PERSONAS.filter((p) => p !== P.admin), P.admin].map((who) => `${who}:${who === P.admin ? 'OK' : 'FORBIDDEN'}`))
  })

  it('deleteAccount: residents only (staff are unbound by the county), and only with the confirmation phrase', async () => {
    const results: string[] = []
    for (const who of PERSONAS) {
      const r = await stack.as(who).call('user', 'deleteAccount', { confirm: '删了吧' })
      results.push(`${who}:${r.ok ? 'OK' : r.code}`)
    }
    const residents: Persona[] = [P.resident1, P.resident2]
    expect(results).toEqual(PERSONAS.map((who) => `${who}:${residents.includes(who) ? 'CONFIRM_REQUIRED' : 'FORBIDDEN'}`))
  })

  it('staff inboxes hold only the cases of their scope', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const seen = async (who: string) => {
      // (metoo) Page through: the rows above leave more than one page of pending cases in some inboxes.
      for (let page = 1; ; page++) {
        const r = await stack.as(who).ok('staff', 'inbox', { bucket: 'pending', pageSize: 50, page })
        if (r.items.some((i) => i._id === c._id) || r.items.length < 50 || page >= 20) return { has: r.items.some((i) => i._id === c._id), counts: r.counts }
      }
    }
    expect((await seen(P.zhujian)).has).toBe(true)
    expect((await seen(P.grid)).has).toBe(true)
    expect((await seen(P.township)).has).toBe(true)
    expect((await seen(P.jiaotong)).has).toBe(false)
    const z = await seen(P.zhujian)
    expect(Object.keys(z.counts).sort()).toEqual(['active', 'done', 'overdue', 'pending'])
  })
})

const ALL_ACTIONS: Array<[FunctionName, string]> = [
  ['hello', 'hello'],
  ['user', 'me'], ['user', 'redeemInvite'],
  ['petition', 'catalog'], ['petition', 'submit'], ['petition', 'mine'], ['petition', 'detail'], ['petition', 'supplement'],
  ['petition', 'withdraw'], ['petition', 'rate'], ['petition', 'board'],
  ['staff', 'inbox'], ['staff', 'accept'], ['staff', 'return'], ['staff', 'resolve'], ['staff', 'resolveOnSpot'],
  ['staff', 'requestExtension'], ['staff', 'proxySubmit'],
  ['admin', 'summary'], ['admin', 'queue'], ['admin', 'overdue'], ['admin', 'route'], ['admin', 'transfer'], ['admin', 'release'],
  ['admin', 'extensions'], ['admin', 'decideExtension'], ['admin', 'holidays'], ['admin', 'setHoliday'], ['admin', 'confirmYear'],
  ['admin', 'createInvite'], ['admin', 'invites'], ['admin', 'revokeInvite'], ['admin', 'departments'],
  ['petition', 'setPublication'], ['admin', 'publications'], ['admin', 'publishSummary'], ['admin', 'unpublish'],
  ['user', 'deleteAccount'], ['staff', 'revealPhone'],
  ['admin', 'callbacks'], ['admin', 'callback'], ['admin', 'sampleCallbacks'], ['admin', 'phoneAccess'],
  ['petition', 'urge'], ['petition', 'locate'], ['staff', 'progress'], ['staff', 'superviseReply'],
  ['admin', 'supervise'], ['admin', 'instruct'], ['admin', 'supervisions'], ['admin', 'instructed'], ['admin', 'stream'], ['admin', 'superviseDesk'],
  ['petition', 'similar'], ['petition', 'follow'], ['petition', 'unfollow'], ['petition', 'followerNote'], ['petition', 'following'],
  ['admin', 'merge'], ['admin', 'unmerge'],
  ['petition', 'publicView'], ['petition', 'followerRate'],
  ['user', 'claimByPhone'], ['admin', 'hotlineSubmit'], ['admin', 'sources'],
  ['admin', 'createApiKey'], ['admin', 'revokeApiKey'], ['admin', 'apiKeys'],
  ['admin', 'hotspots'], ['admin', 'mergeCluster']
]

describe('malformed input', () => {
  it('every action answers INVALID_INPUT with the zod issues for unknown keys and wrong types', async () => {
    const bad: string[] = []
    for (const [fn, action] of ALL_ACTIONS) {
      for (const data of [{ bogus: true }, 'not an object', [1, 2]]) {
        const r = await stack.as(P.admin).raw(fn, { action, data })
        if (r.ok || r.code !== 'INVALID_INPUT' || !Array.isArray(r.details)) bad.push(`${fn}.${action} ${JSON.stringify(data)} → ${JSON.stringify(r).slice(0, 120)}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('every action but hello answers UNAUTHENTICATED without a WeChat identity', async () => {
    const bad: string[] = []
    for (const [fn, action] of ALL_ACTIONS) {
      if (fn === 'hello') continue
      const r = await stack.anonymous().raw(fn, { action, data: {} })
      if (r.ok || r.code !== 'UNAUTHENTICATED') bad.push(`${fn}.${action} → ${JSON.stringify(r).slice(0, 120)}`)
    }
    expect(bad).toEqual([])
  })

  it('specific bad payloads', async () => {
    const r1 = await stack.as(P.resident1).call('petition', 'submit', { ...roadCase(), photos: Array(10).fill('cloud://x/y.jpg') })
    expect(r1).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const r2 = await stack.as(P.resident1).call('petition', 'submit', { ...roadCase(), text: '短' })
    expect(r2).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const r3 = await stack.as(P.admin).call('admin', 'summary', { from: '2026-12-01', to: '2026-01-01' })
    expect(r3).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const r4 = await stack.as(P.zhujian).call('staff', 'requestExtension', { caseId: 'x', workdays: 99, reason: '太久了' })
    expect(r4).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const r5 = await stack.as(P.zhujian).call('staff', 'accept', { caseId: 'does-not-exist' })
    expect(r5).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const r6 = await stack.as(P.admin).call('admin', 'decideExtension', { extensionId: 'nope', approve: true })
    expect(r6).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const r7 = await stack.as(P.admin).call('admin', 'supervise', { caseId: 'x', note: '请办理', replyBy: '2026-13-01T00:00:00+08:00' })
    expect(r7).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const r8 = await stack.as(P.leader).call('admin', 'instruct', { caseId: 'does-not-exist', text: '请抓紧办理' })
    expect(r8).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const r9 = await stack.as(P.leader).call('admin', 'stream', { kind: 'everything' } as never)
    expect(r9).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

// ---------------------------------------------------------------------------------------------------------
// Policy notices (issue 13): every policy action and user.setProfile, per persona.
// ---------------------------------------------------------------------------------------------------------

type PolicyState = 'draft' | 'review' | 'published'

/** A notice in `state`: in scope = issued by 中都街道 (drafted by its supervisor); out = 南站镇 (drafted by the county admin). */
async function makePolicy(state: PolicyState, inScope: boolean): Promise<string> {
  const author = inScope ? P.township : P.admin
  const township = inScope ? 'tw-zhongdu' : 'tw-nanzhan'
  const d = await stack.as(author).ok('policy', 'saveDraft', {
    title: '外出务工人员返乡创业补贴',
    body: '<p>返乡创业可申请一次性补贴。</p>',
    attachments: [],
    issuer: { kind: 'township', id: township },
    tags: ['migrant'],
    area: { kind: 'townships', ids: [township] }
  })
  if (state === 'draft') return d._id
  await stack.as(author).ok('policy', 'submitForReview', { policyId: d._id })
  if (state === 'review') return d._id
  await stack.as(P.dispatcher).ok('policy', 'review', { policyId: d._id, approve: true })
  return d._id
}

interface PolicyRow {
  action: 'detail' | 'submitForReview' | 'review' | 'withdraw'
  state: PolicyState
  data: (id: string) => unknown
  inScope: Persona[]
  outScope: Persona[]
  codes?: { in?: Partial<Record<Persona, string>>; out?: Partial<Record<Persona, string>> }
}

const POLICY_ROWS: PolicyRow[] = [
  { action: 'detail', state: 'draft', data: (id) => ({ policyId: id }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  { action: 'detail', state: 'published', data: (id) => ({ policyId: id }), inScope: [...PERSONAS], outScope: [...PERSONAS] },
  { action: 'submitForReview', state: 'draft', data: (id) => ({ policyId: id }), inScope: [P.township, ...COUNTY], outScope: COUNTY },
  { action: 'review', state: 'review', data: (id) => ({ policyId: id, approve: true }), inScope: COUNTY, outScope: [P.dispatcher],
    // The author never reviews their own notice.
    codes: { in: { [P.township]: 'POLICY_SELF_REVIEW' }, out: { [P.admin]: 'POLICY_SELF_REVIEW' } } },
  { action: 'review', state: 'review', data: (id) => ({ policyId: id, approve: false, note: '请修改' }), inScope: COUNTY, outScope: [P.dispatcher],
    codes: { in: { [P.township]: 'POLICY_SELF_REVIEW' }, out: { [P.admin]: 'POLICY_SELF_REVIEW' } } },
  { action: 'withdraw', state: 'published', data: (id) => ({ policyId: id }), inScope: [P.township, ...COUNTY], outScope: COUNTY }
]

async function policyVersion(id: string): Promise<number> {
  return (await stack.db.collection('policies').doc(id).get()).data[0].version
}

describe('authorization matrix: policy notices', () => {
  for (const row of POLICY_ROWS) {
    for (const inScope of [true, false]) {
      const allowed = inScope ? row.inScope : row.outScope
      it(`policy.${row.action} ${JSON.stringify(row.data('x'))} on a ${row.state} notice ${inScope ? 'in' : 'out of'} scope`, async () => {
        const shared = await makePolicy(row.state, inScope)
        const v0 = await policyVersion(shared)
        const results: string[] = []
        for (const who of PERSONAS) {
          const id = allowed.includes(who) ? await makePolicy(row.state, inScope) : shared
          const r = await stack.as(who).call('policy', row.action, row.data(id) as never)
          results.push(`${who}:${r.ok ? 'OK' : r.code}`)
        }
        const denied = (who: Persona) => (inScope ? row.codes?.in : row.codes?.out)?.[who] ?? 'FORBIDDEN'
        expect(results).toEqual(PERSONAS.map((who) => `${who}:${allowed.includes(who) ? 'OK' : denied(who)}`))
        // Denied calls wrote nothing (reads by residents touch only the read counters).
        expect(await policyVersion(shared)).toBe(v0)
      })
    }
  }

  const POLICY_PLAIN: PlainRow[] = [
    { fn: 'user', action: 'setProfile', data: { tags: ['migrant'], migrant: true }, allowed: [...PERSONAS] },
    { fn: 'policy', action: 'list', data: {}, allowed: [...PERSONAS] },
    { fn: 'policy', action: 'tags', data: {}, allowed: [...PERSONAS] },
    { fn: 'policy', action: 'subscription', data: {}, allowed: [...PERSONAS] },
    { fn: 'policy', action: 'subscribe', data: { tags: ['migrant'], active: true }, allowed: [...PERSONAS] },
    { fn: 'policy', action: 'grant', data: { accepted: 1 }, allowed: [...PERSONAS] },
    { fn: 'policy', action: 'manage', data: {}, allowed: [P.zhujian, P.jiaotong, P.township, ...COUNTY] },
    { fn: 'policy', action: 'reach', data: { from: today, to: today }, allowed: SUPERVISORS },
    { fn: 'policy', action: 'setTag', data: { tagId: 'authz-tag', name: '测试标签', active: false }, allowed: [P.admin] },
    {
      fn: 'policy',
      action: 'saveDraft',
      data: { title: '中都街道惠民通知', body: '<p>正文内容</p>', attachments: [], issuer: { kind: 'township', id: 'tw-zhongdu' }, tags: [], area: { kind: 'townships', ids: ['tw-zhongdu'] } },
      allowed: [P.township, ...COUNTY]
    },
    {
      fn: 'policy',
      action: 'saveDraft',
      data: { title: '县住建局惠民通知', body: '<p>正文内容</p>', attachments: [], issuer: { kind: 'department', id: 'dp-zhujian' }, tags: [], area: { kind: 'county', ids: [] } },
      allowed: [P.zhujian, ...COUNTY]
    }
  ]
  for (const row of POLICY_PLAIN) {
    it(`${row.fn}.${row.action} ${JSON.stringify(row.data)}`, async () => {
      const results: string[] = []
      for (const who of PERSONAS) {
        const r = await stack.as(who).call(row.fn, row.action as never, row.data as never)
        results.push(`${who}:${r.ok ? 'OK' : r.code}`)
      }
      expect(results).toEqual(PERSONAS.map((who) => `${who}:${row.allowed.includes(who) ? 'OK' : 'FORBIDDEN'}`))
    })
  }

  it('malformed input and no identity: every policy action answers INVALID_INPUT / UNAUTHENTICATED', async () => {
    const actions = ['list', 'detail', 'tags', 'manage', 'saveDraft', 'submitForReview', 'review', 'withdraw', 'setTag', 'subscription', 'subscribe', 'grant', 'reach']
    const bad: string[] = []
    for (const [fn, action] of [...actions.map((a) => ['policy', a]), ['user', 'setProfile']] as Array<[string, string]>) {
      for (const data of [{ bogus: true }, 'not an object', [1, 2]]) {
        const r = await stack.as(P.admin).raw(fn, { action, data })
        if (r.ok || r.code !== 'INVALID_INPUT' || !Array.isArray(r.details)) bad.push(`${fn}.${action} ${JSON.stringify(data)} → ${JSON.stringify(r).slice(0, 120)}`)
      }
      const anon = await stack.anonymous().raw(fn, { action, data: {} })
      if (anon.ok || anon.code !== 'UNAUTHENTICATED') bad.push(`${fn}.${action} anonymous → ${JSON.stringify(anon).slice(0, 120)}`)
    }
    expect(bad).toEqual([])
  })
})
