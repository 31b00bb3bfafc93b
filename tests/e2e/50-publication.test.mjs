// Publication across roles: the resident agrees to publication when filing, the department resolves with the
// prefilled (redacted) 公开摘要, the county approves it in 管理 → 公开审核, and the board shows only the summary —
// without the resident's or a neighbour's name, and without the raw reply.
import { api, as, assert, caseCard, confirmModal, fill, findInInbox, go, shot, tap, text } from './lib.mjs'

export const tests = [
  {
    name: 'publication: consent at filing → redacted summary at resolution → county review → board',
    async run(ctx, page) {
      await as(ctx, page, 'demo-resident-1', '/pages/file/index')
      await tap(page, '[data-cat="道路破损"]')
      await fill(page, 'ws-text', '东门社区3号楼门前路面塌陷，邻居李建军的电动车摔坏了，电话138 0537 0002，请尽快修复。')
      await tap(page, '#ws-use-location')
      await page.waitForSelector('#ws-place-shown')
      await tap(page, '#ws-public-consent')
      await fill(page, 'ws-contact-name', '王秀英')
      await fill(page, 'ws-phone', '13805370001')
      await tap(page, '#ws-consent')
      await page.evaluate(() => document.querySelector('#ws-public-consent')?.scrollIntoView({ block: 'center' }))
      await shot(ctx, page, '50a-file-public-consent')
      await tap(page, '#ws-submit')
      await page.waitForSelector('#ws-case-no', { timeout: 15_000 })
      const no = await text(page, '#ws-case-no')

      // The department accepts and resolves; the 公开摘要 is prefilled without names and numbers.
      await as(ctx, page, 'demo-dept-zhujian', '/pages-staff/inbox/index')
      await page.waitForSelector('#ws-buckets')
      assert.equal(await findInInbox(page, no, ['pending']), 'pending')
      await caseCard(page, no).click()
      await tap(page, '[data-action="accept"]')
      await confirmModal(page)
      await page.waitForFunction(() => document.querySelector('#ws-case-state')?.textContent?.includes('办理中'))
      await tap(page, '[data-action="resolve"]')
      await page.waitForSelector('#ws-summary-text')
      const prefill = await page.locator('#ws-summary-text textarea').first().inputValue()
      assert.match(prefill, /东门社区/)
      for (const leak of ['李建军', '王秀英', '0537', '3号楼']) assert.ok(!prefill.includes(leak), `the prefill leaks ${leak}: ${prefill}`)
      await fill(page, 'ws-action-text', '已联系王秀英女士，路面已修复，李建军的损失已协调处理。')
      await shot(ctx, page, '50b-resolve-summary')
      await tap(page, '#ws-action-submit')
      await page.waitForFunction(() => document.querySelector('#ws-case-state')?.textContent?.includes('已办结'))
      await page.waitForSelector('#ws-publication')
      assert.match(await text(page, '#ws-publication-state'), /待审核/)

      // Not on the board before the county approves.
      const before = await api(ctx, 'demo-resident-2', 'petition', 'board', { pageSize: 50 })
      assert.ok(!before.items.some((b) => b.no === no), 'not public before approval')

      // The county office reviews it in 管理 → 公开审核 and approves.
      await as(ctx, page, 'demo-admin', '/pages-admin/summary/index')
      await tap(page, '.ws-linkbox:has-text("公开审核")')
      await page.waitForSelector(`[data-publication="${no}"]`, { timeout: 10_000 })
      await shot(ctx, page, '50c-review-queue')
      await page.locator(`[data-publication="${no}"]`).click()
      await page.waitForSelector('#ws-publish')
      await tap(page, '#ws-publish')
      await confirmModal(page)
      await page.waitForFunction(() => document.querySelector('#ws-publication-state')?.textContent?.includes('已公开'))
      await page.evaluate(() => document.querySelector('#ws-publication')?.scrollIntoView({ block: 'center' }))
      await shot(ctx, page, '50d-case-published')

      // The board: the summary only, no names.
      await as(ctx, page, 'demo-resident-2', '/pages/board/index')
      await page.waitForSelector(`[data-board="${no}"]`, { timeout: 10_000 })
      const card = await text(page, `[data-board="${no}"]`)
      for (const leak of ['王秀英', '李建军', '13805370001', '0537', '已联系王秀英女士']) assert.ok(!card.includes(leak), `the board leaks ${leak}: ${card}`)
      assert.match(card, /东门社区/)
      assert.match(await text(page, `[data-board="${no}"] .ws-board-meta`), /^王\*\* ·/)
      await shot(ctx, page, '50e-board')
      // The item opens its detail: the whole summary, still without names.
      await tap(page, `[data-board="${no}"]`)
      await page.waitForSelector('#ws-board-detail', { timeout: 5000 })
      const detail = await text(page, '#ws-board-detail')
      for (const leak of ['王秀英', '李建军', '13805370001']) assert.ok(!detail.includes(leak), `the board detail leaks ${leak}`)
      assert.match(detail, /公开时间/)
      await shot(ctx, page, '50f-board-detail')
    }
  }
]
