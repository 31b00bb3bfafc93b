// 惠民政策 end to end: a migrant worker sets 我的家乡 and subscribes; a township drafts a notice for 外出务工;
// the county reviews and publishes it; the subscriber is notified (the outbox), reads it, and files a 政策咨询
// from it 在外地 (home village, no GPS); the county routes it; the resident sees the notice on the case.
import { api, as, assert, fill, go, shot, tap, text } from './lib.mjs'

const RESIDENT = 'demo-resident-2'

/**
 * `as`, then make sure the page really runs as `openid`: on a cold stack the app's own first dev login can land
 * after `as` stored the session and overwrite it (seen as the default persona); log in again then.
 */
async function login(ctx, page, openid, path) {
  for (let i = 0; i < 4; i++) {
    await as(ctx, page, openid, path)
    await page.waitForTimeout(500)
    const who = await page.evaluate(() => {
      try {
        return JSON.parse(localStorage.getItem('ws.session') ?? 'null')?.openid ?? null
      } catch {
        return null
      }
    })
    if (who === openid) return
  }
  throw new Error(`could not log in as ${openid}`)
}

async function outbox(ctx, touser) {
  const res = await fetch(`${ctx.base}/__emulator/outbox?touser=${encodeURIComponent(touser)}`)
  return (await res.json()).messages
}

