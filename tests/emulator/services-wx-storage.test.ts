// wx.api (subscribe messages into the outbox, msgSecCheck from a word list) and storage, through the real SDK.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sdkApp, startEmulator, type StartedEmulator } from '../helpers/emulator'

const FIXTURES = path.resolve(__dirname, '../fixtures/functions')
const RC = path.join(FIXTURES, 'cloudbaserc.json')

let emu: StartedEmulator

beforeAll(async () => {
  emu = await startEmulator({ cloudbasercPath: RC })
})

afterAll(async () => {
  await emu?.close()
})

async function outbox(query = '') {
  return ((await (await fetch(`${emu.url}/__emulator/outbox${query}`)).json()) as any).messages as any[]
}

describe('wx.api', () => {
  it('a function sends a subscribe message: it lands in the outbox, newest last, filterable by touser', async () => {
    await fetch(`${emu.url}/__emulator/outbox`, { method: 'DELETE' })
    const carol = sdkApp(emu.adminUrl, { 'x-emulator-wx-openid': 'o_carol' })
    const dave = sdkApp(emu.adminUrl, { 'x-emulator-wx-openid': 'o_dave' })
    const r1 = (await carol.callFunction({ name: 'notify', data: { text: '您的诉求已受理' } })).result as any
    expect(r1.sent).toBe(true)
    expect(r1.send).toMatchObject({ errcode: 0, errmsg: 'ok' })
    await dave.callFunction({ name: 'notify', data: { text: '已办结' } })
    await carol.callFunction({ name: 'notify', data: { text: '已办结' } })

    const all = await outbox()
    expect(all.map((m) => m.touser)).toEqual(['o_carol', 'o_dave', 'o_carol'])
    expect(all[0]).toMatchObject({ template_id: 'TPL_STATUS', page: 'pages/case/detail?id=1', data: { thing1: { value: '您的诉求已受理' } } })
    expect(typeof all[0].sentAt).toBe('string')
    expect((await outbox('?touser=o_carol')).map((m) => m.data.thing1.value)).toEqual(['您的诉求已受理', '已办结'])

    const del = (await (await fetch(`${emu.url}/__emulator/outbox`, { method: 'DELETE' })).json()) as any
    expect(del.deleted).toBe(3)
    expect(await outbox()).toEqual([])
  })

  it('flagged text is not sent by the function (msgSecCheck first)', async () => {
    const carol = sdkApp(emu.adminUrl, { 'x-emulator-wx-openid': 'o_carol' })
    const r = (await carol.callFunction({ name: 'notify', data: { text: '这里有人赌博' } })).result as any
    expect(r.sent).toBe(false)
    expect(r.check.result).toEqual({ suggest: 'risky', label: 21000 })
    expect(await outbox('?touser=o_carol')).toEqual([])
  })

  it('msgSecCheck v2 answers pass / review / risky from the word list; v1 answers an errcode', async () => {
    const check = async (content: string, extra: Record<string, unknown> = { version: 2, scene: 2, openid: 'o_x' }) =>
      (await emu.app.callWxOpenApi({ apiName: 'security.msgSecCheck', requestData: { content, ...extra } })).result
    expect(await check('小区路灯坏了，请尽快维修')).toMatchObject({ errcode: 0, result: { suggest: 'pass', label: 100 } })
    expect(await check('有人在群里办证')).toMatchObject({ errcode: 0, result: { suggest: 'risky' } })
    expect(await check('招聘刷单兼职')).toMatchObject({ errcode: 0, result: { suggest: 'review' } })
    expect(await check('代开发票', {})).toEqual({ errcode: 87014, errmsg: 'risky content' })
    expect(await check('你好', {})).toEqual({ errcode: 0, errmsg: 'ok' })
    expect(await check('你好', { version: 2, scene: 2 })).toMatchObject({ errcode: 40003 })
    // The cgi path works as an API name too.
    const viaPath = await emu.app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { content: '枪支', version: 2, scene: 1, openid: 'o' } })
    expect((viaPath.result as any).result.suggest).toBe('risky')
  })

  it('getPhoneNumber: a code phone:<number> proves that number; other codes answer 40029, none 40003', async () => {
    const get = async (requestData: Record<string, unknown>, apiName = 'phonenumber.getPhoneNumber') => (await emu.app.callWxOpenApi({ apiName, requestData })).result as any
    expect(await get({ code: 'phone:13800000001' })).toMatchObject({
      errcode: 0,
      phone_info: { phoneNumber: '13800000001', purePhoneNumber: '13800000001', countryCode: '86' }
    })
    expect((await get({ code: 'phone:+852-61234567' }, 'wxa/business/getuserphonenumber')).phone_info).toMatchObject({ phoneNumber: '+85261234567', purePhoneNumber: '61234567', countryCode: '852' })
    expect(await get({ code: 'a1b2c3' })).toMatchObject({ errcode: 40029 })
    expect(await get({ code: 'phone:12ab' })).toMatchObject({ errcode: 40029 })
    expect(await get({})).toMatchObject({ errcode: 40003 })
  })

  it('rejects unknown APIs and malformed messages without recording them', async () => {
    await expect(emu.app.callWxOpenApi({ apiName: 'wxacode.getUnlimited', requestData: {} })).rejects.toMatchObject({ code: 'WX_API_NOT_SUPPORTED' })
    const bad = await emu.app.callWxOpenApi({ apiName: 'subscribeMessage.send', requestData: { touser: 'o_e', template_id: 'T', data: { thing1: 'no value' } } })
    expect((bad.result as any).errcode).toBe(47003)
    const noUser = await emu.app.callWxOpenApi({ apiName: 'cgi-bin/message/subscribe/send', requestData: { template_id: 'T', data: {} } })
    expect((noUser.result as any).errcode).toBe(40003)
    expect(await outbox('?touser=o_e')).toEqual([])
  })

  it('uses a custom word list when given one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'svc-words-'))
    const list = path.join(dir, 'words.txt')
    fs.writeFileSync(list, '# test list\n违章建筑 review\n')
    const other = await startEmulator({ wordListPath: list })
    try {
      const r = await other.app.callWxOpenApi({ apiName: 'security.msgSecCheck', requestData: { content: '举报违章建筑', version: 2, scene: 2, openid: 'o' } })
      expect((r.result as any).result.suggest).toBe('review')
      const r2 = await other.app.callWxOpenApi({ apiName: 'security.msgSecCheck', requestData: { content: '赌博', version: 2, scene: 2, openid: 'o' } })
      expect((r2.result as any).result.suggest).toBe('pass')
    } finally {
      await other.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('wx.api: security.mediaCheckAsync (v2)', () => {
  it('answers a trace_id at once and pushes the verdict as a wxa_media_check event to the configured function', async () => {
    await emu.db.createCollection('services_pushes').catch(() => {})
    const put = async (name: string, content: string) => {
      const { fileID } = await emu.app.uploadFile({ cloudPath: `media/${name}`, fileContent: Buffer.from(content) })
      const urls = await emu.app.getTempFileURL({ fileList: [fileID] })
      return urls.fileList[0]!.tempFileURL as string
    }
    const check = async (requestData: Record<string, unknown>) => (await emu.app.callWxOpenApi({ apiName: 'wxa/media_check_async', requestData })).result as any
    const clean = await check({ media_url: await put('ok.jpg', 'plain bytes'), media_type: 2, version: 2, scene: 2, openid: 'o_m' })
    const risky = await check({ media_url: await put('bad.jpg', 'xx EMULATOR-MEDIA-RISKY xx'), media_type: 2, version: 2, scene: 2, openid: 'o_m' })
    expect(clean).toMatchObject({ errcode: 0, errmsg: 'ok', trace_id: expect.any(String) })
    expect(risky.trace_id).not.toBe(clean.trace_id)
    // Bad requests answer WeChat's errcodes.
    expect(await check({ media_url: 'x', media_type: 2, version: 1, scene: 2, openid: 'o' })).toMatchObject({ errcode: 40097 })
    expect(await check({ media_type: 2, version: 2, scene: 2, openid: 'o' })).toMatchObject({ errcode: 47001 })
    expect(await check({ media_url: 'x', media_type: 2, version: 2, scene: 9, openid: 'o' })).toMatchObject({ errcode: 40097 })
    // The verdicts arrive later, pushed to the function named in cloudbaserc's messagePush.
    let pushes: any[] = []
    for (let i = 0; i < 50 && pushes.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100))
      pushes = (await emu.db.collection('services_pushes').where({ 'event.Event': 'wxa_media_check' }).get()).data as any[]
    }
    const byTrace = new Map(pushes.map((p) => [p.event.trace_id, p.event]))
    expect(byTrace.get(clean.trace_id)).toMatchObject({ MsgType: 'event', Event: 'wxa_media_check', version: 2, result: { suggest: 'pass' } })
    expect(byTrace.get(risky.trace_id)).toMatchObject({ result: { suggest: 'risky' }, detail: [expect.objectContaining({ suggest: 'risky' })] })
  })
})

