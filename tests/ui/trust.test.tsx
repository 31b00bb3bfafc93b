// Issue 7 in the UI: the staff case page never asks for a rating; the 回访 form records reached / rating / note.
import { describe, expect, it } from 'vitest'
import type { CaseDetail, Catalog } from '../../typings/api'
import CaseActions from '../../miniprogram/src/components/CaseActions'
import CaseDetailView from '../../miniprogram/src/components/CaseDetailView'
import { fakeGateway } from './fetch'
import { flush, render } from './render'

const catalog: Catalog = { categories: [], townships: [], villages: [], departments: [], grids: [] }

function detail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    _id: 'c1', no: 'WS202612010001', state: 'resolved', categoryId: 'ct-road', categoryName: '道路破损', excerpt: '井盖松动', townshipName: '中都街道',
    submittedAt: '2026-12-01T01:00:00Z', due: { finishBy: '2026-12-08T15:59:59.999Z', provisional: false }, overdue: false, escalation: 0, reopenCount: 0, proxy: true,
    text: '井盖松动', photos: [], place: { townshipId: 'tw-zhongdu', townshipName: '中都街道' }, contact: { name: '张大爷', phone: '13905371111', phoneMasked: false }, hideName: false,
    replies: [], supplements: [], timeline: [], extensions: [], allowed: [], ...over
  }
}

const actionOf = (l: { body: unknown }) => (l.body as { data?: { action?: string } })?.data?.action
const dataOf = (l: { body: unknown }) => (l.body as { data: { data: unknown } }).data.data

describe('staff case page', () => {
  it('speaks to staff: no request to rate, the grid credited, 回访 records and tap-to-call', async () => {
    const d = detail({ callbackDue: true, onSpot: { gridId: 'g1', gridName: '东门社区第一网格', by: '李娜' }, callbacks: [{ at: '2026-12-01T02:00:00Z', by: '回访专员', reached: false, note: '无人接听' }] })
    const { log } = fakeGateway((_n, action) => (action === 'detail' ? { ok: true, data: d } : action === 'revealPhone' ? { ok: true, data: { phone: '13905371111' } } : { ok: true, data: catalog }))
    const m = await render(<CaseDetailView caseId='c1' audience='staff' />)
    await flush(20)
    expect(m.text()).not.toContain('请对办理结果进行评价')
    expect(m.$('#ws-case-header')?.textContent).toContain('等待县级回访')
    expect(m.$('#ws-case-dept')?.textContent).toContain('网格·东门社区第一网格')
    expect(m.$('#ws-callbacks')?.textContent).toContain('无人接听')
    await m.click('#ws-call')
    await flush(10)
    expect(log.some((l) => actionOf(l) === 'revealPhone')).toBe(true)
  })

  it('the resident page keeps its own wording', async () => {
    fakeGateway((_n, action) => (action === 'detail' ? { ok: true, data: detail({ proxy: false, allowed: ['rate'] }) } : { ok: true, data: catalog }))
    const m = await render(<CaseDetailView caseId='c1' />)
    await flush(20)
    expect(m.$('#ws-case-header')?.textContent).toContain('请对办理结果进行评价')
    expect(m.$('#ws-callbacks')).toBeNull()
    expect(m.$('#ws-call')).toBeNull()
  })
})

describe('回访 form', () => {
  it('records reached + rating through admin.callback', async () => {
    const { log } = fakeGateway((_n, action) => (action === 'callback' ? { ok: true, data: detail({ state: 'closed' }) } : { ok: true, data: catalog }))
    let changed: CaseDetail | null = null
    const m = await render(<CaseActions detail={detail({ allowed: ['callback'] })} onChange={(x) => (changed = x)} />)
    await m.click('[data-action="callback"]')
    await m.click('#ws-callback-form [data-rating="basic"] .nut-radio')
    await m.click('#ws-action-submit')
    await flush(10)
    const c = log.find((l) => actionOf(l) === 'callback')
    expect(dataOf(c!)).toEqual({ caseId: 'c1', reached: true, rating: 'basic' })
    expect(changed).not.toBeNull()
  })

  it('records an unreached call without a rating', async () => {
    const { log } = fakeGateway((_n, action) => (action === 'callback' ? { ok: true, data: detail() } : { ok: true, data: catalog }))
    const m = await render(<CaseActions detail={detail({ allowed: ['callback'] })} onChange={() => undefined} />)
    await m.click('[data-action="callback"]')
    await m.click('#ws-callback-form [data-reached="false"]')
    expect(m.$('#ws-callback-form [data-rating]')).toBeNull()
    await m.click('#ws-action-submit')
    await flush(10)
    expect(dataOf(log.find((l) => actionOf(l) === 'callback')!)).toEqual({ caseId: 'c1', reached: false })
  })
})
