// (hotspots) Two handoffs in the H5 app:
//  (a) 合并 and 撤销合并: two residents report the same pothole; the township supervisor merges B into A from the
//      staff case page; B's resident sees 已合并 pointing to A; the supervisor undoes it and B is worked on again.
//  (b) 热点: three residents' street-light reports within 100 m form a cluster on the 热点 page of the county
//      dispatcher; one tap 督办 orders the oldest case, the note listing the others, and the handler sees the order.
import { api, as, assert, confirmModal, shot, tap, text } from './lib.mjs'

const DONGMEN = { lng: 116.477, lat: 35.74 }
const north = (p, m) => ({ lng: p.lng, lat: p.lat + m / 111_195 })

function report(categoryId, text, point, name) {
  return { categoryId, text, photos: [], place: { point, address: '东门社区' }, contact: { name, phone: '13812345678' }, consent: true, hideName: false }
}

/** Tap a case action: one of the first four buttons, or through 更多 (the action sheet). */
async function action(page, a, label) {
  await page.waitForSelector('#ws-actions')
  if (await page.locator(`[data-action="${a}"]`).count()) return tap(page, `[data-action="${a}"]`)
  await page.locator('#ws-actions .ws-action', { hasText: '更多' }).click()
  await page.getByText(label, { exact: true }).last().click()
}

