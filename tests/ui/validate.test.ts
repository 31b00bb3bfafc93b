import { describe, expect, it } from 'vitest'
import { firstError, toSubmitInput, validateFiling, type FilingForm } from '../../miniprogram/src/lib/validate'

const ok: FilingForm = { categoryId: 'ct-light', text: '小区东门路灯坏了一周', photos: [], uploading: 0, townshipId: 'tw-zhongdu', phone: '', consent: false, hideName: false }

describe('filing form validation', () => {
  it('a complete form passes', () => {
    expect(validateFiling(ok)).toEqual({})
  })
  it('requires a category, text and a place', () => {
    const e = validateFiling({ ...ok, categoryId: '', text: '  坏了 ', townshipId: undefined })
    expect(e.categoryId).toBe('请选择诉求类别')
    expect(e.text).toMatch('至少 5 个字')
    expect(e.place).toMatch('镇街')
    expect(firstError(e)).toBe('请选择诉求类别')
  })
  it('a map point is enough for the place', () => {
    expect(validateFiling({ ...ok, townshipId: undefined, point: { lng: 116.49, lat: 35.73 } }).place).toBeUndefined()
  })
  it('limits text and photos, and waits for uploads', () => {
    expect(validateFiling({ ...ok, text: 'x'.repeat(501) }).text).toMatch('500')
    expect(validateFiling({ ...ok, photos: Array(10).fill('f') }).photos).toMatch('9')
    expect(validateFiling({ ...ok, uploading: 1 }).photos).toMatch('上传')
  })
  it('a phone needs a valid number and PIPL consent', () => {
    expect(validateFiling({ ...ok, phone: '12345' }).phone).toMatch('11 位')
    expect(validateFiling({ ...ok, phone: '13812345678' }).consent).toMatch('同意')
    expect(validateFiling({ ...ok, phone: '13812345678', consent: true })).toEqual({})
  })
  it('proxy filing needs the resident name but no consent box', () => {
    expect(validateFiling({ ...ok, phone: '13812345678' }, { proxy: true }).residentName).toBe('请填写群众姓名')
    expect(validateFiling({ ...ok, phone: '13812345678', residentName: '王大爷' }, { proxy: true })).toEqual({})
  })
  it('builds the submit input: no contact without a phone; consent only with one', () => {
    expect(toSubmitInput({ ...ok, consent: true })).toEqual({
      categoryId: 'ct-light',
      text: '小区东门路灯坏了一周',
      photos: [],
      place: { townshipId: 'tw-zhongdu' },
      consent: false,
      hideName: false
    })
    const withPhone = toSubmitInput({ ...ok, phone: ' 13812345678 ', consent: true, hideName: true, point: { lng: 116.5, lat: 35.7 } })
    expect(withPhone.contact).toEqual({ phone: '13812345678' })
    expect(withPhone.consent).toBe(true)
    expect(withPhone.hideName).toBe(true)
    expect(withPhone.place.point).toEqual({ lng: 116.5, lat: 35.7 })
  })
})
