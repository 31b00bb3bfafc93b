// Small HTTP helpers shared by the service routes.
import type { ServerResponse } from 'node:http'
import { scrubPaths } from '../guard'

/** CORS headers of the gateway, without the origin: the gateway echoes an allowed origin, never '*'. */
export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, x-requested-with',
  'access-control-max-age': '600'
}

/** Answer JSON. A `message` never carries absolute paths of this machine. */
export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): true {
  const b = body as { message?: unknown } | null
  const text = JSON.stringify(b && typeof b === 'object' && typeof b.message === 'string' ? { ...b, message: scrubPaths(b.message) } : body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...extra })
  res.end(text)
  return true
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): true {
  return sendJson(res, status, { code, message }, extra)
}

/** Parse a JSON object body; null when it is not one. An empty body is {}. */
export function parseJsonObject(body: Buffer): Record<string, any> | null {
  if (body.length === 0) return {}
  try {
    const v = JSON.parse(body.toString('utf8'))
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null
  } catch {
    return null
  }
}

export interface MultipartPart {
  name: string
  filename?: string
  contentType?: string
  data: Buffer
}

/** Minimal multipart/form-data parser (whole body in memory). */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  if (!m) return null
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`)
  const parts: MultipartPart[] = []
  let pos = body.indexOf(boundary)
  if (pos < 0) return null
  while (true) {
    pos += boundary.length
    if (body.subarray(pos, pos + 2).toString() === '--') break
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2
    const headerEnd = body.indexOf('\r\n\r\n', pos)
    if (headerEnd < 0) return null
    const headerText = body.subarray(pos, headerEnd).toString('utf8')
    const next = body.indexOf(boundary, headerEnd + 4)
    if (next < 0) return null
    let end = next
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2
    const disp = /content-disposition:[^\r\n]*/i.exec(headerText)?.[0] ?? ''
    const name = /\bname="([^"]*)"/i.exec(disp)?.[1]
    const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1]
    const ct = /content-type:\s*([^\r\n]+)/i.exec(headerText)?.[1]
    if (name !== undefined) parts.push({ name, filename, contentType: ct, data: body.subarray(headerEnd + 4, end) })
    pos = next
  }
  return parts
}
