// 适老化: large-text mode persists, applies app-wide, and does not break the layout at 320 px.
import { as, assert, go, shot, tap } from './lib.mjs'

async function overflow(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth
    const bad = []
    for (const el of document.querySelectorAll('.ws-card, .ws-case, .ws-tabbar, .ws-btn, .ws-seg, .ws-hero, .ws-tabs, .nut-button, .nut-cell, .nut-checkbox, .nut-textarea, .nut-input')) {
      const r = el.getBoundingClientRect()
      if (r.width > 0 && (r.right > w + 1 || r.left < -1)) bad.push(`${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`)
    }
    return { scroll: document.documentElement.scrollWidth, w, bad }
  })
}

export const tests = [
  {
    name: 'large text: persists, applies on every page, no overflow at 320 px',
    async run(ctx, page) {
      await as(ctx, page, 'demo-resident-1', '/pages/me/index')
      await page.waitForSelector('#ws-large-switch')
      await tap(page, '#ws-large-switch')
      await page.waitForSelector('.ws-page.ws-large')
      await page.setViewportSize({ width: 320, height: 720 })
      for (const p of ['/pages/me/index', '/pages/file/index', '/pages/mine/index', '/pages/board/index']) {
        await go(ctx, page, p)
        await page.waitForSelector('.ws-page.ws-large', { timeout: 10_000 })
        await page.waitForTimeout(500)
        const o = await overflow(page)
        assert.deepEqual(o.bad, [], `${p} overflows at 320 px: ${o.bad.join(', ')}`)
        assert.ok(o.scroll <= o.w + 1, `${p} scrolls sideways (${o.scroll} > ${o.w})`)
      }
      const fs = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.ws-case-cat, .ws-page')).fontSize))
      assert.ok(fs >= 16, `large font size, got ${fs}`)
      await go(ctx, page, '/pages/file/index')
      await shot(ctx, page, '40-large-text-file-320')
      await go(ctx, page, '/pages/mine/index')
      await shot(ctx, page, '41-large-text-mine-320')
      await page.evaluate(() => localStorage.removeItem('ws.largeText'))
      await page.setViewportSize({ width: 375, height: 812 })
    }
  }
]
