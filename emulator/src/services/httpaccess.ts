// HTTP access (云开发 HTTP 访问服务): cloudbaserc's `http` routes map a path prefix to a function. The function
// receives an API-gateway-style event and answers an integration response; nothing here knows what it serves.
//   event: { path, httpMethod, headers (lower-case names), queryStringParameters, body, isBase64Encoded,
//            requestContext: { path, httpMethod, requestId, sourceIp, envId } }
//   answer: { statusCode, headers?, body?, isBase64Encoded? } — anything else is sent as JSON with status 200.
import crypto from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BodyReader } from '../types'
import type { HttpRoute } from './config'
import type { FunctionRuntime } from './runtime'
import { sendError } from './http'

/** The largest request body a routed function receives (CloudBase HTTP access: 6 MB). */
export const MAX_HTTP_BODY_BYTES = 6 * 1024 * 1024
const TEXT_TYPES = /^(?:text\/|application\/(?:json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(?:json|xml))/i

/** The route of a path: the longest prefix that is the path or a parent folder of it. */
export function matchHttpRoute(routes: HttpRoute[], pathname: string): HttpRoute | undefined {
  let best: HttpRoute | undefined
  for (const r of routes) {
    const hit = r.path === '/' || pathname === r.path || pathname.startsWith(`${r.path}/`)
    if (hit && (!best || r.path.length > best.path.length)) best = r
  }
  return best
}

export function createHttpAccess(routes: HttpRoute[], runtime: FunctionRuntime, envId: string) {
  return async function route(req: IncomingMessage, res: ServerResponse, url: URL, body: BodyReader): Promise<boolean> {
    const r = matchHttpRoute(routes, url.pathname)
    if (!r) return false
    const raw = await body(MAX_HTTP_BODY_BYTES)
    const contentType = String(req.headers['content-type'] ?? '')
    const text = raw.length === 0 || TEXT_TYPES.test(contentType) || !contentType
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v
    const requestId = crypto.randomUUID()
    const event = {
      path: url.pathname,
      httpMethod: req.method ?? 'GET',
      headers,
      queryStringParameters: query,
      body: text ? raw.toString('utf8') : raw.toString('base64'),
      isBase64Encoded: !text,
      requestContext: { path: r.path, httpMethod: req.method ?? 'GET', requestId, sourceIp: req.socket.remoteAddress ?? '', envId }
    }
    let result: any
    try {
      result = await runtime.invoke(r.function, event, { trigger: 'http', clientIp: req.socket.remoteAddress ?? undefined }, requestId)
    } catch (e) {
      const err = e as { code?: string; message?: string }
      return sendError(res, err.code === 'FUNCTION_NOT_FOUND' ? 404 : 502, err.code ?? 'FUNCTIONS_EXECUTE_FAIL', err.message ?? 'function failed')
    }
    const integration = result && typeof result === 'object' && typeof result.statusCode === 'number'
    if (!integration) {
      const out = JSON.stringify(result ?? null)
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) })
      res.end(out)
      return true
    }
    const status = Math.trunc(result.statusCode)
    const outHeaders: Record<string, string> = {}
    for (const [k, v] of Object.entries(result.headers ?? {})) if (typeof v === 'string' || typeof v === 'number') outHeaders[k.toLowerCase()] = String(v)
    const payload = result.body === undefined || result.body === null ? Buffer.alloc(0) : result.isBase64Encoded ? Buffer.from(String(result.body), 'base64') : Buffer.from(typeof result.body === 'string' ? result.body : JSON.stringify(result.body), 'utf8')
    outHeaders['content-length'] = String(payload.length)
    outHeaders['x-request-id'] = requestId
    res.writeHead(status >= 100 && status <= 599 ? status : 502, outHeaders)
    res.end(req.method === 'HEAD' ? undefined : payload)
    return true
  }
}
