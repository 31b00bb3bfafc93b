// Supervision of what is late, across four roles: the resident urges (催办) a case nobody accepted, the township
// supervisor orders 督办 from their 工作台, the handler answers (督办回复), and the counts appear in 管理. Then the
// county leader reads the stream and gives a 批示.
import { advanceClock, api, as, assert, caseCard, confirmModal, fill, fireTimer, go, shot, tap, text } from './lib.mjs'

async function submitSheet(page, note) {
  await page.waitForSelector('#ws-action-text')
  if (note) await fill(page, 'ws-action-text', note)
  await tap(page, '#ws-action-submit')
}

export const tests = [
  {
    name: 'supervision: the resident urges → the township orders 督办 → the handler answers → counts in 管理',
    async run(ctx, page) {
      const { case: c } = await api(ctx, 'demo-resident-1', 'petition', 'submit', {
        categoryId: 'cat-road',
        text: '东门社区北门外人行道地砖塌陷，老人经过容易绊倒，请尽快修复。',
        photos: [],
        place: { point: { lng: 116.477, lat: 35.74 }, address: '东门社区北门' },
        consent: false,
        hideName: false
      })
      assert.equal(c.state, 'dispatched')

      // 1. Too early: the 催办 button explains the rule and when it opens.
      await as(ctx, page, 'demo-resident-1', `/pages/case/index?id=${c._id}`)
      await page.waitForSelector('#ws-urge-rule')
      assert.match(await text(page, '#ws-urge-rule'), /受理期限已过仍未受理/)
      await tap(page, '[data-action="urge"]')
      await page.waitForSelector('.nut-dialog:visible')
      assert.match(await page.locator('.nut-dialog:visible').first().innerText(), /暂时不能催办[\s\S]*起可以催办/)
      await shot(ctx, page, '25a-urge-not-yet')
      await confirmModal(page)

      // Nobody accepts within 24 h: overdue, escalated to the township.
      await advanceClock(ctx, 25 * 3600_000)
      await fireTimer(ctx)

      // 2. The resident urges.
      await as(ctx, page, 'demo-resident-1', `/pages/case/index?id=${c._id}`)
      await page.waitForSelector('[data-action="urge"]')
      await tap(page, '[data-action="urge"]')
      await submitSheet(page, '地砖塌陷越来越大了，请尽快处理')
      await page.waitForFunction(() => /已催办 1 次/.test(document.querySelector('#ws-urge')?.textContent ?? ''), null, { timeout: 10_000 })
      assert.match(await text(page, '#ws-timeline'), /群众催办[\s\S]*第1次催办/)
      await shot(ctx, page, '25b-resident-urged')

      // 3. The township supervisor's 工作台: the case is overdue there; they order 督办.
      await as(ctx, page, 'demo-township-zhongdu', '/pages-staff/inbox/index')
      await page.waitForSelector('#ws-desk')
      await page.waitForSelector(`#ws-desk-list [data-case="${c.no}"]`, { timeout: 10_000 })
      await shot(ctx, page, '25c-township-desk')
      await caseCard(page, c.no).click()
      await page.waitForSelector('[data-action="supervise"]')
      assert.equal(await page.locator('[data-action="route"]').count(), 0, 'a dispatched case offers 转办, not 派单')
      await tap(page, '[data-action="supervise"]')
      await submitSheet(page, '请今天内联系群众并说明修复安排')
      await page.waitForSelector('#ws-supervisions [data-status="open"]', { timeout: 10_000 })
      await shot(ctx, page, '25d-township-supervised')
      // The 转办 sheet offers bureaus, townships and villages, with search.
      await page.waitForTimeout(1500)
      await tap(page, '[data-action="transfer"]')
      await page.waitForSelector('#ws-unit-list [data-kind="village"]')
      assert.match(await text(page, '#ws-unit-list'), /县直部门[\s\S]*镇街[\s\S]*村居[\s\S]*东门社区居委会/)
      await fill(page, 'ws-unit-search', '南站')
      await page.waitForFunction(() => !/县住建局/.test(document.querySelector('#ws-unit-list')?.textContent ?? ''))
      assert.match(await text(page, '#ws-unit-list'), /南站镇人民政府[\s\S]*南站村委会/)
      await shot(ctx, page, '25d2-transfer-sheet')

      // 4. The handler answers the order.
      await as(ctx, page, 'demo-dept-zhujian', `/pages-staff/case/index?id=${c._id}`)
      await page.waitForSelector('[data-action="supervise_reply"]')
      await tap(page, '[data-action="supervise_reply"]')
      await page.waitForSelector('#ws-open-order')
      assert.match(await text(page, '#ws-open-order'), /请今天内联系群众/)
      await submitSheet(page, '已联系群众，明天上午施工队到场修复')
      await page.waitForSelector('#ws-supervisions [data-status="replied"]', { timeout: 10_000 })
      await shot(ctx, page, '25e-handler-replied')

      // 5. The counts in 管理 (the township's own summary: only its tiles, no invite form).
      await as(ctx, page, 'demo-township-zhongdu', '/pages-admin/summary/index')
      await page.waitForSelector('#ws-kpis')
      assert.ok(Number(await text(page, '#ws-kpi-urges .ws-kpi-v')) >= 1)
      assert.ok(Number(await text(page, '#ws-kpi-supervised .ws-kpi-v')) >= 1)
      assert.match(await text(page, '#ws-kpi-supervise-rate .ws-kpi-v'), /%/)
      const tiles = await text(page, '#ws-admin-tiles')
      assert.match(tiles, /我的督办/)
      assert.doesNotMatch(tiles, /邀请码|延期审批/)
      await shot(ctx, page, '25f-township-summary')
      await page.locator('#ws-ranking').scrollIntoViewIfNeeded()
      assert.match(await text(page, '#ws-score-label'), /综合得分/)
      await shot(ctx, page, '25g-ranking-label')

      await go(ctx, page, '/pages-admin/supervisions/index')
      await page.waitForSelector(`#ws-supervision-tabs`)
      await page.locator('#ws-supervision-tabs .nut-tabs-titles-item', { hasText: '已回复' }).first().click()
      await page.waitForSelector(`#ws-supervision-list [data-case="${c.no}"][data-status="replied"]`, { timeout: 10_000 })
      await shot(ctx, page, '25h-my-supervisions')
    }
  },
  {
    name: 'county leader: the read-only stream, search, and a 批示 the handler sees',
    async run(ctx, page) {
      // A map point is shown by its place name, never as coordinates.
      // (Via 我的: the previous persona, a township supervisor, has no 我要反映 tab to land on.)
      await as(ctx, page, 'demo-resident-1', '/pages/me/index')
      await go(ctx, page, '/pages/file/index')
      await tap(page, '#ws-use-location')
      await page.waitForSelector('#ws-place-shown')
      const shown = await text(page, '#ws-place-shown')
      assert.match(shown, /中都街道 · 东门社区/)
      assert.doesNotMatch(shown, /\d+\.\d{3}/)
      await shot(ctx, page, '25h2-place-name')

      const { case: c } = await api(ctx, 'demo-resident-2', 'petition', 'submit', {
        categoryId: 'cat-road',
        text: '南门桥头路灯连续一周不亮，晚上骑车的学生看不清路。',
        photos: [],
        place: { point: { lng: 116.477, lat: 35.74 } },
        consent: false,
        hideName: true
      })
      await as(ctx, page, 'demo-leader', '/pages-admin/summary/index')
      await page.waitForSelector('#ws-admin-tiles')
      const tiles = await text(page, '#ws-admin-tiles')
      assert.match(tiles, /诉求动态/)
      assert.doesNotMatch(tiles, /分派队列|邀请码/)
      await go(ctx, page, '/pages-admin/stream/index')
      await page.waitForSelector('#ws-stream-search')
      await fill(page, 'ws-stream-search', '路灯连续一周')
      await tap(page, '#ws-stream-go')
      await page.waitForSelector(`#ws-stream-list [data-case="${c.no}"]`, { timeout: 10_000 })
      await shot(ctx, page, '25i-leader-stream')
      await caseCard(page, c.no).click()
      await page.waitForSelector('[data-action="instruct"]')
      assert.equal(await page.locator('[data-action]').count(), 1, 'the leader may only give a 批示')
      await tap(page, '[data-action="instruct"]')
      await submitSheet(page, '学生夜间出行安全无小事，请城管局今天修复')
      await page.waitForSelector('#ws-instructions', { timeout: 10_000 })
      await shot(ctx, page, '25j-leader-instructed')

      await as(ctx, page, 'demo-dispatcher', '/pages-admin/instructed/index')
      await page.waitForSelector('#ws-instructed-tabs')
      await page.waitForTimeout(1500)
      await shot(ctx, page, '25k-instructed-list')
      await page.waitForSelector(`#ws-instructed-list [data-case="${c.no}"]`, { timeout: 10_000 })
      await shot(ctx, page, '25k-instructed-list')
    }
  }
]
