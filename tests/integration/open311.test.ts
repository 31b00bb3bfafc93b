// Open311 GeoReport v2 contract over real HTTP against the emulator (CloudBase HTTP access → the open311
// function): discovery, services, requests (list, one, create), tokens, JSON and XML; bad keys, bad parameters
// and oversized bodies answer the spec's error arrays and write nothing; reads show only the board's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseDoc } from '../../cloudfunctions/core/types'
import { startStack, type Stack } from '../helpers/stack'
import { allDocs, countDocs, DONGMEN_POINT, P, roadCase, submitAs } from './helpers'

let stack: Stack
let key = ''
let published: CaseDoc
const base = () => `${stack.url}/open311/v2`

beforeAll(async () => {
  stack = await startStack()
  key = (await stack.as(P.admin).ok('admin', 'createApiKey', { clientId: 'city-app', name: '城市服务App' })).key
  // A published case: consented, handled, its summary approved by the county.
  const c = await submitAs(stack, P.resident1, roadCase({ publicConsent: true, contact: { name: '王秀英', phone: '13812345678' } }))
  await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
  await stack.as(P.zhujian).ok('staff', 'resolve', { caseId: c._id, text: '已修补路面坑洞', summary: '东门社区北门路面坑洞已修补' })
  await stack.as(P.dispatcher).ok('admin', 'publishSummary', { caseId: c._id })
  published = (await allDocs<CaseDoc>(stack, 'cases', { _id: c._id }))[0]!
  expect(published.publicState).toBe('published')
})
afterAll(async () => {
  await stack?.close()
})

const form = (o: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() })
const newRequest = (o: Record<string, string> = {}) => ({
  api_key: key,
  service_code: 'cat-road',
  lat: String(DONGMEN_POINT.lat),
  long: String(DONGMEN_POINT.lng),
  address_string: '东门社区北门',
  description: '东门社区北门路面有坑，雨天积水',
  first_name: '建国',
  last_name: '李',
  phone: '13900009999',
  ...o
})

describe('reads', () => {
  it('discovery and services, in JSON and XML', async () => {
    const d = (await (await fetch(`${base()}/discovery.json`)).json()) as any
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json', 'text/xml'] })
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2\/$/)
    const s = await fetch(`${base()}/services.json`)
    expect(s.headers.get('content-type')).toMatch(/application\/json/)
    const services = (await s.json()) as any[]
    expect(services.find((x) => x.service_code === 'cat-road')).toMatchObject({ service_name: expect.any(String), metadata: false, type: 'realtime' })
    const x = await fetch(`${base()}/services.xml`)
    expect(x.headers.get('content-type')).toMatch(/text\/xml/)
    const xml = await x.text()
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>/)
    expect(xml).toContain('<service_code>cat-road</service_code>')
    expect(await (await fetch(`${base()}/services/cat-road.json`)).json()).toEqual({ service_code: 'cat-road', attributes: [] })
    const missing = await fetch(`${base()}/services/nope.xml`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe('<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>service_code not found</description></error></errors>')
  })

  it('requests: only published cases, in the spec fields, without contact data; one by id; filters', async () => {
    // An unpublished case never shows.
    const hidden = await submitAs(stack, P.resident2, roadCase({ text: '小区门口的路灯坏了好几天了' }))
    const list = (await (await fetch(`${base()}/requests.json`)).json()) as any[]
    expect(list.map((r) => r.service_request_id)).toEqual([published.no])
    const r = list[0]
    expect(r).toMatchObject({ status: 'closed', service_code: 'cat-road', description: '东门社区北门路面坑洞已修补', agency_responsible: expect.stringContaining('住建'), address: '中都街道' })
    expect(r.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
    expect(r.expected_datetime).toMatch(/\+08:00$/)
    expect(typeof r.lat).toBe('number')
    const text = JSON.stringify(list)
    for (const secret of ['13812345678', '王秀英', published.text, hidden._id]) expect(text).not.toContain(secret)
    expect(((await (await fetch(`${base()}/requests/${published.no}.json`)).json()) as any[])[0].service_request_id).toBe(published.no)
    expect((await fetch(`${base()}/requests/${hidden.no}.json`)).status).toBe(404)
    const one = await (await fetch(`${base()}/requests/${published.no}.xml`)).text()
    expect(one).toContain(`<service_requests><request><service_request_id>${published.no}</service_request_id>`)
    // Filters.
    const q = async (s: string) => ((await (await fetch(`${base()}/requests.json?${s}`)).json()) as any[]).length
    expect(await q('service_code=cat-road,cat-policy')).toBe(1)
    expect(await q('service_code=cat-policy')).toBe(0)
    expect(await q('status=open')).toBe(0)
    expect(await q('status=closed')).toBe(1)
    expect(await q(`lat=${DONGMEN_POINT.lat}&long=${DONGMEN_POINT.lng}&radius=8000`)).toBe(1)
    expect(await q('lat=35.55&long=116.35&radius=500')).toBe(0)
    expect(await q('start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-02-01T00:00:00%2B08:00')).toBe(0)
  })

  it('bad parameters, paths, methods and jurisdictions answer the spec error array', async () => {
    for (const [url, status] of [
      ['/requests.json?status=pending', 400],
      ['/requests.json?start_date=yesterday', 400],
      ['/requests.json?start_date=2026-01-01&end_date=2026-12-01', 400],
      ['/requests.json?lat=95&long=116', 400],
      ['/requests.json?jurisdiction_id=elsewhere', 404],
      ['/requests.yaml', 404],
      ['/requests/..%2Fx.json', 404]
    ] as const) {
      const res = await fetch(`${base()}${url}`)
      expect(res.status, url).toBe(status)
      const body = (await res.json()) as any
      expect(body, url).toEqual([{ code: status, description: expect.any(String) }])
    }
    const del = await fetch(`${base()}/services.json`, { method: 'DELETE' })
    expect(del.status).toBe(405)
  })
})

