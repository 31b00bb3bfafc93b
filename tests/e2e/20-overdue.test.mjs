// The overdue path: nobody accepts within 24 h; the timer marks the case overdue and escalates it.
import { advanceClock, api, as, assert, caseCard, findInInbox, fireTimer, go, shot, text } from './lib.mjs'

export const tests = [
  {
    name: 'overdue: clock +25 h, timer fires → 超时 for the department, the resident and the county',
    async run(ctx, page) {
      const { case: c } = await api(ctx, 'demo-resident-2', 'petition', 'submit', {
        categoryId: 'cat-road',
        text: '东门社区菜市场门口的井盖缺失，非常危险。',
        photos: [],
        place: { point: { lng: 116.477, lat: 35.74 } },
        consent: false,
        hideName: true
      })
      assert.equal(c.state, 'dispatched')
      await advanceClock(ctx, 25 * 3600_000)
      await fireTimer(ctx)
      const d = await api(ctx, 'demo-resident-2', 'petition', 'detail', { caseId: c._id })
      assert.equal(d.overdue, true)

      await as(ctx, page, 'demo-dept-zhujian', '/pages-staff/inbox/index')
      await page.waitForSelector('#ws-buckets')
      assert.equal(await findInInbox(page, c.no, ['overdue']), 'overdue')
      assert.match(await caseCard(page, c.no).innerText(), /超时/)
      await shot(ctx, page, '13-staff-inbox-overdue')

      await as(ctx, page, 'demo-resident-2', `/pages/case/index?id=${c._id}`)
      await page.waitForSelector('#ws-case-state')
      assert.match(await text(page, '#ws-case-state'), /超时/)
      assert.match(await text(page, '#ws-countdown'), /已超时/)
      await shot(ctx, page, '09-case-overdue')

      await as(ctx, page, 'demo-admin', '/pages-admin/summary/index')
      await page.waitForSelector('#ws-kpis')
      assert.ok(Number(await text(page, '#ws-kpi-overdue .ws-kpi-v')) >= 1)
      assert.match(await text(page, '#ws-overdue'), new RegExp(c.no))
    }
  }
]
