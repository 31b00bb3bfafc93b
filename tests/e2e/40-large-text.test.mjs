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
      // 称呼 next to the phone: both usable at 320 px in large text, nothing sticks out.
      await page.locator('#ws-contact-name input').fill('王女士')
      await page.evaluate(() => document.querySelector('#ws-board-name')?.scrollIntoView({ block: 'center' }))
      const o = await overflow(page)
      assert.deepEqual(o.bad, [], `the contact fields overflow at 320 px: ${o.bad.join(', ')}`)
      for (const cls of ['.ws-contact-name', '.ws-contact-phone']) {
        const b = await page.locator(`.ws-contact-row ${cls}`).first().boundingBox()
        assert.ok(b && b.width >= 100, `${cls} is wide enough (${b?.width})`)
      }
      await shot(ctx, page, '40b-large-text-file-contact-320')
      await go(ctx, page, '/pages/mine/index')
      await shot(ctx, page, '41-large-text-mine-320')
      // 我的诉求's five filter tabs: none is squeezed or cut; the row scrolls sideways instead, and the last
      // tab can be reached and chosen.
      const tabs = await page.evaluate(() => {
        const row = document.querySelector('#ws-mine-tabs .nut-tabs-titles')
        const items = [...document.querySelectorAll('#ws-mine-tabs .nut-tabs-titles-item')]
        return {
          overflowX: row ? getComputedStyle(row).overflowX : '',
          clipped: items.filter((i) => i.scrollWidth > i.clientWidth + 1).map((i) => i.textContent),
          narrow: items.filter((i) => i.getBoundingClientRect().width < i.textContent.length * 16).map((i) => i.textContent)
        }
      })
      assert.ok(['auto', 'scroll'].includes(tabs.overflowX), `the tab row scrolls (${tabs.overflowX})`)
      assert.deepEqual(tabs.clipped, [], 'no tab title is cut')
      assert.deepEqual(tabs.narrow, [], 'no tab is narrower than its title')
      const last = page.locator('#ws-mine-tabs .nut-tabs-titles-item', { hasText: '已关闭' }).first()
      await last.click()
      await page.waitForSelector('#ws-mine-tabs .nut-tabs-titles-item-active:has-text("已关闭")')
      await page.waitForTimeout(500)
      const box = await last.boundingBox()
      assert.ok(box && box.x >= 0 && box.x + box.width <= 321, `已关闭 is in view after choosing it (${JSON.stringify(box)})`)
      await shot(ctx, page, '42-large-text-mine-320-last-tab')
      await page.evaluate(() => localStorage.removeItem('ws.largeText'))
      await page.setViewportSize({ width: 375, height: 812 })
    }
  }
]
