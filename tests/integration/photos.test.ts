// Photos (issue 14, part 2): a case accepts only this environment's file ids under the caller's own upload prefix
// (chosen by the platform: Me.uploadPrefix), for submit, supplement, resolve, resolveOnSpot and proxySubmit;
// anything else is PHOTO_INVALID and writes nothing. Files are private to their creator; whoever may see the case
// gets signed temp URLs (CaseDetail.photoUrls). Through the H5 gateway (upload, call) and the real SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseDetail, Envelope, Me } from '../../typings/api'
import { ERROR_MESSAGES } from '../../typings/api'
import { startStack, type Stack } from '../helpers/stack'
import { caseTimeline, countDocs, countEvents, P, roadCase, submitAs } from './helpers'

let stack: Stack
const tokens = new Map<string, string>()

beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

async function token(openid: string): Promise<string> {
  let t = tokens.get(openid)
  if (!t) {
    const r = await fetch(`${stack.url}/gateway/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })
    t = ((await r.json()) as { token: string }).token
    tokens.set(openid, t)
  }
  return t
}

/** A call through the H5 gateway, as the mini program's H5 build makes it. */
async function gw<T = any>(openid: string, fn: string, action: string, data: unknown): Promise<Envelope<T>> {
  const r = await fetch(`${stack.url}/gateway/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(openid)}` },
    body: JSON.stringify({ name: fn, data: { action, data } })
  })
  return ((await r.json()) as { result: Envelope<T> }).result
}

async function ok<T = any>(openid: string, fn: string, action: string, data: unknown): Promise<T> {
  const env = await gw<T>(openid, fn, action, data)
  if (!env.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(env)}`)
  return env.data
}

async function upload(openid: string, path: string, bytes = 'png bytes'): Promise<{ status: number; fileID?: string }> {
  const r = await fetch(`${stack.url}/gateway/upload?path=${encodeURIComponent(path)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token(openid)}`, 'content-type': 'image/png' },
    body: bytes
  })
  return { status: r.status, ...((await r.json()) as { fileID?: string }) }
}

async function prefixOf(openid: string): Promise<string> {
  return (await ok<Me>(openid, 'user', 'me', {})).uploadPrefix!
}

/** Upload a photo where the platform says, as the mini program does. */
async function ownPhoto(openid: string, name: string, bytes = `photo of ${openid}`): Promise<string> {
  const r = await upload(openid, `${await prefixOf(openid)}${name}`, bytes)
  expect(r.status).toBe(200)
  return r.fileID!
}

