// Issue 9's page fixes, component by component: 不满意 and 撤回, the filing draft and the scroll to the first
// error, icons, the success page's promise, 我的 for a new user, 我的诉求 search and filters, the 群众评价 card,
// the 工单号 copy button, board item details, the 延期审批 deadlines, revoking invites, the holiday edit sheet, and the H5 nav bar.
import { tilesFor } from '../../cloudfunctions/core/grants'
import { act } from 'react'
import { describe, expect, it } from 'vitest'
import type { BoardItem, CaseDetail, Catalog, Extension, Invite, Me } from '../../typings/api'
import CaseActions from '../../miniprogram/src/components/CaseActions'
import CaseDetailView from '../../miniprogram/src/components/CaseDetailView'
import CategoryIcon, { CATEGORY_ICONS, categoryIcon } from '../../miniprogram/src/components/CategoryIcon'
import FilingForm, { slaHint } from '../../miniprogram/src/components/FilingForm'
import PageShell from '../../miniprogram/src/components/PageShell'
import { draftKey } from '../../miniprogram/src/lib/draft'
import { setLargeText, setState } from '../../miniprogram/src/lib/store'
import { displayName } from '../../miniprogram/src/hooks/useMe'
import MinePage, { FILTERS } from '../../miniprogram/src/pages/mine/index'
import BoardPage from '../../miniprogram/src/pages/board/index'
import { nextSteps } from '../../miniprogram/src/pages/success/index'
import ExtensionsPage from '../../miniprogram/src/pages-admin/extensions/index'
import HolidaysPage, { addDays, dayLabel } from '../../miniprogram/src/pages-admin/holidays/index'
import InvitesPage from '../../miniprogram/src/pages-admin/invites/index'
import { CATEGORIES } from '../../scripts/seed/wenshang'
import Taro, { calls } from './shims/taro'
import { fakeGateway } from './fetch'
import { flush, render } from './render'

// As user.me answers: the 管理 tiles come from the server's grant table.
const me = (role: Me['role'], name?: string): Me => ({ openid: `o-${role}`, role, scope: {}, ...(name ? { name } : {}), tabs: ['file', 'mine', 'board', 'me'], tiles: tilesFor(role) })
const catalog: Catalog = {
  categories: [
    { _id: 'cat-water-outage', name: '停水', icon: '🚱', sla: { acceptHours: 2, finishWorkdays: 1 }, order: 1, active: true },
    { _id: 'cat-power-outage', name: '停电', icon: '⚡', sla: { acceptHours: 2, finishWorkdays: 1 }, order: 2, active: true },
    { _id: 'cat-road', name: '道路破损', icon: '🛣️', sla: { acceptHours: 24, finishWorkdays: 5 }, order: 3, active: true }
  ],
  townships: [{ _id: 'tw-zhongdu', name: '中都街道', kind: 'street', center: { lng: 116.49, lat: 35.73 } }],
  villages: [],
  departments: [{ _id: 'dp-zhujian', name: '县住建局' }],
  grids: []
}

async function typeInto(el: HTMLElement | null, value: string): Promise<void> {
  const input = (el?.matches('input, textarea') ? el : el?.querySelector('input, textarea')) as HTMLInputElement | null
  if (!input) throw new Error('no input')
  const proto = input.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(input, value)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}
const actionOf = (l: { body: unknown }) => (l.body as { data?: { action?: string } })?.data?.action
const dataOf = (l: { body: unknown }) => (l.body as { data: { data: unknown } }).data.data

function detail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    _id: 'c1', no: 'WS202603020001', state: 'resolved', categoryId: 'cat-road', categoryName: '道路破损', excerpt: '路面塌陷', townshipName: '中都街道',
    submittedAt: '2026-03-02T01:00:00Z', due: { finishBy: '2026-03-09T15:59:59.999Z', provisional: false }, overdue: false, escalation: 0, reopenCount: 0, proxy: false,
    text: '路面塌陷', photos: [], place: { townshipId: 'tw-zhongdu', townshipName: '中都街道' }, contact: { phoneMasked: true }, hideName: false,
    replies: [], supplements: [], timeline: [], extensions: [], allowed: [], ...over
  }
}

