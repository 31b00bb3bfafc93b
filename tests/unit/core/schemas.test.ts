import { describe, expect, it } from 'vitest'
import { schemas } from '../../../cloudfunctions/core/schemas'

const ok = (s: { safeParse: (v: unknown) => { success: boolean } }, v: unknown) => s.safeParse(v).success

describe('schemas', () => {
  const submit = { categoryId: 'road', text: '路口红绿灯坏了', photos: ['cloud://env/a.jpg'], place: { point: { lng: 116.5, lat: 35.7 } }, consent: true, hideName: false }

  it('accepts a good submission and trims it', () => {
    const r = schemas.petition.submit.parse({ ...submit, text: '  路口红绿灯坏了  ', contact: { name: ' 张三 ', phone: '13812345678' } })
    expect(r.text).toBe('路口红绿灯坏了')
    expect(r.contact).toEqual({ name: '张三', phone: '13812345678' })
    expect(schemas.petition.submit.parse({ ...submit, photos: undefined, contact: { phone: '' } }).photos).toEqual([])
  })

  it.each([
    ['short text', { ...submit, text: '坏了' }],
    ['long text', { ...submit, text: '长'.repeat(1001) }],
    ['10 photos', { ...submit, photos: Array(10).fill('cloud://x') }],
    ['empty photo id', { ...submit, photos: [''] }],
    ['bad phone', { ...submit, contact: { phone: '2381234567' } }],
    ['point outside', { ...submit, place: { point: { lng: 0, lat: 0 } } }],
    ['unknown key', { ...submit, openid: 'o_evil' }],
    ['unknown nested key', { ...submit, place: { townshipId: 't', role: 'county_admin' } }],
    ['missing consent', { ...submit, consent: undefined }]
  ])('rejects a submission with %s', (_n, v) => {
    expect(ok(schemas.petition.submit, v)).toBe(false)
  })

  it('proxy submission requires a name', () => {
    expect(ok(schemas.staff.proxySubmit, { ...submit, contact: { name: '刘大爷' } })).toBe(true)
    expect(ok(schemas.staff.proxySubmit, { ...submit, contact: { phone: '13812345678' } })).toBe(false)
  })

  it('paging, dates, enums and numbers', () => {
    expect(ok(schemas.petition.mine, {})).toBe(true)
    expect(ok(schemas.petition.mine, { page: 1, pageSize: 50, state: 'queued' })).toBe(true)
    expect(ok(schemas.petition.mine, { page: 0 })).toBe(false)
    expect(ok(schemas.petition.mine, { pageSize: 51 })).toBe(false)
    expect(ok(schemas.petition.mine, { state: 'lost' })).toBe(false)
    expect(ok(schemas.admin.summary, { from: '2026-09-01', to: '2026-10-31', rankBy: 'department', minVolume: 5 })).toBe(true)
    expect(ok(schemas.admin.summary, { from: '2026-10-31', to: '2026-09-01' })).toBe(false)
    expect(ok(schemas.admin.summary, { from: '2026-02-30', to: '2026-03-01' })).toBe(false)
    expect(ok(schemas.admin.summary, { from: '2026/09/01', to: '2026-10-01' })).toBe(false)
    expect(ok(schemas.admin.setHoliday, { date: '2026-10-10', kind: 'workday', name: '国庆节' })).toBe(true)
    expect(ok(schemas.admin.setHoliday, { date: '2026-10-10', kind: 'weekend' })).toBe(false)
    expect(ok(schemas.staff.requestExtension, { caseId: 'c1', workdays: 3, reason: '需要采购' })).toBe(true)
    expect(ok(schemas.staff.requestExtension, { caseId: 'c1', workdays: 2.5, reason: '需要采购' })).toBe(false)
    expect(ok(schemas.staff.return, { caseId: 'c1', reason: '  ' })).toBe(false)
    expect(ok(schemas.petition.rate, { caseId: 'c1', rating: 'basic' })).toBe(true)
    expect(ok(schemas.petition.rate, { caseId: 'c1', rating: 'great' })).toBe(false)
    expect(ok(schemas.admin.transfer, { caseId: 'c1', departmentId: 'd1' })).toBe(false)
    expect(ok(schemas.admin.createInvite, { role: 'dept_handler', scope: { departmentId: 'transport' }, validDays: 7 })).toBe(true)
    expect(ok(schemas.admin.createInvite, { role: 'resident', scope: {} })).toBe(false)
    expect(schemas.user.redeemInvite.parse({ code: ' k7q2-9xpd ', name: '王' }).code).toBe('K7Q2-9XPD')
  })

  it('empty actions accept no data and reject extra keys', () => {
    expect(ok(schemas.user.me, undefined)).toBe(true)
    expect(ok(schemas.petition.catalog, {})).toBe(true)
    expect(ok(schemas.admin.departments, { x: 1 })).toBe(false)
  })
})
