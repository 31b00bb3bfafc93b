// useLoaded: the one load / error / pull-down-refresh block of the pages. The data shows after the load; a failure
// shows its Chinese message and 重新加载 loads again; a pull-down refresh reloads and stops the indicator once the
// load settled; only the newest load lands (a late answer of an older one, or one overtaken by an action's answer,
// is dropped). Also through real users of the hook: the case page, the 热点 page and a paged list.
import { act } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { tilesFor } from '../../cloudfunctions/core/grants'
import { ERROR_MESSAGES, STATE_LABELS } from '../../typings/api'
import { setState } from '../../miniprogram/src/lib/store'
import { ApiError, NETWORK_MESSAGE } from '../../miniprogram/src/api/envelope'
import CaseDetailView from '../../miniprogram/src/components/CaseDetailView'
import { ErrorState, Loading } from '../../miniprogram/src/components/States'
import { useLoaded, type Loaded } from '../../miniprogram/src/hooks/useLoaded'
import { usePaged, type Paged } from '../../miniprogram/src/hooks/usePaged'
import HotspotsPage from '../../miniprogram/src/pages-admin/hotspots/index'
import Taro, { pullDown } from './shims/taro'
import { fakeGateway } from './fetch'
import { caseDetail as detail } from './fixtures'
import { flush, render } from './render'

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Loads answered in the order the test chooses: each call of the loader takes the next deferred. */
function scripted<T>() {
  const pending: Array<ReturnType<typeof deferred<T>> & { key: string }> = []
  const loader = vi.fn((key: string) => {
    const d = { ...deferred<T>(), key }
    pending.push(d)
    return d.promise
  })
  return { loader, pending }
}

let hook: Loaded<string> | null = null
function Probe({ k, load }: { k: string; load: (k: string) => Promise<string> }) {
  const l = useLoaded(() => load(k), [k])
  hook = l
  if (l.error) return <ErrorState text={l.error} onRetry={l.reload} />
  if (!l.data) return <Loading />
  return (
    <div id='probe' data-loading={l.loading ? '1' : '0'}>
      {l.data}
    </div>
  )
}

const stop = () => vi.mocked(Taro.stopPullDownRefresh)
/** The user pulls the page down. */
const refresh = () => act(() => pullDown())

describe('useLoaded', () => {
  it('shows the data after the load, loading until then', async () => {
    const s = scripted<string>()
    const m = await render(<Probe k='a' load={s.loader} />)
    expect(m.$('.ws-loading')).not.toBeNull()
    expect(hook!.loading).toBe(true)
    s.pending[0]!.resolve('数据 a')
    await flush()
    expect(m.$('#probe')?.textContent).toBe('数据 a')
    expect(m.$('#probe')?.dataset.loading).toBe('0')
    expect(s.loader).toHaveBeenCalledTimes(1)
  })

  it('shows an error’s Chinese message; 重新加载 loads again and shows the data', async () => {
    const s = scripted<string>()
    const m = await render(<Probe k='a' load={s.loader} />)
    s.pending[0]!.reject(new ApiError('FORBIDDEN', '无权查看'))
    await flush()
    expect(m.text()).toContain('无权查看')
    await m.click('.ws-state-action')
    expect(s.loader).toHaveBeenCalledTimes(2)
    // A failure that is not an answer of the backend (the network) says so in Chinese.
    s.pending[1]!.reject({ errMsg: 'request:fail timeout' })
    await flush()
    expect(m.text()).toContain(NETWORK_MESSAGE)
    await m.click('.ws-state-action')
    s.pending[2]!.resolve('数据 a')
    await flush()
    expect(m.text()).not.toContain(NETWORK_MESSAGE)
    expect(m.$('#probe')?.textContent).toBe('数据 a')
  })

  it('a pull-down refresh reloads and stops the indicator once the load settled, also after a failure', async () => {
    const s = scripted<string>()
    const m = await render(<Probe k='a' load={s.loader} />)
    s.pending[0]!.resolve('旧数据')
    await flush()
    stop().mockClear()
    refresh()
    expect(s.loader).toHaveBeenCalledTimes(2)
    await flush()
    // The old data stays while reloading, and the indicator spins until the answer.
    expect(m.$('#probe')?.textContent).toBe('旧数据')
    expect(m.$('#probe')?.dataset.loading).toBe('1')
    expect(stop()).not.toHaveBeenCalled()
    s.pending[1]!.resolve('新数据')
    await flush()
    expect(m.$('#probe')?.textContent).toBe('新数据')
    expect(stop()).toHaveBeenCalledTimes(1)

    refresh()
    s.pending[2]!.reject(new ApiError('INTERNAL', '系统繁忙，请稍后再试'))
    await flush()
    expect(stop()).toHaveBeenCalledTimes(2)
    expect(m.text()).toContain('系统繁忙')
  })

  it('a late answer of an older load does not overwrite a newer one', async () => {
    const s = scripted<string>()
    const m = await render(<Probe k='a' load={s.loader} />)
    // The key changes (a tab switched) before the first answer: the answer for a comes after the one for b.
    act(() => m.root.render(<Probe k='b' load={s.loader} />))
    await flush()
    expect(s.pending.map((p) => p.key)).toEqual(['a', 'b'])
    s.pending[1]!.resolve('数据 b')
    await flush()
    s.pending[0]!.resolve('数据 a')
    await flush()
    expect(m.$('#probe')?.textContent).toBe('数据 b')
    expect(m.$('#probe')?.dataset.loading).toBe('0')

    // A refresh overtaken by another: its late failure shows no error either.
    refresh()
    refresh()
    s.pending[3]!.resolve('数据 b2')
    await flush()
    s.pending[2]!.reject(new ApiError('INTERNAL', '系统繁忙，请稍后再试'))
    await flush()
    expect(m.$('#probe')?.textContent).toBe('数据 b2')
    expect(m.text()).not.toContain('系统繁忙')
  })

  it('setData (an action’s answer) wins over a load still in flight', async () => {
    const s = scripted<string>()
    const m = await render(<Probe k='a' load={s.loader} />)
    s.pending[0]!.resolve('数据 a')
    await flush()
    refresh()
    await flush()
    act(() => hook!.setData('操作后的数据'))
    s.pending[1]!.resolve('刷新前的旧答复')
    await flush()
    expect(m.$('#probe')?.textContent).toBe('操作后的数据')
    expect(m.$('#probe')?.dataset.loading).toBe('0')
  })
})

