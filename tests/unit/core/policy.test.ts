// The pure policy core (issue 13): grants, lifecycle with `now`, audience matching, one-time delivery, reach,
// search, and the server-side sanitizer.
import { describe, expect, it } from 'vitest'
import type { Actor } from '../../../cloudfunctions/core'
import {
  afterCursor,
  areaAllowed,
  checkPolicy,
  draftPolicy,
  homeGrid,
  lowReach,
  matchesQuery,
  mayIssue,
  orderForReader,
  pendingFor,
  planDelivery,
  policyActions,
  policyStatus,
  policyTransition,
  searchPattern,
  subscriberMatches,
  sumReads,
  type PolicyDraftInput,
  type PolicyRefs
} from '../../../cloudfunctions/core/policy'
import { sanitizeHtml } from '../../../cloudfunctions/core/sanitize'
import type { PolicyDoc, PolicySubscriptionDoc } from '../../../cloudfunctions/core/types'

const T0 = new Date('2026-12-01T01:00:00Z')
const H = 3_600_000
const at = (h: number) => new Date(T0.getTime() + h * H)

const actor = (openid: string, role: Actor['role'], scope: Actor['scope'] = {}): Actor => ({ openid, role, scope, name: openid })
const ZHONGDU = actor('zd', 'township_supervisor', { townshipId: 'tw-zhongdu' })
const ZHONGDU2 = actor('zd2', 'township_supervisor', { townshipId: 'tw-zhongdu' })
const NANZHAN = actor('nz', 'township_supervisor', { townshipId: 'tw-nanzhan' })
const COUNTY = actor('county', 'county_dispatcher')
const DEPT = actor('dept', 'dept_handler', { departmentId: 'dp-renshe' })
const RESIDENT = actor('r', 'resident')
const GRID = actor('g', 'grid_member', { gridIds: ['gr-1'] })

const refs: PolicyRefs = {
  townships: new Map([
    ['tw-zhongdu', { _id: 'tw-zhongdu', name: '中都街道', kind: 'street', center: { lng: 116.49, lat: 35.74 } }],
    ['tw-nanzhan', { _id: 'tw-nanzhan', name: '南站镇', kind: 'town', center: { lng: 116.47, lat: 35.64 } }]
  ]),
  villages: new Map([
    ['vl-a', { _id: 'vl-a', name: '东门社区', townshipId: 'tw-zhongdu', kind: 'community' }],
    ['vl-b', { _id: 'vl-b', name: '南站村', townshipId: 'tw-nanzhan', kind: 'village' }]
  ]),
  departments: new Map([['dp-renshe', { _id: 'dp-renshe', name: '县人社局' }]]),
  tags: new Map([
    ['migrant', { _id: 'migrant', name: '外出务工', active: true }],
    ['elderly', { _id: 'elderly', name: '老年人', active: true }],
    ['old', { _id: 'old', name: '停用', active: false }]
  ])
}

function input(over: Partial<PolicyDraftInput> = {}): PolicyDraftInput {
  return {
    title: '返乡创业补贴',
    body: '<p>外出务工人员返乡创业补贴</p>',
    attachments: [],
    issuer: { kind: 'township', id: 'tw-zhongdu' },
    tags: ['migrant'],
    area: { kind: 'townships', ids: ['tw-zhongdu'] },
    ...over
  }
}

const draft = (over: Partial<PolicyDraftInput> = {}, by: Actor = ZHONGDU, id = 'p1') => draftPolicy(null, input(over), input(over).body, by, refs, T0, id)

const COUNTY2 = actor('county2', 'county_admin')

function published(id: string, hours: number, over: Partial<PolicyDraftInput> = {}): PolicyDoc {
  const author = over.issuer?.kind === 'county' ? COUNTY2 : ZHONGDU
  const d = draft(over, author, id)
  return policyTransition(policyTransition(d, { type: 'submit' }, author, at(hours)), { type: 'approve' }, COUNTY, at(hours))
}