describe('the upload prefix', () => {
  it('user.me gives each user their own prefix, derived from the openid without showing it', async () => {
    const a = await prefixOf(P.resident1)
    const b = await prefixOf(P.resident2)
    expect(a).toMatch(/^petitions\/[0-9a-f]{16}\/$/)
    expect(b).toMatch(/^petitions\/[0-9a-f]{16}\/$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain(P.resident1)
    expect(await prefixOf(P.resident1)).toBe(a)
    expect((await stack.as(P.zhujian).ok('user', 'me', {})).uploadPrefix).toBe(await prefixOf(P.zhujian))
  })
})

describe('photos a case accepts', () => {
  let other: string
  let own: string
  let bucket: string
  beforeAll(async () => {
    own = await ownPhoto(P.resident1, 'mine-1.jpg')
    other = await ownPhoto(P.resident2, 'theirs-1.jpg')
    bucket = /^cloud:\/\/local\.([^/]+)\//.exec(own)![1]!
  })

  const badPhotos = async (): Promise<Array<[string, string]>> => {
    const prefix = await prefixOf(P.resident1)
    return [
      ['a tracking pixel', 'https://tracker.example/p.gif'],
      ['an intranet address', 'http://10.1.2.3/admin/export.jpg'],
      ['a data: URL', 'data:image/png;base64,iVBORw0KGgo='],
      ['a javascript: URL', 'javascript:alert(1)'],
      ["another user's file", other],
      ["another environment's file", `cloud://prod-env.7072-prod-env-1300000000/${prefix}a.jpg`],
      ['outside the prefix', `cloud://local.${bucket}/uploads/2026-01-01/a.jpg`],
      ['a traversal out of the prefix', `cloud://local.${bucket}/${prefix}../x.jpg`],
      ['a sub-folder of the prefix', `cloud://local.${bucket}/${prefix}a/b.jpg`],
      ['an SVG under the prefix', `cloud://local.${bucket}/${prefix}a.svg`],
      ['a bare path', `${prefix}a.jpg`]
    ]
  }

  it('submit refuses anything but the caller\'s own upload, with PHOTO_INVALID, and writes nothing', async () => {
    const before = [await countDocs(stack, 'cases'), await countEvents(stack)]
    for (const [what, photo] of await badPhotos()) {
      const r = await gw(P.resident1, 'petition', 'submit', roadCase({ photos: [own, photo] }))
      expect(r, what).toMatchObject({ ok: false, code: 'PHOTO_INVALID', message: ERROR_MESSAGES.PHOTO_INVALID })
    }
    // Through the SDK (the WeChat client path) too.
    expect(await stack.as(P.resident1).call('petition', 'submit', roadCase({ photos: [other] }))).toMatchObject({ ok: false, code: 'PHOTO_INVALID' })
    expect([await countDocs(stack, 'cases'), await countEvents(stack)]).toEqual(before)
  })

  it('supplement, resolve, resolveOnSpot and proxySubmit check the caller\'s prefix too', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    const before = (await caseTimeline(stack, c._id)).length
    expect(await gw(P.resident1, 'petition', 'supplement', { caseId: c._id, text: '补充一张照片', photos: [other] })).toMatchObject({ code: 'PHOTO_INVALID' })

    // The department handler may attach only their own uploads, not the resident's.
    await ok(P.zhujian, 'staff', 'accept', { caseId: c._id })
    const afterAccept = (await caseTimeline(stack, c._id)).length
    expect(await gw(P.zhujian, 'staff', 'resolve', { caseId: c._id, text: '已修复路面', photos: [own] })).toMatchObject({ code: 'PHOTO_INVALID' })
    expect((await caseTimeline(stack, c._id)).length).toBe(afterAccept)
    expect(afterAccept).toBe(before + 1)

    const c2 = await submitAs(stack, P.resident1, roadCase())
    expect(await gw(P.grid, 'staff', 'resolveOnSpot', { caseId: c2._id, text: '现场已处理', photos: ['https://tracker.example/x.png'] })).toMatchObject({ code: 'PHOTO_INVALID' })
    expect((await stack.as(P.resident1).ok('petition', 'detail', { caseId: c2._id })).state).not.toBe('resolved')

    const cases = await countDocs(stack, 'cases')
    expect(await gw(P.grid, 'staff', 'proxySubmit', { ...roadCase({ photos: [own] }), contact: { name: '李大爷', phone: '13912345678' } })).toMatchObject({ code: 'PHOTO_INVALID' })
    expect(await countDocs(stack, 'cases')).toBe(cases)
  })
})

describe('seeing photos', () => {
  it('the resident files with her upload; the handler sees it through a temp URL, not by reading her file', async () => {
    const photo = await ownPhoto(P.resident1, 'pothole.png', 'the pothole')
    const filed = await ok<{ case: CaseDetail }>(P.resident1, 'petition', 'submit', roadCase({ photos: [photo] }))
    expect(filed.case.photos).toEqual([photo])
    expect(filed.case.photoUrls?.[photo]).toBeTruthy()

    // Storage is private: the department cannot read the resident's file directly…
    const direct = await fetch(`${stack.url}/gateway/file?fileID=${encodeURIComponent(photo)}`, { headers: { authorization: `Bearer ${await token(P.zhujian)}` } })
    expect(direct.status).toBe(403)
    // …but the case's detail, which checked that the case is theirs to see, carries a signed temp URL.
    const seen = await ok<CaseDetail>(P.zhujian, 'petition', 'detail', { caseId: filed.case._id })
    const url = seen.photoUrls![photo]!
    expect(url).not.toContain(await token(P.zhujian))
    expect(url).not.toContain(await token(P.resident1))
    const img = await fetch(encodeURI(url))
    expect(img.status).toBe(200)
    expect(img.headers.get('content-type')).toBe('image/png')
    expect(img.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await img.text()).toBe('the pothole')

    // The handler replies with a photo of their own; the resident sees both.
    await ok(P.zhujian, 'staff', 'accept', { caseId: filed.case._id })
    const done = await ownPhoto(P.zhujian, 'fixed.jpg', 'fixed road')
    const resolved = await ok<CaseDetail>(P.zhujian, 'staff', 'resolve', { caseId: filed.case._id, text: '已组织施工队完成路面修补', photos: [done] })
    expect(resolved.replies.at(-1)!.photos).toEqual([done])
    const mine = await ok<CaseDetail>(P.resident1, 'petition', 'detail', { caseId: filed.case._id })
    expect(Object.keys(mine.photoUrls ?? {}).sort()).toEqual([photo, done].sort())
    expect(await (await fetch(encodeURI(mine.photoUrls![done]!))).text()).toBe('fixed road')

    // Someone who may not see the case gets no URL at all.
    expect(await gw(P.resident2, 'petition', 'detail', { caseId: filed.case._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('a case without photos costs no storage call and has no photoUrls', async () => {
    const c = await submitAs(stack, P.resident1, roadCase())
    expect(c.photoUrls).toBeUndefined()
  })
})
