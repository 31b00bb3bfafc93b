// Issue 9 through the UI: a new resident's 我的, the filing form (scroll to the first error, a draft kept over a
// reload and a tab switch, the category's limits on the success page), 撤回 with a reason, 不满意 with a reason
// and a confirmation, 我的诉求 search and filters, the 延期审批 deadlines, revoking an invite, the holiday edit
// sheet, the H5 nav bar, and nothing clipped at 320 px in either text size.
import { api, as, assert, confirmModal, fill, go, shot, tap, text } from './lib.mjs'

const POINT = { lng: 116.477, lat: 35.74 }
const fileAs = (ctx, who, text, categoryId = 'cat-road') =>
  api(ctx, who, 'petition', 'submit', { categoryId, text, photos: [], place: { point: POINT }, consent: false, hideName: false })

/** Whether an element is inside the viewport. */
const inView = (page, sel) =>
  page.evaluate((s) => {
    const r = document.querySelector(s)?.getBoundingClientRect()
    return !!r && r.top >= 0 && r.top < innerHeight
  }, sel)

/** 大字模式 as the app stores it (Taro's H5 storage wraps values as {"data": …}). */
const setLarge = (page, on) => page.evaluate((v) => localStorage.setItem('ws.largeText', JSON.stringify({ data: v })), on)

async function pickZhongdu(page) {
  await tap(page, '#ws-pick-town')
  await page.locator('.nut-cascader-item', { hasText: '中都街道' }).first().click()
  const whole = page.locator('.nut-cascader-item', { hasText: '不选村居' }).first()
  if (await whole.count()) await whole.click()
  await page.waitForSelector('#ws-place-shown', { timeout: 5000 }).catch(() => undefined)
}

