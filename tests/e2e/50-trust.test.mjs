// Issue 7 §2 and §4 across roles: a grid member's 代报 fixed on the spot is never rated by staff and reaches the
// county's 回访 list; the county records the callback; a resident deletes their account (注销) and their case stays
// with the department, without name or phone.
import { api, as, assert, fill, go, shot, tap } from './lib.mjs'

const POINT = { lng: 116.477, lat: 35.74 }

export const tests = [
  {
    name: 'trust: a 代报 fixed on the spot is not rated by its grid member; the county records a 回访',
    async run(ctx, page) {
      const { case: c } = await api(ctx, 'demo-grid-1', 'staff', 'proxySubmit', {
        categoryId: 'cat-road', text: '东门社区 7 号楼前的下水道盖板松动，踩上去会翻。', photos: [],
        place: { point: POINT, address: '东门社区 7 号楼' }, consent: true, contact: { name: '张大爷', phone: '13905371111' }, hideName: false
      })
      await api(ctx, 'demo-grid-1', 'staff', 'resolveOnSpot', { caseId: c._id, text: '已现场更换盖板并固定，张大爷表示可以了。' })

      // The grid member's case page speaks to staff: no rating prompt, no rating button.
      await as(ctx, page, 'demo-grid-1', `/pages-staff/case/index?id=${c._id}`)
      await page.waitForSelector('#ws-case-header')
      const header = await page.locator('#ws-case-header').innerText()
      assert.doesNotMatch(header, /请对办理结果进行评价/)
      assert.match(header, /等待县级回访/)
      assert.equal(await page.locator('[data-action="rate"]').count(), 0)
      assert.match(await page.locator('#ws-case-dept').innerText(), /网格·/)
      await shot(ctx, page, '50-grid-case-no-rating')

      // The county dispatcher: 管理 → 回访 → the case → 记录回访 (reached, 满意).
      await as(ctx, page, 'demo-dispatcher', '/pages-admin/summary/index')
      await page.locator('.ws-linkbox', { hasText: '回访' }).first().click()
      await page.waitForSelector(`[data-case="${c._id}"]`)
      await shot(ctx, page, '50-callbacks-list')
      await page.locator(`[data-case="${c._id}"]`).click()
      await page.waitForSelector('[data-action="callback"]')
      await tap(page, '[data-action="callback"]')
      await page.waitForSelector('#ws-callback-form')
      await tap(page, '#ws-callback-form [data-rating="satisfied"]')
      await fill(page, 'ws-action-text', '电话回访，张大爷表示满意')
      await shot(ctx, page, '50-callback-form')
      await tap(page, '#ws-action-submit')
      await page.waitForFunction(() => /已关闭/.test(document.querySelector('#ws-case-state')?.textContent ?? ''))
      await page.waitForSelector('#ws-callbacks')
      assert.match(await page.locator('#ws-callbacks').innerText(), /满意/)
      const d = await api(ctx, 'demo-admin', 'petition', 'detail', { caseId: c._id })
      assert.equal(d.state, 'closed')
      assert.equal(d.callbacks.at(-1).rating, 'satisfied')
    }
  },
  {
    name: 'trust: a resident deletes their account; the department keeps the case without name or phone',
    async run(ctx, page) {
      const who = 'e2e-resident-deleting'
      const { case: c } = await api(ctx, who, 'petition', 'submit', {
        categoryId: 'cat-road', text: '东门社区 9 号楼北侧人行道地砖大面积松动。', photos: [],
        place: { point: POINT, address: '东门社区 9 号楼' }, consent: true, contact: { name: '周敏', phone: '13905372222' }, hideName: false
      })
      await api(ctx, 'demo-dept-zhujian', 'staff', 'accept', { caseId: c._id })

      await as(ctx, page, who, '/pages/me/index')
      await page.waitForSelector('#ws-delete-open')
      await tap(page, '#ws-delete-open')
      await page.waitForSelector('#ws-delete-notice')
      // A wrong phrase is refused by the page; the right one deletes.
      await fill(page, 'ws-delete-phrase', '注销')
      await tap(page, '#ws-delete-submit')
      assert.equal((await api(ctx, 'demo-dept-zhujian', 'petition', 'detail', { caseId: c._id })).contact.name, '周敏')
      await fill(page, 'ws-delete-phrase', '确认注销')
      await shot(ctx, page, '50-delete-account')
      await tap(page, '#ws-delete-submit')
      // The same WeChat user now has no cases (polled: the deletion runs after the tap).
      let mine = null
      for (let i = 0; i < 40 && mine?.total !== 0; i++) {
        await page.waitForTimeout(250)
        mine = await api(ctx, who, 'petition', 'mine', {})
      }
      assert.equal(mine.total, 0)
      // The handler still has the case, without contact details.
      const staff = await api(ctx, 'demo-dept-zhujian', 'petition', 'detail', { caseId: c._id })
      assert.equal(staff.state, 'accepted')
      assert.equal(staff.contact.name, undefined)
      assert.equal(staff.contact.phone, undefined)
      await as(ctx, page, 'demo-dept-zhujian', `/pages-staff/case/index?id=${c._id}`)
      await page.waitForSelector('#ws-timeline')
      assert.match(await page.locator('#ws-timeline').innerText(), /联系人信息已删除/)
      assert.doesNotMatch(await page.locator('body').innerText(), /周敏|13905372222/)
      await shot(ctx, page, '50-case-after-deletion')
    }
  }
]