describe('不满意 and 撤回', () => {
  it('不满意 needs a reason of at least 5 characters, then a confirmation; cancelling sends nothing', async () => {
    const { log } = fakeGateway((_n, action) => (action === 'rate' ? { ok: true, data: detail({ state: 'accepted' }) } : { ok: true, data: catalog }))
    let changed: CaseDetail | null = null
    const m = await render(<CaseActions detail={detail({ allowed: ['rate'] })} onChange={(d) => (changed = d)} />)
    await m.click('[data-action="rate"]')
    await m.click('[data-rating="unsatisfied"] .nut-radio')
    expect((m.$('#ws-action-text') as HTMLTextAreaElement).placeholder).toContain('至少 5 个字')
    await m.click('#ws-action-submit')
    await flush()
    expect(calls.toasts.slice(-1)[0]?.title).toBe('请说明不满意的原因，至少 5 个字')
    await typeInto(m.$('#ws-action-text'), '坑还在')
    await m.click('#ws-action-submit')
    await flush()
    expect(calls.toasts.slice(-1)[0]?.title).toBe('请说明不满意的原因，至少 5 个字')
    await typeInto(m.$('#ws-action-text'), '坑还在，没有修好')
    await m.click('#ws-action-submit')
    await flush()
    expect(document.querySelector('.nut-dialog-header')?.textContent).toBe('确认不满意')
    await act(async () => (document.querySelector('.nut-dialog-footer-cancel') as HTMLElement).click())
    await flush(10)
    expect(log.some((l) => actionOf(l) === 'rate')).toBe(false)
    await m.click('#ws-action-submit')
    await flush()
    await act(async () => (document.querySelector('.nut-dialog-footer-ok') as HTMLElement).click())
    await flush(10)
    const rate = log.find((l) => actionOf(l) === 'rate')
    expect(dataOf(rate!)).toEqual({ caseId: 'c1', rating: 'unsatisfied', comment: '坑还在，没有修好' })
    expect(changed).not.toBeNull()
  })

  it('满意 needs no reason and no confirmation', async () => {
    const { log } = fakeGateway((_n, action) => (action === 'rate' ? { ok: true, data: detail({ state: 'closed' }) } : { ok: true, data: catalog }))
    const m = await render(<CaseActions detail={detail({ allowed: ['rate'] })} onChange={() => undefined} />)
    await m.click('[data-action="rate"]')
    await m.click('[data-rating="satisfied"] .nut-radio')
    await m.click('#ws-action-submit')
    await flush(10)
    expect(dataOf(log.find((l) => actionOf(l) === 'rate')!)).toEqual({ caseId: 'c1', rating: 'satisfied' })
  })

  it('撤回 asks for an optional reason and sends it', async () => {
    const { log } = fakeGateway((_n, action) => (action === 'withdraw' ? { ok: true, data: detail({ state: 'withdrawn' }) } : { ok: true, data: catalog }))
    const m = await render(<CaseActions detail={detail({ state: 'dispatched', allowed: ['withdraw'] })} onChange={() => undefined} />)
    await m.click('[data-action="withdraw"]')
    await flush()
    expect(document.querySelector('#ws-dialog-input')).not.toBeNull()
    await typeInto(document.querySelector('#ws-dialog-input') as HTMLElement, '问题已自行解决')
    await act(async () => (document.querySelector('.nut-dialog-footer-ok') as HTMLElement).click())
    await flush(10)
    expect(dataOf(log.find((l) => actionOf(l) === 'withdraw')!)).toEqual({ caseId: 'c1', reason: '问题已自行解决' })
  })
})

