// CloudBase's storage permissions, emulated (issue 14, part 2): every file remembers its creator; clients (the
// H5 gateway) write only what they created and read as the schema file's `storage.permission` says; the admin
// SDK bypasses the rule and hands out signed, expiring temp URLs; stored files are served with nosniff, and
// active types (SVG, HTML…) as downloads. Through real HTTP and the real SDK.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type StartedEmulator } from '../helpers/emulator'
import { validateSchema } from '../../emulator/src/db/schema'

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-rules-'))
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }))

function schemaWith(permission?: string): string {
  const file = path.join(TMP, `schema-${permission ?? 'none'}.json`)
  fs.writeFileSync(file, JSON.stringify({ collections: {}, ...(permission ? { storage: { permission } } : {}) }))
  return file
}

async function session(emu: StartedEmulator, openid: string): Promise<Record<string, string>> {
  const r = await fetch(`${emu.url}/gateway/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })
  return { authorization: `Bearer ${((await r.json()) as any).token}` }
}

const upload = (emu: StartedEmulator, auth: Record<string, string>, p: string, body: string | Buffer) =>
  fetch(`${emu.url}/gateway/upload?path=${encodeURIComponent(p)}`, { method: 'POST', headers: auth, body })

const download = (emu: StartedEmulator, auth: Record<string, string>, fileID: string) =>
  fetch(`${emu.url}/gateway/file?fileID=${encodeURIComponent(fileID)}`, { headers: auth })

describe('PRIVATE (creator reads and writes)', () => {
  let emu: StartedEmulator
  let alice: Record<string, string>
  let mallory: Record<string, string>
  beforeAll(async () => {
    emu = await startEmulator({ devLogin: true, schemaPath: schemaWith('PRIVATE') })
    alice = await session(emu, 'o_alice')
    mallory = await session(emu, 'o_mallory')
  })
  afterAll(async () => emu?.close())

  it("another user cannot overwrite a file by uploading to the same path (raw or multipart)", async () => {
    const first = await upload(emu, alice, 'petitions/alice/1.png', 'alice photo')
    expect(first.status).toBe(200)
    const { fileID } = (await first.json()) as any
    const raw = await upload(emu, mallory, 'petitions/alice/1.png', 'mallory photo')
    expect(raw.status).toBe(403)
    expect(((await raw.json()) as any).code).toBe('STORAGE_EXCEED_AUTHORITY')
    const form = new FormData()
    form.append('path', 'petitions/alice/1.png')
    form.append('file', new Blob(['mallory again'], { type: 'image/png' }), '1.png')
    expect((await fetch(`${emu.url}/gateway/upload`, { method: 'POST', headers: mallory, body: form })).status).toBe(403)
    // The creator may replace her own file.
    expect((await upload(emu, alice, 'petitions/alice/1.png', 'alice photo v2')).status).toBe(200)
    const { fileList } = await emu.app.getTempFileURL({ fileList: [fileID] })
    expect(await (await fetch(encodeURI(fileList[0]!.tempFileURL))).text()).toBe('alice photo v2')
  })

  it('serves a file only to a session allowed by the rule: not without a token, not to another user', async () => {
    const { fileID } = (await (await upload(emu, alice, 'petitions/alice/2.jpg', 'jpeg')).json()) as any
    expect((await download(emu, {}, fileID)).status).toBe(401)
    expect((await download(emu, mallory, fileID)).status).toBe(403)
    const own = await download(emu, alice, fileID)
    expect(own.status).toBe(200)
    expect(await own.text()).toBe('jpeg')
  })

  it('the admin SDK bypasses the rule: its temp URLs carry a signature and an expiry, not a session token', async () => {
    const { fileID } = (await (await upload(emu, alice, 'petitions/alice/3.png', 'png')).json()) as any
    const { fileList } = await emu.app.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] })
    const url = new URL(encodeURI(fileList[0]!.tempFileURL))
    expect([...url.searchParams.keys()].sort()).toEqual(['sign', 't'])
    expect(url.toString()).not.toContain(alice.authorization!.slice(7))
    expect((await fetch(url)).status).toBe(200)
    await fetch(`${emu.url}/__emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 61_000 }) })
    expect((await fetch(url)).status).toBe(403)
    // The admin may overwrite; the file keeps its creator.
    await emu.app.uploadFile({ cloudPath: 'petitions/alice/3.png', fileContent: Buffer.from('by admin') })
    expect(await (await download(emu, alice, fileID)).text()).toBe('by admin')
  })

  it('a file the admin created is not writable by clients', async () => {
    const { fileID } = await emu.app.uploadFile({ cloudPath: 'config/banner.png', fileContent: Buffer.from('admin') })
    expect((await upload(emu, alice, 'config/banner.png', 'x')).status).toBe(403)
    expect((await download(emu, alice, fileID)).status).toBe(403)
  })
})