describe('writes', () => {
  it('POST with a live key creates a case on the open311 channel; the token resolves to its id', async () => {
    const before = await countDocs(stack, 'cases')
    const res = await fetch(`${base()}/requests.json`, form(newRequest()))
    expect(res.status).toBe(201)
    const [created] = (await res.json()) as any[]
    expect(created).toMatchObject({ service_request_id: expect.stringMatching(/^WS\d{12}$/), token: expect.any(String) })
    expect(await countDocs(stack, 'cases')).toBe(before + 1)
    const doc = (await allDocs<CaseDoc>(stack, 'cases', { _id: created.token }))[0]!
    expect(doc).toMatchObject({ channel: { type: 'open311', clientId: 'city-app' }, filedBy: 'open311:city-app', residentOpenid: null, contact: { name: '李建国', phone: '13900009999' } })
    expect(await (await fetch(`${base()}/tokens/${created.token}.json`)).json()).toEqual([{ service_request_id: created.service_request_id, token: created.token }])
    // JSON bodies and the XML answer work too.
    const x = await fetch(`${base()}/requests.xml`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(newRequest({ description: '路口信号灯不亮，晚上很危险' })) })
    expect(x.status).toBe(201)
    expect(await x.text()).toMatch(/<service_requests><request><service_request_id>WS\d{12}<\/service_request_id><token>/)
  })

  it('bad keys, bad parameters and oversized bodies answer errors and write nothing', async () => {
    const before = await countDocs(stack, 'cases')
    const cases: Array<[Record<string, string>, number]> = [
      [newRequest({ api_key: '' }), 403],
      [newRequest({ api_key: 'o311_' + '0'.repeat(48) }), 403],
      [newRequest({ service_code: 'nope' }), 404],
      [newRequest({ lat: '', long: '' }), 400],
      [newRequest({ lat: '35.6', long: 'east' }), 400],
      [newRequest({ lat: '39.9', long: '116.4' }), 400],
      [newRequest({ description: '坑' }), 400],
      [newRequest({ phone: '12345' }), 400],
      [newRequest({ jurisdiction_id: 'elsewhere' }), 404]
    ]
    for (const [body, status] of cases) {
      const res = await fetch(`${base()}/requests.json`, form(body))
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status)
      expect(((await res.json()) as any[])[0]).toMatchObject({ code: status })
    }
    const big = await fetch(`${base()}/requests.json`, form(newRequest({ description: '很长'.repeat(10_000) })))
    expect(big.status).toBe(413)
    expect(((await big.json()) as any[])[0].code).toBe(413)
    expect(await countDocs(stack, 'cases')).toBe(before)
  })

  it('a revoked key is refused; keys are stored hashed; only the county admin manages keys', async () => {
    const k = await stack.as(P.admin).ok('admin', 'createApiKey', { clientId: 'old-app', name: '旧应用' })
    const stored = await allDocs(stack, 'api_keys', { clientId: 'old-app' })
    expect(JSON.stringify(stored)).not.toContain(k.key)
    expect(stored[0]._id).toMatch(/^[0-9a-f]{64}$/)
    expect(await stack.as(P.admin).call('admin', 'createApiKey', { clientId: 'old-app', name: '旧应用' })).toMatchObject({ ok: false, code: 'INVALID_STATE' })
    await stack.as(P.admin).ok('admin', 'revokeApiKey', { clientId: 'old-app' })
    const res = await fetch(`${base()}/requests.json`, form(newRequest({ api_key: k.key })))
    expect(res.status).toBe(403)
    for (const who of [P.dispatcher, P.township, P.resident1]) {
      expect(await stack.as(who).call('admin', 'createApiKey', { clientId: 'x-app', name: 'X' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
    const list = await stack.as(P.admin).ok('admin', 'apiKeys', {})
    expect(list.items.find((i) => i.clientId === 'old-app')?.revokedAt).toBeTruthy()
  })

  it('each key is limited per minute (30): past it, 429 and nothing written', async () => {
    const k = (await stack.as(P.admin).ok('admin', 'createApiKey', { clientId: 'busy-app', name: '高频应用' })).key
    await stack.advanceClock(60_000 - ((await stack.now()).getTime() % 60_000) + 1000)
    const before = await countDocs(stack, 'cases')
    const codes: number[] = []
    for (let i = 0; i < 31; i++) codes.push((await fetch(`${base()}/requests.json`, form(newRequest({ api_key: k, lat: 'x' })))).status)
    expect(codes.slice(0, 30).every((c) => c === 400)).toBe(true)
    expect(codes[30]).toBe(429)
    expect(await countDocs(stack, 'cases')).toBe(before)
    await stack.advanceClock(60_000)
    expect((await fetch(`${base()}/requests.json`, form(newRequest({ api_key: k })))).status).toBe(201)
  })

  it('handoff: POSTed by a client → routed, accepted and resolved by staff, claimed and rated by the caller, published → read back closed', async () => {
    const res = await fetch(`${base()}/requests.json`, form(newRequest({ phone: '13900001212', description: '东门社区北门井盖松动，车辆经过响声很大' })))
    expect(res.status).toBe(201)
    const [{ token, service_request_id: no }] = (await res.json()) as any[]
    let c = (await allDocs<CaseDoc>(stack, 'cases', { _id: token }))[0]!
    expect(c.state).toBe('dispatched')
    const handler = c.departmentId === 'dp-zhujian' ? P.zhujian : null
    const who = handler ?? P.grid
    await stack.as(who).ok('staff', 'accept', { caseId: token })
    await stack.as(who).ok('staff', 'resolve', { caseId: token, text: '井盖已经重新固定', summary: '东门社区北门井盖已重新固定' })
    // Not published yet: still invisible to the API.
    expect((await fetch(`${base()}/requests/${no}.json`)).status).toBe(404)
    const claimed = await stack.as('o-open311-caller').ok('user', 'claimByPhone', { code: 'phone:13900001212' })
    expect(claimed.claimed.map((x) => x._id)).toEqual([token])
    await stack.as('o-open311-caller').ok('petition', 'setPublication', { caseId: token, consent: true })
    const rated = await stack.as('o-open311-caller').ok('petition', 'rate', { caseId: token, rating: 'satisfied' })
    expect(rated.state).toBe('closed')
    await stack.as(P.dispatcher).ok('admin', 'publishSummary', { caseId: token })
    c = (await allDocs<CaseDoc>(stack, 'cases', { _id: token }))[0]!
    expect(c.publicState).toBe('published')
    const [read] = (await (await fetch(`${base()}/requests/${no}.json`)).json()) as any[]
    // The description is exactly what the board shows (the redacted public summary).
    const board = await stack.as(P.resident2).ok('petition', 'board', { pageSize: 50 })
    const item = board.items.find((i) => i.no === no)!
    expect(read).toMatchObject({ service_request_id: no, status: 'closed', status_notes: '已关闭', description: item.summary })
    expect(JSON.stringify(read)).not.toContain('13900001212')
  })
})