describe('grants: who may issue and review', () => {
  it('townships issue for themselves, departments for themselves, the county for anyone; residents and grid staff never', () => {
    expect(mayIssue(ZHONGDU, { kind: 'township', id: 'tw-zhongdu' })).toBe(true)
    expect(mayIssue(ZHONGDU, { kind: 'township', id: 'tw-nanzhan' })).toBe(false)
    expect(mayIssue(ZHONGDU, { kind: 'county' })).toBe(false)
    expect(mayIssue(DEPT, { kind: 'department', id: 'dp-renshe' })).toBe(true)
    expect(mayIssue(DEPT, { kind: 'department', id: 'dp-zhujian' })).toBe(false)
    expect(mayIssue(COUNTY, { kind: 'township', id: 'tw-nanzhan' })).toBe(true)
    expect(mayIssue(RESIDENT, { kind: 'county' })).toBe(false)
    expect(mayIssue(GRID, { kind: 'township', id: 'tw-zhongdu' })).toBe(false)
  })

  it('another staff member of the unit or the county reviews; never the author, never another unit', () => {
    const inReview = policyTransition(draft(), { type: 'submit' }, ZHONGDU, at(1))
    expect(checkPolicy(ZHONGDU, inReview, 'approve')).toEqual({ ok: false, code: 'POLICY_SELF_REVIEW' })
    expect(checkPolicy(ZHONGDU2, inReview, 'approve')).toEqual({ ok: true })
    expect(checkPolicy(COUNTY, inReview, 'reject')).toEqual({ ok: true })
    expect(checkPolicy(NANZHAN, inReview, 'approve')).toEqual({ ok: false, code: 'FORBIDDEN' })
    expect(checkPolicy(RESIDENT, inReview, 'approve')).toEqual({ ok: false, code: 'FORBIDDEN' })
    expect(policyActions(ZHONGDU, inReview)).toEqual(['withdraw'])
    expect(() => policyTransition(inReview, { type: 'approve' }, ZHONGDU, at(2))).toThrow(expect.objectContaining({ code: 'POLICY_SELF_REVIEW' }))
  })

  it('areas: a township addresses itself or its villages; the county not from a township', () => {
    expect(areaAllowed({ kind: 'township', id: 'tw-zhongdu' }, { kind: 'villages', ids: ['vl-a'] }, refs)).toBe(true)
    expect(areaAllowed({ kind: 'township', id: 'tw-zhongdu' }, { kind: 'villages', ids: ['vl-a', 'vl-b'] }, refs)).toBe(false)
    expect(areaAllowed({ kind: 'township', id: 'tw-zhongdu' }, { kind: 'county', ids: [] }, refs)).toBe(false)
    expect(areaAllowed({ kind: 'department', id: 'dp-renshe' }, { kind: 'county', ids: [] }, refs)).toBe(true)
    expect(areaAllowed({ kind: 'county' }, { kind: 'townships', ids: ['tw-nowhere'] }, refs)).toBe(false)
    expect(areaAllowed({ kind: 'county' }, { kind: 'townships', ids: [] }, refs)).toBe(false)
    expect(() => draft({ tags: ['old'] })).toThrow(expect.objectContaining({ code: 'POLICY_TAG_UNKNOWN' }))
    expect(() => draft({ effectiveDate: '2026-12-10', expiryDate: '2026-12-09' })).toThrow(expect.objectContaining({ code: 'POLICY_DATES_INVALID' }))
  })
})

describe('lifecycle: draft → review → published → expired (now passed in)', () => {
  it('publishes with the reviewer and the instant; expires at the end of the expiry day (Beijing)', () => {
    const d = draft({ expiryDate: '2026-12-05' })
    expect(d.expiresAt!.toISOString()).toBe('2026-12-05T15:59:59.999Z')
    const r = policyTransition(d, { type: 'submit' }, ZHONGDU, at(1))
    expect(r.status).toBe('review')
    const p = policyTransition(r, { type: 'approve' }, ZHONGDU2, at(2))
    expect(p).toMatchObject({ status: 'published', reviewerOpenid: 'zd2', publishedAt: at(2), version: d.version + 2 })
    expect(policyStatus(p, new Date('2026-12-05T15:59:59.998Z'))).toBe('published')
    expect(policyStatus(p, new Date('2026-12-05T15:59:59.999Z'))).toBe('expired')
    // Unpublished by its unit: back to a draft.
    expect(policyTransition(p, { type: 'withdraw', note: '内容有误' }, ZHONGDU, at(3))).toMatchObject({ status: 'draft', reviewNote: '内容有误' })
    expect(() => policyTransition(p, { type: 'submit' }, ZHONGDU, at(3))).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }))
  })

  it('a notice already past its expiry cannot be approved', () => {
    const r = policyTransition(draft({ expiryDate: '2026-12-01' }), { type: 'submit' }, ZHONGDU, at(0))
    expect(() => policyTransition(r, { type: 'approve' }, COUNTY, new Date('2026-12-02T00:00:00Z'))).toThrow(expect.objectContaining({ code: 'POLICY_DATES_INVALID' }))
  })

  it('editing keeps the author and the read counters, and only a draft may be edited', () => {
    const d = draft()
    const edited = draftPolicy({ ...d, reads: { total: 5, byTownship: {}, byTag: {} } }, input({ title: '新标题' }), '<p>x</p>', ZHONGDU2, refs, at(1), d._id)
    expect(edited).toMatchObject({ title: '新标题', authorOpenid: 'zd', reads: { total: 5 }, version: 2 })
    const inReview = policyTransition(d, { type: 'submit' }, ZHONGDU, at(1))
    expect(() => draftPolicy(inReview, input(), '<p>x</p>', ZHONGDU, refs, at(2), d._id)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }))
  })
})