describe('READONLY (the default: everyone reads, the creator writes)', () => {
  let emu: StartedEmulator
  beforeAll(async () => {
    emu = await startEmulator({ devLogin: true, schemaPath: schemaWith() })
  })
  afterAll(async () => emu?.close())

  it('others read but cannot overwrite', async () => {
    const alice = await session(emu, 'o_alice')
    const bob = await session(emu, 'o_bob')
    const { fileID } = (await (await upload(emu, alice, 'shared/a.png', 'a')).json()) as any
    expect((await download(emu, bob, fileID)).status).toBe(200)
    expect((await upload(emu, bob, 'shared/a.png', 'b')).status).toBe(403)
    expect(await (await download(emu, bob, fileID)).text()).toBe('a')
  })
})

describe('ADMINWRITE and the schema file', () => {
  it('ADMINWRITE refuses every client upload', async () => {
    const emu = await startEmulator({ devLogin: true, schemaPath: schemaWith('ADMINWRITE') })
    try {
      const alice = await session(emu, 'o_alice')
      expect((await upload(emu, alice, 'x/a.png', 'a')).status).toBe(403)
    } finally {
      await emu.close()
    }
  })

  it('validates storage.permission', () => {
    expect(validateSchema({ collections: {}, storage: { permission: 'PRIVATE' } }).storage).toEqual({ permission: 'PRIVATE', description: undefined })
    expect(() => validateSchema({ collections: {}, storage: { permission: 'EVERYONE' } })).toThrow(/storage\.permission/)
  })

  it('the project schema file keeps photos private to their creator', () => {
    const project = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../cloudfunctions/database.schema.json'), 'utf8'))
    expect(validateSchema(project).storage?.permission).toBe('PRIVATE')
  })
})

describe('serving stored files', () => {
  let emu: StartedEmulator
  beforeAll(async () => {
    emu = await startEmulator({ devLogin: true })
  })
  afterAll(async () => emu?.close())

  it('sends nosniff, photos inline, and SVG / HTML / unknown types as downloads', async () => {
    const auth = await session(emu, 'o_alice')
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    const cases: Array<[string, string, boolean]> = [
      ['f/a.png', 'png', false],
      ['f/a.jpg', 'jpg', false],
      ['f/a.svg', svg, true],
      ['f/a.html', '<script>alert(1)</script>', true],
      ['f/a.xml', '<x/>', true],
      ['f/noext', 'data', true]
    ]
    for (const [p, body, attachment] of cases) {
      const { fileID } = (await (await upload(emu, auth, p, body)).json()) as any
      for (const res of [await download(emu, auth, fileID), await fetch(encodeURI((await emu.app.getTempFileURL({ fileList: [fileID] })).fileList[0]!.tempFileURL))]) {
        expect(res.status, p).toBe(200)
        expect(res.headers.get('x-content-type-options'), p).toBe('nosniff')
        expect(res.headers.get('access-control-allow-origin'), p).toBeNull()
        if (attachment) expect(res.headers.get('content-disposition'), p).toMatch(/^attachment;/)
        else expect(res.headers.get('content-disposition'), p).toBeNull()
      }
    }
  })
})
