// 附议 across roles: a resident starting to file the same problem sees the open case nearby, follows it (附议)
// instead of filing again, sees the limited follower view; the handler resolves it, and the follower is told.
import { api, as, assert, shot, tap, text } from './lib.mjs'

async function outbox(ctx, touser) {
  const res = await fetch(`${ctx.base}/__emulator/outbox?touser=${encodeURIComponent(touser)}`)
  return (await res.json()).messages
}

export const tests = [
  {
    name: 'metoo: suggestion while filing → 附议 → the follower is told when the handler resolves',
    async run(ctx, page) {
      const { case: c } = await api(ctx, 'demo-resident-1', 'petition', 'submit', {
        categoryId: 'cat-road',
        text: '东门社区北门外路面塌陷一个大坑，王秀英家门口，雨天积水。',
        photos: [],
        place: { point: { lng: 116.477, lat: 35.74 }, address: '东门社区北门' },
        contact: { name: '王秀英', phone: '13812345678' },
        consent: true,
        hideName: false
      })

      // resident2 starts filing the same problem: once category and place are chosen, the suggestion appears.
      await as(ctx, page, 'demo-resident-2', '/pages/file/index')
      await tap(page, '[data-cat="道路破损"]')
      await tap(page, '#ws-use-location')
      await page.waitForSelector('#ws-place-shown')
      await page.waitForSelector(`#ws-similar [data-case="${c.no}"]`, { timeout: 10_000 })
      const card = await text(page, `#ws-similar [data-case="${c.no}"]`)
      assert.match(card, /附议 0 人/)
      assert.doesNotMatch(card, /王秀英|13812345678/)
      await page.locator('#ws-similar').scrollIntoViewIfNeeded()
      await shot(ctx, page, '55a-suggestion')

      // 附议: the case page in the follower's limited view.
      await tap(page, `#ws-similar [data-case="${c.no}"] .ws-similar-follow`)
      await page.waitForSelector('#ws-metoo', { timeout: 10_000 })
      assert.match(await text(page, '#ws-metoo'), /1 人附议[\s\S]*您已附议此诉求/)
      const body = await text(page, '.ws-page')
      assert.doesNotMatch(body, /王秀英|13812345678/)
      await shot(ctx, page, '55b-follower-view')

      // The handler accepts and resolves; the follower is told (and never asked to rate).
      const before = (await outbox(ctx, 'demo-resident-2')).length
      await api(ctx, 'demo-dept-zhujian', 'staff', 'accept', { caseId: c._id })
      await api(ctx, 'demo-dept-zhujian', 'staff', 'resolve', { caseId: c._id, text: '已安排施工队填平路面坑洼' })
      const told = (await outbox(ctx, 'demo-resident-2')).slice(before)
      assert.equal(told.length, 2)
      assert.match(JSON.stringify(told.at(-1)), /您附议的诉求已办结/)

      // The staff page shows 附议数.
      await as(ctx, page, 'demo-dept-zhujian', `/pages-staff/case/index?id=${c._id}`)
      await page.waitForSelector('#ws-follower-count', { timeout: 10_000 })
      assert.match(await text(page, '#ws-follower-count'), /1 人附议/)
      await shot(ctx, page, '55c-staff-follower-count')
    }
  }
]