describe('audience matching and the reader list', () => {
  const sub = (over: Partial<PolicySubscriptionDoc> = {}): PolicySubscriptionDoc => ({
    _id: 's',
    active: true,
    tags: ['migrant'],
    townshipId: 'tw-zhongdu',
    villageId: 'vl-a',
    credits: 0,
    cursor: { at: T0, id: '' },
    createdAt: T0,
    updatedAt: T0,
    ...over
  })

  it('a subscriber gets notices covering their home that share a tag (untagged notices are for everyone there)', () => {
    expect(subscriberMatches({ area: { kind: 'townships', ids: ['tw-zhongdu'] }, tags: ['migrant'] }, sub())).toBe(true)
    expect(subscriberMatches({ area: { kind: 'townships', ids: ['tw-zhongdu'] }, tags: ['elderly'] }, sub())).toBe(false)
    expect(subscriberMatches({ area: { kind: 'townships', ids: ['tw-zhongdu'] }, tags: [] }, sub())).toBe(true)
    expect(subscriberMatches({ area: { kind: 'townships', ids: ['tw-nanzhan'] }, tags: ['migrant'] }, sub())).toBe(false)
    expect(subscriberMatches({ area: { kind: 'villages', ids: ['vl-a'] }, tags: ['migrant'] }, sub())).toBe(true)
    expect(subscriberMatches({ area: { kind: 'county', ids: [] }, tags: ['elderly'] }, sub({ tags: [] }))).toBe(true)
    // Without a home: county-wide notices only.
    const away = sub({ townshipId: undefined, villageId: undefined })
    expect(subscriberMatches({ area: { kind: 'county', ids: [] }, tags: ['migrant'] }, away)).toBe(true)
    expect(subscriberMatches({ area: { kind: 'townships', ids: ['tw-zhongdu'] }, tags: ['migrant'] }, away)).toBe(false)
  })

  it('orders the village first, then tags, then newest', () => {
    const docs = [
      published('county', 5, { issuer: { kind: 'county' }, tags: [], area: { kind: 'county', ids: [] } }),
      published('village', 1, { tags: [], area: { kind: 'villages', ids: ['vl-a'] } }),
      published('tagged', 2, { tags: ['elderly'], area: { kind: 'townships', ids: ['tw-zhongdu'] } }),
      published('newer', 6, { issuer: { kind: 'county' }, tags: [], area: { kind: 'county', ids: [] } })
    ]
    const order = orderForReader(docs, { townshipId: 'tw-zhongdu', villageId: 'vl-a', tags: ['elderly'] }).map((d) => d._id)
    expect(order).toEqual(['tagged', 'village', 'newer', 'county'])
    expect(orderForReader(docs, { tags: [] }).map((d) => d._id)).toEqual(['newer', 'county', 'tagged', 'village'])
  })

  it('one message per authorization: credits send the oldest pending notices and move the cursor', () => {
    const docs = [published('a', 1), published('b', 2), published('c', 3, { tags: ['elderly'] }), published('d', 4)]
    const s = sub({ credits: 1 })
    const pending = pendingFor(docs, s, at(10))
    expect(pending.map((p) => p._id)).toEqual(['a', 'b', 'd'])
    const plan = planDelivery(s, pending, at(10))
    expect(plan.send.map((p) => p._id)).toEqual(['a'])
    expect(plan.next).toMatchObject({ credits: 0, cursor: { at: at(1), id: 'a' } })
    expect(pendingFor(docs, plan.next, at(10)).map((p) => p._id)).toEqual(['b', 'd'])
    expect(planDelivery(plan.next, pendingFor(docs, plan.next, at(10)), at(10)).send).toEqual([])
    // Equal instants are ordered by id, so nothing is skipped or sent twice.
    expect(afterCursor({ _id: 'b', publishedAt: at(1) }, { at: at(1), id: 'a' })).toBe(true)
    expect(afterCursor({ _id: 'a', publishedAt: at(1) }, { at: at(1), id: 'a' })).toBe(false)
    // A notice that expired while waiting is not pushed.
    const expiring = published('e', 5, { expiryDate: '2026-12-01' })
    expect(pendingFor([expiring], sub(), new Date('2026-12-02T00:00:00Z'))).toEqual([])
  })
})

