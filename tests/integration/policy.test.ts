// Policy notices (issue 13) through the real SDK: publishing with review, sanitized bodies, the reader's list
// and search, expiry, unique reads and reach, home village (once), filing 在外地 / 政策咨询 from a notice, and
// subscriptions under WeChat's one-time rule (credits, pending, the outbox).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PolicyInput } from '../../typings/api'
import { dayKey } from '../../cloudfunctions/core'
import { startStack, type Stack } from '../helpers/stack'
import { P, policyCase } from './helpers'

let stack: Stack
const MIGRANT = P.resident2 // 张建国（在外务工）
const NANGUAN = 'vl-zhongdu-nanguan' // one grid
const DONGMEN = 'vl-zhongdu-dongmen' // three grids
const DAY = 86_400_000

beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

function notice(over: Partial<PolicyInput> = {}): PolicyInput {
  return {
    title: '2026年外出务工人员返乡创业补贴申报通知',
    body: '<p>在外务工人员返乡创业的，可申请<strong>一次性创业补贴</strong>5000元。</p><p>申报时间：12月1日至12月31日。</p>',
    attachments: [],
    issuer: { kind: 'township', id: 'tw-zhongdu' },
    tags: ['migrant'],
    area: { kind: 'townships', ids: ['tw-zhongdu'] },
    ...over
  }
}

async function publish(input: PolicyInput, author: string = P.township, reviewer: string = P.dispatcher) {
  const d = await stack.as(author).ok('policy', 'saveDraft', input)
  await stack.as(author).ok('policy', 'submitForReview', { policyId: d._id })
  return await stack.as(reviewer).ok('policy', 'review', { policyId: d._id, approve: true })
}

describe('sanitizing', () => {
  it('drops scripts, styles, event handlers and unsafe URLs from the body, and keeps the text structure', async () => {
    const body =
      '<p onclick="steal()" style="position:fixed">正文<script>alert(1)</script></p>' +
      '<style>body{display:none}</style><img src=x onerror="alert(2)"><a href="javascript:alert(3)">链接</a>' +
      '<a href="https://www.wenshang.gov.cn/x?a=1&b=2" onmouseover="x()">官网</a><svg onload="alert(4)"></svg>' +
      '<iframe src="https://evil.example"></iframe><table><tr><td colspan="2" onfocus="x">表格</td></tr></table>'
    const d = await stack.as(P.township).ok('policy', 'saveDraft', notice({ body }))
    expect(d.body).not.toMatch(/script|style|onclick|onerror|onload|onmouseover|onfocus|javascript:|<img|<svg|<iframe|alert/i)
    expect(d.body).toContain('<p>正文</p>')
    expect(d.body).toContain('<a href="https://www.wenshang.gov.cn/x?a=1&amp;b=2">官网</a>')
    expect(d.body).toContain('<td colspan="2">表格</td>')
    const stored = (await stack.db.collection('policies').doc(d._id).get()).data[0]
    expect(stored.body).toBe(d.body)
    expect(stored.searchText).toContain('正文')
    expect(stored.searchText).not.toContain('alert')
  })
})