describe('filing form: draft and first error', () => {
  it('keeps a draft per user, restores it on a new mount, and clears it after a successful submit', async () => {
    setState({ me: me('resident'), catalog })
    const { log } = fakeGateway((_n, action) => (action === 'submit' ? { ok: true, data: { case: detail({ state: 'dispatched' }) } } : { ok: true, data: catalog }))
    const key = draftKey('o-resident', false)
    const m1 = await render(<FilingForm onSubmitted={() => undefined} />)
    await m1.click('[data-cat="停电"]')
    await typeInto(m1.$('#ws-text'), '整栋楼从早上开始停电')
    await flush()
    expect(JSON.parse(Taro.getStorageSync(key) as string)).toMatchObject({ categoryId: 'cat-power-outage', text: '整栋楼从早上开始停电' })
    m1.unmount()

    let done = false
    const m2 = await render(<FilingForm onSubmitted={() => (done = true)} />)
    await flush()
    expect((m2.$('#ws-text') as HTMLTextAreaElement).value).toBe('整栋楼从早上开始停电')
    expect(m2.$('[data-cat="停电"]')?.className).toContain('on')
    // The chosen category's limits under the button.
    expect(m2.$('#ws-sla-hint')?.textContent).toBe('“停电”类诉求 2 小时内受理，1 个工作日内办结')
    // A proxy (代报) form has its own draft.
    expect(Taro.getStorageSync(draftKey('o-resident', true))).toBe('')
    await m2.click('#ws-pick-town')
    const item = (t: string) => Array.from(document.querySelectorAll<HTMLElement>('.nut-cascader-item')).find((e) => e.textContent?.includes(t))!
    await act(async () => item('中都街道').click())
    await flush()
    const whole = Array.from(document.querySelectorAll<HTMLElement>('.nut-cascader-item')).find((e) => e.textContent?.includes('不选村居'))
    if (whole) await act(async () => whole.click())
    await m2.click('#ws-submit')
    await flush(10)
    expect(log.some((l) => actionOf(l) === 'submit'), calls.toasts.map((t) => t.title).join()).toBe(true)
    expect(done).toBe(true)
    expect(Taro.getStorageSync(key)).toBe('')
  })

  it('a failed submit scrolls the first error into view', async () => {
    setState({ me: me('resident'), catalog })
    fakeGateway(() => ({ ok: true, data: catalog }))
    const scrolled: string[] = []
    // jsdom has no scrollIntoView: record which card the form asks to show.
    const proto = Element.prototype as unknown as { scrollIntoView?: () => void }
    const before = proto.scrollIntoView
    proto.scrollIntoView = function (this: Element) {
      scrolled.push(this.id)
    }
    const m = await render(<FilingForm onSubmitted={() => undefined} />)
    await m.click('[data-cat="停水"]')
    await m.click('#ws-submit')
    await flush(80)
    expect(calls.toasts.slice(-1)[0]?.title).toBe('请描述问题，至少 5 个字')
    expect(scrolled.slice(-1)[0]).toBe('ws-f-text')
    await typeInto(m.$('#ws-text'), '小区停水两天了')
    await m.click('#ws-submit')
    await flush(80)
    expect(scrolled.slice(-1)[0]).toBe('ws-f-place')
    proto.scrollIntoView = before
  })

  it('the hint without a category is the county default', () => {
    expect(slaHint(undefined)).toBe('提交后 24 小时内受理，一般 5 个工作日内办结')
  })
})

describe('icons', () => {
  it('every seeded category has its own NutUI icon; 停水 and 停电 differ', () => {
    const names = CATEGORIES.map((c) => categoryIcon({ _id: c._id, name: c.name, icon: c.icon }).name)
    expect(new Set(names).size).toBe(CATEGORIES.length)
    expect(Object.keys(CATEGORY_ICONS).sort()).toEqual(CATEGORIES.map((c) => c._id).sort())
    expect(categoryIcon({ _id: 'cat-water-outage', name: '停水', icon: '🚱' }).name).not.toBe(categoryIcon({ _id: 'cat-power-outage', name: '停电', icon: '⚡' }).name)
    // A category that names a NutUI icon gets it; an unknown one a stable icon from the pool.
    expect(categoryIcon({ _id: 'cat-new', name: '新类别', icon: 'Home' }).name).toBe('Home')
    expect(categoryIcon({ _id: 'cat-x', name: '某类', icon: '?' }).name).toBe(categoryIcon({ _id: 'cat-x', name: '某类', icon: '?' }).name)
  })

  it('tiles draw an icon, not a text initial', async () => {
    setState({ me: me('resident'), catalog })
    fakeGateway(() => ({ ok: true, data: catalog }))
    const m = await render(<FilingForm onSubmitted={() => undefined} />)
    for (const tile of m.$$('.ws-cat-icon')) {
      expect(tile.querySelector('.nut-icon')).not.toBeNull()
      expect(tile.textContent).toBe('')
    }
    const one = await render(<CategoryIcon c={{ _id: 'cat-road', name: '道路破损', icon: '🛣️' }} />)
    expect(one.$('.nut-icon')).not.toBeNull()
  })
})

describe('success page and 我的', () => {
  it('states the category’s limits, and 审核中 when the case is held', () => {
    const water = catalog.categories[0]!
    expect(nextSteps('dispatched', water).text).toContain('“停水”类诉求 2 小时内受理，1 个工作日内办结')
    expect(nextSteps('review', water)).toMatchObject({ title: '已提交，审核中' })
    expect(nextSteps('review', water).text).toContain('正在审核')
    expect(nextSteps('queued', undefined).text).toContain('24 小时内受理，5 个工作日内办结')
  })

  it('a new resident without a name is 微信用户, not 加载中… forever', () => {
    expect(displayName(me('resident'), null)).toBe('微信用户')
    expect(displayName(me('resident', '王秀英'), null)).toBe('王秀英')
    expect(displayName(null, null)).toBe('加载中…')
    expect(displayName(null, '未能识别您的微信身份')).toBe('未登录')
  })
})

