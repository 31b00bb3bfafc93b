// Content security: user text goes through WeChat msgSecCheck (v2) before it is stored. Locally the emulator
// answers from a word list. 'risky' / 'review' → held for review; never silently dropped.
import { DomainError } from '../core'
import { app } from './app'

export type Moderation = { status: 'pass' | 'held'; label?: string }

/** msgSecCheck scenes: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export const SCENE_COMMENT = 2

export async function checkText(openid: string, content: string, scene = SCENE_COMMENT): Promise<Moderation> {
  if (!content.trim()) return { status: 'pass' }
  try {
    const res = (await app().callWxOpenApi({
      apiName: 'wxa/msg_sec_check',
      requestData: { openid, scene, version: 2, content }
    })) as { result?: { errcode?: number; errmsg?: string; result?: { suggest?: string; label?: number } } }
    const r = res.result
    if (!r || (r.errcode ?? 0) !== 0) {
      console.error(`[security] msgSecCheck failed: ${r?.errcode} ${r?.errmsg ?? ''}`)
      // Fail closed: the text is kept, but held for a person to look at.
      return { status: 'held', label: 'check_failed' }
    }
    const suggest = r.result?.suggest ?? 'pass'
    if (suggest === 'pass') return { status: 'pass' }
    return { status: 'held', label: `${suggest}:${r.result?.label ?? ''}` }
  } catch (e) {
    console.error('[security] msgSecCheck failed:', (e as Error)?.message ?? e)
    return { status: 'held', label: 'check_failed' }
  }
}

/**
 * For text added to an existing case (supplements, replies, reasons): flagged text is refused with a clear
 * message so the author can change it; nothing is stored and nothing is dropped silently.
 */
export async function requireCleanText(openid: string, content: string): Promise<void> {
  const m = await checkText(openid, content)
  // A check that could not run does not block an addition (it is logged); a flag does.
  if (m.status === 'held' && m.label !== 'check_failed') {
    throw new DomainError('INVALID_INPUT', '内容可能包含不当信息，请修改后再提交', { moderation: m.label })
  }
}

/** mediaCheckAsync media types: 1 audio, 2 image. */
export const MEDIA_IMAGE = 2

export interface MediaChecks {
  checks: Array<{ traceId: string; fileId: string; status: 'pending' }>
  /** A check could not be requested (the caller holds the case for a person to look at). */
  failed: boolean
}

/**
 * Photos go through WeChat's asynchronous media check (mediaCheckAsync v2, wxa/media_check_async): each photo's
 * temporary URL is submitted and answered with a trace_id; the verdict arrives later as a `wxa_media_check` event
 * pushed to the `wxevent` function (消息推送), which holds a flagged case for review. Locally the emulator stands in.
 */
export async function requestMediaChecks(openid: string, fileIds: string[], scene = SCENE_COMMENT): Promise<MediaChecks> {
  if (fileIds.length === 0) return { checks: [], failed: false }
  try {
    const urls = (await app().getTempFileURL({ fileList: fileIds })) as { fileList?: Array<{ fileID?: string; tempFileURL?: string; code?: string }> }
    const byId = new Map((urls.fileList ?? []).map((f) => [f.fileID, f.tempFileURL]))
    const checks = await Promise.all(
      fileIds.map(async (fileId) => {
        const url = byId.get(fileId)
        if (!url) return null
        const res = (await app().callWxOpenApi({
          apiName: 'wxa/media_check_async',
          requestData: { media_url: url, media_type: MEDIA_IMAGE, version: 2, scene, openid }
        })) as { result?: { errcode?: number; errmsg?: string; trace_id?: string } }
        const r = res.result
        if (!r || (r.errcode ?? 0) !== 0 || !r.trace_id) {
          console.error(`[security] mediaCheckAsync failed: ${r?.errcode} ${r?.errmsg ?? ''}`)
          return null
        }
        return { traceId: r.trace_id, fileId, status: 'pending' as const }
      })
    )
    const ok = checks.filter((c): c is NonNullable<typeof c> => !!c)
    return { checks: ok, failed: ok.length < fileIds.length }
  } catch (e) {
    console.error('[security] mediaCheckAsync failed:', (e as Error)?.message ?? e)
    return { checks: [], failed: true }
  }
}
