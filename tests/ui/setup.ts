// jsdom has no canvas: getContext returns an inert context (charts are tested through their plain-bar fallback).
import { afterEach, vi } from 'vitest'
import { resetTaro } from './shims/taro'
import { cleanup } from './render'

// React 18 act() support outside a testing library.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

// A do-nothing 2d context: NutUI's build pulls in lottie-web, which paints on a canvas when it is imported.
function fakeContext(): unknown {
  const store: Record<string | symbol, unknown> = {}
  return new Proxy(store, {
    get: (t, k) => (k in t ? t[k] : k === 'then' ? undefined : () => fakeContext()),
    set: (t, k, v) => ((t[k] = v), true)
  })
}
HTMLCanvasElement.prototype.getContext = vi.fn(() => fakeContext()) as unknown as HTMLCanvasElement['getContext']

afterEach(() => {
  cleanup()
  resetTaro()
  localStorage.clear()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})
