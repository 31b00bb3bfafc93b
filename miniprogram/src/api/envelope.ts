// Envelope handling, pure: `{ ok: true, data }` → data; `{ ok: false, code, message }` → ApiError.
import { ERROR_MESSAGES, type Envelope, type ErrorCode } from '../../../typings/api'

export class ApiError extends Error {
  constructor(
    public code: ErrorCode | 'NETWORK',
    message: string,
    public details?: unknown
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const NETWORK_MESSAGE = '网络不太顺畅，请检查网络后重试'

export function messageFor(code: string, message?: string): string {
  if (message && /[\u4e00-\u9fa5]/.test(message)) return message
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? message ?? ERROR_MESSAGES.INTERNAL
}

/** Unwrap an envelope, or a gateway answer `{ result: Envelope }` / `{ code, message }`. */
export function unwrap<T>(raw: unknown): T {
  if (!raw || typeof raw !== 'object') throw new ApiError('INTERNAL', ERROR_MESSAGES.INTERNAL)
  const r = raw as Record<string, unknown>
  if ('result' in r && r.result && typeof r.result === 'object' && 'ok' in (r.result as object)) {
    return unwrap<T>(r.result)
  }
  if (r.ok === true) return r.data as T
  if (r.ok === false || typeof r.code === 'string') {
    const code = (typeof r.code === 'string' ? r.code : 'INTERNAL') as ErrorCode
    throw new ApiError(code, messageFor(code, typeof r.message === 'string' ? r.message : undefined), r.details)
  }
  throw new ApiError('INTERNAL', ERROR_MESSAGES.INTERNAL)
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  const msg = e && typeof e === 'object' && 'errMsg' in e ? String((e as { errMsg: unknown }).errMsg) : String(e)
  return new ApiError('NETWORK', NETWORK_MESSAGE, msg)
}

export type { Envelope }