describe('pages on useLoaded', () => {
  it('the case page: a code’s Chinese message, 重新加载, and a pull-down refresh shows the new state', async () => {
    let answer: unknown = { ok: false, code: 'NOT_FOUND', message: 'case not found' }
    fakeGateway((_n, action) => (action === 'detail' ? answer : { ok: true, data: null }))
    const m = await render(<CaseDetailView caseId='c1' />)
    await flush(20)
    // The server's English message gives way to the code's Chinese one.
    expect(m.text()).toContain('未找到该诉求或记录')
    answer = { ok: true, data: detail() }
    await m.click('.ws-state-action')
    await flush(20)
    expect(m.$('#ws-case-state')?.textContent).toBe(STATE_LABELS.dispatched)
    answer = { ok: true, data: detail({ state: 'accepted' }) }
    stop().mockClear()
    refresh()
    await flush(20)
    expect(m.$('#ws-case-state')?.textContent).toBe(STATE_LABELS.accepted)
    expect(stop()).toHaveBeenCalledTimes(1)
  })

  it('热点: a failure without data shows the code’s message and 重新加载 shows the list', async () => {
    setState({ me: { openid: 'o-d', role: 'county_dispatcher', scope: {}, tabs: ['admin'], tiles: tilesFor('county_dispatcher') } })
    let fail = true
    fakeGateway((_n, action) =>
      action !== 'hotspots'
        ? { ok: true, data: null }
        : fail
          ? { ok: false, code: 'INTERNAL', message: 'boom' }
          : { ok: true, data: { items: [], windowDays: 30, radiusM: 300, scanned: 0, truncated: false, mergeMax: 20 } }
    )
    const m = await render(<HotspotsPage />)
    await flush(20)
    expect(m.text()).toContain(ERROR_MESSAGES.INTERNAL)
    fail = false
    await m.click('.ws-state-action')
    await flush(20)
    expect(m.text()).toContain('暂无热点')
    expect(m.text()).not.toContain(ERROR_MESSAGES.INTERNAL)
  })
})

let paged: Paged<number> | null = null
function PagedProbe({ fetch }: { fetch: (p: number) => Promise<{ items: number[]; total: number; page: number; pageSize: number }> }) {
  paged = usePaged<number>(fetch, [])
  return <div id='paged'>{paged.items.join(',')}</div>
}

describe('usePaged on useLoaded', () => {
  it('loads page 1, appends the next, and a pull-down refresh starts again at page 1', async () => {
    const pages: Record<number, number[]> = { 1: [1, 2], 2: [3, 4], 3: [5] }
    const fetch = vi.fn(async (p: number) => ({ items: pages[p]!, total: 5, page: p, pageSize: 2 }))
    const m = await render(<PagedProbe fetch={fetch} />)
    await flush()
    expect(m.$('#paged')?.textContent).toBe('1,2')
    await act(() => paged!.more())
    expect(m.$('#paged')?.textContent).toBe('1,2,3,4')
    await act(() => paged!.more())
    expect(m.$('#paged')?.textContent).toBe('1,2,3,4,5')
    expect(paged!.done).toBe(true)
    pages[1] = [9, 8]
    refresh()
    await flush()
    expect(m.$('#paged')?.textContent).toBe('9,8')
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([1, 2, 3, 1])
  })
})