describe('我的诉求: search and filters', () => {
  it('has 审核中, 待分派 and 已撤回; the search sends q and the filter sends the state', async () => {
    expect(FILTERS.map((f) => f.text)).toEqual(expect.arrayContaining(['审核中', '待分派', '已撤回']))
    setState({ me: me('resident'), catalog })
    const { log } = fakeGateway((_n, action) => (action === 'mine' ? { ok: true, data: { items: [], total: 0, page: 1, pageSize: 10 } } : { ok: true, data: catalog }))
    const m = await render(<MinePage />)
    await flush(10)
    await typeInto(m.$('#ws-mine-search'), 'WS202603020001')
    await flush(500)
    expect(log.filter((l) => actionOf(l) === 'mine').map(dataOf).slice(-1)[0]).toMatchObject({ q: 'WS202603020001' })
    expect(m.text()).toContain('没有找到与“WS202603020001”相关的诉求')
    const tab = m.$$('.nut-tabs-titles-item').find((t) => t.textContent === '已撤回')!
    await m.click(tab)
    await flush(10)
    expect(log.filter((l) => actionOf(l) === 'mine').map(dataOf).slice(-1)[0]).toMatchObject({ state: 'withdrawn', q: 'WS202603020001' })
  })
})

describe('case page: 群众评价 and the 工单号', () => {
  it('the rating card is never empty, and 复制 copies the 工单号', async () => {
    setState({ me: me('resident'), catalog })
    const d = detail({ state: 'accepted', reopenCount: 1, rating: { value: 'unsatisfied', at: '2026-03-03T02:00:00Z' } })
    fakeGateway((_n, action) => (action === 'detail' ? { ok: true, data: d } : { ok: true, data: catalog }))
    const m = await render(<CaseDetailView caseId='c1' />)
    await flush(10)
    expect(m.$('#ws-rating-comment')?.textContent).toBe('未填写评价意见')
    expect(m.$('#ws-rating')?.textContent).toContain('已退回承办部门重新办理')
    await m.click('#ws-detail-copy')
    await flush()
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'WS202603020001' })
  })
})

describe('admin pages', () => {
  it('the 延期审批 card shows the current and the requested deadline', async () => {
    setState({ me: me('county_dispatcher') })
    const x: Extension = {
      _id: 'x1', caseId: 'c1', caseNo: 'WS202603020001', requestedAt: '2026-03-03T02:00:00Z', requestedBy: '赵磊', workdays: 3, reason: '需要协调施工队', state: 'pending',
      departmentName: '县住建局', currentFinishBy: '2026-03-09T15:59:59.999Z', requestedFinishBy: '2026-03-12T15:59:59.999Z'
    }
    fakeGateway(() => ({ ok: true, data: { items: [x], total: 1, page: 1, pageSize: 10 } }))
    const m = await render(<ExtensionsPage />)
    await flush(10)
    expect(m.$('.ws-ext-current')?.textContent).toBe('2026-03-09 23:59 前')
    expect(m.$('.ws-ext-requested')?.textContent).toBe('2026-03-12 23:59 前')
  })

  it('an unused invite can be revoked after a confirmation', async () => {
    setState({ me: me('county_admin'), catalog })
    const inv: Invite = { code: 'AB12-CD34', role: 'grid_member', scope: {}, scopeLabel: '东门社区第一网格', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), createdAt: '2026-03-02T00:00:00Z' }
    const { log } = fakeGateway((_n, action) => {
      if (action === 'invites') return { ok: true, data: { items: [inv], total: 1, page: 1, pageSize: 20 } }
      if (action === 'revokeInvite') return { ok: true, data: { ...inv, revokedAt: '2026-03-03T00:00:00Z' } }
      return { ok: true, data: catalog }
    })
    const m = await render(<InvitesPage />)
    await flush(10)
    await m.click('[data-invite="AB12-CD34"] .ws-invite-revoke')
    await flush()
    expect(document.querySelector('.nut-dialog-header')?.textContent).toBe('撤销邀请码')
    await act(async () => (document.querySelector('.nut-dialog-footer-ok') as HTMLElement).click())
    await flush(10)
    expect(dataOf(log.find((l) => actionOf(l) === 'revokeInvite')!)).toEqual({ code: 'AB12-CD34' })
    expect(m.$('[data-invite="AB12-CD34"]')?.textContent).toContain('已撤销')
    expect(m.$('[data-invite="AB12-CD34"] .ws-invite-revoke')).toBeNull()
  })

  it('holidays: the heading says 未确认; the edit sheet names the date and sets a named range', async () => {
    setState({ me: me('county_admin') })
    const { log } = fakeGateway((_n, action, data) => {
      if (action === 'holidays') return { ok: true, data: { year: (data as { year: number }).year, confirmed: false, days: [], audit: [] } }
      if (action === 'setHoliday') return { ok: true, data: { year: 2027, confirmed: false, days: [] } }
      return { ok: false, code: 'UNKNOWN_ACTION', message: 'x' }
    })
    const m = await render(<HolidaysPage />)
    await flush(10)
    expect(m.$('#ws-year-state')?.textContent).toMatch(/^\d{4} 年安排未确认$/)
    const first = m.$$('[data-date]')[0]!
    const date = first.getAttribute('data-date')!
    await m.click(first)
    await flush()
    expect(document.querySelector('.nut-popup-title')?.textContent).toBe(`修改 ${dayLabel(date)}`)
    await typeInto(document.querySelector('#ws-holiday-name') as HTMLElement, '国庆节')
    for (let i = 0; i < 6; i++) await act(async () => (document.querySelector('#ws-holiday-days .nut-inputnumber-add') as HTMLElement).click())
    expect(document.querySelector('#ws-holiday-range')?.textContent).toContain('共 7 天')
    await act(async () => (document.querySelector('#ws-holiday-save') as HTMLElement).click())
    await flush(10)
    expect(dataOf(log.find((l) => actionOf(l) === 'setHoliday')!)).toEqual({ date, to: addDays(date, 6), kind: 'holiday', name: '国庆节' })
  })

  it('dayLabel and addDays', () => {
    expect(dayLabel('2027-02-10')).toBe('2027年2月10日（周三）')
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
  })
})

