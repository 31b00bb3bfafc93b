// (share) Sharing a case to a WeChat group in the UI: the card's title and link, the shared page (public view, 附议,
// 您已附议 / 这是您提交的诉求), the case page's 分享 card and 附议群众评价 apart from the reporter's rating, and a
// follower's own rating (no text).
import { describe, expect, it } from 'vitest'
import type { CaseDetail, Catalog, PublicCaseView } from '../../typings/api'
import CaseDetailView from '../../miniprogram/src/components/CaseDetailView'
import CaseActions from '../../miniprogram/src/components/CaseActions'
import SharedPage from '../../miniprogram/src/pages/shared/index'
import CasePage from '../../miniprogram/src/pages/case/index'
import { followerRatingsText, shareInfoOf, sharedLink, sharedPath, shareTitle } from '../../miniprogram/src/lib/share'
import Taro, { calls, setRouterParams, shared } from '../ui/shims/taro'
import { fakeGateway } from './fetch'
import { flush, render } from './render'

const catalog: Catalog = { categories: [], townships: [], villages: [], departments: [], grids: [] }
const actionOf = (l: { body: unknown }) => (l.body as { data?: { action?: string } })?.data?.action
const dataOf = (l: { body: unknown }) => (l.body as { data: { data: unknown } }).data.data

const view = (over: Partial<PublicCaseView> = {}): PublicCaseView => ({
  caseId: 'c1', no: 'WS202612010001', state: 'dispatched', categoryName: '道路破损', townshipName: '中都街道', villageName: '东门社区',
  summary: '东门社区门口道路有一个大坑，*** 家门口，雨天积水，行人车辆通行困难', summaryKind: 'excerpt', submittedAt: '2026-12-01T01:00:00Z',
  followerCount: 2, following: false, own: false, canFollow: true, ...over
})

function detail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    _id: 'c1', no: 'WS202612010001', state: 'resolved', categoryId: 'ct-road', categoryName: '道路破损', excerpt: '路口有大坑', townshipName: '中都街道',
    submittedAt: '2026-12-01T01:00:00Z', due: { finishBy: '2026-12-08T15:59:59.999Z', provisional: false }, overdue: false, escalation: 0, reopenCount: 0, proxy: false,
    text: '路口有大坑', photos: [], place: { townshipId: 'tw-zhongdu', townshipName: '中都街道' }, contact: { phoneMasked: true }, hideName: true,
    replies: [], supplements: [], timeline: [], extensions: [], allowed: [], ...over
  }
}

describe('the card', () => {
  it('titles 【附议】category·村居: a short redacted excerpt, and opens pages/shared', () => {
    expect(shareTitle(view())).toBe('【附议】道路破损·东门社区：东门社区门口道路有一个大坑，*** 家门…')
    expect(shareTitle(view({ villageName: undefined, summary: '短' }))).toBe('【附议】道路破损·中都街道：短')
    expect(sharedPath('c 1')).toBe('/pages/shared/index?caseId=c%201')
    expect(sharedLink('c1', { origin: 'http://127.0.0.1:8787', pathname: '/' })).toBe('http://127.0.0.1:8787/#/pages/shared/index?caseId=c1')
    expect(shareInfoOf(view())).toMatchObject({ path: '/pages/shared/index?caseId=c1' })
    // A finished case asks for no 附议: no card.
    expect(shareInfoOf(view({ state: 'closed' }))).toBeNull()
    expect(followerRatingsText({ satisfied: 3, basic: 1, unsatisfied: 0 })).toBe('满意 3 · 基本满意 1 · 不满意 0')
  })
})

