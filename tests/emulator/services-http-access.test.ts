// HTTP access (cloudbaserc `http` routes) over real HTTP: a path prefix reaches its function with an
// API-gateway event; the integration response comes back as status, headers and body.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type StartedEmulator } from '../helpers/emulator'
import { matchHttpRoute } from '../../emulator/src/services/httpaccess'
import { normalizeHttpRoutes } from '../../emulator/src/services/config'

const RC = path.resolve(__dirname, '../fixtures/functions/cloudbaserc.json')
let emu: StartedEmulator

beforeAll(async () => {
  emu = await startEmulator({ cloudbasercPath: RC })
})
afterAll(async () => {
  await emu?.close()
})

describe('HTTP access', () => {
  it('routes a path prefix to its function with an API-gateway event', async () => {
    const res = await fetch(`${emu.url}/echo/v2/requests.json?service_code=a&service_code=b&x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-Custom': 'v' },
      body: 'api_key=k&description=%E8%B7%AF'
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('x-echo')).toBe('yes')
    const { event } = (await res.json()) as any
    expect(event).toMatchObject({
      path: '/echo/v2/requests.json',
      httpMethod: 'POST',
      queryStringParameters: { service_code: 'a', x: '1' },
      body: 'api_key=k&description=%E8%B7%AF',
      isBase64Encoded: false,
      requestContext: { path: '/echo', httpMethod: 'POST' }
    })
    expect(event.headers['x-custom']).toBe('v')
  })

  it('the longest prefix wins; status codes pass through; non-integration answers are JSON 200; binary bodies round-trip', async () => {
    const deep = (await (await fetch(`${emu.url}/echo/deep/x`)).json()) as any
    expect(deep.triggerSrc).toBe('http')
    expect((await fetch(`${emu.url}/echo?status=404`)).status).toBe(404)
    expect(await (await fetch(`${emu.url}/echo?raw=1`)).json()).toEqual({ plain: true, path: '/echo' })
    const bin = Buffer.from(await (await fetch(`${emu.url}/echo?binary=1`)).arrayBuffer())
    expect([...bin]).toEqual([0, 1, 2, 255])
    const crash = await fetch(`${emu.url}/echo?crash=1`)
    expect(crash.status).toBe(502)
    expect(((await crash.json()) as any).code).toBe('FUNCTIONS_EXECUTE_FAIL')
    // Not a route: /echoes is not under /echo.
    expect((await fetch(`${emu.url}/echoes`)).status).toBe(404)
  })

  it('bodies over 6 MB answer 413 without reaching the function', async () => {
    const res = await fetch(`${emu.url}/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(6 * 1024 * 1024 + 1) })
    expect(res.status).toBe(413)
  })

  it('validates the routes of cloudbaserc', () => {
    expect(normalizeHttpRoutes([{ path: '/open311/', function: 'open311' }])).toEqual([{ path: '/open311', function: 'open311' }])
    expect(() => normalizeHttpRoutes([{ path: 'open311', function: 'x' }])).toThrow()
    expect(() => normalizeHttpRoutes([{ path: '/a/../b', function: 'x' }])).toThrow()
    expect(() => normalizeHttpRoutes({})).toThrow()
    expect(matchHttpRoute([{ path: '/a', function: 'f' }, { path: '/a/b', function: 'g' }], '/a/b/c')?.function).toBe('g')
  })
})
