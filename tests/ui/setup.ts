// jsdom has no canvas: charts fall back to plain bars.
import { afterEach, vi } from 'vitest'
import { resetTaro } from './shims/taro'

// React 18 act() support outside a testing library.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

HTMLCanvasElement.prototype.getContext = vi.fn(() => null) as unknown as HTMLCanvasElement['getContext']

afterEach(() => {
  resetTaro()
  localStorage.clear()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})