describe('the shared page', () => {
  it('shows the public view and 附议 takes the resident to the follower view', async () => {
    setRouterParams({ caseId: 'c1' })
    const { log } = fakeGateway((_n, action) => (action === 'publicView' ? { ok: true, data: view() } : { ok: true, data: detail({ state: 'dispatched', viewAs: 'follower', following: true }) }))
    const m = await render(<SharedPage />)
    await flush(20)
    expect(dataOf(log.find((l) => actionOf(l) === 'publicView')!)).toEqual({ caseId: 'c1' })
    expect(m.$('#ws-shared-place')?.textContent).toBe('中都街道 · 东门社区')
    expect(m.$('#ws-shared-followers')?.textContent).toBe('2 人附议')
    expect(m.$('#ws-shared-summary')?.textContent).toContain('大坑')
    // H5: no WeChat share; the link is copied instead.
    expect(m.$('#ws-share')?.textContent).toContain('复制分享链接')
    expect(shared.handler?.()).toMatchObject({ title: shareTitle(view()), path: '/pages/shared/index?caseId=c1' })
    await m.click('#ws-shared-follow')
    await flush(20)
    expect(dataOf(log.find((l) => actionOf(l) === 'follow')!)).toEqual({ caseId: 'c1' })
    expect(calls.navigations).toContainEqual({ kind: 'redirectTo', url: '/pages/case/index?id=c1' })
  })

  it('says 您已附议 / 这是您提交的诉求, and answers a case that is not public with its message', async () => {
    setRouterParams({ caseId: 'c1' })
    fakeGateway(() => ({ ok: true, data: view({ following: true, canFollow: false }) }))
    const a = await render(<SharedPage />)
    await flush(20)
    expect(a.$('#ws-shared-following')?.textContent).toBe('您已附议')
    expect(a.$('#ws-shared-follow')).toBeNull()
    fakeGateway(() => ({ ok: true, data: view({ own: true, canFollow: false }) }))
    const b = await render(<SharedPage />)
    await flush(20)
    expect(b.$('#ws-shared-own')?.textContent).toBe('这是您提交的诉求')
    fakeGateway(() => ({ ok: false, code: 'CASE_NOT_PUBLIC', message: '该诉求已撤回或不再公开，无法查看' }))
    const c = await render(<SharedPage />)
    await flush(20)
    expect(c.text()).toContain('该诉求已撤回或不再公开')
  })

  it('the case page shares with the redacted public title, and copies the link on H5', async () => {
    setRouterParams({ id: 'c1' })
    fakeGateway((_n, action) => (action === 'publicView' ? { ok: true, data: view({ own: true, canFollow: false }) } : action === 'detail' ? { ok: true, data: detail({ state: 'dispatched', text: '王秀英家门口有大坑' }) } : { ok: true, data: catalog }))
    const m = await render(<CasePage />)
    await flush(30)
    expect(m.$('#ws-share-card')).not.toBeNull()
    // The title never carries the raw text of the reporter's own page.
    expect(shared.handler?.().title).not.toContain('王秀英')
    await m.click('#ws-share')
    await flush(10)
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: expect.stringContaining('#/pages/shared/index?caseId=c1') })
  })
})

describe('a merged case', () => {
  // B (c2) was merged into A (c9): B's public view answers with A (mergedFrom B); B runs no clock of its own.
  const main = { caseId: 'c9', no: 'WS202612010009' }
  const gateway = (d: CaseDetail) =>
    fakeGateway((_n, action) =>
      action === 'publicView'
        ? { ok: true, data: view({ caseId: main.caseId, no: main.no, own: false, mergedFrom: 'WS202612010002' }) }
        : action === 'detail'
          ? { ok: true, data: d }
          : { ok: true, data: catalog }
    )
  const running = { activeDeadline: { kind: 'finish' as const, at: new Date(Date.now() + 3 * 86_400_000).toISOString() }, due: { finishBy: new Date(Date.now() + 3 * 86_400_000).toISOString(), provisional: false } }

  it('while worked on, the case page shows the countdown, 办结时限 and the share card (the baseline)', async () => {
    setRouterParams({ id: 'c2' })
    fakeGateway((_n, action) => (action === 'publicView' ? { ok: true, data: view({ caseId: 'c2', own: true, canFollow: false }) } : action === 'detail' ? { ok: true, data: detail({ _id: 'c2', state: 'accepted', ...running }) } : { ok: true, data: catalog }))
    const m = await render(<CasePage />)
    await flush(30)
    expect(m.$('#ws-countdown')?.textContent).toMatch(/^办结剩余/)
    expect(m.$('#ws-case-finish')).not.toBeNull()
    expect(m.$('#ws-share-card')).not.toBeNull()
    expect(m.$('#ws-merged-into')).toBeNull()
  })

  it('shows 已合并到 the main case’s 工单号 with a link to it, and no countdown, deadline or share', async () => {
    setRouterParams({ id: 'c2' })
    gateway(detail({ _id: 'c2', no: 'WS202612010002', state: 'merged', mergedInto: main, ...running }))
    const m = await render(<CasePage />)
    await flush(30)
    expect(m.$('#ws-case-state')?.textContent).toBe('已合并')
    expect(m.$('#ws-merged-into')?.textContent).toContain('已合并到 工单号 WS202612010009')
    expect(m.$('#ws-countdown')).toBeNull()
    expect(m.$('#ws-case-finish')).toBeNull()
    expect(m.text()).not.toMatch(/办结时限|受理时限|剩余/)
    expect(m.$('#ws-share-card')).toBeNull()
    expect(m.$('#ws-share')).toBeNull()
    expect(m.text()).not.toContain('邀请邻居附议')
    // weapp: the page's share menu offers no card of the main case either.
    expect(shared.handler?.()).toEqual({ title: '汶上便民服务', path: '/pages/file/index' })
    await m.click('#ws-merged-open')
    expect(calls.navigations).toContainEqual({ kind: 'navigateTo', url: '/pages/case/index?id=c9' })
  })

  it('staff open the main case on the staff page', async () => {
    gateway(detail({ _id: 'c2', state: 'merged', mergedInto: main }))
    const m = await render(<CaseDetailView caseId='c2' audience='staff' />)
    await flush(20)
    expect(m.$('#ws-merged-into')?.textContent).toMatch(/WS202612010009[\s\S]*已合并办理/)
    expect(m.$('#ws-merged-into')?.textContent).not.toContain('您将收到')
    await m.click('#ws-merged-open')
    expect(calls.navigations).toContainEqual({ kind: 'navigateTo', url: '/pages-staff/case/index?id=c9' })
  })
})

