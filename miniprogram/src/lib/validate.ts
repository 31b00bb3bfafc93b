// Validation of the filing form (resident 我要反映 and staff 代报). Pure.

export const MAX_TEXT = 500
export const MIN_TEXT = 5
export const MAX_PHOTOS = 9
export const MAX_NAME = 20

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
  /** 称呼 (resident, optional): shown masked on the public board unless hideName. */
  name?: string
  consent: boolean
  hideName: boolean
  /** 同意公开: the case may be shown on the public board as an approved, redacted summary (off by default). */
  publicConsent?: boolean
  /** 代报: the resident's name (required when proxy). */
  residentName?: string
}

export type FilingErrors = Partial<Record<'categoryId' | 'text' | 'photos' | 'place' | 'name' | 'phone' | 'consent' | 'residentName', string>>

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
  if ((f.name ?? '').trim().length > MAX_NAME) e.name = `称呼不能超过 ${MAX_NAME} 个字`
  const phone = f.phone.trim()
  if (phone && !MOBILE_RE.test(phone)) e.phone = '请输入 11 位手机号码'
  if (phone && !f.consent && !opts.proxy) e.consent = '留下联系电话需要您同意个人信息收集说明'
  if (opts.proxy && !(f.residentName ?? '').trim()) e.residentName = '请填写群众姓名'
  return e
}

const ERROR_ORDER: Array<keyof FilingErrors> = ['categoryId', 'residentName', 'text', 'photos', 'place', 'name', 'phone', 'consent']

export function firstError(e: FilingErrors): string | undefined {
  const k = firstErrorKey(e)
  return k ? e[k] : undefined
}

/** The field of the first error, in the order of the form (the page scrolls to it). */
export function firstErrorKey(e: FilingErrors): keyof FilingErrors | undefined {
  return ERROR_ORDER.find((k) => !!e[k])
}

/**
 * The public board's reporter label for a name, as the backend masks it (core/redact.ts maskName):
 * first character + '**', or '匿名群众' when there is no name or it is hidden.
 */
export function boardName(name: string | undefined, hide: boolean): string {
  const n = (name ?? '').trim()
  return !n || hide ? '匿名群众' : `${Array.from(n)[0]}**`
}

/**
 * The submit input. The backend (core/machine.ts) requires consent only with a phone; a name alone needs
 * none. Consent ticked with only a name is still sent, so the backend records when it was given.
 */
export function toSubmitInput(f: FilingForm) {
  const phone = f.phone.trim()
  const name = (f.name ?? '').trim()
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
    ...(name || phone ? { contact: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
    consent: name || phone ? f.consent : false,
    hideName: f.hideName,
    publicConsent: !!f.publicConsent
  }
}
