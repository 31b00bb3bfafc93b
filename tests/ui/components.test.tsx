import { act } from 'react'
import { describe, expect, it } from 'vitest'
import type { CaseDetail, Catalog, Me } from '../../typings/api'
import { StatusChip, CountdownChip } from '../../miniprogram/src/components/Chips'
import CaseActions from '../../miniprogram/src/components/CaseActions'
import FilingForm from '../../miniprogram/src/components/FilingForm'
import PageShell from '../../miniprogram/src/components/PageShell'
import TabBar from '../../miniprogram/src/components/TabBar'
import RoleGate from '../../miniprogram/src/components/RoleGate'
import ServiceCheck, { maskId } from '../../miniprogram/src/components/ServiceCheck'
import InvitesPage from '../../miniprogram/src/pages-admin/invites/index'
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
  villages: [
    { _id: 'vl-dongmen', name: '东门社区', townshipId: 'tw-zhongdu', kind: 'community' },
    { _id: 'vl-xiguan', name: '西关社区', townshipId: 'tw-zhongdu', kind: 'community' }
  ],
  departments: [{ _id: 'dp-zhujian', name: '县住建局' }],
  grids: [
    { _id: 'gr-zhongdu-dongmen-1', name: '东门社区第一网格', villageId: 'vl-dongmen', townshipId: 'tw-zhongdu' },
    { _id: 'gr-zhongdu-dongmen-2', name: '东门社区第二网格', villageId: 'vl-dongmen', townshipId: 'tw-zhongdu' },
    { _id: 'gr-zhongdu-xiguan-1', name: '西关社区第一网格', villageId: 'vl-xiguan', townshipId: 'tw-zhongdu' }
  ]
}