describe('附议群众评价', () => {
  it('is shown apart from the reporter’s rating', async () => {
    fakeGateway((_n, action) =>
      action === 'detail'
        ? { ok: true, data: detail({ state: 'closed', rating: { value: 'basic', at: '2026-12-05T01:00:00Z' }, followerRatings: { satisfied: 1, basic: 0, unsatisfied: 1 }, myFollowerRating: 'unsatisfied' }) }
        : { ok: true, data: catalog }
    )
    const m = await render(<CaseDetailView caseId='c1' />)
    await flush(20)
    expect(m.$('#ws-rating')?.textContent).toContain('基本满意')
    expect(m.$('#ws-follower-ratings-counts')?.textContent).toBe('满意 1 · 基本满意 0 · 不满意 1')
    expect(m.$('#ws-my-follower-rating')?.textContent).toBe('您的评价：不满意')
    expect(m.$('#ws-follower-ratings')?.textContent).toContain('不计入满意率')
  })

  it('a follower is not asked to rate for the reporter', async () => {
    fakeGateway((_n, action) => (action === 'detail' ? { ok: true, data: detail({ viewAs: 'follower', following: true, followerCount: 1, allowed: ['follower_rate', 'unfollow'] }) } : { ok: true, data: catalog }))
    const m = await render(<CaseDetailView caseId='c1' />)
    await flush(20)
    expect(m.$('#ws-case-header')?.textContent).toContain('等待反映人评价；您可以留下附议评价')
    expect(m.$('#ws-case-header')?.textContent).not.toContain('请对办理结果进行评价')
  })

  it('a follower picks a rating (no text) and petition.followerRate is called', async () => {
    const { log } = fakeGateway((_n, action) => (action === 'followerRate' ? { ok: true, data: detail({ myFollowerRating: 'basic' }) } : { ok: true, data: catalog }))
    const m = await render(<CaseActions detail={detail({ viewAs: 'follower', following: true, allowed: ['follower_rate', 'unfollow'] })} onChange={() => {}} />)
    expect(m.$$('[data-action]').map((b) => b.getAttribute('data-action'))).toEqual(['follower_rate', 'unfollow'])
    await m.click('[data-action="follower_rate"]')
    expect(m.$('#ws-follower-rate-form')).not.toBeNull()
    expect(m.$('#ws-action-text')).toBeNull()
    await m.click('[data-rating="basic"] .nut-radio')
    await m.click('#ws-action-submit')
    await flush(10)
    expect(dataOf(log.find((l) => actionOf(l) === 'followerRate')!)).toEqual({ caseId: 'c1', rating: 'basic' })
  })
})