describe('storage', () => {
  it('upload → temp URL → download → delete, through the SDK', async () => {
    const content = Buffer.from('路灯照片 bytes \u0000\u00ff')
    const { fileID } = await emu.app.uploadFile({ cloudPath: 'cases/2026/路灯 1.jpg', fileContent: content })
    expect(fileID).toMatch(/^cloud:\/\/local\.[0-9a-f]+-local-\d+\/cases\/2026\/路灯 1\.jpg$/)

    const { fileList } = await emu.app.getTempFileURL({ fileList: [{ fileID, maxAge: 120 }] })
    expect(fileList[0]).toMatchObject({ fileID, code: 'SUCCESS' })
    const res = await fetch(encodeURI(fileList[0]!.tempFileURL))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(content)

    const info = await emu.app.getFileInfo({ fileList: [fileID] })
    expect(info.fileList[0]).toMatchObject({ code: 'SUCCESS', size: content.length, mime: 'image/jpeg' })

    const dl = await emu.app.downloadFile({ fileID })
    expect(Buffer.from(dl.fileContent as Buffer)).toEqual(content)

    const del = await emu.app.deleteFile({ fileList: [fileID] })
    expect(del.fileList).toEqual([{ fileID, code: 'SUCCESS' }])
    const again = await emu.app.deleteFile({ fileList: [fileID] })
    expect(again.fileList[0]!.code).toBe('STORAGE_FILE_NONEXIST')
    const gone = await emu.app.getTempFileURL({ fileList: [fileID] })
    expect(gone.fileList[0]!.code).toBe('STORAGE_FILE_NONEXIST')
    expect((await fetch(encodeURI(fileList[0]!.tempFileURL))).status).toBe(404)
  })

  it('temp URLs are signed and expire on the emulated clock', async () => {
    const { fileID } = await emu.app.uploadFile({ cloudPath: 'tmp/a.txt', fileContent: Buffer.from('hello') })
    const { fileList } = await emu.app.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] })
    const url = fileList[0]!.tempFileURL
    expect((await fetch(url)).status).toBe(200)
    expect((await fetch(url.replace(/sign=[0-9a-f]+/, 'sign=00'))).status).toBe(403)
    expect((await fetch(url.replace('a.txt?', 'b.txt?'))).status).toBe(403)
    await fetch(`${emu.url}/__emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 120_000 }) })
    expect((await fetch(url)).status).toBe(403)
    const fresh = await emu.app.getTempFileURL({ fileList: [fileID] })
    expect(await (await fetch(fresh.fileList[0]!.tempFileURL)).text()).toBe('hello')
  })

  it('rejects bad paths and foreign fileIDs, and keeps serving', async () => {
    await expect(emu.app.uploadFile({ cloudPath: '../escape.txt', fileContent: Buffer.from('x') })).rejects.toMatchObject({ code: 'INVALID_PARAM' })
    await expect(emu.app.uploadFile({ cloudPath: 'a/%2e%2e/b', fileContent: Buffer.from('x') })).rejects.toMatchObject({ code: 'INVALID_PARAM' })
    const foreign = await emu.app.getTempFileURL({ fileList: ['cloud://prod-env.7072-prod-env-1300000000/a.png'] })
    expect(foreign.fileList[0]!.code).toBe('INVALID_PARAM')
    const del = await emu.app.deleteFile({ fileList: ['not-a-file-id'] })
    expect(del.fileList[0]!.code).toBe('INVALID_PARAM')
    const raw = await fetch(emu.adminUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'storage.batchGetDownloadUrl', file_list: 'nope' })
    })
    expect(await raw.json()).toMatchObject({ code: 'INVALID_PARAM' })
    const forged = await fetch(`${emu.url}/__emulator/storage/upload?path=x.txt&t=9999999999&sign=abc`, { method: 'PUT', body: 'x' })
    expect(forged.status).toBe(403)
    const { fileID } = await emu.app.uploadFile({ cloudPath: 'ok.txt', fileContent: Buffer.from('ok') })
    expect(fileID).toContain('/ok.txt')
  })
})