/** Type into a NutUI Input/TextArea (the host carries the id; React listens to the native input event). */
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
    expect(m.$$('.ws-tab').map((t) => t.textContent)).toEqual(['我要反映', '我的诉求', '公开', '我的'])
    expect(m.$$('.ws-tab .nut-icon')).toHaveLength(4)
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
  it('a 管理 page opens only for the roles that have its tile (Me.tiles), never to a FORBIDDEN answer', async () => {
    setState({ me: { ...me('township_supervisor', ['board', 'work', 'admin', 'me']), tiles: ['supervise_desk', 'summary', 'queue'] } })
    const refused = await render(
      <RoleGate tile='invites'>
        <div id='secret'>invite form</div>
      </RoleGate>
    )
    expect(refused.$('#secret')).toBeNull()
    expect(refused.text()).toContain('不在您的岗位职责范围')
    const allowed = await render(
      <RoleGate tile='queue'>
        <div id='secret'>queue</div>
      </RoleGate>
    )
    expect(allowed.$('#secret')).not.toBeNull()
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
  it('rating 不满意 explains the reopen and calls petition.rate with the reason once confirmed', async () => {
    const { log } = fakeGateway((_n, action, data) => (action === 'rate' ? { ok: true, data: { ...detail([]), state: 'accepted', data } } : { ok: true, data: catalog }))
    let changed: CaseDetail | null = null
    const m = await render(<CaseActions detail={detail(['rate'])} onChange={(d) => (changed = d)} />)
    await m.click('[data-action="rate"]')
    await m.click('[data-rating="unsatisfied"] .nut-radio')
    expect(m.text()).toContain('重办')
    await typeInto(m.$('#ws-action-text'), '路灯还是不亮')
    await m.click('#ws-action-submit')
    await flush()
    await act(async () => (document.querySelector('.nut-dialog-footer-ok') as HTMLElement).click())
    await flush(10)
    const rateCall = log.find((l) => (l.body as { data?: { action?: string } })?.data?.action === 'rate')
    expect((rateCall!.body as { data: { data: unknown } }).data.data).toEqual({ caseId: 'c1', rating: 'unsatisfied', comment: '路灯还是不亮' })
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

describe('filing form: 称呼', () => {
  it('the name sits next to the phone; 同意公开 is off by default; the board preview and the hide box appear once consent and a name are given', async () => {
    setState({ catalog })
    fakeGateway(() => ({ ok: true, data: {} }))
    const m = await render(<FilingForm onSubmitted={() => undefined} />)
    expect(m.$('.ws-contact-row #ws-contact-name')).not.toBeNull()
    expect(m.$('.ws-contact-row #ws-phone')).not.toBeNull()
    expect(m.$('#ws-hide-name')).toBeNull()
    await typeInto(m.$('#ws-contact-name'), '王女士')
    expect(m.$('#ws-hide-name')).toBeNull()
    await m.click('#ws-public-consent')
    expect(m.$('#ws-board-name')?.textContent).toContain('王**')
    await m.click('#ws-hide-name')
    expect(m.$('#ws-board-name')?.textContent).toContain('匿名群众')
  })
  it('submits contact.name without consent when no phone is given', async () => {
    setState({ catalog })
    const { log } = fakeGateway((_n, action) => (action === 'submit' ? { ok: true, data: { case: detail([]) } } : { ok: true, data: catalog }))
    let done = false
    const m = await render(<FilingForm onSubmitted={() => (done = true)} />)
    await m.click('[data-cat="路灯照明"]')
    await typeInto(m.$('#ws-text'), '小区东门路灯坏了一周')
    await m.click('#ws-pick-town')
    // The place: 中都街道（不选村居） in the NutUI Cascader.
    const item = (t: string) => Array.from(document.querySelectorAll<HTMLElement>('.nut-cascader-item')).find((e) => e.textContent?.includes(t))!
    await act(async () => item('中都街道').click())
    await act(async () => item('不选村居').click())
    await typeInto(m.$('#ws-contact-name'), '王女士')
    await m.click('#ws-submit')
    await flush(10)
    const submit = log.find((l) => actionOf(l) === 'submit')
    expect(submit, calls.toasts.map((t) => t.title).join()).toBeTruthy()
    expect(dataOf(submit!)).toMatchObject({ contact: { name: '王女士' }, consent: false, hideName: false })
    expect(done).toBe(true)
  })
})

describe('服务连接 (hello)', () => {
  const hello = { openid: 'demo-resident-1', appid: 'wx0000000000emulator', message: '您好', at: '2026-03-02T01:02:03.000Z' }
  it('shows the identity and time as the function saw them (full openid on H5)', async () => {
    const { log } = fakeGateway((name, action) => (name === 'hello' && action === 'hello' ? { ok: true, data: hello } : { ok: false, code: 'UNKNOWN_ACTION', message: 'x' }))
    const m = await render(<ServiceCheck />)
    await flush(10)
    expect(log.some((l) => (l.body as { name?: string }).name === 'hello' && actionOf(l) === 'hello')).toBe(true)
    expect(m.$('#ws-hello')?.getAttribute('data-state')).toBe('ok')
    expect(m.$('#ws-hello-openid')?.textContent).toBe('demo-resident-1')
    expect(m.$('#ws-hello-appid')?.textContent).toBe('wx0000000000emulator')
    expect(m.$('#ws-hello-at')?.textContent).toBe('2026-03-02 09:02:03')
    expect(m.$('#ws-hello-status')?.textContent).toContain('已连接')
  })
  it('shows the error with a retry that calls again', async () => {
    let n = 0
    fakeGateway(() => (++n === 1 ? { ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后再试' } : { ok: true, data: hello }))
    const m = await render(<ServiceCheck />)
    await flush(10)
    expect(m.$('#ws-hello')?.getAttribute('data-state')).toBe('error')
    expect(m.text()).toContain('连接失败')
    expect(calls.toasts).toHaveLength(0)
    await m.click('#ws-hello-retry')
    await flush(10)
    expect(m.$('#ws-hello-openid')?.textContent).toBe('demo-resident-1')
  })
  it('masks ids for display on weapp', () => {
    expect(maskId('oAbC1234567890wxyz')).toBe('oAbC****wxyz')
    expect(maskId('short')).toBe('sh****')
  })
})

describe('invite codes form', () => {
  it('grid roles pick 镇街 → 村居 → grids; the invite carries the chosen grid ids', async () => {
    setState({ me: { ...me('county_admin', ['work', 'admin', 'board', 'me']), tiles: ['summary', 'invites'] }, catalog })
    const { log } = fakeGateway((_n, action, data) => {
      if (action === 'invites') return { ok: true, data: { items: [], total: 0, page: 1, pageSize: 20 } }
      if (action === 'createInvite') return { ok: true, data: { code: 'AB12CD', role: 'grid_member', scope: (data as { scope: unknown }).scope, scopeLabel: '东门社区第一网格、西关社区第一网格', expiresAt: '2026-03-09T00:00:00Z', createdAt: '2026-03-02T00:00:00Z' } }
      return { ok: true, data: catalog }
    })
    const m = await render(<InvitesPage />)
    await flush(10)
    expect(m.$('#ws-invite-grids input')).toBeNull()
    // Nothing picked: a toast, no call.
    await m.click(m.$$('.ws-btn').find((b) => b.textContent?.includes('生成邀请码'))!)
    await flush()
    expect(m.$('.nut-toast-text')?.textContent).toBe('请选择网格')
    expect(log.some((l) => actionOf(l) === 'createInvite')).toBe(false)
    await m.click('[data-town="tw-zhongdu"]')
    expect(m.$$('[data-village]').map((v) => v.textContent)).toEqual(['东门社区', '西关社区'])
    await m.click('[data-village="vl-dongmen"]')
    expect(m.$$('[data-grid]').map((g) => g.getAttribute('data-grid'))).toEqual(['gr-zhongdu-dongmen-1', 'gr-zhongdu-dongmen-2'])
    await m.click('[data-grid="gr-zhongdu-dongmen-1"]')
    await m.click('[data-village="vl-xiguan"]')
    expect(m.$$('[data-grid]').map((g) => g.getAttribute('data-grid'))).toEqual(['gr-zhongdu-xiguan-1'])
    await m.click('[data-grid="gr-zhongdu-xiguan-1"]')
    expect(m.$('#ws-invite-grid-picked')?.textContent).toContain('已选 2 个网格：东门社区第一网格、西关社区第一网格')
    await m.click(m.$$('.ws-btn').find((b) => b.textContent?.includes('生成邀请码'))!)
    await flush(10)
    const create = log.find((l) => actionOf(l) === 'createInvite')
    expect(dataOf(create!)).toEqual({ role: 'grid_member', scope: { gridIds: ['gr-zhongdu-dongmen-1', 'gr-zhongdu-xiguan-1'] }, validDays: 7 })
    expect(m.$('#ws-invite-created')?.textContent).toBe('AB12CD')
  })
  it('a department role picks a department; a township supervisor picks a township', async () => {
    setState({ me: { ...me('county_admin', ['work', 'admin', 'board', 'me']), tiles: ['summary', 'invites'] }, catalog })
    const { log } = fakeGateway((_n, action, data) => {
      if (action === 'invites') return { ok: true, data: { items: [], total: 0, page: 1, pageSize: 20 } }
      if (action === 'createInvite') return { ok: true, data: { code: 'X1', role: (data as { role: string }).role, scope: {}, scopeLabel: '', expiresAt: '2026-03-09T00:00:00Z', createdAt: '2026-03-02T00:00:00Z' } }
      return { ok: true, data: catalog }
    })
    const m = await render(<InvitesPage />)
    await flush(10)
    const chip = (t: string) => m.$$('.ws-chip-select').find((c) => c.textContent === t)!
    const submit = () => m.click(m.$$('.ws-btn').find((b) => b.textContent?.includes('生成邀请码'))!)
    await m.click(chip('部门经办人'))
    expect(m.$('#ws-invite-grids')).toBeNull()
    await m.click(chip('县住建局'))
    await submit()
    await flush(10)
    await m.click(chip('镇街督办'))
    await m.click(chip('中都街道'))
    await submit()
    await flush(10)
    expect(log.filter((l) => actionOf(l) === 'createInvite').map(dataOf)).toEqual([
      { role: 'dept_handler', scope: { departmentId: 'dp-zhujian' }, validDays: 7 },
      { role: 'township_supervisor', scope: { townshipId: 'tw-zhongdu' }, validDays: 7 }
    ])
  })
})

describe('chart fallback', () => {
  it('plain bars with values', async () => {
    const m = await render(<BarFallback data={[{ label: '住建局', value: 0.5 }, { label: '交通局', value: 1 }]} percent />)
    expect(m.text()).toContain('住建局50%')
    expect(m.$$('.ws-bar-fill')).toHaveLength(2)
  })
})
