// The full path through the UI: a resident files with a photo, the grid member sees it, the department
// accepts and resolves, the resident rates, and the county summary shows the change.
import { api, as, assert, caseCard, confirmModal, fill, findInInbox, go, png, shot, tap, text } from './lib.mjs'

async function summary(ctx) {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const from = new Date(Date.now() + 8 * 3600_000 - 29 * 86400_000).toISOString().slice(0, 10)
  return api(ctx, 'demo-admin', 'admin', 'summary', { from, to: today })
}

export const tests = [
  {
    name: 'full path: file → grid member → department accepts and resolves → resident rates → summary',
    async run(ctx, page) {
      const before = (await summary(ctx)).total

      // 1. The resident files a case with a photo, the current position and a phone number.
      await as(ctx, page, 'demo-resident-1', '/pages/file/index')
      await tap(page, '[data-cat="道路破损"]')
      await fill(page, 'ws-text', '东门社区 5 号楼西侧道路塌陷约一平方米，夜间有行人摔倒，请尽快处理。')
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tap(page, '#ws-photo-add')])
      await chooser.setFiles({ name: 'road.png', mimeType: 'image/png', buffer: png() })
      await page.waitForSelector('.ws-photo-img')
      await page.waitForFunction(() => !document.querySelector('.ws-photo-prog'), null, { timeout: 15_000 })
      await tap(page, '#ws-use-location')
      await page.waitForSelector('#ws-place-shown')
      await tap(page, '#ws-public-consent')
      await fill(page, 'ws-contact-name', '王女士')
      await page.waitForSelector('#ws-board-name')
      assert.match(await text(page, '#ws-board-name'), /王\*\*/)
      await fill(page, 'ws-phone', '13805370001')
      await tap(page, '#ws-consent')
      await page.evaluate(() => document.querySelector('#ws-board-name')?.scrollIntoView({ block: 'center' }))
      await shot(ctx, page, '07-file-filled')
      await tap(page, '#ws-submit')
      await page.waitForSelector('#ws-case-no', { timeout: 15_000 })
      const no = await text(page, '#ws-case-no')
      assert.match(no, /\S{6,}/)
      await shot(ctx, page, '08-success')
      ctx.vars.fullPathNo = no

      // 2. The grid member of that grid sees it in the 工作台.
      await as(ctx, page, 'demo-grid-1', '/pages-staff/inbox/index')
      await page.waitForSelector('#ws-buckets')
      assert.ok(await findInInbox(page, no), 'the grid member sees the new case')

      // 3. The department (住建局 for urban roads) accepts, then resolves with a reply.
      await as(ctx, page, 'demo-dept-zhujian', '/pages-staff/inbox/index')
      await page.waitForSelector('#ws-buckets')
      assert.equal(await findInInbox(page, no, ['pending']), 'pending')
      await caseCard(page, no).click()
      await page.waitForSelector('[data-action="accept"]')
      assert.equal(await page.locator('.ws-photo-img').count() > 0, true, 'the photo is shown to the department')
      await tap(page, '[data-action="accept"]')
      await confirmModal(page)
      await page.waitForFunction(() => document.querySelector('#ws-case-state')?.textContent?.includes('办理中'))
      await tap(page, '[data-action="resolve"]')
      await fill(page, 'ws-action-text', '已组织施工队完成路面修补并设置警示标志，现已恢复正常通行。')
      await tap(page, '#ws-action-submit')
      await page.waitForFunction(() => document.querySelector('#ws-case-state')?.textContent?.includes('已办结'))

      // 4. The resident sees the reply and rates it.
      await as(ctx, page, 'demo-resident-1', '/pages/mine/index')
      await page.waitForSelector('#ws-mine-list')
      await caseCard(page, no).click()
      await page.waitForSelector('#ws-replies')
      assert.match(await text(page, '#ws-replies'), /路面修补/)
      const img = page.locator('.ws-photo-img img, img.ws-photo-img').first()
      if (await img.count()) {
        await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 10_000 })
      }
      await tap(page, '[data-action="rate"]')
      await tap(page, '[data-rating="satisfied"]')
      await fill(page, 'ws-action-text', '处理很及时，谢谢！')
      await tap(page, '#ws-action-submit')
      await page.waitForFunction(() => document.querySelector('#ws-case-state')?.textContent?.includes('已关闭'))
      assert.equal(await page.locator('[data-action]').count(), 0, 'no actions left on a closed case')

      // 4b. Once the county approves its summary, the public board shows the case with the masked 称呼.
      const { _id: caseId } = (await api(ctx, 'demo-admin', 'admin', 'publications', { state: 'pending', pageSize: 50 })).items.map((i) => ({ _id: i.caseId, no: i.no })).find((i) => i.no === no)
      await api(ctx, 'demo-admin', 'admin', 'publishSummary', { caseId })
      const board = await api(ctx, 'demo-resident-2', 'petition', 'board', { pageSize: 50 })
      assert.equal(board.items.find((b) => b.no === no)?.reporter, '王**')
      await go(ctx, page, '/pages/board/index')
      await page.waitForSelector(`[data-board="${no}"]`, { timeout: 10_000 })
      assert.match(await text(page, `[data-board="${no}"] .ws-board-meta`), /^王\*\* ·/)

      // 5. The county summary shows one more case and a satisfied rating.
      const after = (await summary(ctx)).total
      assert.equal(after.volume, before.volume + 1)
      assert.equal(after.satisfied, before.satisfied + 1)
      await as(ctx, page, 'demo-admin', '/pages-admin/summary/index')
      await page.waitForSelector('#ws-kpis')
      assert.equal(await text(page, '#ws-kpi-volume .ws-kpi-v'), String(after.volume))
      assert.notEqual(await text(page, '#ws-kpi-satisfaction .ws-kpi-v'), '—')
    }
  }
]
