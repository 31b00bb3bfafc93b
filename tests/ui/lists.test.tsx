// The shared parts of the list pages. PagedList: the one body of the paged lists (usePaged): the skeleton while the
// first page loads, the items and the load-more footer, the next page on reach-bottom, the empty state with its action,
// an error with 重新加载. FilterTabs: the tabs that choose the list's filter. Also through real users: the staff
// 工作台 (tabs with counts, per-bucket empty states) and the township supervisor's desk.
import { act } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { tilesFor } from '../../cloudfunctions/core/grants'
import type { Catalog, Me } from '../../typings/api'
import { ApiError } from '../../miniprogram/src/api/envelope'
import FilterTabs from '../../miniprogram/src/components/FilterTabs'
import PagedList from '../../miniprogram/src/components/PagedList'
import type { EmptyProps } from '../../miniprogram/src/components/States'
import { usePaged } from '../../miniprogram/src/hooks/usePaged'
import { setState } from '../../miniprogram/src/lib/store'
import InboxPage from '../../miniprogram/src/pages-staff/inbox/index'
import { pullDown, reachBottom } from './shims/taro'
import { fakeGateway } from './fetch'
import { caseDetail } from './fixtures'
import { flush, render } from './render'

type Fetch = (page: number) => Promise<{ items: string[]; total: number; page: number; pageSize: number }>

function Probe({ fetch, empty }: { fetch: Fetch; empty: EmptyProps }) {
  const list = usePaged<string>(fetch, [])
  return (
    <PagedList list={list} id='probe-list' empty={empty} head={<div id='probe-head'>共 {list.total} 条</div>}>
      {(s) => (
        <div key={s} className='probe-item'>
          {s}
        </div>
      )}
    </PagedList>
  )
}

/** Pages of two from `all`, answered at once. */
const pagesOf = (all: string[]) => vi.fn<Fetch>(async (page) => ({ items: all.slice((page - 1) * 2, page * 2), total: all.length, page, pageSize: 2 }))
const items = (m: { $$: (s: string) => HTMLElement[] }) => m.$$('#probe-list .probe-item').map((e) => e.textContent)
const footer = (m: { $: (s: string) => HTMLElement | null }) => m.$('#probe-list .ws-more')?.textContent