describe('search, reach, home grid', () => {
  it('every word must appear, literally (no regular expression from the user)', () => {
    expect(matchesQuery({ searchText: '返乡创业补贴 外出务工人员' }, '补贴 务工')).toBe(true)
    expect(matchesQuery({ searchText: '返乡创业补贴' }, '补贴 医保')).toBe(false)
    expect(matchesQuery({ searchText: 'abc' }, '.*')).toBe(false)
    expect(matchesQuery({ searchText: 'a.*b' }, '.*')).toBe(true)
    expect(searchPattern('   ')).toBeNull()
  })

  it('flags notices with few readers after three days, and sums counters', () => {
    const p = published('p', 0)
    expect(lowReach(p, at(71))).toBe(false)
    expect(lowReach(p, at(72))).toBe(true)
    expect(lowReach({ ...p, reads: { total: 20, byTownship: {}, byTag: {} } }, at(100))).toBe(false)
    expect(lowReach(draft(), at(100))).toBe(false)
    expect(sumReads([{ reads: { total: 2, byTownship: { a: 2 }, byTag: { m: 1 } } }, { reads: { total: 1, byTownship: { a: 1, b: 0 }, byTag: {} } }])).toEqual({
      total: 3,
      byTownship: { a: 3, b: 0 },
      byTag: { m: 1 }
    })
  })

  it('the home grid is the village’s only grid; several grids leave it open', () => {
    const grids = [
      { _id: 'g1', name: '', villageId: 'v1', townshipId: 't', polygon: [] },
      { _id: 'g2', name: '', villageId: 'v2', townshipId: 't', polygon: [] },
      { _id: 'g3', name: '', villageId: 'v2', townshipId: 't', polygon: [] }
    ]
    expect(homeGrid('v1', { grids })).toBe('g1')
    expect(homeGrid('v2', { grids })).toBeUndefined()
    expect(homeGrid('v9', { grids })).toBeUndefined()
  })
})

describe('sanitizer (server-side allowlist)', () => {
  const cases: Array<[string, string]> = [
    ['<script>alert(1)</script><p>文</p>', '<p>文</p>'],
    ['<p onclick="x()" onmouseover=y style="color:red" class="c">文</p>', '<p>文</p>'],
    ['<img src=x onerror=alert(1)>', ''],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href=" JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '<a>x</a>'],
    ['<a href="https://www.wenshang.gov.cn/a">官网</a>', '<a href="https://www.wenshang.gov.cn/a">官网</a>'],
    ['<style>*{display:none}</style><b>粗</b>', '<b>粗</b>'],
    ['<svg><script>alert(1)</script></svg>', ''],
    ['<iframe src="https://x"></iframe>', ''],
    ['<div>块</div>', '块'],
    ['<!-- <script>x</script> -->注释', '注释'],
    ['<p>1 &lt; 2</p>', '<p>1 &lt; 2</p>']
  ]
  for (const [dirty, clean] of cases) {
    it(`${dirty} → ${clean || '(nothing)'}`, () => {
      expect(sanitizeHtml(dirty)).toBe(clean)
    })
  }
  it('never lets a handler, script or javascript: URL through, however nested', () => {
    const nasty = '<<scr<script>ipt>alert(1)</script><p/onload=alert(1)><table><tr><td background="javascript:x">c</td></tr></table><form action=x><input onfocus=x autofocus></form>'
    const out = sanitizeHtml(nasty)
    expect(out).not.toMatch(/<script|onload|onfocus|javascript:|<form|<input/i)
  })
})