describe('publishing: draft → review → published, by another staff member', () => {
  it('a township drafts for its own area; it may not review its own draft; the county publishes it', async () => {
    const d = await stack.as(P.township).ok('policy', 'saveDraft', notice({ title: '中都街道困难群众冬季取暖补助' }))
    expect(d.status).toBe('draft')
    expect(d.allowed).toEqual(expect.arrayContaining(['edit', 'submit']))
    // Residents and other units do not see drafts.
    expect(await stack.as(P.resident1).call('policy', 'detail', { policyId: d._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as(P.zhujian).call('policy', 'detail', { policyId: d._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // Not listed before publication.
    expect((await stack.as(P.resident1).ok('policy', 'list', {})).items.some((i) => i._id === d._id)).toBe(false)

    const r = await stack.as(P.township).ok('policy', 'submitForReview', { policyId: d._id })
    expect(r.status).toBe('review')
    expect(await stack.as(P.township).call('policy', 'review', { policyId: d._id, approve: true })).toMatchObject({ ok: false, code: 'POLICY_SELF_REVIEW' })
    // A department may not review a township's notice.
    expect(await stack.as(P.zhujian).call('policy', 'review', { policyId: d._id, approve: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const rejected = await stack.as(P.dispatcher).ok('policy', 'review', { policyId: d._id, approve: false, note: '请补充申报材料清单' })
    expect(rejected).toMatchObject({ status: 'draft', reviewNote: '请补充申报材料清单' })
    await stack.as(P.township).ok('policy', 'submitForReview', { policyId: d._id })
    const pub = await stack.as(P.admin).ok('policy', 'review', { policyId: d._id, approve: true })
    expect(pub).toMatchObject({ status: 'published', reviewerName: expect.any(String) })
    expect(pub.publishedAt).toBeTruthy()
    // Published: no more edits, approvals or submissions.
    expect(await stack.as(P.township).call('policy', 'submitForReview', { policyId: d._id })).toMatchObject({ ok: false, code: 'INVALID_STATE' })
    expect((await stack.as(P.resident1).ok('policy', 'list', {})).items.some((i) => i._id === d._id)).toBe(true)
  })

  it('a township may address only itself or its own villages; departments and the county the whole county', async () => {
    const out = await stack.as(P.township).call('policy', 'saveDraft', notice({ area: { kind: 'townships', ids: ['tw-nanzhan'] } }))
    expect(out).toMatchObject({ ok: false, code: 'POLICY_AREA_INVALID' })
    const county = await stack.as(P.township).call('policy', 'saveDraft', notice({ area: { kind: 'county', ids: [] } }))
    expect(county).toMatchObject({ ok: false, code: 'POLICY_AREA_INVALID' })
    const other = await stack.as(P.township).call('policy', 'saveDraft', notice({ issuer: { kind: 'township', id: 'tw-nanzhan' } }))
    expect(other).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const villages = await stack.as(P.township).call('policy', 'saveDraft', notice({ area: { kind: 'villages', ids: [NANGUAN] } }))
    expect(villages.ok).toBe(true)
    const dept = await stack.as(P.zhujian).call('policy', 'saveDraft', notice({ issuer: { kind: 'department', id: 'dp-zhujian' }, area: { kind: 'county', ids: [] } }))
    expect(dept).toMatchObject({ ok: true, data: { issuer: { kind: 'department', name: '县住建局' } } })
    expect(await stack.as(P.resident1).call('policy', 'saveDraft', notice())).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as(P.township).call('policy', 'saveDraft', notice({ tags: ['no-such-tag'] }))).toMatchObject({ ok: false, code: 'POLICY_TAG_UNKNOWN' })
    expect(await stack.as(P.township).call('policy', 'saveDraft', notice({ effectiveDate: '2026-12-10', expiryDate: '2026-12-01' }))).toMatchObject({
      ok: false,
      code: 'POLICY_DATES_INVALID'
    })
  })
})

describe('bad input', () => {
  it('oversized bodies, too many or too large attachments, and foreign files are refused, nothing written', async () => {
    const before = Number((await stack.db.collection('policies').count()).total)
    const big = await stack.as(P.township).call('policy', 'saveDraft', notice({ body: `<p>${'长'.repeat(50_001)}</p>` }))
    expect(big).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const me = await stack.as(P.township).ok('user', 'me', {})
    const own = (n: number, over: Record<string, unknown> = {}) => ({
      fileID: `cloud://local.test-bucket-1250000000/${me.uploadPrefix}f${n}.pdf`,
      name: `附件${n}.pdf`,
      kind: 'pdf' as const,
      size: 1000,
      ...over
    })
    const many = await stack.as(P.township).call('policy', 'saveDraft', notice({ attachments: Array.from({ length: 10 }, (_, i) => own(i)) }))
    expect(many).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const huge = await stack.as(P.township).call('policy', 'saveDraft', notice({ attachments: [own(1, { size: 20 * 1024 * 1024 + 1 })] }))
    expect(huge).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const foreign = await stack.as(P.township).call('policy', 'saveDraft', notice({ attachments: [own(1, { fileID: 'https://evil.example/x.pdf' })] }))
    expect(foreign).toMatchObject({ ok: false, code: 'POLICY_ATTACHMENT_INVALID' })
    const wrongKind = await stack.as(P.township).call('policy', 'saveDraft', notice({ attachments: [own(1, { kind: 'image' })] }))
    expect(wrongKind).toMatchObject({ ok: false, code: 'POLICY_ATTACHMENT_INVALID' })
    const longTitle = await stack.as(P.township).call('policy', 'saveDraft', notice({ title: '标'.repeat(81) }))
    expect(longTitle).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(Number((await stack.db.collection('policies').count()).total)).toBe(before)
  })
})

describe('home village, 在外地 and 政策咨询', () => {
  it('the home village is set once; filing 在外地 places the case there without a point', async () => {
    expect(await stack.as(MIGRANT).call('petition', 'submit', { ...policyCase(), fromAfar: true })).toMatchObject({ ok: false, code: 'HOME_REQUIRED' })
    const me = await stack.as(MIGRANT).ok('user', 'setProfile', { homeVillageId: NANGUAN, tags: ['migrant'], migrant: true })
    expect(me.profile).toMatchObject({ home: { villageId: NANGUAN, villageName: '南关社区', townshipName: '中都街道' }, tags: ['migrant'], migrant: true })
    expect(await stack.as(MIGRANT).call('user', 'setProfile', { homeVillageId: DONGMEN })).toMatchObject({ ok: false, code: 'HOME_LOCKED' })
    // Setting the same village again and changing tags is fine.
    expect((await stack.as(MIGRANT).ok('user', 'setProfile', { homeVillageId: NANGUAN, tags: ['migrant', 'farmers'] })).profile?.tags).toEqual(['migrant', 'farmers'])
    await stack.as(MIGRANT).ok('user', 'setProfile', { tags: ['migrant'] })

    const c = (await stack.as(MIGRANT).ok('petition', 'submit', { ...policyCase(), fromAfar: true })).case
    expect(c.place).toMatchObject({ townshipId: 'tw-zhongdu', villageId: NANGUAN, gridId: 'gr-zhongdu-nanguan-1' })
    expect(c.place.point).toBeUndefined()
    expect(c.fromAfar).toBe(true)
    const raw = (await stack.db.collection('cases').doc(c._id).get()).data[0]
    expect(raw).toMatchObject({ fromAfar: true, migrant: true })
    expect(raw.point).toBeUndefined()

    // A village of several grids: no grid is guessed.
    await stack.as('o-dongmen-away').ok('user', 'setProfile', { homeVillageId: DONGMEN })
    const d = (await stack.as('o-dongmen-away').ok('petition', 'submit', { ...policyCase(), fromAfar: true })).case
    expect(d.place).toMatchObject({ townshipId: 'tw-zhongdu', villageId: DONGMEN })
    expect(d.place.gridId).toBeUndefined()
  })

  it('a 政策咨询 filed from a notice carries it, and is routed by the county', async () => {
    const p = await publish(notice({ title: '灵活就业人员社保补贴政策解读' }))
    const c = (await stack.as(MIGRANT).ok('petition', 'submit', { ...policyCase(), fromAfar: true, policyId: p._id })).case
    expect(c.policy).toEqual({ id: p._id, title: '灵活就业人员社保补贴政策解读' })
    expect(c.state).toBe('queued')
    const routed = await stack.as(P.dispatcher).ok('admin', 'route', { caseId: c._id, departmentId: 'dp-renshe' })
    expect(routed).toMatchObject({ state: 'dispatched', departmentId: 'dp-renshe', policy: { id: p._id } })
    // Only published notices can be attached.
    const draft = await stack.as(P.township).ok('policy', 'saveDraft', notice())
    expect(await stack.as(MIGRANT).call('petition', 'submit', { ...policyCase(), policyId: draft._id })).toMatchObject({ ok: false, code: 'POLICY_NOT_FOUND' })
  })
})

describe('reading: the list, search, expiry, reads and reach', () => {
  it('lists the reader’s village and tags first, searches titles and bodies, and keeps expired notices searchable', async () => {
    await stack.as(P.resident1).ok('user', 'setProfile', { homeVillageId: DONGMEN, tags: ['elderly'] })
    const countyWide = await publish(
      notice({ title: '全县城乡居民医保缴费提醒', body: '<p>2027年度城乡居民医保集中缴费期即将结束。</p>', issuer: { kind: 'county' }, tags: [], area: { kind: 'county', ids: [] } }),
      P.dispatcher,
      P.admin
    )
    const forVillage = await publish(notice({ title: '东门社区老年人助餐服务开通', body: '<p>东门社区老年食堂每日供应午餐。</p>', tags: ['elderly'], area: { kind: 'villages', ids: [DONGMEN] } }))
    const now = await stack.now()
    const expiring = await publish(
      notice({ title: '冬季清洁取暖设备补贴（限时）', body: '<p>购买空气源热泵可申请补贴。</p>', tags: [], area: { kind: 'townships', ids: ['tw-zhongdu'] }, expiryDate: dayKey(new Date(now.getTime() + DAY)) })
    )
    const list = await stack.as(P.resident1).ok('policy', 'list', { pageSize: 50 })
    const ids = list.items.map((i) => i._id)
    expect(ids[0]).toBe(forVillage._id)
    expect(list.items[0]!.forYou).toBe(true)
    expect(ids.indexOf(forVillage._id)).toBeLessThan(ids.indexOf(countyWide._id))
    expect(ids).toContain(expiring._id)

    // Full text: a word only in the body, two words in any order, nothing for an absent word.
    expect((await stack.as(P.resident1).ok('policy', 'list', { q: '老年食堂' })).items.map((i) => i._id)).toEqual([forVillage._id])
    expect((await stack.as(P.resident1).ok('policy', 'list', { q: '缴费 医保' })).items.map((i) => i._id)).toEqual([countyWide._id])
    expect((await stack.as(P.resident1).ok('policy', 'list', { q: '不存在的词' })).total).toBe(0)
    expect((await stack.as(P.resident1).ok('policy', 'list', { q: '.*' })).total).toBe(0)

    // Past its expiry day: off the list, still found by search, and marked expired.
    await stack.advanceClock(3 * DAY)
    const after = await stack.as(P.resident1).ok('policy', 'list', { pageSize: 50 })
    expect(after.items.some((i) => i._id === expiring._id)).toBe(false)
    const found = await stack.as(P.resident1).ok('policy', 'list', { q: '空气源热泵' })
    expect(found.items.map((i) => [i._id, i.status])).toEqual([[expiring._id, 'expired']])
    expect((await stack.as(P.resident1).ok('policy', 'detail', { policyId: expiring._id })).status).toBe('expired')
  })

  it('counts each resident once, by home township and tag; reach flags notices few have read', async () => {
    const p = await publish(notice({ title: '农机购置补贴申请指南', body: '<p>农业经营者购置农机可申请补贴。</p>', tags: ['farmers'] }))
    const d1 = await stack.as(P.resident1).ok('policy', 'detail', { policyId: p._id })
    expect(d1.reads).toBe(1)
    await stack.as(P.resident1).ok('policy', 'detail', { policyId: p._id })
    await stack.as(MIGRANT).ok('policy', 'detail', { policyId: p._id })
    await stack.as('o-no-profile').ok('policy', 'detail', { policyId: p._id })
    // Staff reading does not count.
    await stack.as(P.township).ok('policy', 'detail', { policyId: p._id })
    const raw = (await stack.db.collection('policies').doc(p._id).get()).data[0]
    expect(raw.reads).toEqual({ total: 3, byTownship: { 'tw-zhongdu': 2, none: 1 }, byTag: { elderly: 1, migrant: 1 } })

    const today = dayKey(await stack.now())
    const from = dayKey(new Date((await stack.now()).getTime() - 30 * DAY))
    const fresh = await stack.as(P.admin).ok('policy', 'reach', { from, to: today })
    const row = fresh.notices.find((n) => n._id === p._id)!
    expect(row).toMatchObject({ reads: 3, lowReach: false })
    expect(fresh.byTownship.find((r) => r.key === 'tw-zhongdu')!.reads).toBeGreaterThanOrEqual(2)
    expect(fresh.byTag.find((r) => r.key === 'migrant')).toMatchObject({ name: '外出务工' })
    expect(fresh.fromAfar.total).toBeGreaterThanOrEqual(2)
    expect(fresh.fromAfar.migrant).toBeGreaterThanOrEqual(1)
    expect(fresh.fromAfar.byTownship.find((r) => r.key === 'tw-zhongdu')!.name).toBe('中都街道')

    await stack.advanceClock(4 * DAY)
    const later = await stack.as(P.township).ok('policy', 'reach', { from, to: dayKey(await stack.now()) })
    expect(later.notices.find((n) => n._id === p._id)).toMatchObject({ lowReach: true })
    // A township sees its own township's row only.
    expect(later.byTownship.map((r) => r.key)).toEqual(['tw-zhongdu'])
    expect(await stack.as(P.resident1).call('policy', 'reach', { from, to: today })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('subscriptions: one message per authorization', () => {
  it('sends a matching notice while a credit lasts, then counts what waits, and sends it on the next authorization', async () => {
    const SUB = 'o-subscriber-away'
    await stack.as(SUB).ok('user', 'setProfile', { homeVillageId: NANGUAN, migrant: true })
    const s0 = await stack.as(SUB).ok('policy', 'subscribe', { tags: ['migrant'], active: true })
    expect(s0).toMatchObject({ tags: ['migrant'], villageId: NANGUAN, credits: 0, pending: 0, active: true })
    const g = await stack.as(SUB).ok('policy', 'grant', { accepted: 1 })
    expect(g).toMatchObject({ credits: 1, sent: 0, pending: 0 })
    await stack.clearOutbox()

    const first = await publish(notice({ title: '返乡务工人员技能培训报名' }))
    const out1 = await stack.outbox(SUB)
    expect(out1).toHaveLength(1)
    expect(out1[0]!.page).toBe(`pages-policy/detail/index?id=${first._id}`)
    expect(JSON.stringify(out1[0]!.data)).toContain('返乡务工人员技能培训报名')
    expect(await stack.as(SUB).ok('policy', 'subscription', {})).toMatchObject({ credits: 0, pending: 0 })

    // Not for them: another township's villages, and an elderly-only notice.
    await publish(notice({ title: '南站镇老年人补贴', issuer: { kind: 'township', id: 'tw-nanzhan' }, area: { kind: 'townships', ids: ['tw-nanzhan'] } }), P.dispatcher, P.admin)
    await publish(notice({ title: '中都街道高龄津贴发放', tags: ['elderly'] }))
    // For them, but no credit left: it waits.
    const second = await publish(notice({ title: '外出务工人员子女入学政策' }))
    const third = await publish(notice({ title: '返乡创业担保贷款贴息' }))
    expect(await stack.outbox(SUB)).toHaveLength(1)
    expect(await stack.as(SUB).ok('policy', 'subscription', {})).toMatchObject({ credits: 0, pending: 2 })

    const g2 = await stack.as(SUB).ok('policy', 'grant', { accepted: 1 })
    expect(g2).toMatchObject({ sent: 1, credits: 0, pending: 1 })
    const out2 = await stack.outbox(SUB)
    expect(out2.map((m) => m.page)).toEqual([first, second].map((p) => `pages-policy/detail/index?id=${p._id}`))
    const g3 = await stack.as(SUB).ok('policy', 'grant', { accepted: 1 })
    expect(g3).toMatchObject({ sent: 1, credits: 0, pending: 0 })
    expect((await stack.outbox(SUB)).at(-1)!.page).toBe(`pages-policy/detail/index?id=${third._id}`)
    // Nothing waits: the next authorization is kept as a credit.
    expect(await stack.as(SUB).ok('policy', 'grant', { accepted: 1 })).toMatchObject({ sent: 0, credits: 1, pending: 0 })
  })

  it('a grant without a subscription is refused; a paused subscription gets nothing', async () => {
    expect(await stack.as('o-never-subscribed').call('policy', 'grant', { accepted: 1 })).toMatchObject({ ok: false, code: 'INVALID_STATE' })
    const W = 'o-paused'
    await stack.as(W).ok('policy', 'subscribe', { tags: [], active: true })
    await stack.as(W).ok('policy', 'grant', { accepted: 2 })
    await stack.as(W).ok('policy', 'subscribe', { tags: [], active: false })
    await publish(notice({ title: '全县冬季森林防火通告', issuer: { kind: 'county' }, tags: [], area: { kind: 'county', ids: [] } }), P.dispatcher, P.admin)
    expect(await stack.outbox(W)).toHaveLength(0)
  })
})

describe('audience tags', () => {
  it('the county edits the list; retired tags cannot be used', async () => {
    const tags = await stack.as(P.admin).ok('policy', 'setTag', { tagId: 'pregnant', name: '孕产妇', active: true })
    expect(tags.map((t) => t._id)).toContain('pregnant')
    expect((await stack.as(P.resident1).ok('policy', 'tags', {})).map((t) => t.name)).toContain('孕产妇')
    await stack.as(P.admin).ok('policy', 'setTag', { tagId: 'pregnant', name: '孕产妇', active: false })
    expect((await stack.as(P.resident1).ok('policy', 'tags', {})).map((t) => t._id)).not.toContain('pregnant')
    expect(await stack.as(P.township).call('policy', 'saveDraft', notice({ tags: ['pregnant'] }))).toMatchObject({ ok: false, code: 'POLICY_TAG_UNKNOWN' })
    expect(await stack.as(P.township).call('policy', 'setTag', { tagId: 'x', name: '某标签', active: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})
