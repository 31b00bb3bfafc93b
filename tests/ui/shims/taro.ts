// A tiny stand-in for @tarojs/taro in jsdom: records toasts and navigation, storage in memory.
import { vi } from 'vitest'

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
  getStorageSync: (k: string) => storage.get(k) ?? '',
  setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
  getCurrentPages: () => [{ route: 'pages/file/index' }],
  getWindowInfo: () => ({ pixelRatio: 2 }),
  createSelectorQuery: () => ({ select: () => ({ fields: () => ({ exec: (cb: (r: unknown[]) => void) => cb([null]) }) }) }),
  cloud: { init: vi.fn(), callFunction: vi.fn(), uploadFile: vi.fn() }
}

export const usePullDownRefresh = (_cb: () => void) => undefined
export const useReachBottom = (_cb: () => void) => undefined
export const useDidShow = (_cb: () => void) => undefined
export const useLaunch = (_cb: () => void) => undefined
export const useRouter = () => ({ params: {} as Record<string, string> })

export default Taro
