// The authorization matrix, table-driven: every demo role × every action × a case in their scope and one
// outside it. Allowed calls succeed; denied ones answer FORBIDDEN and change nothing. Then malformed input
// for every action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionName, FunctionName } from '../../typings/api'
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

const PERSONAS = [P.resident1, P.resident2, P.grid, P.building, P.zhujian, P.jiaotong, P.township, P.dispatcher, P.admin] as const
type Persona = (typeof PERSONAS)[number]

type State = 'dispatched' | 'accepted' | 'resolved' | 'queued' | 'review' | 'extension'
interface Made {
  caseId: string
  extensionId?: string
}

/** A case in `state`: in scope = 东门社区第一网格, 中都街道, 县住建局, filed by resident1; out = 南站镇, 县水务局, filed by an outsider. */
async function make(state: State, inScope: boolean): Promise<Made> {
  const filer = inScope ? P.resident1 : OUTSIDER
  const handler = inScope ? P.zhujian : SHUIWU
  const base = inScope ? roadCase() : roadCase({ categoryId: 'cat-drainage', place: { townshipId: 'tw-nanzhan' } })
  if (state === 'queued') return { caseId: (await submitAs(stack, filer, inScope ? policyCase() : policyCase({ place: { townshipId: 'tw-nanzhan' } })))._id }
  if (state === 'review') return { caseId: (await submitAs(stack, filer, { ...base, text: '小区里有人赌博，请处理一下' }))._id }
  const c = await submitAs(stack, filer, base)
  if (state === 'dispatched') return { caseId: c._id }
  await stack.as(handler).ok('staff', 'accept', { caseId: c._id })
  if (state === 'accepted') return { caseId: c._id }
  if (state === 'extension') {
    const d = await stack.as(handler).ok('staff', 'requestExtension', { caseId: c._id, workdays: 3, reason: '需要协调施工队' })
    return { caseId: c._id, extensionId: d.extensions[0]!._id }
  }
  await stack.as(handler).ok('staff', 'resolve', { caseId: c._id, text: '已经处理完毕' })
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
}

const COUNTY: Persona[] = [P.dispatcher, P.admin]
const VIEWERS_IN: Persona[] = [P.resident1, P.grid, P.building, P.zhujian, P.township, P.dispatcher, P.admin]

const CASE_ROWS: CaseRow[] = [
  { fn: 'petition', action: 'detail', state: 'dispatched', data: (m) => ({ caseId: m.caseId }), inScope: VIEWERS_IN, outScope: COUNTY },
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
  { fn: 'admin', action: 'decideExtension', state: 'extension', data: (m) => ({ extensionId: m.extensionId, approve: true }), inScope: [P.township, ...COUNTY], outScope: COUNTY }
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
        const denied = (who: Persona) => (inScope ? row.codes?.[who] : undefined) ?? 'FORBIDDEN'
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

const STAFF: Persona[] = [P.grid, P.building, P.zhujian, P.jiaotong, P.township, P.dispatcher, P.admin]
const SUPERVISORS: Persona[] = [P.township, ...COUNTY]
const today = dayKey(new Date(TEST_EPOCH))

const PLAIN_ROWS: PlainRow[] = [
  { fn: 'user', action: 'me', data: {}, allowed: [...PERSONAS] },
  { fn: 'petition', action: 'catalog', data: {}, allowed: [...PERSONAS] },
  { fn: 'petition', action: 'mine', data: {}, allowed: [...PERSONAS] },
  { fn: 'petition', action: 'board', data: {}, allowed: [...PERSONAS] },
  { fn: 'staff', action: 'inbox', data: { bucket: 'pending' }, allowed: STAFF },
  { fn: 'admin', action: 'summary', data: { from: today, to: today }, allowed: SUPERVISORS },
  { fn: 'admin', action: 'summary', data: { from: today, to: today, townshipId: 'tw-nanzhan' }, allowed: COUNTY },
  { fn: 'admin', action: 'queue', data: {}, allowed: SUPERVISORS },
  { fn: 'admin', action: 'overdue', data: {}, allowed: SUPERVISORS },
  { fn: 'admin', action: 'extensions', data: {}, allowed: COUNTY },
  { fn: 'admin', action: 'holidays', data: { year: 2026 }, allowed: SUPERVISORS },
  { fn: 'admin', action: 'setHoliday', data: { date: '2030-05-06', kind: 'holiday', name: '测试' }, allowed: [P.admin] },
  { fn: 'admin', action: 'confirmYear', data: { year: 2030, confirmed: false }, allowed: [P.admin] },
  { fn: 'admin', action: 'createInvite', data: { role: 'grid_member', scope: { gridIds: ['gr-zhongdu-dongmen-2'] } }, allowed: [P.admin] },
  { fn: 'admin', action: 'invites', data: {}, allowed: [P.admin] },
  { fn: 'admin', action: 'departments', data: {}, allowed: STAFF }
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

  it('staff inboxes hold only the cases of their scope', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const seen = async (who: string) => {
      const r = await stack.as(who).ok('staff', 'inbox', { bucket: 'pending', pageSize: 50 })
      return { has: r.items.some((i) => i._id === c._id), counts: r.counts }
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
  ['admin', 'createInvite'], ['admin', 'invites'], ['admin', 'departments']
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