export const tests = [
  {
    name: 'policy: township publishes for 外出务工 → subscriber notified → reads → files 政策咨询 → routed',
    async run(ctx, page) {
      // 1. The migrant worker sets the home village, the 外出务工 tag, and subscribes (one authorization).
      await login(ctx, page, RESIDENT, '/pages-policy/profile/index')
      await page.waitForSelector('#ws-home-town')
      await tap(page, '#ws-home-town')
      await tap(page, '[data-place="中都街道"]')
      await tap(page, '[data-place="南关社区"]')
      await tap(page, '[data-tag="外出务工"]')
      await tap(page, '#ws-migrant')
      await shot(ctx, page, 'policy-01-profile')
      await tap(page, '#ws-profile-save')
      await page.waitForTimeout(800)
      await shot(ctx, page, 'policy-01b-saved')
      let sub = null
      // The first calls of a fresh stack start the functions' processes: allow for it.
      for (let i = 0; i < 60; i++) {
        sub = await api(ctx, RESIDENT, 'policy', 'subscription', {})
        if (sub.active && sub.credits > 0) break
        await page.waitForTimeout(300)
      }
      if (!sub.active) {
        // Diagnose: what does the page say, and does the action work when called directly?
        const toastText = await page.evaluate(() => document.querySelector('.nut-toast')?.textContent ?? '')
        let direct = ''
        try {
          direct = JSON.stringify(await api(ctx, RESIDENT, 'policy', 'subscribe', { tags: ['migrant'], active: true }))
        } catch (e) {
          direct = String(e)
        }
        throw new Error(`not subscribed after saving; toast: ${toastText}; direct subscribe: ${direct}`)
      }
      assert.equal(sub.active, true)
      assert.equal(sub.credits, 1, 'one authorization = one message')
      const me = await api(ctx, RESIDENT, 'user', 'me', {})
      assert.equal(me.profile.home.villageName, '南关社区')
      const sentBefore = (await outbox(ctx, RESIDENT)).length

      // 2. The 中都街道 supervisor drafts a notice for 外出务工 and submits it for review.
      const title = `返乡务工人员技能培训补贴 ${Date.now().toString(36).slice(-4)}`
      await login(ctx, page, 'demo-township-zhongdu', '/pages-policy/edit/index')
      await page.waitForSelector('#ws-policy-title-input')
      await fill(page, 'ws-policy-title-input', title)
      await fill(page, 'ws-policy-body-input', '在外务工人员返乡参加技能培训的，按每人每天 100 元发放培训补贴。\n报名请联系所在村居。')
      await tap(page, '[data-tag="外出务工"]')
      await shot(ctx, page, 'policy-02-draft')
      await tap(page, '#ws-policy-save-submit')
      let drafted = null
      for (let i = 0; i < 60 && !drafted; i++) {
        const list = await api(ctx, 'demo-township-zhongdu', 'policy', 'manage', { status: 'review' })
        drafted = list.items.find((p) => p.title === title) ?? null
        if (!drafted) await page.waitForTimeout(300)
      }
      assert.ok(drafted, 'the draft waits for review')

      // 3. The county dispatcher reviews it in 政策发布 and publishes it.
      await login(ctx, page, 'demo-dispatcher', '/pages-policy/manage/index')
      await page.waitForSelector('#ws-policy-manage-list')
      await page.locator(`[data-policy="${title}"]`).first().click()
      await page.waitForSelector('#ws-policy-approve')
      await shot(ctx, page, 'policy-03-review')
      await tap(page, '#ws-policy-approve')
      await page.waitForFunction(() => !document.querySelector('#ws-policy-approve'), null, { timeout: 10_000 })

      // 4. The subscriber got exactly one message, opening the notice.
      const msgs = (await outbox(ctx, RESIDENT)).slice(sentBefore)
      assert.equal(msgs.length, 1)
      assert.equal(msgs[0].page, `pages-policy/detail/index?id=${drafted._id}`)
      assert.equal((await api(ctx, RESIDENT, 'policy', 'subscription', {})).credits, 0)

      // 5. The resident reads it: first in their list, marked as theirs; the body is rendered.
      await login(ctx, page, RESIDENT, '/pages-policy/list/index')
      await page.waitForSelector('#ws-policy-list')
      const first = await text(page, '#ws-policy-list .ws-policy-card')
      assert.match(first, /与您相关/)
      await shot(ctx, page, 'policy-04-list')
      await page.locator(`[data-policy="${title}"]`).first().click()
      await page.waitForSelector('#ws-policy-body')
      assert.match(await text(page, '#ws-policy-body'), /每人每天 100 元/)
      await shot(ctx, page, 'policy-05-detail')
      const read = await api(ctx, RESIDENT, 'policy', 'detail', { policyId: drafted._id })
      assert.equal(read.reads, 1, 'the resident counted once')

      // 6. 有疑问？我要反映: a 政策咨询 with the notice, filed 在外地 from the home village.
      await tap(page, '#ws-policy-ask')
      await page.waitForSelector('#ws-filing-policy')
      assert.match(await text(page, '#ws-filing-policy'), new RegExp(title))
      await fill(page, 'ws-text', '我在外地打工，想问一下技能培训补贴需要本人回村报名吗？可以线上报名吗？')
      await tap(page, '#ws-from-afar')
      await page.evaluate(() => document.querySelector('#ws-from-afar')?.scrollIntoView({ block: 'center' }))
      await shot(ctx, page, 'policy-06-ask')
      await tap(page, '#ws-submit')
      await page.waitForSelector('#ws-case-no', { timeout: 15_000 })
      const no = await text(page, '#ws-case-no')
      const mine = await api(ctx, RESIDENT, 'petition', 'mine', { pageSize: 50 })
      const c = mine.items.find((x) => x.no === no)
      assert.ok(c, 'the case is the resident’s')
      const detail = await api(ctx, RESIDENT, 'petition', 'detail', { caseId: c._id })
      assert.equal(detail.categoryName, '政策咨询')
      assert.deepEqual(detail.policy, { id: drafted._id, title })
      assert.equal(detail.fromAfar, true)
      assert.equal(detail.place.villageId, 'vl-zhongdu-nanguan')
      assert.equal(detail.place.point, undefined)

      // 7. The county routes it (政策咨询 has no rule: the dispatch queue) to 县人社局.
      const routed = await api(ctx, 'demo-dispatcher', 'admin', 'route', { caseId: c._id, departmentId: 'dp-renshe' })
      assert.equal(routed.state, 'dispatched')
      await go(ctx, page, `/pages/case/index?id=${c._id}`)
      await page.waitForSelector('#ws-case-policy')
      assert.match(await text(page, '#ws-case-policy'), new RegExp(title))
      await shot(ctx, page, 'policy-07-case')

      // 8. 管理 → 政策触达 shows the read and the case from afar.
      await login(ctx, page, 'demo-admin', '/pages-policy/reach/index')
      await page.waitForSelector('#ws-policy-reach')
      assert.ok(Number(await text(page, '#ws-afar-total')) >= 1)
      await shot(ctx, page, 'policy-08-reach')
    }
  }
]
