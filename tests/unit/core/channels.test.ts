// Channels (how a case came in), sources, and 认领 by phone: pure core.
import { describe, expect, it } from 'vitest'
import { newCase, transition, type Actor, type NewCaseInput } from '../../../cloudfunctions/core/machine'
import { channelOf, channelOfSource, channelLabel } from '../../../cloudfunctions/core/channels'
import { contribution } from '../../../cloudfunctions/core/rollups'
import { allowedActions } from '../../../cloudfunctions/core/grants'
import { DomainError } from '../../../cloudfunctions/core/errors'
import { toSummary } from '../../../cloudfunctions/core/views'
import { A, bj, makeRefs } from './fixtures'
import { cmd, file, input, run } from './helpers'

const refs = makeRefs()
const hotline = (over: Partial<NewCaseInput> = {}, filer: Actor = A.disp) =>
  newCase(input({ place: { townshipId: 'zhongdu' }, contact: { name: '李四', phone: '13900001111' }, ...over }), filer, refs, bj('2026-09-28 09:00'), { caseId: `h${Math.random()}`, no: 'WS1' }, { status: 'pass' }, true, { channel: { type: 'hotline' } }).next

describe('channels', () => {
  it('a resident submit is 小程序, a 代报 is 代报, an official account source is 公众号 with its id, a hotline case 热线', () => {
    expect(file().channel).toEqual({ type: 'miniprogram' })
    expect(file({}, { filer: A.grid, proxy: true }).channel).toEqual({ type: 'proxy' })
    const oa = file({ source: 'official_account:gh_edu' })
    expect(oa.channel).toEqual({ type: 'official_account', accountId: 'gh_edu' })
    expect(oa.source).toBe('official_account:gh_edu')
    expect(file({ source: 'qr:zd01' })).toMatchObject({ channel: { type: 'miniprogram' }, source: 'qr:zd01' })
    const h = hotline()
    expect(h).toMatchObject({ channel: { type: 'hotline' }, residentOpenid: null, filedBy: A.disp.openid })
    expect(toSummary(h, refs).channel).toEqual({ type: 'hotline' })
    expect(channelLabel(oa.channel!)).toBe('公众号 · gh_edu')
    expect(channelOfSource('group')).toBeNull()
  })

  it('cases older than channels: 代报 when filed by someone, else 小程序', () => {
    const c = file()
    delete c.channel
    expect(channelOf(c)).toEqual({ type: 'miniprogram' })
    expect(channelOf({ ...c, filedBy: 'o_g' })).toEqual({ type: 'proxy' })
  })

  it('counts each case under channel:<type> in every rollup doc', () => {
    for (const units of contribution(hotline()).values()) expect(units.get('channel:hotline')).toMatchObject({ volume: 1 })
    for (const units of contribution(file({ source: 'official_account:gh_edu' })).values()) expect(units.get('channel:official_account')).toMatchObject({ volume: 1 })
  })

  it('only the county office takes hotline calls, and a hotline case needs the caller phone; bad sources are refused', () => {
    expect(() => hotline({}, A.grid)).toThrow(DomainError)
    expect(() => hotline({}, A.resident)).toThrow(DomainError)
    expect(() => hotline({ contact: { name: '李四' } })).toThrow(/来电号码/)
    expect(() => file({ source: 'bad source!' })).toThrow(/来源/)
  })
})

describe('认领 (claim)', () => {
  it('a resident with the same phone claims a hotline case, then follows and rates it', () => {
    const h = hotline()
    const claimed = transition(h, { type: 'claim', phone: '13900001111' }, A.resident, refs, bj('2026-09-28 10:00'))
    expect(claimed.next).toMatchObject({ residentOpenid: A.resident.openid, version: h.version + 1 })
    expect(claimed.events.map((e) => e.type)).toEqual(['claim'])
    // Now it is theirs: a second claim is refused, another resident neither.
    expect(() => transition(claimed.next, { type: 'claim', phone: '13900001111' }, A.other, refs, bj('2026-09-28 11:00'))).toThrow(DomainError)
    const dispatched = claimed.next.state === 'queued' ? run(claimed.next, [[cmd.route(), A.disp]]) : claimed.next
    const resolved = run(dispatched, [[cmd.accept, A.dept], [cmd.resolve, A.dept]])
    expect(allowedActions(A.resident, resolved)).toContain('rate')
  })

  it('a different phone, staff, a resident-filed case or a withdrawn one cannot be claimed', () => {
    const h = hotline()
    expect(() => transition(h, { type: 'claim', phone: '13900002222' }, A.resident, refs, bj('2026-09-28 10:00'))).toThrow(DomainError)
    expect(() => transition(h, { type: 'claim', phone: '13900001111' }, A.grid, refs, bj('2026-09-28 10:00'))).toThrow(DomainError)
    const own = file({ contact: { name: '张三', phone: '13900001111' } })
    expect(() => transition(own, { type: 'claim', phone: '13900001111' }, A.other, refs, bj('2026-09-28 10:00'))).toThrow(DomainError)
  })
})
