// Open311 GeoReport v2, pure part: paths, W3C times, filters, a POST's parameters, XML.
import { describe, expect, it } from 'vitest'
import { parseFilters, parseNewRequest, parsePath, toXml, w3c, escapeXml, Open311Failure, statusOf } from '../../../cloudfunctions/core/open311'
import { bj } from './fixtures'

describe('open311 core', () => {
  it('paths: routes, ids and the format suffix', () => {
    expect(parsePath('/v2/services.json')).toEqual({ route: 'services', format: 'json' })
    expect(parsePath('/v2/services/cat-road.xml')).toEqual({ route: 'service', id: 'cat-road', format: 'xml' })
    expect(parsePath('/v2/requests/WS202612010001.json')).toEqual({ route: 'request', id: 'WS202612010001', format: 'json' })
    expect(parsePath('/v2/tokens/abc.json')).toEqual({ route: 'token', id: 'abc', format: 'json' })
    expect(parsePath('/v2/discovery.xml')).toEqual({ route: 'discovery', format: 'xml' })
    for (const bad of ['/v2/requests', '/v2/requests.yaml', '/v2/tokens.json', '/v2/discovery/x.json', '/v2/requests/../x.json']) expect(parsePath(bad), bad).toBeNull()
  })

  it('W3C times in Beijing whatever the process TZ', () => {
    expect(w3c(new Date('2026-12-01T01:00:00Z'))).toBe('2026-12-01T09:00:00+08:00')
  })

  it('filters: defaults to the last 90 days; bad values and too wide windows are 400', () => {
    const now = bj('2026-12-01 09:00')
    const f = parseFilters({}, now)
    expect(f.to).toEqual(now)
    expect((now.getTime() - f.from.getTime()) / 86_400_000).toBeGreaterThanOrEqual(89)
    expect(parseFilters({ service_code: 'a,b', status: 'closed', lat: '35.7', long: '116.5', radius: '1000' }, now)).toMatchObject({ serviceCodes: ['a', 'b'], status: 'closed', near: { lat: 35.7, lng: 116.5, radius: 1000 } })
    for (const q of [{ status: 'x' }, { start_date: 'x' }, { start_date: '2026-01-01', end_date: '2026-12-01' }, { lat: '91', long: '1' }, { lat: '35', long: '116', radius: '0' }, { service_code: 'a b' }]) {
      expect(() => parseFilters(q, now), JSON.stringify(q)).toThrow(Open311Failure)
    }
  })

  it('a POST: point required, description 5–1000, phone normalised, names joined 姓 + 名', () => {
    const ok = parseNewRequest({ service_code: 'cat-road', lat: '35.74', long: '116.48', description: '路面有坑积水', last_name: '李', first_name: '建国', phone: '+86 139-0000-9999' })
    expect(ok).toEqual({ serviceCode: 'cat-road', lat: 35.74, lng: 116.48, description: '路面有坑积水', name: '李建国', phone: '13900009999' })
    for (const p of [{}, { service_code: 'x' }, { service_code: 'x', lat: '35', long: '116', description: '短' }, { service_code: 'x', lat: '1', long: '116', description: '路面有坑积水' }]) {
      expect(() => parseNewRequest(p), JSON.stringify(p)).toThrow(Open311Failure)
    }
  })

  it('XML: plural containers hold their items; text is escaped', () => {
    expect(toXml('errors', [{ code: 400, description: 'a<b & "c"' }])).toBe('<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>a&lt;b &amp; &quot;c&quot;</description></error></errors>')
    expect(toXml('service_requests', [{ service_request_id: 'WS1', lat: 35.7, media_url: '' }])).toBe('<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>WS1</service_request_id><lat>35.7</lat><media_url></media_url></request></service_requests>')
    expect(escapeXml('a\u0001b')).toBe('ab')
    expect(statusOf({ state: 'accepted' })).toBe('open')
    expect(statusOf({ state: 'withdrawn' })).toBe('closed')
  })
})
