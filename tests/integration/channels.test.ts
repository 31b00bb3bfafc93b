// Channels through the real SDK: a hotline call filed by the county dispatcher (place picked, no GPS), claimed by
// the resident who proves the same phone (getPhoneNumber's code, the emulator's stand-in), followed and rated by
// them; sources from the filing page; the summary's channel dimension equals a recount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseDoc } from '../../cloudfunctions/core/types'
import { channelType, dayKey } from '../../cloudfunctions/core'
import { startStack, type Stack } from '../helpers/stack'
import { allDocs, P, roadCase, submitAs } from './helpers'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

const CALLER = '13900007777'
const hotlineCall = (over: Record<string, unknown> = {}) => ({
  categoryId: 'cat-road',
  text: '来电反映东门社区门口道路有一个大坑，雨天积水',
  place: { townshipId: 'tw-zhongdu', villageId: 'vl-zhongdu-dongmen', address: '东门社区北门' },
  contact: { name: '孙大爷', phone: CALLER },
  consent: true,
  ...over
})

describe('热线 and 认领', () => {
  it('the dispatcher files a call; the caller claims it in the mini program, follows it and rates it', async () => {
    const filed = (await stack.as(P.dispatcher).ok('admin', 'hotlineSubmit', hotlineCall())).case
    expect(filed.channel).toEqual({ type: 'hotline' })
    expect(filed.proxy).toBe(true)
    expect(filed.place.villageName).toBeTruthy()
    const doc = (await stack.db.collection('cases').doc(filed._id).get()).data[0] as CaseDoc
    expect(doc).toMatchObject({ residentOpenid: null, filedBy: P.dispatcher, channel: { type: 'hotline' } })
    expect(doc.point).toBeUndefined()

    // Not theirs yet.
    const stranger = 'o-hotline-caller'
    expect((await stack.as(stranger).call('petition', 'detail', { caseId: filed._id }))).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // A wrong code answers PHONE_CODE_INVALID and changes nothing; the right one claims.
    expect(await stack.as(stranger).call('user', 'claimByPhone', { code: 'forged' })).toMatchObject({ ok: false, code: 'PHONE_CODE_INVALID' })
    const claimed = await stack.as(stranger).ok('user', 'claimByPhone', { code: `phone:${CALLER}` })
    expect(claimed.claimed.map((c) => c._id)).toEqual([filed._id])
    expect((await stack.as(stranger).ok('user', 'claimByPhone', { code: `phone:${CALLER}` })).claimed).toEqual([])
    const mine = await stack.as(stranger).ok('petition', 'mine', {})
    expect(mine.items.map((c) => c._id)).toContain(filed._id)
    const detail = await stack.as(stranger).ok('petition', 'detail', { caseId: filed._id })
    expect(detail.timeline.map((e) => e.type)).toContain('claim')

    // Handled, then rated by the resident who claimed it (not by a 回访).
    const handled = await stack.as(P.zhujian).call('staff', 'accept', { caseId: filed._id })
    const handler = handled.ok ? P.zhujian : P.grid
    if (!handled.ok) await stack.as(P.grid).ok('staff', 'accept', { caseId: filed._id })
    await stack.as(handler).ok('staff', 'resolve', { caseId: filed._id, text: '已经修补了路面坑洞' })
    const rated = await stack.as(stranger).ok('petition', 'rate', { caseId: filed._id, rating: 'satisfied' })
    expect(rated.state).toBe('closed')
  })

  it('a hotline call needs the caller phone and a picked place; nothing is written on bad input', async () => {
    const before = (await allDocs(stack, 'cases')).length
    const r1 = await stack.as(P.dispatcher).call('admin', 'hotlineSubmit', hotlineCall({ contact: { name: '孙大爷' } }) as never)
    expect(r1).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const r2 = await stack.as(P.dispatcher).call('admin', 'hotlineSubmit', hotlineCall({ place: { point: { lng: 116.48, lat: 35.74 } } }) as never)
    expect(r2).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect((await allDocs(stack, 'cases')).length).toBe(before)
  })
})

describe('sources and the channel dimension', () => {
  it('the filing page records its source; 公众号 sources carry the account; 管理 lists sources with volumes', async () => {
    const a = await submitAs(stack, 'o-src-1', roadCase({ source: 'official_account:gh_jiaoyu' }))
    expect(a.channel).toEqual({ type: 'official_account', accountId: 'gh_jiaoyu' })
    await submitAs(stack, 'o-src-2', roadCase({ source: 'official_account:gh_jiaoyu' }))
    await submitAs(stack, 'o-src-3', roadCase({ source: 'qr:dongmen-01' }))
    expect(await stack.as('o-src-4').call('petition', 'submit', roadCase({ source: '<script>' }))).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const today = dayKey(await stack.now())
    const { rows } = await stack.as(P.admin).ok('admin', 'sources', { from: today, to: today })
    expect(rows).toEqual([
      { source: 'official_account:gh_jiaoyu', channel: 'official_account', count: 2 },
      { source: 'qr:dongmen-01', channel: 'miniprogram', count: 1 }
    ])
  })

  it('the summary counts every case under its channel, equal to a recount', async () => {
    const today = dayKey(await stack.now())
    const s = await stack.as(P.admin).ok('admin', 'summary', { from: today, to: today })
    const cases = (await allDocs<CaseDoc>(stack, 'cases')).filter((c) => dayKey(c.submittedAt) === today)
    const expected = new Map<string, number>()
    for (const c of cases) expected.set(channelType(c), (expected.get(channelType(c)) ?? 0) + 1)
    const got = new Map((s.byChannel ?? []).map((u) => [u.unitId, u.volume]))
    expect(got).toEqual(expected)
    expect(s.byChannel?.find((u) => u.unitId === 'hotline')?.unitName).toBe('热线')
  })
})
