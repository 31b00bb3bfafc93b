// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the pure part — paths, parameters, the public
// shape of a request, JSON and XML, and the spec's error arrays. Public reads show only what the board shows
// (the approved, redacted public summary; never contact data, the raw text or a map point): a request's lat/long
// is its township's centre.
import type { CaseDoc, CategoryDoc } from './types'
import { type Refs } from './common'
import { redactPublic } from './redact'
import { redactionFor } from './publication'
import { addDays, dayKey, startOfDay } from './time'

export type Format = 'json' | 'xml'

export interface Open311Error {
  code: number
  description: string
}

/** An answer: the HTTP status and the payload (an array or object), or the spec's error array. */
export type Open311Result = { status: number; body: unknown; root?: string; item?: string }

export class Open311Failure extends Error {
  constructor(public status: number, public description: string) {
    super(description)
  }
}

/** `/v2/requests/WS1.json` (after the function's prefix) → the route, its id and the format. */
export function parsePath(path: string): { route: 'discovery' | 'services' | 'service' | 'requests' | 'request' | 'token'; id?: string; format: Format } | null {
  const m = /^(?:\/v2)?\/(discovery|services|requests|tokens)(?:\/([A-Za-z0-9_-]{1,64}))?\.(json|xml)$/.exec(path)
  if (!m) return null
  const [, kind, id, format] = m
  const route = kind === 'discovery' ? (id ? null : 'discovery') : kind === 'services' ? (id ? 'service' : 'services') : kind === 'requests' ? (id ? 'request' : 'requests') : id ? 'token' : null
  if (!route) return null
  return id ? { route, id, format: format as Format } : { route, format: format as Format }
}

/** W3C date-time in Beijing time: 2026-12-01T09:00:00+08:00. */
export function w3c(d: Date | string): string {
  const ms = new Date(d).getTime() + 8 * 3_600_000
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+08:00')
}

/** A W3C / ISO date-time with an offset (or a Beijing day); null when it is not one. */
export function parseW3c(v: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return startOfDay(v)
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return null
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? null : d
}

export function toService(c: CategoryDoc) {
  return { service_code: c._id, service_name: c.name, description: c.name, metadata: false, type: 'realtime', keywords: '', group: '' }
}

const CLOSED = new Set(['resolved', 'closed', 'withdrawn'])
/** open while someone works on it; closed once resolved, closed or withdrawn. */
export function statusOf(c: Pick<CaseDoc, 'state'>): 'open' | 'closed' {
  return CLOSED.has(c.state) ? 'closed' : 'open'
}
const NOTES: Record<string, string> = {
  review: '审核中', queued: '待分派', dispatched: '已派单', accepted: '办理中', resolved: '已办结', closed: '已关闭', withdrawn: '已撤回'
}

/** The public shape of a case (it must be on the board: publicState 'published'). */
export function toServiceRequest(c: CaseDoc, refs: Refs) {
  const t = refs.townships.get(c.townshipId)
  const p = c.publication
  const out: Record<string, unknown> = {
    service_request_id: c.no,
    status: statusOf(c),
    status_notes: NOTES[c.state] ?? c.state,
    service_name: refs.categories.get(c.categoryId)?.name ?? c.categoryId,
    service_code: c.categoryId,
    description: p ? redactPublic(p.summary, redactionFor(c, refs)) : '',
    agency_responsible: c.departmentId ? (refs.departments.get(c.departmentId)?.name ?? c.departmentId) : '',
    service_notice: '',
    requested_datetime: w3c(c.submittedAt),
    updated_datetime: w3c(c.updatedAt),
    expected_datetime: w3c(c.finishBy),
    address: t?.name ?? c.townshipId,
    address_id: c.townshipId,
    zipcode: '',
    media_url: ''
  }
  if (t?.center) {
    out.lat = t.center.lat
    out.long = t.center.lng
  }
  return out
}

/** GET /requests filters, checked: service_code (comma list), status, start_date / end_date (at most 90 days apart), lat/long + radius. */
export interface RequestFilters {
  serviceCodes?: string[]
  status?: 'open' | 'closed'
  from: Date
  to: Date
  near?: { lat: number; lng: number; radius: number }
}
export const DEFAULT_WINDOW_DAYS = 90
export const MAX_RADIUS_M = 100_000