export const tests = [
  {
    name: 'pages: a new resident’s 我的 shows a name, not 加载中…',
    async run(ctx, page) {
      await as(ctx, page, 'wx-e2e-newcomer', '/pages/me/index')
      await page.waitForFunction(() => document.querySelector('#ws-me-name')?.textContent?.trim() === '微信用户', null, { timeout: 10_000 })
      await shot(ctx, page, '45a-newuser-me')
    }
  },
  {
    name: 'pages: filing scrolls to the first error, keeps a draft over a reload and a tab switch, and the success page states the limits',
    async run(ctx, page) {
      await as(ctx, page, 'demo-resident-2', '/pages/file/index')
      await page.waitForSelector('[data-cat]')
      await tap(page, '[data-cat="停水"]')
      // Submit at the bottom with no text: the page scrolls back up to 问题描述.
      await page.locator('#ws-submit').scrollIntoViewIfNeeded()
      assert.equal(await inView(page, '#ws-f-text'), false, 'the text card starts off-screen')
      await tap(page, '#ws-submit')
      await page.waitForFunction(() => {
        const r = document.querySelector('#ws-f-text')?.getBoundingClientRect()
        return !!r && r.top >= 0 && r.top < innerHeight
      }, null, { timeout: 5000 })
      await shot(ctx, page, '45b-file-error-scrolled')

      // A draft: typed text and the category survive a reload and a tab switch.
      const typed = '幸福小区 2 号楼从昨天晚上开始停水，至今没有恢复。'
      await fill(page, 'ws-text', typed)
      await page.waitForTimeout(300)
      await go(ctx, page, '/pages/file/index')
      await page.waitForSelector('[data-cat]')
      await page.waitForFunction((t) => document.querySelector('#ws-text textarea, textarea#ws-text')?.value === t, typed, { timeout: 10_000 })
      assert.match(await page.locator('[data-cat="停水"]').first().getAttribute('class'), /\bon\b/)
      await tap(page, '[data-tab="mine"]')
      await page.waitForSelector('#ws-mine-tabs')
      await tap(page, '[data-tab="file"]')
      await page.waitForFunction((t) => document.querySelector('#ws-text textarea, textarea#ws-text')?.value === t, typed, { timeout: 10_000 })
      assert.equal(await text(page, '#ws-sla-hint'), '“停水”类诉求 2 小时内受理，1 个工作日内办结')

      await pickZhongdu(page)
      await tap(page, '#ws-submit')
      await page.waitForSelector('#ws-case-no', { timeout: 15_000 })
      assert.match(await text(page, '#ws-success-next'), /“停水”类诉求 2 小时内受理，1 个工作日内办结/)
      assert.ok(await page.locator('.ws-success-icon .nut-icon').count(), 'the success icon is a NutUI icon')
      assert.ok(await page.locator('#ws-copy-no').isVisible(), 'a copy button for the 工单号')
      await shot(ctx, page, '45c-success-limits')
      ctx.vars.pagesNo = await text(page, '#ws-case-no')
      // The draft is gone after the submit.
      await go(ctx, page, '/pages/file/index')
      await page.waitForSelector('[data-cat]')
      await page.waitForTimeout(500)
      assert.equal(await page.locator('#ws-text textarea, textarea#ws-text').first().inputValue(), '')
    }
  },
  {
    name: 'pages: 审核中 on the success page for a held case',
    async run(ctx, page) {
      await as(ctx, page, 'demo-resident-2', '/pages/file/index')
      await page.waitForSelector('[data-cat]')
      await tap(page, '[data-cat="道路破损"]')
      await fill(page, 'ws-text', '小区里有人赌博，请处理一下，声音很吵')
      await pickZhongdu(page)
      await tap(page, '#ws-submit')
      await page.waitForSelector('#ws-case-no', { timeout: 15_000 })
      assert.equal(await text(page, '#ws-success-title'), '已提交，审核中')
      await shot(ctx, page, '45c2-success-review')
    }
  },
  {
    name: 'pages: 撤回 with a reason; 我的诉求 search and the 已撤回 filter; the nav bar goes back',
    async run(ctx, page) {
      const c = (await fileAs(ctx, 'demo-resident-2', '幸福路与建设路交叉口的井盖松动，车辆经过声音很大。')).case
      await as(ctx, page, 'demo-resident-2', '/pages/mine/index')
      await page.waitForSelector('#ws-mine-list')
      await fill(page, 'ws-mine-search', c.no)
      await page.waitForFunction((no) => document.querySelectorAll('#ws-mine-list .ws-case').length === 1 && document.querySelector('#ws-mine-list')?.textContent?.includes('井盖'), c.no, { timeout: 10_000 })
      await shot(ctx, page, '45f-mine-search')
      // Open it from the list: the case page has the H5 nav bar with 返回.
      await page.locator('#ws-mine-list .ws-case').first().click()
      await page.waitForSelector('[data-action="withdraw"]')
      assert.equal(await text(page, '#ws-navbar-title'), '诉求详情')
      await tap(page, '[data-action="withdraw"]')
      await page.waitForSelector('#ws-dialog-input')
      await fill(page, 'ws-dialog-input', '问题已自行解决')
      await shot(ctx, page, '45k-withdraw-reason')
      await confirmModal(page)
      await page.waitForFunction(() => document.querySelector('#ws-case-state')?.textContent?.includes('已撤回'), null, { timeout: 10_000 })
      assert.match(await text(page, '#ws-timeline'), /问题已自行解决/)
      await tap(page, '#ws-navbar-back')
      await page.waitForSelector('#ws-mine-tabs')
      await page.locator('#ws-mine-tabs .nut-tabs-titles-item', { hasText: '已撤回' }).first().click()
      await page.locator('#ws-mine-search input').first().fill('')
      await page.waitForFunction((no) => document.querySelector('#ws-mine-list')?.textContent?.includes('井盖'), c.no, { timeout: 10_000 })
      await shot(ctx, page, '45l-mine-withdrawn')
    }
  },
  {
    name: 'pages: 不满意 needs a reason and a confirmation; the 群众评价 card shows it',
    async run(ctx, page) {
      const c = (await fileAs(ctx, 'demo-resident-2', '东门社区健康路中段人行道地砖松动翘起，已经有老人绊倒。')).case
      await api(ctx, 'demo-dept-zhujian', 'staff', 'accept', { caseId: c._id })
      await api(ctx, 'demo-dept-zhujian', 'staff', 'resolve', { caseId: c._id, text: '已安排维修人员现场更换松动地砖。' })
      await as(ctx, page, 'demo-resident-2', `/pages/case/index?id=${c._id}`)
      await page.waitForSelector('[data-action="rate"]')
      await tap(page, '[data-action="rate"]')
      await page.locator('[data-rating="unsatisfied"]').first().click()
      await tap(page, '#ws-action-submit')
      await page.waitForSelector('.nut-toast-text:has-text("至少 5 个字")')
      await page.waitForSelector('.nut-toast-text', { state: 'detached', timeout: 5000 }).catch(() => undefined)
      await fill(page, 'ws-action-text', '地砖还是松的，没有修好')
      await tap(page, '#ws-action-submit')
      await page.waitForSelector('.nut-dialog-header:has-text("确认不满意")')
      await shot(ctx, page, '45d-unsatisfied-confirm')
      await confirmModal(page)
      await page.waitForFunction(() => document.querySelector('#ws-rating-comment')?.textContent?.includes('地砖还是松的'), null, { timeout: 10_000 })
      await page.locator('#ws-rating').scrollIntoViewIfNeeded()
      await shot(ctx, page, '45e-unsatisfied-rating-card')
    }
  },
  {
    name: 'pages: the 延期审批 card, revoking an invite, the holiday sheet',
    async run(ctx, page) {
      const c = (await fileAs(ctx, 'demo-resident-2', '建设路路面破损严重，需要整段翻修。')).case
      await api(ctx, 'demo-dept-zhujian', 'staff', 'accept', { caseId: c._id })
      await api(ctx, 'demo-dept-zhujian', 'staff', 'requestExtension', { caseId: c._id, workdays: 3, reason: '需要协调施工队和交通管制' })
      await as(ctx, page, 'demo-dispatcher', '/pages-admin/extensions/index')
      await page.waitForSelector('.ws-ext-requested')
      assert.match(await text(page, '.ws-ext-current'), /^\d{4}-\d{2}-\d{2} 23:59 前$/)
      assert.equal(await text(page, '#ws-navbar-title'), '延期审批')
      await shot(ctx, page, '45g-extensions-deadlines')

      const inv = await api(ctx, 'demo-admin', 'admin', 'createInvite', { role: 'grid_member', scope: { gridIds: ['gr-zhongdu-dongmen-2'] } })
      await as(ctx, page, 'demo-admin', '/pages-admin/invites/index')
      await page.waitForSelector(`[data-invite="${inv.code}"] .ws-invite-revoke`)
      await page.locator(`[data-invite="${inv.code}"]`).scrollIntoViewIfNeeded()
      await tap(page, `[data-invite="${inv.code}"] .ws-invite-revoke`)
      await confirmModal(page)
      await page.waitForFunction((code) => document.querySelector(`[data-invite="${code}"]`)?.textContent?.includes('已撤销'), inv.code, { timeout: 10_000 })
      await shot(ctx, page, '45h-invites-revoked')

      await go(ctx, page, '/pages-admin/holidays/index')
      await page.waitForSelector('.ws-cal')
      for (let i = 0; i < 14 && (await text(page, '#ws-cal-title')) !== '2027年2月'; i++) {
        await page.locator('.ws-cal-next').click()
        await page.waitForTimeout(300)
      }
      await page.waitForSelector('#ws-year-state')
      assert.equal(await text(page, '#ws-year-state'), '2027 年安排未确认')
      await page.locator('[data-date="2027-02-10"]').click()
      await page.waitForSelector('#ws-holiday-sheet')
      assert.match(await text(page, '.nut-popup-title'), /2027年2月10日（周三）/)
      await fill(page, 'ws-holiday-name', '春节')
      for (let i = 0; i < 6; i++) await page.locator('#ws-holiday-days .nut-inputnumber-add').click()
      await page.waitForFunction(() => document.querySelector('#ws-holiday-range')?.textContent?.includes('共 7 天'))
      await shot(ctx, page, '45i-holiday-sheet')
      await tap(page, '#ws-holiday-save')
      await page.waitForFunction(() => document.querySelectorAll('.ws-cal-in.holiday').length >= 7, null, { timeout: 10_000 })
      await page.waitForSelector('text=依据国务院办公厅通知导入').catch(() => undefined)
      await shot(ctx, page, '45j-holidays-2027-02')
      // Leave the calendar as it was for later tests.
      await api(ctx, 'demo-admin', 'admin', 'setHoliday', { date: '2027-02-10', to: '2027-02-16', kind: 'normal' })
    }
  },
  {
    name: 'pages: nothing is clipped at 320 px, in normal and large text',
    async run(ctx, page) {
      const check = async (label) => {
        await page.waitForTimeout(600)
        const o = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, w: document.documentElement.clientWidth }))
        assert.ok(o.scroll <= 320, `${label}: scrolls sideways at 320 px (${o.scroll})`)
      }
      const c = (await fileAs(ctx, 'demo-resident-1', '一段很长的诉求描述，WS202612010001WS202612010001WS202612010001，用来检查窄屏下不会被截断。')).case
      await page.setViewportSize({ width: 320, height: 720 })
      try {
        for (const large of [false, true]) {
          await as(ctx, page, 'demo-resident-1', '/pages/me/index')
          await setLarge(page, large)
          for (const p of ['/pages/me/index', '/pages/file/index', '/pages/mine/index', '/pages/board/index', `/pages/case/index?id=${c._id}`, `/pages/success/index?no=${c.no}&id=${c._id}&state=dispatched&cat=cat-road`, '/pages/privacy/index']) {
            await go(ctx, page, p)
            await page.waitForSelector(large ? '.ws-page.ws-large' : '.ws-page:not(.ws-large)')
            await check(`${p} ${large ? 'large' : 'normal'}`)
          }
          if (large) {
            // Placeholders grow with the text.
            await go(ctx, page, '/pages/file/index')
            await page.waitForSelector('#ws-text textarea, textarea#ws-text')
            await page.waitForSelector('.ws-hero-badge')
            const ph = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#ws-text textarea, textarea#ws-text'), '::placeholder').fontSize))
            assert.ok(ph >= 17, `large placeholder, got ${ph}`)
            const badge = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.ws-hero-badge')).fontSize))
            assert.ok(badge >= 15, `large hero badge, got ${badge}`)
            await shot(ctx, page, '45m-large-file-320')
          }
          await as(ctx, page, 'demo-admin', '/pages-admin/summary/index')
          await setLarge(page, large)
          for (const p of ['/pages-admin/summary/index', '/pages-admin/queue/index', '/pages-admin/extensions/index', '/pages-admin/holidays/index', '/pages-admin/invites/index', '/pages-staff/inbox/index', `/pages-staff/case/index?id=${c._id}`]) {
            await go(ctx, page, p)
            await check(`${p} ${large ? 'large' : 'normal'}`)
          }
          if (large) await shot(ctx, page, '45n-large-staff-case-320')
        }
      } finally {
        await page.evaluate(() => localStorage.removeItem('ws.largeText'))
        await page.setViewportSize({ width: 375, height: 812 })
      }
    }
  }
]