export const tests = [
  {
    name: 'merge: the township merges a duplicate from the case page → B shows 已合并 → A; 撤销合并 restores B',
    async run(ctx, page) {
      const { case: a } = await api(ctx, 'demo-resident-1', 'petition', 'submit', report('cat-road', '东门社区西侧路面塌陷一个大坑，车辆绕行。', DONGMEN, '王秀英'))
      const { case: b } = await api(ctx, 'demo-resident-2', 'petition', 'submit', report('cat-road', '东门社区西边马路上有个大坑，晚上看不清。', north(DONGMEN, 30), '李建国'))

      // The township supervisor opens B and merges it into A by A's 工单号.
      await as(ctx, page, 'demo-township-zhongdu', `/pages-staff/case/index?id=${b._id}`)
      await action(page, 'merge', '合并')
      await page.waitForSelector('#ws-action-text')
      await page.locator('#ws-action-text textarea, #ws-action-text input, textarea#ws-action-text').first().fill(a.no)
      await shot(ctx, page, '56a-merge-sheet')
      await tap(page, '#ws-action-submit')
      await confirmModal(page)
      await page.waitForSelector('#ws-merged-into', { timeout: 10_000 })
      assert.match(await text(page, '#ws-merged-into'), new RegExp(`${a.no}[\\s\\S]*已合并`))
      await shot(ctx, page, '56b-merged-staff')

      // B's resident: 已合并到 A's 工单号, no clock and no share card of B's own (375×812).
      await as(ctx, page, 'demo-resident-2', `/pages/case/index?id=${b._id}`)
      await page.waitForSelector('#ws-merged-into', { timeout: 10_000 })
      assert.match(await text(page, '#ws-merged-into'), new RegExp(`已合并到 工单号 ${a.no}`))
      assert.match(await text(page, '#ws-case-state'), /已合并/)
      assert.equal(await page.locator('#ws-countdown').count(), 0)
      assert.equal(await page.locator('#ws-share-card, #ws-share').count(), 0)
      assert.doesNotMatch(await text(page, '.ws-page'), /办结时限|受理时限|邀请邻居附议/)
      await shot(ctx, page, '56c-merged-resident')
      // The link opens A, which B's resident now follows.
      await tap(page, '#ws-merged-open')
      // (H5 keeps the page navigated from in the DOM, hidden: look at the visible one.)
      await page.locator('#ws-detail-no:visible', { hasText: a.no }).waitFor({ timeout: 10_000 })
      assert.match(await text(page, '#ws-metoo:visible'), /您已附议此诉求/)
      await shot(ctx, page, '56c2-merged-main-case')

      // 撤销合并 (within 24 h): B is worked on again, no longer points to A.
      await as(ctx, page, 'demo-township-zhongdu', `/pages-staff/case/index?id=${b._id}`)
      await action(page, 'unmerge', '撤销合并')
      await confirmModal(page)
      await page.waitForFunction(() => !document.querySelector('#ws-merged-into'), null, { timeout: 10_000 })
      await page.waitForSelector('[data-action="merge"], #ws-actions', { timeout: 10_000 })
      assert.doesNotMatch(await text(page, '.ws-page'), /已合并办理/)
      await shot(ctx, page, '56d-unmerged')
      const back = await api(ctx, 'demo-resident-2', 'petition', 'detail', { caseId: b._id })
      assert.equal(back.state, 'dispatched')
      assert.equal(back.mergedInto, undefined)
    }
  },
  {
    name: 'hotspots: three reports within 100 m form a cluster on 热点; one tap 督办 orders the oldest case',
    async run(ctx, page) {
      const nos = []
      const ids = []
      for (const [who, name, m, t] of [
        ['demo-resident-1', '王秀英', 0, '东门社区南口路灯不亮，晚上一片漆黑。'],
        ['demo-resident-2', '李建国', 50, '东门社区南口往北几十米的路灯坏了好几天。'],
        ['demo-resident-3', '张桂兰', 90, '东门社区南边一排路灯晚上都不亮，走路害怕。']
      ]) {
        const { case: c } = await api(ctx, who, 'petition', 'submit', report('cat-streetlight', t, north(north(DONGMEN, 400), m), name))
        nos.push(c.no)
        ids.push(c._id)
      }

      // The 管理 tab shows the tile; the page lists the cluster with its 3 cases.
      await as(ctx, page, 'demo-dispatcher', '/pages-admin/summary/index')
      const tile = page.locator('.ws-linkbox', { hasText: '热点' }).first()
      await tile.waitFor({ timeout: 15_000 })
      await tile.scrollIntoViewIfNeeded()
      await shot(ctx, page, '56e0-admin-tile')
      await tile.click()
      await page.waitForSelector('#ws-hotspot-list', { timeout: 15_000 })
      const row = page.locator(`.ws-hotspot[data-cases*="${nos[0]}"]`).first()
      await row.waitFor({ timeout: 10_000 })
      const rowText = (await row.innerText()).trim()
      assert.match(rowText, /路灯/)
      assert.match(rowText, /3 件/)
      for (const no of nos) assert.match(rowText, new RegExp(no))
      assert.match(rowText, /督办/)
      assert.match(rowText, /合并/)
      // H5: the list only, no map.
      assert.equal(await page.locator('#ws-hotspot-map').count(), 0)
      await shot(ctx, page, '56e-hotspots-list')

      // One tap 督办: the dialog shows the note with the other 工单号; confirm.
      await row.locator('.ws-hotspot-supervise').click()
      await page.waitForSelector('.nut-dialog:visible')
      const dialog = await page.locator('.nut-dialog:visible').first().innerText()
      assert.match(dialog, new RegExp(nos[0]))
      await shot(ctx, page, '56f-hotspot-supervise-dialog')
      await confirmModal(page)
      await page.waitForFunction((no) => /已督办/.test(document.querySelector(`.ws-hotspot[data-cases*="${no}"]`)?.textContent ?? ''), nos[0], { timeout: 10_000 })
      await shot(ctx, page, '56g-hotspot-supervised')

      // 合并 offers the main case to keep (the oldest by default); cancelled here (the integration test merges).
      await page.waitForSelector('.nut-toast', { state: 'detached', timeout: 5000 }).catch(() => {})
      await page.waitForTimeout(2200)
      await row.locator('.ws-hotspot-merge').click()
      await page.waitForSelector('#ws-hotspot-main')
      assert.equal(await page.locator('#ws-hotspot-main [data-main]').count(), 3)
      assert.match(await text(page, '#ws-hotspot-main .on'), new RegExp(nos[0]))
      await tap(page, `#ws-hotspot-main [data-main="${nos[1]}"]`)
      assert.match(await text(page, '#ws-hotspot-main .on'), new RegExp(nos[1]))
      await shot(ctx, page, '56h-hotspot-merge-dialog')
      await page.locator('.nut-dialog-footer-cancel:visible').first().click()

      // The oldest case carries the order, its note listing the other two.
      const d = await api(ctx, 'demo-dispatcher', 'petition', 'detail', { caseId: ids[0] })
      const order = d.supervisions?.at(-1)
      assert.ok(order, 'the oldest case has a 督办 order')
      assert.match(order.note, new RegExp(nos[1]))
      assert.match(order.note, new RegExp(nos[2]))
    }
  }
]