export function parseFilters(q: Record<string, string | undefined>, now: Date): RequestFilters {
  const bad = (what: string) => new Open311Failure(400, `${what} is invalid`)
  const f: RequestFilters = { from: startOfDay(addDays(dayKey(now), -DEFAULT_WINDOW_DAYS)), to: now }
  if (q.service_code) {
    const codes = q.service_code.split(',').map((s) => s.trim()).filter(Boolean)
    if (!codes.length || codes.length > 50 || codes.some((c) => !/^[A-Za-z0-9_-]{1,64}$/.test(c))) throw bad('service_code')
    f.serviceCodes = codes
  }
  if (q.status) {
    if (q.status !== 'open' && q.status !== 'closed') throw bad('status')
    f.status = q.status
  }
  const end = q.end_date ? parseW3c(q.end_date) : null
  const start = q.start_date ? parseW3c(q.start_date) : null
  if (q.end_date && !end) throw bad('end_date')
  if (q.start_date && !start) throw bad('start_date')
  if (end) f.to = end
  f.from = start ?? new Date(f.to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000)
  if (f.from > f.to) throw bad('start_date')
  if (f.to.getTime() - f.from.getTime() > DEFAULT_WINDOW_DAYS * 86_400_000) throw new Open311Failure(400, `start_date and end_date may be at most ${DEFAULT_WINDOW_DAYS} days apart`)
  if (q.lat !== undefined || q.long !== undefined || q.radius !== undefined) {
    const lat = Number(q.lat)
    const lng = Number(q.long)
    const radius = q.radius === undefined ? 5000 : Number(q.radius)
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw bad('lat')
    if (!Number.isFinite(lng) || lng < -180 || lng > 180) throw bad('long')
    if (!Number.isFinite(radius) || radius <= 0 || radius > MAX_RADIUS_M) throw bad('radius')
    f.near = { lat, lng, radius }
  }
  return f
}

/** A POST /requests body, checked. The place must be a point (lat/long) inside the county. */
export interface NewRequest {
  serviceCode: string
  lat: number
  lng: number
  address?: string
  description: string
  name?: string
  phone?: string
}
export function parseNewRequest(p: Record<string, string | undefined>): NewRequest {
  const bad = (what: string) => new Open311Failure(400, `${what} is invalid`)
  const code = p.service_code?.trim()
  if (!code) throw new Open311Failure(400, 'service_code is required')
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(code)) throw bad('service_code')
  if (p.lat === undefined || p.long === undefined) throw new Open311Failure(400, 'lat and long are required (address_string alone cannot be located)')
  const lat = Number(p.lat)
  const lng = Number(p.long)
  if (!Number.isFinite(lat) || lat < 3 || lat > 54) throw bad('lat')
  if (!Number.isFinite(lng) || lng < 73 || lng > 136) throw bad('long')
  const description = (p.description ?? '').trim()
  if (Array.from(description).length < 5) throw new Open311Failure(400, 'description is required (at least 5 characters)')
  if (Array.from(description).length > 1000) throw bad('description')
  const out: NewRequest = { serviceCode: code, lat, lng, description }
  const address = p.address_string?.trim()
  if (address) {
    if (address.length > 200) throw bad('address_string')
    out.address = address
  }
  const name = [p.last_name, p.first_name].map((s) => (s ?? '').trim()).join('').trim()
  if (name) {
    if (Array.from(name).length > 20) throw bad('first_name')
    out.name = name
  }
  const phone = p.phone?.trim().replace(/^\+?86[- ]?/, '').replace(/[\s-]/g, '')
  if (phone) {
    if (!/^1\d{10}$/.test(phone)) throw bad('phone')
    out.phone = phone
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------------------

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
}

function xmlValue(name: string, v: unknown, itemOf: (name: string) => string): string {
  if (v === undefined || v === null) return `<${name}/>`
  if (Array.isArray(v)) return `<${name}>${v.map((x) => xmlValue(itemOf(name), x, itemOf)).join('')}</${name}>`
  if (typeof v === 'object') return `<${name}>${Object.entries(v as Record<string, unknown>).map(([k, x]) => xmlValue(k, x, itemOf)).join('')}</${name}>`
  return `<${name}>${escapeXml(String(v))}</${name}>`
}

/** Plural containers → their items (GeoReport v2's XML). */
const XML_ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value'
}

export function toXml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${xmlValue(root, body, (n) => XML_ITEMS[n] ?? 'item')}`
}

export function errorBody(status: number, description: string): Open311Error[] {
  return [{ code: status, description }]
}
