// A tiny stand-in for @tarojs/taro in jsdom: records toasts and navigation, storage in memory.
// It also carries the few platform APIs NutUI's Taro build reaches for (getEnv, eventCenter, selector queries).
import { useEffect, useRef } from 'react'
import { vi } from 'vitest'

type Handler = (...args: unknown[]) => void
const handlers = new Map<string, Set<Handler>>()
export const eventCenter = {
  on: (k: string, cb: Handler) => void (handlers.get(k) ?? handlers.set(k, new Set()).get(k)!).add(cb),
  off: (k: string, cb?: Handler) => void (cb ? handlers.get(k)?.delete(cb) : handlers.delete(k)),
  trigger: (k: string, ...a: unknown[]) => handlers.get(k)?.forEach((cb) => cb(...a))
}
export const getEnv = () => 'WEB'
export const ENV_TYPE = { WEAPP: 'WEAPP', WEB: 'WEB' }
export const nextTick = (cb: () => void) => setTimeout(cb, 0)
export const getCurrentInstance = () => ({ router: { path: '/test', params: {} }, page: null })
export const getSystemInfo = () => Promise.resolve({ windowWidth: 375, windowHeight: 812 })
export const pageScrollTo = () => Promise.resolve()
const rect = { width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0 }
const query = {
  select: () => query,
  selectAll: () => query,
  selectViewport: () => query,
  boundingClientRect: () => query,
  scrollOffset: () => query,
  fields: () => query,
  exec: (cb?: (r: unknown[]) => void) => cb?.([rect])
}
export const createSelectorQuery = () => query

export const calls = {
  toasts: [] as Array<{ title: string; icon?: string }>,
  navigations: [] as Array<{ kind: string; url: string }>,
  modals: [] as Array<{ title?: string; content?: string }>
}
let storage = new Map<string, unknown>()
let modalAnswer = true

export function resetTaro(): void {
  calls.toasts.length = 0
  calls.navigations.length = 0
  calls.modals.length = 0
  storage = new Map()
  modalAnswer = true
  routerParams = {}
  shared.handler = null
}
export function answerModals(confirm: boolean): void {
  modalAnswer = confirm
}

const nav = (kind: string) => (o: { url: string }) => {
  calls.navigations.push({ kind, url: o.url })
  return Promise.resolve({ errMsg: `${kind}:ok` })
}

const Taro = {
  showToast: (o: { title: string; icon?: string }) => {
    calls.toasts.push(o)
    return Promise.resolve()
  },
  showModal: (o: { title?: string; content?: string }) => {
    calls.modals.push(o)
    return Promise.resolve({ confirm: modalAnswer, cancel: !modalAnswer })
  },
  showLoading: vi.fn(),
  hideLoading: vi.fn(),
  getLocation: vi.fn(() => Promise.reject({ errMsg: 'getLocation:fail' })),
  showActionSheet: () => Promise.reject({ errMsg: 'showActionSheet:fail cancel' }),
  navigateTo: nav('navigateTo'),
  redirectTo: nav('redirectTo'),
  reLaunch: nav('reLaunch'),
  switchTab: nav('switchTab'),
  navigateBack: () => Promise.resolve(),
  stopPullDownRefresh: vi.fn(),
  previewImage: vi.fn(),
  chooseMedia: vi.fn(() => Promise.reject({ errMsg: 'chooseMedia:fail cancel' })),
  chooseLocation: vi.fn(() => Promise.reject({ errMsg: 'chooseLocation:fail auth deny' })),
  requestSubscribeMessage: vi.fn(() => Promise.resolve({})),
  setClipboardData: vi.fn(() => Promise.resolve()),
  showShareMenu: vi.fn(() => Promise.resolve()),
  hideShareMenu: vi.fn(() => Promise.resolve()),
  getStorageSync: (k: string) => storage.get(k) ?? '',
  setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
  removeStorageSync: (k: string) => void storage.delete(k),
  getCurrentPages: () => [{ route: 'pages/file/index' }],
  getWindowInfo: () => ({ pixelRatio: 2 }),
  createSelectorQuery,
  getEnv,
  nextTick,
  eventCenter,
  getCurrentInstance,
  getSystemInfoSync: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2, platform: 'devtools' }),
  getDeviceInfo: () => ({ platform: 'devtools' }),
  getAppBaseInfo: () => ({ SDKVersion: '3.0.0' }),
  pxTransform: (n: number) => `${n}px`,
  cloud: { init: vi.fn(), callFunction: vi.fn(), uploadFile: vi.fn() }
}

/** A page event (pull-down refresh, reach-bottom): the hook keeps each mounted component's latest handler; fire() runs them. */
function pageEvent(): [(cb: () => void) => void, () => void] {
  const handlers = new Set<{ cb: () => void }>()
  const useHandler = (cb: () => void) => {
    const slot = useRef({ cb })
    slot.current.cb = cb
    useEffect(() => {
      const s = slot.current
      handlers.add(s)
      return () => void handlers.delete(s)
    }, [])
  }
  const fire = () => {
    for (const s of handlers) s.cb()
  }
  return [useHandler, fire]
}
const [usePullDownHandler, firePullDown] = pageEvent()
const [useReachBottomHandler, fireReachBottom] = pageEvent()
export const usePullDownRefresh = usePullDownHandler
export const useReachBottom = useReachBottomHandler
/** (tests) The user pulls the page down: every registered refresh handler runs. */
export function pullDown(): void {
  firePullDown()
}
/** (tests) The user scrolls to the bottom of the page: every registered reach-bottom handler runs. */
export function reachBottom(): void {
  fireReachBottom()
}
export const useDidShow = (_cb: () => void) => undefined
export const useLaunch = (_cb: () => void) => undefined
export const usePageScroll = (_cb: () => void) => undefined
export const useUnload = (_cb: () => void) => undefined
export const useReady = (_cb: () => void) => undefined
/** (share) The page's route params, set by a test (setRouterParams); reset by resetTaro. */
let routerParams: Record<string, string> = {}
export function setRouterParams(p: Record<string, string>): void {
  routerParams = p
}
export const useRouter = () => ({ params: routerParams })
/** (share) The last onShareAppMessage a page registered. */
export const shared = { handler: null as null | (() => { title: string; path: string }) }
export const useShareAppMessage = (cb: () => { title: string; path: string }) => {
  shared.handler = cb
}

export default Taro
