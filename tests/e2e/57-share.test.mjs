// (share) A case shared to a group, across residents: A files; B opens the shared page by its link (H5: the copied
// link; weapp: the card), sees the redacted public view, taps 附议 and lands on the follower view, finds it in 我的附议;
// the handler resolves (B is told); B rates as a follower and the case page shows it apart from A's rating.
import { api, as, assert, shot, tap, text } from './lib.mjs'

async function outbox(ctx, touser) {
  const res = await fetch(`${ctx.base}/__emulator/outbox?touser=${encodeURIComponent(touser)}`)
  return (await res.json()).messages
}

export const tests = [
  {
    name: 'share: a shared case opened by another resident → 附议 → 我的附议 → follower rating shown apart',
    async run(ctx, page) {
      const { case: c } = await api(ctx, 'demo-resident-1', 'petition', 'submit', {
        categoryId: 'cat-road',
        text: '东门社区路口的路面塌陷一个大坑，王秀英家门口，电话13812345678，雨天积水很危险。',
        photos: [],
        place: { point: { lng: 116.477, lat: 35.74 }, address: '幸福路18号' },
        contact: { name: '王秀英', phone: '13812345678' },
        consent: true,
        hideName: false
      })

      // A's case page offers the share (H5: the link is copied).
      await as(ctx, page, 'demo-resident-1', `/pages/case/index?id=${c._id}`)
      await page.waitForSelector('#ws-share-card', { timeout: 10_000 })
      assert.match(await text(page, '#ws-share-card'), /邀请邻居附议[\s\S]*复制分享链接/)
      await page.locator('#ws-share-card').scrollIntoViewIfNeeded()
      await shot(ctx, page, '57a-case-share')

      // B opens the shared page by its link.
      await as(ctx, page, 'demo-resident-2', `/pages/shared/index?caseId=${encodeURIComponent(c._id)}`)
      await page.waitForSelector('#ws-shared-case', { timeout: 10_000 })
      const body = await text(page, '.ws-page')
      assert.doesNotMatch(body, /王秀英|13812345678|幸福路18号/)
      assert.match(await text(page, '#ws-shared-summary'), /塌陷/)
      assert.match(await text(page, '#ws-shared-place'), /中都街道 · 东门社区/)
      assert.match(await text(page, '#ws-shared-followers'), /还没有人附议/)
      await shot(ctx, page, '57b-shared-page')

      // 附议 → the follower's view of the case.
      await tap(page, '#ws-shared-follow')
      await page.waitForSelector('#ws-metoo', { timeout: 10_000 })
      assert.match(await text(page, '#ws-metoo'), /1 人附议[\s\S]*您已附议此诉求/)
      assert.doesNotMatch(await text(page, '.ws-page'), /王秀英|13812345678|幸福路18号/)
      await shot(ctx, page, '57c-after-follow')

      // Opening the card again says so; 我的附议 lists it.
      await as(ctx, page, 'demo-resident-2', `/pages/shared/index?caseId=${encodeURIComponent(c._id)}`)
      await page.waitForSelector('#ws-shared-following', { timeout: 10_000 })
      await as(ctx, page, 'demo-resident-2', '/pages/mine/index')
      await tap(page, '#ws-mine-tabs .nut-tabs-titles-item:has-text("我的附议")')
      await page.waitForSelector(`[data-case="${c.no}"]`, { timeout: 10_000 })
      assert.doesNotMatch(await text(page, `[data-case="${c.no}"]`), /王秀英|13812345678/)
      await shot(ctx, page, '57d-my-following')

      // The handler resolves; B is told (never asked to rate the case for A).
      const before = (await outbox(ctx, 'demo-resident-2')).length
      await api(ctx, 'demo-dept-zhujian', 'staff', 'accept', { caseId: c._id })
      await api(ctx, 'demo-dept-zhujian', 'staff', 'resolve', { caseId: c._id, text: '已安排施工队填平路面坑洼' })
      const told = (await outbox(ctx, 'demo-resident-2')).slice(before)
      assert.match(JSON.stringify(told.at(-1)), /您附议的诉求已办结/)

      // B rates as a follower.
      await as(ctx, page, 'demo-resident-2', `/pages/case/index?id=${c._id}`)
      await tap(page, '[data-action="follower_rate"]')
      await page.waitForSelector('#ws-follower-rate-form', { timeout: 10_000 })
      await tap(page, '[data-rating="satisfied"] .nut-radio')
      await tap(page, '#ws-action-submit')
      await page.waitForSelector('#ws-follower-ratings', { timeout: 10_000 })
      assert.match(await text(page, '#ws-follower-ratings-counts'), /满意 1 · 基本满意 0 · 不满意 0/)
      assert.match(await text(page, '#ws-my-follower-rating'), /您的评价：满意/)
      assert.match(await text(page, '#ws-case-header'), /等待反映人评价/)
      await page.waitForTimeout(2000) // the toast
      await page.evaluate(() => document.querySelector('#ws-replies')?.scrollIntoView({ block: 'start' }))
      await shot(ctx, page, '57e-follower-rating')

      // A rates; A's page shows A's rating and the followers' apart.
      await api(ctx, 'demo-resident-1', 'petition', 'rate', { caseId: c._id, rating: 'basic' })
      await as(ctx, page, 'demo-resident-1', `/pages/case/index?id=${c._id}`)
      await page.waitForSelector('#ws-rating', { timeout: 10_000 })
      assert.match(await text(page, '#ws-rating'), /基本满意/)
      assert.match(await text(page, '#ws-follower-ratings-counts'), /满意 1/)
      await page.evaluate(() => document.querySelector('#ws-rating')?.scrollIntoView({ block: 'start' }))
      await shot(ctx, page, '57f-ratings-apart')
    }
  }
]
