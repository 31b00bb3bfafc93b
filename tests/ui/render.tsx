// Minimal render helper (no testing library): mount into jsdom with act().
import { act, type ReactElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'

export interface Mounted {
  container: HTMLElement
  root: Root
  text: () => string
  $: (sel: string) => HTMLElement | null
  $$: (sel: string) => HTMLElement[]
  click: (sel: string | HTMLElement) => Promise<void>
  unmount: () => void
}

const mounted = new Set<Root>()

/** Unmount everything render() mounted (setup.ts calls it after each test), so effects clean up. */
export function cleanup(): void {
  for (const r of mounted) act(() => r.unmount())
  mounted.clear()
}

export async function render(ui: ReactElement): Promise<Mounted> {
  const container = document.createElement('div')
  document.body.appendChild(container)
  const root = createRoot(container)
  mounted.add(root)
  await act(async () => {
    root.render(ui)
  })
  const m: Mounted = {
    container,
    root,
    text: () => container.textContent ?? '',
    $: (sel) => container.querySelector(sel),
    $$: (sel) => Array.from(container.querySelectorAll(sel)),
    click: async (sel) => {
      const el = typeof sel === 'string' ? container.querySelector(sel) : sel
      if (!el) throw new Error(`no element ${String(sel)}`)
      await act(async () => {
        ;(el as HTMLElement).click()
      })
    },
    unmount: () => {
      mounted.delete(root)
      act(() => root.unmount())
    }
  }
  return m
}

export async function flush(ms = 0): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms))
  })
}
