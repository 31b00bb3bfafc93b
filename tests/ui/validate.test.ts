import { describe, expect, it } from 'vitest'
import { boardName, firstError, toSubmitInput, validateFiling, type FilingForm } from '../../miniprogram/src/lib/validate'

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
  it('a name alone needs no consent (the backend requires it only with a phone) and is at most 20 characters', () => {
    expect(validateFiling({ ...ok, name: '王女士' })).toEqual({})
    expect(validateFiling({ ...ok, name: '王'.repeat(21) }).name).toMatch('20')
    expect(firstError(validateFiling({ ...ok, name: '王'.repeat(21) }))).toMatch('称呼')
    expect(validateFiling({ ...ok, name: '王女士', phone: '13812345678' }).consent).toMatch('同意')
  })
  it('the board shows the first character of the name, or 匿名群众', () => {
    expect(boardName('王女士', false)).toBe('王**')
    expect(boardName(' 欧阳娜娜 ', false)).toBe('欧**')
    expect(boardName('王女士', true)).toBe('匿名群众')
    expect(boardName('  ', false)).toBe('匿名群众')
  })
  it('builds the submit input with the name in contact.name', () => {
    const nameOnly = toSubmitInput({ ...ok, name: ' 王女士 ' })
    expect(nameOnly.contact).toEqual({ name: '王女士' })
    expect(nameOnly.consent).toBe(false)
    expect(toSubmitInput({ ...ok, name: '王女士', consent: true }).consent).toBe(true)
    const both = toSubmitInput({ ...ok, name: '王女士', phone: '13812345678', consent: true, hideName: true })
    expect(both.contact).toEqual({ name: '王女士', phone: '13812345678' })
    expect(both.hideName).toBe(true)
    expect(toSubmitInput({ ...ok, name: '   ', consent: true }).contact).toBeUndefined()
  })
  it('builds the submit input: no contact without a phone; consent only with one', () => {
    expect(toSubmitInput({ ...ok, consent: true })).toEqual({
      categoryId: 'ct-light',
      text: '小区东门路灯坏了一周',
      photos: [],
      place: { townshipId: 'tw-zhongdu' },
      consent: false,
      hideName: false,
      publicConsent: false
    })
    expect(toSubmitInput({ ...ok, publicConsent: true }).publicConsent).toBe(true)
    const withPhone = toSubmitInput({ ...ok, phone: ' 13812345678 ', consent: true, hideName: true, point: { lng: 116.5, lat: 35.7 } })
    expect(withPhone.contact).toEqual({ phone: '13812345678' })
    expect(withPhone.consent).toBe(true)
    expect(withPhone.hideName).toBe(true)
    expect(withPhone.place.point).toEqual({ lng: 116.5, lat: 35.7 })
  })
})
