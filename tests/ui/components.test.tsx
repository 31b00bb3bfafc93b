import { describe, expect, it } from 'vitest'
import type { CaseDetail, Catalog, Me } from '../../typings/api'
import { StatusChip, CountdownChip } from '../../miniprogram/src/components/Chips'
import CaseActions from '../../miniprogram/src/components/CaseActions'
import FilingForm from '../../miniprogram/src/components/FilingForm'
import PageShell from '../../miniprogram/src/components/PageShell'
import TabBar from '../../miniprogram/src/components/TabBar'
import RoleGate from '../../miniprogram/src/components/RoleGate'
import { BarFallback } from '../../miniprogram/src/pages-admin/components/Chart'
import { setLargeText, setState } from '../../miniprogram/src/lib/store'
import { isStaffRole } from '../../miniprogram/src/lib/tabs'
import { calls } from './shims/taro'
import { fakeGateway } from './fetch'
import { flush, render } from './render'

const me = (role: Me['role'], tabs: Me['tabs']): Me => ({ openid: 'o', role, scope: {}, name: '测试', tabs })
const catalog: Catalog = {
  categories: [
    { _id: 'ct-light', name: '路灯照明', icon: '💡', sla: { acceptHours: 24, finishWorkdays: 5 }, order: 1, active: true },
    { _id: 'ct-road', name: '道路交通', icon: 'road', sla: { acceptHours: 24, finishWorkdays: 5 }, order: 2, active: true }
  ],
  townships: [{ _id: 'tw-zhongdu', name: '中都街道', kind: 'street', center: { lng: 116.49, lat: 35.73 } }],
  villages: [{ _id: 'vl-dongmen', name: '东门社区', townshipId: 'tw-zhongdu', kind: 'community' }],
  departments: [{ _id: 'dp-zhujian', name: '县住建局' }],
  grids: []
}

function detail(allowed: CaseDetail['allowed']): CaseDetail {
  return {
    _id: 'c1', no: 'WS20260302-0001', state: 'resolved', categoryId: 'ct-light', categoryName: '路灯照明', excerpt: '路灯坏了', townshipName: '中都街道',
    submittedAt: '2026-03-02T01:00:00Z', due: { finishBy: '2026-03-09T15:59:59.999Z', provisional: false }, overdue: false, escalation: 0, reopenCount: 0, proxy: false,
    text: '路灯坏了', photos: [], place: { townshipId: 'tw-zhongdu', townshipName: '中都街道' }, contact: { phoneMasked: true }, hideName: false,
    replies: [], supplements: [], timeline: [], extensions: [], allowed
  }
}

describe('chips', () => {
  it('status chip shows the label with its colours', async () => {
    const m = await render(<StatusChip state='accepted' overdue />)
    expect(m.text()).toBe('办理中·超时')
    // NutUI Tag: text colour on the text, background on the tag.
    expect(m.$('.nut-tag')).not.toBeNull()
    expect((m.$('.nut-tag-text') as HTMLElement).style.color).toBe('rgb(198, 40, 40)')
  })
  it('countdown chip is red when overdue', async () => {
    const m = await render(<CountdownChip at={new Date(Date.now() - 3 * 3_600_000).toISOString()} kind='finish' />)
    expect(m.text()).toBe('办结 已超时 3小时')
    expect((m.$('.nut-tag-text') as HTMLElement).style.color).toBe('rgb(198, 40, 40)')
  })
})

describe('tab bar and role gate', () => {
  it('a resident sees no 工作台 / 管理', async () => {
    setState({ me: me('resident', ['file', 'mine', 'board', 'me']) })
    const m = await render(<TabBar current='mine' />)
    expect(m.$$('.ws-tab').map((t) => t.textContent)).toEqual(['✎我要反映', '☰我的诉求', '◎公开', '◉我的'])
    expect(m.$('.ws-tab.on')!.textContent).toContain('我的诉求')
  })
  it('a department handler sees 工作台 and navigates by reLaunch on H5', async () => {
    setState({ me: me('dept_handler', ['file', 'mine', 'board', 'work', 'me']) })
    const m = await render(<TabBar current='file' />)
    expect(m.text()).toContain('工作台')
    expect(m.text()).not.toContain('管理')
    await m.click('[data-tab="work"]')
    expect(calls.navigations.slice(-1)[0]).toEqual({ kind: 'reLaunch', url: '/pages-staff/inbox/index' })
  })
  it('the gate refuses residents', async () => {
    setState({ me: me('resident', ['file', 'mine', 'board', 'me']) })
    const m = await render(
      <RoleGate allow={isStaffRole}>
        <div id='secret'>inbox</div>
      </RoleGate>
    )
    expect(m.$('#secret')).toBeNull()
    expect(m.text()).toContain('仅对工作人员开放')
  })
  it('large-text mode puts the class on the page root', async () => {
    setState({ me: me('resident', ['file', 'mine', 'board', 'me']) })
    setLargeText(true)
    const m = await render(
      <PageShell tab='me'>
        <div>x</div>
      </PageShell>
    )
    expect(m.$('.ws-page')!.className).toContain('ws-large')
    expect(m.$('.ws-tabbar')).not.toBeNull()
    setLargeText(false)
  })
})

