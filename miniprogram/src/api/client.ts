// The typed client: every call goes through typings/api.ts's ActionMap.
import Taro from '@tarojs/taro'
import type { ActionName, ActionReq, ActionRes, FunctionName } from '../../../typings/api'
import { ApiError, toApiError, unwrap } from './envelope'
import { devLogin, ensureSession, gatewayBase, getSession, setSession } from './session'
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

/** A displayable URL for a photo fileID. */
export function photoUrl(fileID: string): string {
  if (!isH5) return fileID
  if (/^(https?:|blob:|data:)/.test(fileID)) return fileID
  const s = getSession()
  return `${gatewayBase()}/gateway/file?fileID=${encodeURIComponent(fileID)}${s ? `&token=${encodeURIComponent(s.token)}` : ''}`
}

function extOf(path: string): string {
  const m = /\.(jpe?g|png|gif|webp|heic)(\?|$)/i.exec(path)
  return m ? m[1].toLowerCase() : 'jpg'
}

function cloudPath(localPath: string): string {
  const d = new Date()
  const day = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`
  return `petitions/${day}/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.${extOf(localPath)}`
}

/** Upload one photo; onProgress gets 0–100. Resolves to the cloud fileID. */
export async function uploadPhoto(localPath: string, onProgress?: (pct: number) => void): Promise<string> {
  const path = cloudPath(localPath)
  if (!isH5) {
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
        } else reject(new ApiError('INTERNAL', body.message || '照片上传失败，请重试'))
      } catch {
        reject(new ApiError('INTERNAL', '照片上传失败，请重试'))
      }
    }
    xhr.onerror = () => reject(new ApiError('NETWORK', '照片上传失败，请检查网络'))
    xhr.send(blob)
  })
}
