// Publication through the real SDK: consent at filing and until the case closes, the redacted summary written at
// resolution, the county's review queue, approval, publication of public interest, 撤下 with a reason, and the
// board showing only approved summaries. Also where subscribe messages lead (core/links.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../helpers/stack'
import { P, roadCase, submitAs } from './helpers'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

const SUMMARY = '已联系王秀英女士，邻居李建军反映的坑已填平，回访电话 138 1234 5678，东门社区3号楼门前恢复通行'

async function resolved(over: Parameters<typeof roadCase>[0] = {}, summary?: string) {
  const c = await submitAs(stack, P.resident1, roadCase(over))
  const h = stack.as(P.zhujian)
  const accepted = await h.ok('staff', 'accept', { caseId: c._id })
  expect(accepted.publication?.draft).toBeTruthy()
  const d = await h.ok('staff', 'resolve', { caseId: c._id, text: '已联系王秀英女士，坑已填平', ...(summary ? { summary } : {}) })
  return d
}

async function onBoard(caseId: string) {
  const board = await stack.as(P.resident2).ok('petition', 'board', { pageSize: 50 })
  return board.items.find((i) => i._id === caseId)
}

describe('publication is a decision, not a side effect', () => {
  it('without consent a resolved case stays off the board and waits nowhere; the county sees it among drafts', async () => {
    const d = await resolved()
    expect(d.publication).toMatchObject({ consent: false, state: 'draft' })
    expect(await onBoard(d._id)).toBeUndefined()
    const drafts = await stack.as(P.dispatcher).ok('admin', 'publications', { state: 'draft', pageSize: 50 })
    expect(drafts.items.some((i) => i.caseId === d._id)).toBe(true)
    const pending = await stack.as(P.dispatcher).ok('admin', 'publications', { state: 'pending', pageSize: 50 })
    expect(pending.items.some((i) => i.caseId === d._id)).toBe(false)
  })

  it('with consent: the handler’s summary is redacted, waits for approval, then the board shows only it', async () => {
    const d = await resolved({ publicConsent: true }, SUMMARY)
    expect(d.publication?.state).toBe('pending')
    const summary = d.publication!.summary!
    for (const leak of ['王秀英', '王女士', '李建军', '13812345678', '1234 5678', '3号楼']) expect(summary).not.toContain(leak)
    expect(summary).toContain('东门社区')
    expect(await onBoard(d._id)).toBeUndefined()

    const queue = await stack.as(P.admin).ok('admin', 'publications', { state: 'pending', pageSize: 50 })
    const row = queue.items.find((i) => i.caseId === d._id)!
    expect(row).toMatchObject({ consent: true, state: 'pending', summary })
    expect(queue.counts.pending).toBeGreaterThanOrEqual(1)

    // Only the county office approves; a township supervisor or the handler may not.
    expect(await stack.as(P.township).call('admin', 'publishSummary', { caseId: d._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await stack.as(P.zhujian).call('admin', 'publishSummary', { caseId: d._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const pub = await stack.as(P.dispatcher).ok('admin', 'publishSummary', { caseId: d._id })
    expect(pub.publication).toMatchObject({ state: 'published', basis: 'consent' })
    expect(pub.timeline.at(-1)).toMatchObject({ type: 'publish' })

    const item = (await onBoard(d._id))!
    expect(item.summary).toBe(summary)
    expect(item.reporter).toBe('王**')
    const json = JSON.stringify(item)
    for (const raw of ['王秀英', '已联系王秀英女士，坑已填平', roadCase().text, '13812345678']) expect(json).not.toContain(raw)
  })

  it('hideName hides the name on the board; consent can be withdrawn until closed, which takes the item down', async () => {
    const d = await resolved({ publicConsent: true, hideName: true })
    await stack.as(P.dispatcher).ok('admin', 'publishSummary', { caseId: d._id })
    expect((await onBoard(d._id))!.reporter).toBe('匿名群众')

    const off = await stack.as(P.resident1).ok('petition', 'setPublication', { caseId: d._id, consent: false })
    expect(off.publication).toMatchObject({ consent: false, state: 'draft' })
    expect(off.timeline.at(-1)).toMatchObject({ type: 'publication_consent', note: '撤回公开同意' })
    expect(await onBoard(d._id)).toBeUndefined()
    // Given again, it needs a fresh approval.
    const on = await stack.as(P.resident1).ok('petition', 'setPublication', { caseId: d._id, consent: true })
    expect(on.publication?.state).toBe('pending')

    // Nobody else decides for the resident; after closing the choice is fixed.
    expect(await stack.as(P.resident2).call('petition', 'setPublication', { caseId: d._id, consent: false })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    await stack.as(P.resident1).ok('petition', 'rate', { caseId: d._id, rating: 'satisfied' })
    expect(await stack.as(P.resident1).call('petition', 'setPublication', { caseId: d._id, consent: false })).toMatchObject({ ok: false, code: 'INVALID_STATE' })
  })

  it('the county may publish a case of public interest without consent: summary only, anonymous', async () => {
    const d = await resolved()
    const before = await stack.db.collection('cases').doc(d._id).get()
    expect(await stack.as(P.dispatcher).call('admin', 'publishSummary', { caseId: d._id })).toMatchObject({ ok: false, code: 'PUBLICATION_NO_CONSENT' })
    // Nothing partial: the refusal left the case as it was.
    const after = await stack.db.collection('cases').doc(d._id).get()
    expect((after.data as any[])[0].version).toBe((before.data as any[])[0].version)

    const pub = await stack.as(P.admin).ok('admin', 'publishSummary', { caseId: d._id, publicInterest: true, summary: '东门社区门前道路坑洼已由县住建局填平，王秀英反映' })
    expect(pub.publication).toMatchObject({ state: 'published', basis: 'public_interest' })
    const item = (await onBoard(d._id))!
    expect(item.reporter).toBe('匿名群众')
    expect(item.summary).toContain('东门社区')
    expect(item.summary).not.toContain('王秀英')
  })

  it('撤下 with a reason is logged in the timeline and removes the item; bad input gets stable codes', async () => {
    const d = await resolved({ publicConsent: true })
    await stack.as(P.dispatcher).ok('admin', 'publishSummary', { caseId: d._id })
    expect(await stack.as(P.dispatcher).call('admin', 'unpublish', { caseId: d._id, reason: '' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await stack.as(P.township).call('admin', 'unpublish', { caseId: d._id, reason: '涉及隐私' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const down = await stack.as(P.dispatcher).ok('admin', 'unpublish', { caseId: d._id, reason: '涉及当事人隐私' })
    expect(down.publication).toMatchObject({ state: 'taken_down', takenDownReason: '涉及当事人隐私' })
    expect(down.timeline.at(-1)).toMatchObject({ type: 'unpublish', note: '涉及当事人隐私' })
    expect(await onBoard(d._id)).toBeUndefined()
    expect(await stack.as(P.dispatcher).call('admin', 'unpublish', { caseId: d._id, reason: '再次撤下' })).toMatchObject({ ok: false, code: 'INVALID_STATE' })
    const list = await stack.as(P.dispatcher).ok('admin', 'publications', { state: 'taken_down', pageSize: 50 })
    expect(list.items.find((i) => i.caseId === d._id)).toMatchObject({ takenDownReason: '涉及当事人隐私' })

    expect(await stack.as(P.resident1).call('petition', 'setPublication', { caseId: d._id, consent: 'yes' } as never)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await stack.as(P.dispatcher).call('admin', 'publications', { state: 'everything' } as never)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await stack.as(P.resident1).call('admin', 'publications', { state: 'pending' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const c = await submitAs(stack, P.resident1, roadCase())
    await stack.as(P.zhujian).ok('staff', 'accept', { caseId: c._id })
    expect(await stack.as(P.zhujian).call('staff', 'resolve', { caseId: c._id, text: '已处理完毕', summary: '长'.repeat(501) })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('notification links', () => {
  it('residents open pages/case/index, staff open pages-staff/case/index', async () => {
    await stack.clearOutbox()
    const c = await submitAs(stack, P.resident1, roadCase())
    const out = await stack.outbox()
    const toResident = out.find((m) => m.touser === P.resident1)!
    const toStaff = out.find((m) => m.touser === P.zhujian)!
    expect(toResident.page).toBe(`pages/case/index?id=${c._id}`)
    expect(toStaff.page).toBe(`pages-staff/case/index?id=${c._id}`)
    expect(out.every((m) => !String(m.page).includes('pages/case/detail'))).toBe(true)
  })
})
