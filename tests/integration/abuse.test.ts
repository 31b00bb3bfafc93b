// Issue 7 §5 through the real SDK, with the limits configured in cloudbaserc.json (10 submissions and 30
// supplements per resident per Beijing day, the same text refused within 10 minutes), and photos through the
// asynchronous media check (the emulator stands in for WeChat and pushes its verdict to the wxevent function).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseDoc } from '../../cloudfunctions/core/types'
import { MEDIA_MARKERS } from '../../emulator/src/services/wx'
import { startStack, type Stack } from '../helpers/stack'
import { caseTimeline, countDocs, P, roadCase, submitAs } from './helpers'
import { uploadPrefix } from '../../cloudfunctions/shared/photos'

const MIN = 60_000

let stack: Stack
beforeAll(async () => {
  stack = await startStack({ limits: 'configured' })
})
afterAll(async () => {
  await stack?.close()
})

async function doc(caseId: string): Promise<CaseDoc> {
  return (await stack.db.collection('cases').doc(caseId).get()).data[0] as CaseDoc
}

describe('per-resident limits', () => {
  it('the same text within 10 minutes is refused with a pointer to the existing case; later it is accepted', async () => {
    const who = 'o-abuse-dup'
    const first = await submitAs(stack, who, roadCase())
    const cases0 = await countDocs(stack, 'cases')
    const again = await stack.as(who).call('petition', 'submit', roadCase({ text: '  东门社区门口道路有一个大坑，雨天积水，行人车辆通行困难 ' }))
    expect(again).toMatchObject({ ok: false, code: 'DUPLICATE_SUBMIT', details: { caseId: first._id, no: first.no } })
    expect(again.ok ? '' : again.message).toMatch(/重复提交/)
    expect(await countDocs(stack, 'cases')).toBe(cases0)
    // Another resident may file the same text; so may this one after the window.
    await submitAs(stack, 'o-abuse-dup-2', roadCase())
    await stack.advanceClock(11 * MIN)
    const later = await submitAs(stack, who, roadCase())
    expect(later._id).not.toBe(first._id)
  })

  it('at most 10 submissions a day: the 11th answers DAILY_LIMIT and writes nothing; the next Beijing day resets', async () => {
    const who = 'o-abuse-many'
    for (let i = 1; i <= 10; i++) await submitAs(stack, who, roadCase({ text: `东门社区第${i}号楼下的路面破损需要修补` }))
    const n = await countDocs(stack, 'cases', { residentOpenid: who })
    const r = await stack.as(who).call('petition', 'submit', roadCase({ text: '东门社区第11号楼下的路面破损需要修补' }))
    expect(r).toMatchObject({ ok: false, code: 'DAILY_LIMIT' })
    expect(r.ok ? '' : r.message).toMatch(/上限/)
    expect(await countDocs(stack, 'cases', { residentOpenid: who })).toBe(n)
    // A grid member's 代报 is not a resident's submission: not counted against anyone.
    await stack.as(P.grid).ok('staff', 'proxySubmit', { ...roadCase({ text: '代报：东门社区路面破损' }), contact: { name: '老李' } })
    await stack.advanceClock(24 * 60 * MIN)
    await submitAs(stack, who, roadCase({ text: '东门社区第11号楼下的路面破损需要修补' }))
  })

  it('at most 30 supplements a day; the 31st answers DAILY_LIMIT and changes nothing', async () => {
    const who = 'o-abuse-supp'
    const c = await submitAs(stack, who, roadCase({ text: '东门社区东侧排水沟堵塞了' }))
    for (let i = 1; i <= 30; i++) await stack.as(who).ok('petition', 'supplement', { caseId: c._id, text: `补充第${i}条现场情况` })
    const v = (await doc(c._id)).version
    const r = await stack.as(who).call('petition', 'supplement', { caseId: c._id, text: '补充第31条现场情况' })
    expect(r).toMatchObject({ ok: false, code: 'DAILY_LIMIT' })
    expect((await doc(c._id)).version).toBe(v)
    expect((await doc(c._id)).supplements).toHaveLength(30)
  })

  it('concurrent identical submissions: exactly one case', async () => {
    const who = 'o-abuse-race'
    const input = roadCase({ text: '东门社区西门的井盖丢了，很危险' })
    const rs = await Promise.all(Array.from({ length: 4 }, () => stack.as(who).call('petition', 'submit', input)))
    expect(rs.filter((r) => r.ok)).toHaveLength(1)
    expect(rs.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.code))).toEqual(['DUPLICATE_SUBMIT', 'DUPLICATE_SUBMIT', 'DUPLICATE_SUBMIT'])
    expect(await countDocs(stack, 'cases', { residentOpenid: who })).toBe(1)
  })
})

