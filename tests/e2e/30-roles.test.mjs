// A resident cannot reach 工作台 or 管理: no tabs, the pages refuse, and the API says FORBIDDEN.
import { as, assert, go, post, shot } from './lib.mjs'

export const tests = [
  {
    name: 'roles: a resident cannot reach 工作台 or 管理',
    async run(ctx, page) {
      await as(ctx, page, 'demo-resident-1', '/pages/me/index')
      await page.waitForSelector('#ws-tabbar')
      const tabs = await page.locator('#ws-tabbar [data-tab]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tab')))
      assert.deepEqual(tabs, ['file', 'mine', 'board', 'me'])

      await go(ctx, page, '/pages-staff/inbox/index')
      await page.waitForSelector('.ws-state')
      assert.match(await page.locator('.ws-state').innerText(), /仅对工作人员开放/)
      assert.equal(await page.locator('#ws-buckets').count(), 0)
      await shot(ctx, page, '30-resident-refused')

      await go(ctx, page, '/pages-admin/summary/index')
      await page.waitForSelector('.ws-state')
      assert.equal(await page.locator('#ws-kpis').count(), 0)

      const { token } = await post(ctx, '/gateway/dev-login', { openid: 'demo-resident-1' })
      for (const [name, action, data] of [
        ['staff', 'inbox', { bucket: 'pending' }],
        ['admin', 'summary', { from: '2026-01-01', to: '2026-01-31' }]
      ]) {
        const { result } = await post(ctx, '/gateway/call', { name, data: { action, data } }, token)
        assert.equal(result.ok, false)
        assert.equal(result.code, 'FORBIDDEN')
      }
    }
  },
  {
    name: 'roles: a department handler gets 工作台 but not 管理; the county admin gets 管理',
    async run(ctx, page) {
      await as(ctx, page, 'demo-dept-zhujian', '/pages/me/index')
      await page.waitForSelector('#ws-tabbar [data-tab="work"]')
      assert.equal(await page.locator('#ws-tabbar [data-tab="admin"]').count(), 0)
      await as(ctx, page, 'demo-admin', '/pages/me/index')
      await page.waitForSelector('#ws-tabbar [data-tab="admin"]')
    }
  }
]
