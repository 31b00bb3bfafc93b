// Policy notices in the mini program: labels, the one-time subscribe authorization, attachments.
import Taro from '@tarojs/taro'
import type { PolicyArea, PolicyAttachment, PolicySubscription, PolicySummary } from '../../../typings/api'
import { POLICY_STATUS_LABELS } from '../../../typings/api'
import { call } from '../api/client'
import { toast } from './toast'

export const POLICY_TEMPLATE: string = typeof __POLICY_TEMPLATE__ !== 'undefined' ? __POLICY_TEMPLATE__ : ''

export function statusLabel(p: Pick<PolicySummary, 'status'>): string {
  return POLICY_STATUS_LABELS[p.status]
}

export function areaLabel(area: PolicyArea, names: (kind: 'township' | 'village', id: string) => string): string {
  if (area.kind === 'county') return '全县'
  const kind = area.kind === 'townships' ? 'township' : 'village'
  const list = area.ids.map((id) => names(kind, id))
  return list.length > 3 ? `${list.slice(0, 3).join('、')}等${list.length}处` : list.join('、')
}

/** "N 条政策待推送" text, or '' when nothing waits. */
export function pendingText(s: Pick<PolicySubscription, 'pending' | 'active'> | null): string {
  if (!s || !s.active || s.pending <= 0) return ''
  return `${s.pending > 99 ? '99+' : s.pending} 条政策待推送`
}

/**
 * Ask WeChat for one more message (the one-time rule: one message per acceptance) and report it; the server
 * sends the oldest waiting notice at once. The local H5 build has no WeChat: the tap stands for an acceptance.
 */
export async function authorizeOne(): Promise<(PolicySubscription & { sent: number }) | null> {
  if (process.env.TARO_ENV === 'weapp') {
    if (!POLICY_TEMPLATE) {
      toast('暂未配置政策通知模板')
      return null
    }
    try {
      const res = (await Taro.requestSubscribeMessage({ tmplIds: [POLICY_TEMPLATE], entityIds: [] } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>
      if (res[POLICY_TEMPLATE] !== 'accept') {
        toast('未允许接收通知')
        return null
      }
    } catch {
      toast('未能开启通知，请稍后再试')
      return null
    }
  }
  try {
    const r = await call('policy', 'grant', { accepted: 1 })
    toast(r.sent ? `已推送 ${r.sent} 条政策` : '已开启，有新政策时提醒您', 'success')
    return r
  } catch {
    return null
  }
}

/** Open an attachment: images in the previewer, PDFs downloaded and opened with openDocument. */
export async function openAttachment(a: PolicyAttachment, url: string | undefined, all: Array<{ a: PolicyAttachment; url?: string }>): Promise<void> {
  if (!url) return toast('附件暂不可用')
  if (a.kind === 'image') {
    const urls = all.filter((x) => x.a.kind === 'image' && x.url).map((x) => x.url!)
    await Taro.previewImage({ current: url, urls })
    return
  }
  if (process.env.TARO_ENV === 'h5') {
    window.open(url, '_blank')
    return
  }
  try {
    const r = await Taro.downloadFile({ url })
    await Taro.openDocument({ filePath: r.tempFilePath, fileType: 'pdf', showMenu: true })
  } catch {
    toast('附件打开失败，请稍后再试')
  }
}

/** Plain text typed by staff → paragraphs of HTML (the server sanitizes whatever arrives). */
export function textToHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => `<p>${esc(l)}</p>`)
    .join('')
}

/** Sanitized HTML → the plain text an editor shows. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .trim()
}
