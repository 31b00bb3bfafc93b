// Validation of the filing form (resident 我要反映 and staff 代报). Pure.

export const MAX_TEXT = 500
export const MIN_TEXT = 5
export const MAX_PHOTOS = 9

export interface FilingForm {
  categoryId: string
  text: string
  photos: string[]
  /** Photos still uploading. */
  uploading: number
  townshipId?: string
  villageId?: string
  point?: { lng: number; lat: number }
  address?: string
  phone: string
  consent: boolean
  hideName: boolean
  /** 代报: the resident's name (required when proxy). */
  residentName?: string
}

export type FilingErrors = Partial<Record<'categoryId' | 'text' | 'photos' | 'place' | 'phone' | 'consent' | 'residentName', string>>

export const MOBILE_RE = /^1[3-9]\d{9}$/

export function validateFiling(f: FilingForm, opts: { proxy?: boolean } = {}): FilingErrors {
  const e: FilingErrors = {}
  if (!f.categoryId) e.categoryId = '请选择诉求类别'
  const text = f.text.trim()
  if (text.length < MIN_TEXT) e.text = `请描述问题，至少 ${MIN_TEXT} 个字`
  else if (text.length > MAX_TEXT) e.text = `描述不能超过 ${MAX_TEXT} 字`
  if (f.photos.length > MAX_PHOTOS) e.photos = `最多上传 ${MAX_PHOTOS} 张照片`
  else if (f.uploading > 0) e.photos = '照片正在上传，请稍候'
  if (!f.point && !f.townshipId) e.place = '请在地图上选择位置，或选择所在镇街'
  const phone = f.phone.trim()
  if (phone && !MOBILE_RE.test(phone)) e.phone = '请输入 11 位手机号码'
  if (phone && !f.consent && !opts.proxy) e.consent = '留下联系电话需要您同意个人信息收集说明'
  if (opts.proxy && !(f.residentName ?? '').trim()) e.residentName = '请填写群众姓名'
  return e
}

export function firstError(e: FilingErrors): string | undefined {
  const order: Array<keyof FilingErrors> = ['categoryId', 'residentName', 'text', 'photos', 'place', 'phone', 'consent']
  for (const k of order) if (e[k]) return e[k]
  return undefined
}

export function toSubmitInput(f: FilingForm) {
  const phone = f.phone.trim()
  return {
    categoryId: f.categoryId,
    text: f.text.trim(),
    photos: f.photos,
    place: {
      ...(f.point ? { point: f.point } : {}),
      ...(f.townshipId ? { townshipId: f.townshipId } : {}),
      ...(f.villageId ? { villageId: f.villageId } : {}),
      ...(f.address ? { address: f.address } : {})
    },
    ...(phone ? { contact: { phone } } : {}),
    consent: phone ? f.consent : false,
    hideName: f.hideName
  }
}
