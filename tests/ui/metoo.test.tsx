// (metoo) 附议 in the UI: the suggestions before filing (附议, 不是同一问题), and a follower's case page.
import { describe, expect, it } from 'vitest'
import type { CaseDetail, Catalog, SimilarCase } from '../../typings/api'
import SimilarCases, { distanceLabel } from '../../miniprogram/src/components/SimilarCases'
import CaseDetailView from '../../miniprogram/src/components/CaseDetailView'
import { fakeGateway } from './fetch'
import { flush, render } from './render'

const catalog: Catalog = { categories: [], townships: [], villages: [], departments: [], grids: [] }
const actionOf = (l: { body: unknown }) => (l.body as { data?: { action?: string } })?.data?.action
const dataOf = (l: { body: unknown }) => (l.body as { data: { data: unknown } }).data.data

const similar = (over: Partial<SimilarCase> = {}): SimilarCase => ({
  caseId: 'c1', no: 'WS202612010001', state: 'dispatched', categoryName: '道路破损', summary: '东门路口有大坑', distance: 42,
  followerCount: 2, submittedAt: '2026-12-01T01:00:00Z', following: false, ...over
})

function detail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    _id: 'c1', no: 'WS202612010001', state: 'accepted', categoryId: 'ct-road', categoryName: '道路破损', excerpt: '路口有大坑', townshipName: '中都街道',
    submittedAt: '2026-12-01T01:00:00Z', due: { finishBy: '2026-12-08T15:59:59.999Z', provisional: false }, overdue: false, escalation: 0, reopenCount: 0, proxy: false,
    text: '路口有大坑', photos: [], place: { townshipId: 'tw-zhongdu', townshipName: '中都街道' }, contact: { phoneMasked: true }, hideName: true,
    replies: [], supplements: [], timeline: [], extensions: [], allowed: ['follower_note', 'unfollow'], ...over
  }
}

describe('suggestions before filing', () => {
  it('asks once category and place are chosen; 不是同一问题 hides one; 附议 follows', async () => {
    const { log } = fakeGateway((_n, action) =>
      action === 'similar' ? { ok: true, data: { items: [similar(), similar({ caseId: 'c2', no: 'WS202612010002', summary: '另一个坑', distance: undefined })] } } : { ok: true, data: detail({ followerCount: 3 }) }
    )
    const none = await render(<SimilarCases q={{ categoryId: 'ct-road' }} />)
    await flush(10)
    expect(log.some((l) => actionOf(l) === 'similar')).toBe(false)
    expect(none.$('#ws-similar')).toBeNull()

    const m = await render(<SimilarCases q={{ categoryId: 'ct-road', point: { lng: 116.477, lat: 35.74 }, text: '路口有坑' }} />)
    await flush(20)
    expect(dataOf(log.find((l) => actionOf(l) === 'similar')!)).toEqual({ categoryId: 'ct-road', point: { lng: 116.477, lat: 35.74 }, text: '路口有坑' })
    expect(m.$('[data-case="WS202612010001"]')?.textContent).toContain('附议 2 人')
    expect(m.$('[data-case="WS202612010002"]')?.textContent).toContain('同村居')
    await m.click('[data-case="WS202612010002"] .ws-similar-not')
    expect(m.$('[data-case="WS202612010002"]')).toBeNull()
    await m.click('[data-case="WS202612010001"] .ws-similar-follow')
    await flush(20)
    expect(dataOf(log.find((l) => actionOf(l) === 'follow')!)).toEqual({ caseId: 'c1' })
    expect(m.$('[data-case="WS202612010001"]')?.textContent).toContain('已附议')
  })

  it('labels distances', () => {
    expect(distanceLabel({ distance: 5 })).toBe('就在附近')
    expect(distanceLabel({ distance: 120 })).toBe('约 120 米')
    expect(distanceLabel({})).toBe('同村居')
  })
})

describe('a follower’s case page', () => {
  it('shows 附议数 and the follower notice, and the merged pointer', async () => {
    fakeGateway((_n, action) => (action === 'detail' ? { ok: true, data: detail({ viewAs: 'follower', following: true, followerCount: 3 }) } : { ok: true, data: catalog }))
    const m = await render(<CaseDetailView caseId='c1' />)
    await flush(20)
    expect(m.$('#ws-follower-count')?.textContent).toContain('3 人附议')
    expect(m.$('#ws-metoo')?.textContent).toContain('您已附议此诉求')
    fakeGateway((_n, action) => (action === 'detail' ? { ok: true, data: detail({ state: 'merged', mergedInto: { caseId: 'c9', no: 'WS202612010009' }, allowed: [] }) } : { ok: true, data: catalog }))
    const b = await render(<CaseDetailView caseId='c2' />)
    await flush(20)
    expect(b.$('#ws-merged-into')?.textContent).toContain('WS202612010009')
  })
})