describe('H5 navigation bar', () => {
  it('sub-pages get the title and a back button; tab pages do not', async () => {
    setState({ me: me('resident') })
    document.title = '节假日设置'
    const sub = await render(
      <PageShell>
        <div>x</div>
      </PageShell>
    )
    expect(sub.$('#ws-navbar-title')?.textContent).toBe('节假日设置')
    // No history (a reload or a shared link): back goes to the user's first tab.
    await sub.click('#ws-navbar-back')
    expect(calls.navigations.slice(-1)[0]).toEqual({ kind: 'reLaunch', url: '/pages/file/index' })
    const withTitle = await render(
      <PageShell title='诉求详情'>
        <div>x</div>
      </PageShell>
    )
    expect(withTitle.$('#ws-navbar-title')?.textContent).toBe('诉求详情')
    const tab = await render(
      <PageShell tab='mine'>
        <div>x</div>
      </PageShell>
    )
    expect(tab.$('#ws-navbar')).toBeNull()
  })

  it('large text also enlarges the nav bar (the class is on the page root)', async () => {
    setLargeText(true)
    const m = await render(
      <PageShell>
        <div>x</div>
      </PageShell>
    )
    expect(m.$('.ws-page.ws-large .ws-navbar')).not.toBeNull()
    setLargeText(false)
  })
})

describe('the public board', () => {
  it('a board item opens its detail: the whole summary, its dates and why it is public', async () => {
    const item: BoardItem = {
      _id: 'b1',
      no: 'WS202612010007',
      categoryName: '路灯',
      townshipName: '中都街道',
      summary: '东门社区北侧路灯不亮，已更换灯具并恢复照明。'.repeat(4),
      reporter: '王**',
      departmentName: '县城管局',
      submittedAt: '2026-12-01T01:00:00.000Z',
      resolvedAt: '2026-12-01T07:00:00.000Z',
      publishedAt: '2026-12-02T02:00:00.000Z',
      rating: 'satisfied'
    }
    fakeGateway((_n, action) => (action === 'board' ? { ok: true, data: { items: [item], total: 1, page: 1, pageSize: 10 } } : { ok: true, data: catalog }))
    setState({ me: me('resident'), catalog })
    const m = await render(<BoardPage />)
    await flush(10)
    expect(m.$('#ws-board-detail')).toBeNull()
    await m.click('[data-board="WS202612010007"]')
    await flush()
    const detail = m.$('#ws-board-detail')!
    expect(detail.querySelector('.ws-board-detail-summary')?.textContent).toBe(item.summary)
    expect(detail.textContent).toContain('县城管局')
    expect(detail.textContent).toContain('公开时间')
    expect(detail.textContent).toContain('满意')
    expect(detail.textContent).toContain('已隐去姓名')
  })
})
