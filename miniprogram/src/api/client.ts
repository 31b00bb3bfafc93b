// The typed client: every call goes through typings/api.ts's ActionMap.
import Taro from '@tarojs/taro'
import type { ActionName, ActionReq, ActionRes, FunctionName } from '../../../typings/api'
import { ApiError, toApiError, unwrap } from './envelope'
import { devLogin, ensureSession, gatewayBase, setSession } from './session'
import { toast } from '../lib/toast'

export { ApiError } from './envelope'

const isH5 = process.env.TARO_ENV === 'h5'

export interface CallOptions {
  /** Show the error as a toast (default true). */
  toast?: boolean
}

async function h5Call(name: string, payload: unknown, retry = true): Promise<unknown> {
  const s = await ensureSession()
  let res: Response
  try {
    res = await fetch(`${gatewayBase()}/gateway/call`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ name, data: payload })
    })
  } catch (e) {
    throw toApiError(e)
  }
  const body = await res.json().catch(() => null)
  if ((res.status === 401 || (body && body.code === 'UNAUTHENTICATED' && !body.result)) && retry) {
    // The local cloud restarted: log in again as the same persona.
    setSession(null)
    await devLogin(s.openid)
    return h5Call(name, payload, false)
  }
  if (!body) throw new ApiError('INTERNAL', '系统繁忙，请稍后再试')
  return body
}

async function weappCall(name: string, payload: unknown): Promise<unknown> {
  try {
    const res = await Taro.cloud.callFunction({ name, data: payload as Record<string, any> })
    return (res as { result?: unknown }).result
  } catch (e) {
    throw toApiError(e)
  }
}

export function showError(e: unknown): void {
  const err = toApiError(e)
  toast(err.message, 'none', 2500)
}

export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: ActionReq<F, A>,
  opts: CallOptions = {}
): Promise<ActionRes<F, A>> {
  try {
    const payload = { action, data }
    const raw = isH5 ? await h5Call(fn, payload) : await weappCall(fn, payload)
    return unwrap<ActionRes<F, A>>(raw)
  } catch (e) {
    const err = toApiError(e)
    if (opts.toast !== false) showError(err)
    throw err
  }
}

/**
 * A displayable URL for a photo fileID: the signed temp URL the server issued with the case
 * (`CaseDetail.photoUrls`); on weapp a cloud:// id itself also works for the user's own files. Never a URL with
 * the session token, and never a URL the server did not issue (a case's photos are cloud:// ids only). '' when
 * there is nothing to show.
 */
export function photoUrl(fileID: string, urls?: Record<string, string>): string {
  const signed = urls?.[fileID]
  if (signed) return signed
  if (!isH5 && fileID.startsWith('cloud://')) return fileID
  return ''
}

const PHOTO_EXT = /^(jpe?g|png|gif|webp|heic)$/

function extOf(path: string, mime?: string): string {
  const fromMime = /^image\/(jpeg|png|gif|webp|heic)$/.exec(mime ?? '')?.[1]
  if (fromMime) return fromMime === 'jpeg' ? 'jpg' : fromMime
  const m = /\.([A-Za-z0-9]+)(\?|$)/.exec(path)
  const ext = m ? m[1].toLowerCase() : ''
  return PHOTO_EXT.test(ext) ? ext : 'jpg'
}

/** A new file under the upload prefix the platform gave this user (`Me.uploadPrefix`): the server accepts no other. */
function cloudPath(prefix: string, localPath: string, mime?: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.${extOf(localPath, mime)}`
}

/** Upload one photo under `prefix` (Me.uploadPrefix); onProgress gets 0–100. Resolves to the cloud fileID. */
export async function uploadPhoto(localPath: string, prefix: string, onProgress?: (pct: number) => void): Promise<string> {
  if (!/^petitions\/[0-9a-f]+\/$/.test(prefix)) throw new ApiError('PHOTO_INVALID', '照片上传失败，请重试')
  if (!isH5) {
    const path = cloudPath(prefix, localPath)
    return new Promise<string>((resolve, reject) => {
      const task = Taro.cloud.uploadFile({
        cloudPath: path,
        filePath: localPath,
        success: (r) => resolve(r.fileID),
        fail: (e) => reject(toApiError(e))
      }) as unknown as { onProgressUpdate?: (cb: (r: { progress: number }) => void) => void }
      task?.onProgressUpdate?.((r) => onProgress?.(r.progress))
    })
  }
  const s = await ensureSession()
  const blob = await (await fetch(localPath)).blob()
  const path = cloudPath(prefix, localPath, blob.type)
  return new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `${gatewayBase()}/gateway/upload?path=${encodeURIComponent(path)}`)
    xhr.setRequestHeader('Authorization', `Bearer ${s.token}`)
    xhr.setRequestHeader('Content-Type', blob.type || 'application/octet-stream')
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) onProgress?.(Math.round((ev.loaded / ev.total) * 100))
    }
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText)
        if (xhr.status < 300 && body.fileID) {
          onProgress?.(100)
          resolve(body.fileID)
        } else reject(new ApiError('INTERNAL', '照片上传失败，请重试'))
      } catch {
        reject(new ApiError('INTERNAL', '照片上传失败，请重试'))
      }
    }
    xhr.onerror = () => reject(new ApiError('NETWORK', '照片上传失败，请检查网络'))
    xhr.send(blob)
  })
}

/** (policy) Upload a notice attachment under `prefix` (Me.uploadPrefix): a PDF as `.pdf`, an image as uploadPhoto does. */
export async function uploadFile(localPath: string, prefix: string, kind?: 'pdf'): Promise<string> {
  if (kind !== 'pdf') return await uploadPhoto(localPath, prefix)
  if (!/^petitions\/[0-9a-f]+\/$/.test(prefix)) throw new ApiError('PHOTO_INVALID', '附件上传失败，请重试')
  const path = `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.pdf`
  if (!isH5) {
    const r = await Taro.cloud.uploadFile({ cloudPath: path, filePath: localPath })
    return r.fileID
  }
  const s = await ensureSession()
  const blob = await (await fetch(localPath)).blob()
  const res = await fetch(`${gatewayBase()}/gateway/upload?path=${encodeURIComponent(path)}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/pdf' },
    body: blob
  })
  const body = (await res.json()) as { fileID?: string }
  if (!res.ok || !body.fileID) throw new ApiError('INTERNAL', '附件上传失败，请重试')
  return body.fileID
}