describe('PagedList', () => {
  it('shows the skeleton, then the items with the head and the footer; reach-bottom loads the next page until the last', async () => {
    let answer!: () => void
    const all = ['一', '二', '三', '四', '五']
    const fetch = vi.fn<Fetch>(
      (page) => new Promise((res) => (answer = () => res({ items: all.slice((page - 1) * 2, page * 2), total: all.length, page, pageSize: 2 })))
    )
    const m = await render(<Probe fetch={fetch} empty={{ text: '暂无' }} />)
    expect(m.$('.ws-loading')).not.toBeNull()
    expect(m.$('#probe-list')).toBeNull()
    answer()
    await flush()
    expect(m.$('.ws-loading')).toBeNull()
    expect(items(m)).toEqual(['一', '二'])
    expect(m.$('#probe-head')?.textContent).toBe('共 5 条')
    expect(footer(m)).toBe('上拉加载更多')

    act(() => reachBottom())
    // The next page loads below the items shown: no skeleton, the footer says so.
    expect(items(m)).toEqual(['一', '二'])
    expect(footer(m)).toBe('加载中…')
    answer()
    await flush()
    expect(items(m)).toEqual(['一', '二', '三', '四'])
    act(() => reachBottom())
    answer()
    await flush()
    expect(items(m)).toEqual(['一', '二', '三', '四', '五'])
    expect(footer(m)).toBe('没有更多了')
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([1, 2, 3])
    // All loaded: reaching the bottom again asks for nothing.
    act(() => reachBottom())
    await flush()
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('a pull-down refresh starts again at page 1', async () => {
    const fetch = pagesOf(['一', '二', '三'])
    const m = await render(<Probe fetch={fetch} empty={{ text: '暂无' }} />)
    await flush()
    act(() => reachBottom())
    await flush()
    expect(items(m)).toEqual(['一', '二', '三'])
    act(() => pullDown())
    await flush()
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([1, 2, 1])
    expect(items(m)).toEqual(['一', '二'])
  })

  it('shows the empty state with its action, and no list or footer', async () => {
    const onAction = vi.fn()
    const m = await render(<Probe fetch={pagesOf([])} empty={{ text: '您还没有反映过问题', icon: '☰', action: '我要反映', onAction }} />)
    await flush()
    expect(m.$('#probe-list')).toBeNull()
    expect(m.$('.ws-more')).toBeNull()
    expect(m.$('.ws-state')?.textContent).toContain('您还没有反映过问题')
    expect(m.$('.ws-state-icon')?.textContent).toBe('☰')
    await m.click('.ws-state-action')
    expect(onAction).toHaveBeenCalledTimes(1)
  })

  it('shows a failed first page’s Chinese message; 重新加载 loads again and shows the items', async () => {
    const fetch = vi.fn<Fetch>().mockRejectedValueOnce(new ApiError('FORBIDDEN', '无权查看')).mockResolvedValue({ items: ['一'], total: 1, page: 1, pageSize: 2 })
    const m = await render(<Probe fetch={fetch} empty={{ text: '暂无' }} />)
    await flush()
    expect(m.text()).toContain('无权查看')
    expect(m.$('#probe-list')).toBeNull()
    await m.click('.ws-state-action')
    await flush()
    expect(items(m)).toEqual(['一'])
    expect(footer(m)).toBe('没有更多了')
  })
})

describe('FilterTabs', () => {
  it('shows one tab per key under its id, the chosen one active; a tap hands back the key', async () => {
    const onChange = vi.fn()
    const tabs = [
      { key: 'open', text: '待回复' },
      { key: 'done', text: '已回复' }
    ] as const
    const m = await render(<FilterTabs id='probe-tabs' className='ws-mt8' tabs={[...tabs]} value='done' onChange={onChange} />)
    expect(m.$('#probe-tabs')?.className).toContain('ws-tabs ws-mt8')
    expect(m.$$('#probe-tabs .nut-tabs-titles-item').map((t) => t.textContent)).toEqual(['待回复', '已回复'])
    expect(m.$('#probe-tabs .nut-tabs-titles-item-active')?.textContent).toBe('已回复')
    await m.click(m.$$('#probe-tabs .nut-tabs-titles-item')[0]!)
    expect(onChange).toHaveBeenCalledWith('open')
  })
})

const catalog: Catalog = {
  categories: [{ _id: 'ct-road', name: '道路破损', icon: '🛣️', sla: { acceptHours: 24, finishWorkdays: 5 }, order: 1, active: true }],
  townships: [{ _id: 'tw-zhongdu', name: '中都街道', kind: 'street', center: { lng: 116.49, lat: 35.73 } }],
  villages: [],
  departments: [{ _id: 'dp-zhujian', name: '县住建局' }],
  grids: []
}
const me = (role: Me['role']): Me => ({ openid: `o-${role}`, role, scope: {}, name: '测试', scopeLabel: '中都街道', tabs: ['work', 'me'], tiles: tilesFor(role) })
const tabTitles = (m: { $$: (s: string) => HTMLElement[] }, id: string) => m.$$(`#${id} .nut-tabs-titles-item`).map((t) => t.textContent)

describe('the 工作台 desks on PagedList', () => {
  it('the staff inbox: bucket counts on the tabs, red when overdue, the cases; an empty bucket says so', async () => {
    setState({ me: me('grid_member'), catalog })
    const counts = { pending: 1, active: 0, overdue: 2, done: 0 }
    const { log } = fakeGateway((_n, action, data) => {
      if (action !== 'inbox') return { ok: true, data: catalog }
      const bucket = (data as { bucket: string }).bucket
      const items = bucket === 'pending' ? [caseDetail({ _id: 'c1', no: 'WS202612010001' })] : []
      return { ok: true, data: { items, total: items.length, page: 1, pageSize: 10, counts } }
    })
    const m = await render(<InboxPage />)
    await flush(10)
    expect(m.$('.ws-hero-title')?.textContent).toBe('工作台')
    expect(m.$('#ws-proxy-open')).not.toBeNull()
    expect(tabTitles(m, 'ws-buckets')).toEqual(['待受理 1', '办理中 0', '超时 2', '已办结 0'])
    expect(m.$('#ws-buckets')?.className).toContain('has-overdue')
    // The red one is the 超时 tab: third here.
    expect(m.$('#ws-buckets')?.className).toContain('overdue-tab-3')
    expect(m.$$('#ws-inbox-list [data-case]').map((e) => e.dataset.case)).toEqual(['WS202612010001'])
    await m.click(m.$$('#ws-buckets .nut-tabs-titles-item').find((t) => t.textContent === '超时 2')!)
    await flush(10)
    expect(log.filter((l) => (l.body as { data?: { action?: string } }).data?.action === 'inbox').length).toBe(2)
    expect(m.$('#ws-inbox-list')).toBeNull()
    expect(m.$('.ws-state')?.textContent).toContain('没有超时的诉求，继续保持')
  })

  /** The township supervisor's 工作台 over an empty desk with these counts. */
  async function supervisorDesk(counts: { overdue: number; escalated: number; supervised: number }) {
    setState({ me: me('township_supervisor'), catalog })
    fakeGateway((_n, action) => (action === 'superviseDesk' ? { ok: true, data: { items: [], total: 0, page: 1, pageSize: 10, counts } } : { ok: true, data: catalog }))
    const m = await render(<InboxPage />)
    await flush(10)
    return m
  }

  it('the township supervisor’s desk: its tabs, its note, 代报, and each bucket’s own empty text', async () => {
    const m = await supervisorDesk({ overdue: 0, escalated: 0, supervised: 0 })
    expect(m.$('.ws-hero-title')?.textContent).toBe('督办工作台')
    expect(m.$('#ws-proxy-open')).not.toBeNull()
    expect(tabTitles(m, 'ws-desk')).toEqual(['超时 0', '已提请县级 0', '督办中 0'])
    expect(m.$('#ws-desk')?.className).not.toContain('has-overdue')
    expect(m.text()).toContain('点开诉求可“督办”')
    expect(m.$('.ws-state')?.textContent).toContain('本镇街没有超时诉求')
    await m.click(m.$$('#ws-desk .nut-tabs-titles-item').find((t) => t.textContent === '督办中 0')!)
    await flush(10)
    expect(m.$('.ws-state')?.textContent).toContain('没有待回复的督办')
  })

  it('the desk marks its own 超时 tab (the first) red while anything is overdue', async () => {
    const m = await supervisorDesk({ overdue: 2, escalated: 0, supervised: 1 })
    expect(tabTitles(m, 'ws-desk')).toEqual(['超时 2', '已提请县级 0', '督办中 1'])
    expect(m.$('#ws-desk')?.className).toContain('overdue-tab-1')
  })

  it('a handler’s inbox offers no 代报', async () => {
    setState({ me: me('dept_handler'), catalog })
    fakeGateway((_n, action) =>
      action === 'inbox' ? { ok: true, data: { items: [], total: 0, page: 1, pageSize: 10, counts: { pending: 0, active: 0, overdue: 0, done: 0 } } } : { ok: true, data: catalog }
    )
    const m = await render(<InboxPage />)
    await flush(10)
    expect(m.$('.ws-hero-title')?.textContent).toBe('工作台')
    expect(m.$('#ws-proxy-open')).toBeNull()
    expect(m.$('.ws-state')?.textContent).toContain('暂无诉求')
  })
})
