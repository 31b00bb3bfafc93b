// Conformance of the HTTP layer: envelope, content type, errors for bad input, limits, routes, close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, sdkApp, type StartedEmulator } from '../helpers/emulator'

let emu: StartedEmulator

beforeAll(async () => {
  emu = await startEmulator({ services: false })
  await emu.db.createCollection('s')
})
afterAll(async () => emu?.close())

const post = async (body: string | Buffer, path = '/admin') => {
  const res = await fetch(emu.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as any }
}

describe('HTTP envelope', () => {
  it('answers JSON with the exact content type and a requestId', async () => {
    const r = await post(JSON.stringify({ action: 'database.calculateDocument', collectionName: 's' }))
    expect(r.status).toBe(200)
    expect(r.type).toBe('application/json; charset=utf-8')
    expect(typeof r.json.requestId).toBe('string')
    expect(r.json.data).toEqual({ total: 0 })
  })

  it('any /admin/... path and the SDK query string work', async () => {
    const r = await post(JSON.stringify({ action: 'database.calculateDocument', collectionName: 's' }), '/admin/x/y?env=local&seqId=1')
    expect(r.json.data).toEqual({ total: 0 })
  })

  it('unknown action → INVALID_ACTION naming the action', async () => {
    const r = await post(JSON.stringify({ action: 'database.fooBar' }))
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ code: 'INVALID_ACTION' })
    expect(r.json.message).toContain('database.fooBar')
    expect(typeof r.json.requestId).toBe('string')
  })

  it('malformed JSON, non-object bodies and a missing action answer errors', async () => {
    expect((await post('{"action": "database.getDocument", ')).json.code).toBe('INVALID_PARAM')
    expect((await post('[1,2]')).json.code).toBe('INVALID_PARAM')
    expect((await post('"x"')).json.code).toBe('INVALID_PARAM')
    expect((await post('{}')).json.code).toBe('INVALID_PARAM')
    expect((await post('')).json.code).toBe('INVALID_PARAM')
  })

  it('bad EJSON and bad parameters answer INVALID_PARAM', async () => {
    const bad = [
      { action: 'database.getDocument', collectionName: 's', query: '{not json' },
      { action: 'database.getDocument', collectionName: 's', query: '{"d":{"$date":{"$numberLong":"abc"}}}' },
      { action: 'database.getDocument', collectionName: 's', query: '{"a":{"$regularExpression":{"pattern":"(","options":""}}}' },
      { action: 'database.getDocument', collectionName: 's', query: '[1]' },
      { action: 'database.getDocument', collectionName: 's', limit: -1 },
      { action: 'database.getDocument', collectionName: 's', order: '{"a":"sideways"}' },
      { action: 'database.insertDocument', collectionName: 's', data: ['{"a":'] },
      { action: 'database.insertDocument', collectionName: 's', data: [] },
      { action: 'database.modifyDocument', collectionName: 's', query: '{}', data: '{"$set":{"a":1},"b":2}' },
      { action: 'database.getDocument', collectionName: { $ne: 1 } },
      { action: 'database.getDocument' }
    ]
    for (const b of bad) {
      const r = await post(JSON.stringify(b))
      expect(r.status, JSON.stringify(b)).toBe(200)
      expect(r.json.code, JSON.stringify(b)).toBe('INVALID_PARAM')
    }
    // the server is still fine
    expect((await emu.db.collection('s').count()).total).toBe(0)
  })

  it('a body over 10 MB answers 413 and the server keeps serving', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 'a')
    const r = await fetch(emu.adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }).catch(e => e)
    if (r instanceof Response) {
      expect(r.status).toBe(413)
      expect(((await r.json()) as any).code).toBe('PAYLOAD_TOO_LARGE')
    }
    expect((await emu.db.collection('s').count()).total).toBe(0)
  })

  it('a large but allowed insert (5 MB) works', async () => {
    const text = 'x'.repeat(5 * 1024 * 1024)
    const id: string = (await emu.db.collection('s').add({ text })).id!
    const { data } = await emu.db.collection('s').doc(id).get()
    expect(data[0].text.length).toBe(text.length)
    await emu.db.collection('s').doc(id).remove()
  })

  it('other paths answer 404; GET /admin answers 405', async () => {
    const r = await fetch(emu.url + '/nope')
    expect(r.status).toBe(404)
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect((await fetch(emu.adminUrl)).status).toBe(405)
  })

  it('SDK errors surface as thrown errors with the CloudBase code', async () => {
    const db = sdkApp(emu.adminUrl, { 'x-extra': '1' }).database()
    await expect(db.collection('missing').get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
  })
})

describe('lifecycle', () => {
  it('close() stops the server, is idempotent, and another emulator can start', async () => {
    const e2 = await startEmulator({ services: false })
    await e2.db.createCollection('c')
    await e2.db.collection('c').add({ a: 1 })
    await e2.close()
    await e2.close()
    await expect(fetch(e2.adminUrl, { method: 'POST', body: '{}' })).rejects.toThrow()
    const e3 = await startEmulator({ services: false })
    await expect(e3.db.collection('c').get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await e3.close()
  })

  it('starts with the services module when it is present, database actions unaffected', async () => {
    const e4 = await startEmulator()
    try {
      await e4.db.createCollection('c')
      await e4.db.collection('c').add({ a: 1 })
      expect((await e4.db.collection('c').count()).total).toBe(1)
    } finally {
      await e4.close()
    }
  })
})