describe('photos through the media check', () => {
  /** Uploaded as the platform lets `owner` upload: under their own prefix (shared/photos.ts). */
  async function upload(name: string, content: string, owner: string = P.resident1): Promise<string> {
    const { fileID } = await stack.emulator.app.uploadFile({ cloudPath: `${uploadPrefix(owner)}${name}`, fileContent: Buffer.from(content) })
    return fileID
  }

  async function settled(caseId: string): Promise<CaseDoc> {
    for (let i = 0; i < 50; i++) {
      const d = await doc(caseId)
      if ((d.mediaChecks ?? []).every((m) => m.status !== 'pending')) return d
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('media verdict never arrived')
  }

  it('a flagged photo holds the case in 审核中, as text does; a clean one lets it through', async () => {
    const clean = await upload('clean.jpg', 'JPEG...a pothole')
    const bad = await upload('bad.jpg', `JPEG...${MEDIA_MARKERS.risky}...`)
    const ok = await submitAs(stack, P.resident1, roadCase({ text: '东门社区门口的路牌倒了', photos: [clean] }))
    const held = await submitAs(stack, P.resident1, roadCase({ text: '东门社区门口的围墙被涂鸦', photos: [clean, bad] }))
    expect(held.state).toBe('dispatched')
    const okDoc = await settled(ok._id)
    expect(okDoc.state).toBe('dispatched')
    expect(okDoc.mediaChecks?.map((m) => m.status)).toEqual(['pass'])
    const heldDoc = await settled(held._id)
    expect(heldDoc.state).toBe('review')
    expect(heldDoc.moderation.status).toBe('held')
    expect(heldDoc.mediaChecks?.map((m) => m.status)).toEqual(['pass', 'flagged'])
    const events = (await caseTimeline(stack, held._id)).map((e) => e.type)
    expect(events.filter((t: string) => t === 'media_hold')).toHaveLength(1)
    // In the county's review queue, released by a person like held text.
    const queue = await stack.as(P.dispatcher).ok('admin', 'queue', { kind: 'review', pageSize: 50 })
    expect(queue.items.some((i) => i._id === held._id)).toBe(true)
    expect((await stack.as(P.dispatcher).ok('admin', 'release', { caseId: held._id })).state).toBe('dispatched')
  })

  it('a flagged photo added as a supplement holds the case too', async () => {
    const c = await submitAs(stack, P.resident2, roadCase({ text: '东门社区门口的消防通道被占用' }))
    const bad = await upload('supp.jpg', `${MEDIA_MARKERS.risky}`, P.resident2)
    const d = await stack.as(P.resident2).ok('petition', 'supplement', { caseId: c._id, text: '补充一张现场照片', photos: [bad] })
    expect(d.supplements[0]!.photos).toEqual([bad])
    const held = await settled(c._id)
    expect(held.state).toBe('review')
    expect(held.mediaChecks?.map((m) => m.status)).toEqual(['flagged'])
  })

  it('the push function refuses WeChat clients and unknown trace ids, and applies a verdict once', async () => {
    const forged = await stack.as(P.resident1).raw('wxevent', { Event: 'wxa_media_check', trace_id: 'x', result: { suggest: 'risky' } })
    expect(forged).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const unknown = await stack.anonymous().raw('wxevent', { Event: 'wxa_media_check', trace_id: 'nope', result: { suggest: 'risky' } })
    expect(unknown).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const photo = await upload('again.jpg', `${MEDIA_MARKERS.review}`, P.resident2)
    const c = await submitAs(stack, P.resident2, roadCase({ text: '东门社区门口的广告牌歪了', photos: [photo] }))
    const d = await settled(c._id)
    expect(d.state).toBe('review')
    // WeChat pushing the same verdict again changes nothing.
    const again = await stack.anonymous().raw('wxevent', { Event: 'wxa_media_check', trace_id: d.mediaChecks![0]!.traceId, result: { suggest: 'risky', label: 20002 } })
    expect(again).toMatchObject({ ok: true, data: { applied: false } })
    expect((await doc(c._id)).version).toBe(d.version)
  })
})
