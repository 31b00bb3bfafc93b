// A half-typed petition survives a tab switch or a reload: the filing form keeps a draft in local storage, per
// user and per form (我要反映 / 代报), and clears it after a successful submit. Photos are not kept (their
// uploads belong to the page that chose them).
import Taro from '@tarojs/taro'

export interface Draft {
  categoryId?: string
  text?: string
  name?: string
  phone?: string
  consent?: boolean
  hideName?: boolean
  residentName?: string
  place?: { point?: { lng: number; lat: number }; townshipId?: string; villageId?: string; address?: string; label?: string }
  savedAt?: number
}

/** Drafts older than this are dropped. */
export const DRAFT_TTL_MS = 14 * 86_400_000

export function draftKey(openid: string, proxy: boolean): string {
  return `ws.draft.${proxy ? 'proxy' : 'file'}.${openid}`
}

/** Whether a draft holds anything worth restoring. */
export function hasContent(d: Draft | null | undefined): boolean {
  return !!d && !!(d.categoryId || d.text?.trim() || d.name?.trim() || d.phone?.trim() || d.residentName?.trim() || d.place?.townshipId || d.place?.point)
}

export function readDraft(key: string, now = Date.now()): Draft | null {
  try {
    const raw = Taro.getStorageSync(key)
    if (!raw) return null
    const d = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Draft
    if (!d || typeof d !== 'object') return null
    if (d.savedAt && now - d.savedAt > DRAFT_TTL_MS) {
      clearDraft(key)
      return null
    }
    return hasContent(d) ? d : null
  } catch {
    return null
  }
}

export function saveDraft(key: string, d: Draft, now = Date.now()): void {
  try {
    if (hasContent(d)) Taro.setStorageSync(key, JSON.stringify({ ...d, savedAt: now }))
    else Taro.removeStorageSync(key)
  } catch {
    /* storage full or unavailable: the draft is a convenience */
  }
}

export function clearDraft(key: string): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    /* ignore */
  }
}