describe('case actions', () => {
  it('shows exactly the allowed actions', async () => {
    const m = await render(<CaseActions detail={detail(['rate', 'supplement'])} onChange={() => undefined} />)
    expect(m.$$('[data-action]').map((b) => b.getAttribute('data-action'))).toEqual(['rate', 'supplement'])
  })
  it('renders nothing without actions', async () => {
    const m = await render(<CaseActions detail={detail([])} onChange={() => undefined} />)
    expect(m.container.innerHTML).toBe('')
  })
  it('rating 不满意 explains the reopen and calls petition.rate', async () => {
    const { log } = fakeGateway((_n, action, data) => (action === 'rate' ? { ok: true, data: { ...detail([]), state: 'accepted', data } } : { ok: true, data: catalog }))
    let changed: CaseDetail | null = null
    const m = await render(<CaseActions detail={detail(['rate'])} onChange={(d) => (changed = d)} />)
    await m.click('[data-action="rate"]')
    await m.click('[data-rating="unsatisfied"] .nut-radio')
    expect(m.text()).toContain('重办')
    await m.click('#ws-action-submit')
    await flush(10)
    const rateCall = log.find((l) => (l.body as { data?: { action?: string } })?.data?.action === 'rate')
    expect((rateCall!.body as { data: { data: unknown } }).data.data).toEqual({ caseId: 'c1', rating: 'unsatisfied' })
    expect(changed).not.toBeNull()
  })
  it('withdraw asks for confirmation in a dialog and does nothing when cancelled', async () => {
    const { log } = fakeGateway(() => ({ ok: true, data: catalog }))
    const m = await render(<CaseActions detail={{ ...detail(['withdraw']), state: 'dispatched' }} onChange={() => undefined} />)
    await m.click('[data-action="withdraw"]')
    await flush()
    expect(m.$('.nut-dialog-header')?.textContent).toBe('撤回诉求')
    await m.click('.nut-dialog-footer-cancel')
    await flush(400)
    expect(m.$('.nut-dialog-header')?.textContent ?? '').not.toBe('撤回诉求')
    expect(log.some((l) => (l.body as { data?: { action?: string } })?.data?.action === 'withdraw')).toBe(false)
  })
  it('withdraw calls petition.withdraw once confirmed', async () => {
    const { log } = fakeGateway((_n, action) => (action === 'withdraw' ? { ok: true, data: { ...detail([]), state: 'withdrawn' } } : { ok: true, data: catalog }))
    let changed: CaseDetail | null = null
    const m = await render(<CaseActions detail={{ ...detail(['withdraw']), state: 'dispatched' }} onChange={(d) => (changed = d)} />)
    await m.click('[data-action="withdraw"]')
    await flush()
    await m.click('.nut-dialog-footer-ok')
    await flush(10)
    expect(log.some((l) => (l.body as { data?: { action?: string } })?.data?.action === 'withdraw')).toBe(true)
    expect(changed).not.toBeNull()
  })
  it('extension days use an InputNumber bounded to 1–15', async () => {
    fakeGateway(() => ({ ok: true, data: catalog }))
    const m = await render(<CaseActions detail={{ ...detail(['request_extension']), state: 'accepted' }} onChange={() => undefined} />)
    await m.click('[data-action="request_extension"]')
    expect((m.$('#ws-ext-days .nut-inputnumber-input') as HTMLInputElement).value).toBe('3')
    await m.click('#ws-ext-days .nut-inputnumber-add')
    expect((m.$('#ws-ext-days .nut-inputnumber-input') as HTMLInputElement).value).toBe('4')
  })
})

describe('filing form', () => {
  it('renders the category grid and blocks an incomplete submit with a toast', async () => {
    setState({ catalog })
    fakeGateway(() => ({ ok: true, data: {} }))
    const m = await render(<FilingForm onSubmitted={() => undefined} />)
    expect(m.$$('[data-cat]').map((c) => c.getAttribute('data-cat'))).toEqual(['路灯照明', '道路交通'])
    expect(m.text()).toContain('个人信息保护法')
    await m.click('#ws-submit')
    expect(calls.toasts.slice(-1)[0]?.title).toBe('请选择诉求类别')
    expect(m.text()).toContain('请在地图上选择位置，或选择所在镇街')
    // NutUI controls: the text area counts characters; consent is a Checkbox.
    expect(m.$('#ws-text')?.tagName).toBe('TEXTAREA')
    expect(m.$('.nut-textarea-limit')?.textContent).toBe('0/500')
    expect(m.$('#ws-consent')?.className).toContain('nut-checkbox')
    await m.click('#ws-consent')
    expect(m.$('#ws-consent')?.className).toContain('nut-checkbox-active')
  })
  it('a toast goes to the page NutUI Toast when a page shell is mounted', async () => {
    setState({ me: me('resident', ['file', 'mine', 'board', 'me']), catalog })
    fakeGateway(() => ({ ok: true, data: {} }))
    const m = await render(
      <PageShell>
        <FilingForm onSubmitted={() => undefined} />
      </PageShell>
    )
    await m.click('#ws-submit')
    await flush()
    expect(m.$('.nut-toast-text')?.textContent).toBe('请选择诉求类别')
    expect(calls.toasts).toHaveLength(0)
  })
})

describe('chart fallback', () => {
  it('plain bars with values', async () => {
    const m = await render(<BarFallback data={[{ label: '住建局', value: 0.5 }, { label: '交通局', value: 1 }]} percent />)
    expect(m.text()).toContain('住建局50%')
    expect(m.$$('.ws-bar-fill')).toHaveLength(2)
  })
})
