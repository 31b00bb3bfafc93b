// Screenshots of every main page at 375 px (artifacts/screenshots), with demo cases in several states.
import { api, as, go, shot } from './lib.mjs'

const POINT = { lng: 116.477, lat: 35.74 }

async function ensureData(ctx) {
  if (ctx.vars.shotData) return ctx.vars.shotData
  const mk = (text, categoryId, extra = {}) =>
    api(ctx, 'demo-resident-1', 'petition', 'submit', { categoryId, text, photos: [], place: { point: POINT, address: '东门社区 3 号楼' }, consent: true, contact: { phone: '13805371234' }, hideName: false, ...extra })
  const a = (await mk('东门社区 3 号楼门口的路面塌陷，下雨积水，老人出行不便，请尽快修复。', 'cat-road')).case
  const b = (await mk('小区北侧路灯已经一周不亮，晚上回家很不安全。', 'cat-streetlight')).case
  const c = (await mk('想咨询一下今年城乡居民医保的缴费时间和标准。', 'cat-policy')).case
  await api(ctx, 'demo-dept-zhujian', 'staff', 'accept', { caseId: a._id })
  await api(ctx, 'demo-dept-zhujian', 'staff', 'resolve', { caseId: a._id, text: '已安排施工队对塌陷路面进行修补，现已恢复通行，感谢您的反映。' })
  ctx.vars.shotData = { a, b, c }
  return ctx.vars.shotData
}

export const tests = [
  {
    name: 'screenshots: resident pages',
    async run(ctx, page) {
      const { a } = await ensureData(ctx)
      await as(ctx, page, 'demo-resident-1', '/pages/file/index')
      await page.waitForSelector('[data-cat]')
      await shot(ctx, page, '01-file')
      await go(ctx, page, '/pages/mine/index')
      await page.waitForSelector('#ws-mine-list')
      await shot(ctx, page, '02-mine')
      await go(ctx, page, `/pages/case/index?id=${a._id}`)
      await page.waitForSelector('#ws-timeline')
      await shot(ctx, page, '03-case-resolved')
      // The rating sheet (NutUI Popup + Radio buttons + TextArea), left without submitting.
      await page.locator('[data-action="rate"]').first().click()
      await page.locator('[data-rating="basic"]').first().click()
      await shot(ctx, page, '03b-case-rate-sheet')
      await go(ctx, page, '/pages/board/index')
      await page.waitForTimeout(800)
      await shot(ctx, page, '04-board')
      await go(ctx, page, '/pages/me/index')
      await page.waitForSelector('#ws-me-role')
      await shot(ctx, page, '05-me')
      await go(ctx, page, '/pages/privacy/index')
      await shot(ctx, page, '06-privacy')
    }
  },
  {
    name: 'screenshots: staff pages',
    async run(ctx, page) {
      const { b } = await ensureData(ctx)
      await as(ctx, page, 'demo-grid-1', '/pages-staff/inbox/index')
      await page.waitForSelector('#ws-buckets')
      await page.waitForTimeout(800)
      await shot(ctx, page, '10-staff-inbox-grid')
      await go(ctx, page, '/pages-staff/proxy/index')
      await page.waitForSelector('[data-cat]')
      await shot(ctx, page, '11-staff-proxy')
      await go(ctx, page, `/pages-staff/case/index?id=${b._id}`)
      await page.waitForSelector('#ws-timeline')
      await shot(ctx, page, '12-staff-case')
    }
  },
  {
    name: 'screenshots: admin pages',
    async run(ctx, page) {
      await ensureData(ctx)
      await as(ctx, page, 'demo-admin', '/pages-admin/summary/index')
      await page.waitForSelector('#ws-kpis')
      await page.waitForTimeout(1200)
      await shot(ctx, page, '20-admin-summary')
      await page.locator('#ws-period-tabs').first().waitFor()
      await page.locator('canvas, .ws-bars').first().scrollIntoViewIfNeeded()
      await shot(ctx, page, '21-admin-summary-charts')
      await page.locator('#ws-ranking').scrollIntoViewIfNeeded()
      await shot(ctx, page, '22-admin-summary-ranking')
      await go(ctx, page, '/pages-admin/queue/index')
      await page.waitForTimeout(800)
      await shot(ctx, page, '23-admin-queue')
      await go(ctx, page, '/pages-admin/extensions/index')
      await page.waitForTimeout(800)
      await shot(ctx, page, '24-admin-extensions')
      await go(ctx, page, '/pages-admin/holidays/index')
      await page.waitForSelector('.ws-cal')
      // October: the National Day holiday (休) and the make-up working Saturday (班).
      for (let i = 0; i < 12 && !(await page.locator('#ws-cal-title').innerText()).endsWith('10月'); i++) {
        await page.locator('.ws-cal-prev').click()
        await page.waitForTimeout(300)
      }
      await page.waitForSelector('.ws-cal-in.holiday')
      await shot(ctx, page, '25-admin-holidays')
      await go(ctx, page, '/pages-admin/invites/index')
      await page.waitForTimeout(800)
      // A grid member invite: 中都街道 → 东门社区 → its first grid.
      await page.locator('[data-town="tw-zhongdu"]').click()
      await page.locator('[data-village="vl-zhongdu-dongmen"]').click()
      await page.locator('[data-grid="gr-zhongdu-dongmen-1"]').click()
      await page.waitForFunction(() => document.querySelector('#ws-invite-grid-picked')?.textContent?.includes('已选 1 个网格'))
      await page.evaluate(() => document.querySelector('#ws-invite-grids [data-village]')?.scrollIntoView({ block: 'start' }))
      await shot(ctx, page, '26-admin-invites')
    }
  }
]
