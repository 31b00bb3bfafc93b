// open311: Open311 GeoReport v2 over CloudBase HTTP access (cloudbaserc `http`: /open311 → this function).
//   GET  /open311/v2/discovery.{json|xml}
//   GET  /open311/v2/services.{json|xml}, /services/<service_code>.{json|xml}   (service_code = category id)
//   GET  /open311/v2/requests.{json|xml}   (service_code, status, start_date, end_date, lat/long/radius)
//   GET  /open311/v2/requests/<service_request_id>.{json|xml}   (service_request_id = the case number)
//   POST /open311/v2/requests.{json|xml}   (api_key; form-urlencoded or JSON)  → [{ token, service_notice }]
//   GET  /open311/v2/tokens/<token>.{json|xml}
// Reads show only what the public board shows (published, redacted summaries). Writes need a live API key of
// the county (admin.createApiKey), limited per key per minute; a bad request writes nothing.
import { parsePath, parseFilters, parseNewRequest, toService, toServiceRequest, toXml, errorBody, distanceM, Open311Failure, DomainError, type Format } from '../core'
import type { CaseDoc } from '../core/types'
import { db } from '../shared/app'
import { NO_TIMELINE } from '../shared/db'
import { hashKey, liveKey, takeRate } from '../shared/apikeys'
import { submitCase } from '../shared/cases'
import { getRefs, useNameTagger } from '../shared/refs'
import { lazyJiebaTagger } from '../shared/tagger'

useNameTagger(lazyJiebaTagger)

/** The one jurisdiction this endpoint serves (cloudbaserc env OPEN311_JURISDICTION); others answer 404. */
const jurisdiction = () => process.env.OPEN311_JURISDICTION || 'wenshang.gov.cn'
/** Largest POST body accepted (bytes). */
export const MAX_BODY_BYTES = 16 * 1024
const MAX_LIST = 1000

interface HttpEvent {
  path?: string
  httpMethod?: string
  headers?: Record<string, string>
  queryStringParameters?: Record<string, string> | null
  body?: string | null
  isBase64Encoded?: boolean
  requestContext?: { path?: string }
}

type Answer = { statusCode: number; headers: Record<string, string>; body: string }

function answer(status: number, format: Format, root: string, body: unknown): Answer {
  return format === 'xml'
    ? { statusCode: status, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: toXml(root, body) }
    : { statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) }
}

function fail(status: number, format: Format, description: string): Answer {
  return answer(status, format, 'errors', errorBody(status, description))
}

/** The body's parameters: form-urlencoded (the spec's) or a JSON object. */
function bodyParams(ev: HttpEvent): Record<string, string> {
  const raw = ev.body ? (ev.isBase64Encoded ? Buffer.from(ev.body, 'base64').toString('utf8') : ev.body) : ''
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new Open311Failure(413, `request body exceeds ${MAX_BODY_BYTES} bytes`)
  const type = (ev.headers?.['content-type'] ?? '').toLowerCase()
  const out: Record<string, string> = {}
  if (type.includes('application/json')) {
    let v: unknown
    try {
      v = raw ? JSON.parse(raw) : {}
    } catch {
      throw new Open311Failure(400, 'body is not valid JSON')
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Open311Failure(400, 'body must be an object')
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number') out[k] = String(x)
    return out
  }
  for (const [k, x] of new URLSearchParams(raw)) if (!(k in out)) out[k] = x
  return out
}

async function publishedByNo(no: string): Promise<CaseDoc | null> {
  const res = await db().collection('cases').where({ no }).field(NO_TIMELINE).limit(1).get()
  const c = (res.data ?? [])[0] as CaseDoc | undefined
  return c && c.publicState === 'published' ? c : null
}

async function handle(ev: HttpEvent, format: Format, route: NonNullable<ReturnType<typeof parsePath>>, now: Date): Promise<Answer> {
  const method = (ev.httpMethod ?? 'GET').toUpperCase()
  const q = ev.queryStringParameters ?? {}
  const refs = await getRefs()
  const post = method === 'POST' ? bodyParams(ev) : {}
  const j = q.jurisdiction_id ?? post.jurisdiction_id
  if (j !== undefined && j !== jurisdiction()) return fail(404, format, 'jurisdiction_id not found')
  const expect = (m: string) => {
    if (method !== m && !(m === 'GET' && method === 'HEAD')) throw new Open311Failure(405, `method ${method} not allowed here`)
  }

  switch (route.route) {
    case 'discovery': {
      expect('GET')
      const host = ev.headers?.host ?? 'localhost'
      const proto = ev.headers?.['x-forwarded-proto'] ?? (/^(localhost|127\.|\[::1\])/.test(host) ? 'http' : 'https')
      const base = `${proto}://${host}${ev.requestContext?.path ?? '/open311'}/v2/`
      return answer(200, format, 'discovery', {
        changeset: '2026-12-01T00:00:00+08:00',
        contact: '汶上县便民服务平台（县级专人）',
        key_service: '向县级管理员申请 API 密钥（管理 → 开放接口密钥）',
        endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-12-01T00:00:00+08:00', type: 'production', formats: ['application/json', 'text/xml'] }]
      })
    }
    case 'services': {
      expect('GET')
      const list = [...refs.categories.values()].filter((c) => c.active).sort((a, b) => a.order - b.order).map(toService)
      return answer(200, format, 'services', list)
    }
    case 'service': {
      expect('GET')
      const c = refs.categories.get(route.id!)
      if (!c || !c.active) return fail(404, format, 'service_code not found')
      return answer(200, format, 'service_definition', { service_code: c._id, attributes: [] })
    }
    case 'request': {
      expect('GET')
      const c = await publishedByNo(route.id!)
      if (!c) return fail(404, format, 'service_request_id not found')
      return answer(200, format, 'service_requests', [toServiceRequest(c, refs)])
    }
    case 'token': {
      expect('GET')
      const res = await db().collection('cases').where({ _id: route.id! }).field(NO_TIMELINE).limit(1).get()
      const c = (res.data ?? [])[0] as CaseDoc | undefined
      if (!c || c.channel?.type !== 'open311') return fail(404, format, 'token not found')
      return answer(200, format, 'service_requests', [{ service_request_id: c.no, token: c._id }])
    }
    case 'requests': {
      if (method === 'POST') return await create(post, format, now)
      expect('GET')
      const f = parseFilters(q, now)
      if (f.status === 'open') return answer(200, format, 'service_requests', [])
      const _ = db().command
      const where: Record<string, unknown> = { publicState: 'published', submittedAt: _.gte(f.from).and(_.lte(f.to)) }
      if (f.serviceCodes) where.categoryId = _.in(f.serviceCodes)
      if (f.near) {
        // Published places are township centres: the townships within the radius.
        const near = [...refs.townships.values()].filter((t) => distanceM({ lat: f.near!.lat, lng: f.near!.lng }, t.center) <= f.near!.radius).map((t) => t._id)
        if (!near.length) return answer(200, format, 'service_requests', [])
        where.townshipId = _.in(near)
      }
      const res = await db().collection('cases').where(where).field(NO_TIMELINE).orderBy('submittedAt', 'desc').limit(MAX_LIST).get()
      return answer(200, format, 'service_requests', ((res.data ?? []) as CaseDoc[]).map((c) => toServiceRequest(c, refs)))
    }
  }
}

async function create(p: Record<string, string>, format: Format, now: Date): Promise<Answer> {
  const key = p.api_key ? await liveKey(p.api_key) : null
  if (!key) return fail(403, format, 'api_key is missing, unknown or revoked')
  if (!(await takeRate(hashKey(p.api_key!), now))) return fail(429, format, 'rate limit exceeded for this api_key, retry in a minute')
  const r = parseNewRequest(p)
  const filer = { openid: `open311:${key.clientId}`, role: 'resident' as const, scope: {}, name: key.name }
  try {
    const detail = await submitCase(
      {
        categoryId: r.serviceCode,
        text: r.description,
        photos: [],
        place: { point: { lng: r.lng, lat: r.lat }, ...(r.address ? { address: r.address } : {}) },
        ...(r.name || r.phone ? { contact: { ...(r.name ? { name: r.name } : {}), ...(r.phone ? { phone: r.phone } : {}) } } : {}),
        // The client collected the phone with the caller's consent (the terms of the key).
        consent: !!r.phone,
        hideName: false
      },
      filer,
      null,
      now,
      true,
      { channel: { type: 'open311', clientId: key.clientId }, unmetered: true }
    )
    return answer(201, format, 'service_requests', [{ service_request_id: detail.no, token: detail._id, service_notice: '诉求已受理，请在规定时限内关注办理进展', account_id: '' }])
  } catch (e) {
    if (e instanceof DomainError) {
      if (e.code === 'CATEGORY_UNKNOWN') throw new Open311Failure(404, 'service_code not found')
      if (e.code === 'PLACE_UNKNOWN') throw new Open311Failure(400, 'lat/long is outside the jurisdiction')
      throw new Open311Failure(400, e.message || e.code)
    }
    throw e
  }
}

export async function main(event: unknown): Promise<Answer> {
  const ev = (event && typeof event === 'object' ? event : {}) as HttpEvent
  const prefix = ev.requestContext?.path ?? '/open311'
  const path = (ev.path ?? '').startsWith(prefix) ? (ev.path ?? '').slice(prefix.length) : (ev.path ?? '')
  const route = parsePath(path)
  const format: Format = /\.xml$/.test(path) ? 'xml' : 'json'
  if (!route) return fail(404, format, 'not found: see /open311/v2/discovery.json')
  try {
    return await handle(ev, route.format, route, new Date())
  } catch (e) {
    if (e instanceof Open311Failure) return fail(e.status, route.format, e.description)
    console.error('[open311] internal error:', e)
    return fail(500, route.format, 'internal error')
  }
}
