// Open311 end to end: the county admin issues an API key in 管理 → 开放接口密钥 (shown once, then only its
// prefix); a client POSTs a request through the HTTP route with it; the county routes it from the dispatch
// queue (其他 has no rule), the department accepts and resolves it in the staff pages, the county publishes it as
// a public matter; the API reads it back closed with the public summary and no contact data. Revoking the key
// in the page stops the client.
import { as, assert, caseCard, confirmModal, fill, findInInbox, go, shot, tap, text } from './lib.mjs'

const CLIENT = 'city-app-e2e'
const CALLER = { last_name: '赵', first_name: '铁柱', phone: '13900005858' }
const TEXT = '东门社区北门外的公共长椅坏了两条腿，老人坐上去容易摔倒，赵铁柱反映'

const form = (o) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() })

export const tests = [
  {
    name: 'open311: key issued in 管理 → POST through the HTTP route → routed, accepted, resolved, published → read back closed',
    async run(ctx, page) {
      const api311 = `${ctx.base}/open311/v2`

      // 1. The county admin issues a key in 管理 → 开放接口密钥: shown once, with 复制 and the warning.
      await as(ctx, page, 'demo-admin', '/pages-admin/summary/index')
      await tap(page, '.ws-linkbox:has-text("开放接口密钥")')
      await page.waitForSelector('#ws-apikey-form')
      // The list has loaded (no keys yet).
      await page.waitForSelector('.ws-page :text("还没有发放过密钥")', { timeout: 10_000 })
      await fill(page, 'ws-apikey-client', CLIENT)
      await fill(page, 'ws-apikey-name', '城市服务App')
      await shot(ctx, page, '58a-api-keys-form')
      await tap(page, '#ws-apikey-create')
      await page.waitForSelector('#ws-apikey-key', { timeout: 10_000 })
      const key = await text(page, '#ws-apikey-key')
      assert.match(key, /^o311_[0-9a-f]{48}$/)
      assert.match(await text(page, '#ws-apikey-warning'), /只显示这一次/)
      assert.equal(await page.locator('#ws-apikey-copy').count(), 1)
      await page.waitForSelector(`[data-client="${CLIENT}"][data-revoked="0"]`)
      await shot(ctx, page, '58b-api-key-created')

      // Shown once: after a reload only the prefix is listed.
      await go(ctx, page, '/pages-admin/api-keys/index')
      await page.waitForSelector(`[data-client="${CLIENT}"]`, { timeout: 10_000 })
      assert.equal(await page.locator('#ws-apikey-key').count(), 0)
      const row = await text(page, `[data-client="${CLIENT}"]`)
      assert.ok(row.includes(`${key.slice(0, 9)}…`), row)
      assert.ok(!row.includes(key.slice(9, 20)), 'the list never shows the key')
      await shot(ctx, page, '58c-api-keys-list')

      // 2. A client POSTs a request through the HTTP route with the key (a bad key is refused).
      const req = { api_key: key, jurisdiction_id: 'wenshang.gov.cn', service_code: 'cat-other', lat: '35.74', long: '116.477', address_string: '东门社区北门', description: TEXT, ...CALLER }
      const refused = await fetch(`${api311}/requests.json`, form({ ...req, api_key: `o311_${'0'.repeat(48)}` }))
      assert.equal(refused.status, 403)
      const res = await fetch(`${api311}/requests.json`, form(req))
      assert.equal(res.status, 201)
      const [{ service_request_id: no, token }] = await res.json()
      assert.match(no, /^WS\d{12}$/)
      assert.deepEqual(await (await fetch(`${api311}/tokens/${token}.json`)).json(), [{ service_request_id: no, token }])
      // Not on the board yet: the API does not show it.
      assert.equal((await fetch(`${api311}/requests/${no}.json`)).status, 404)

      // 3. 其他 has no routing rule: the county dispatcher routes it from 分派队列 to 县住建局.
      await as(ctx, page, 'demo-dispatcher', '/pages-admin/summary/index')
      await tap(page, '.ws-linkbox:has-text("分派队列")')
      await page.waitForSelector(`#ws-queue-list [data-case="${no}"]`, { timeout: 10_000 })
      await caseCard(page, no).click()
      await page.waitForSelector('[data-action="route"]')
      assert.equal(await text(page, '#ws-case-channel'), `开放接口 · ${CLIENT}`)
      assert.doesNotMatch(await text(page, '.ws-page:has(#ws-case-channel)'), /网格员代报/)
      await shot(ctx, page, '58d-queue-case')
      await tap(page, '[data-action="route"]')
      await fill(page, 'ws-unit-search', '住建')
      await tap(page, '[data-unit="dp-zhujian"]')
      await tap(page, '#ws-action-submit')
      await page.waitForFunction(() => document.querySelector('#ws-case-state')?.textContent?.includes('待受理'), null, { timeout: 10_000 })
      assert.match(await text(page, '.ws-page:has(#ws-case-channel)'), /承办部门\s*县住建局/)

      // 4. The department accepts and resolves it in the staff pages.
      await as(ctx, page, 'demo-dept-zhujian', '/pages-staff/inbox/index')
      await page.waitForSelector('#ws-buckets')
      assert.equal(await findInInbox(page, no, ['pending']), 'pending')
      await caseCard(page, no).click()
      await tap(page, '[data-action="accept"]')
      await confirmModal(page)
      await page.waitForFunction(() => document.querySelector('#ws-case-state')?.textContent?.includes('办理中'), null, { timeout: 10_000 })
      await tap(page, '[data-action="resolve"]')
      await page.waitForSelector('#ws-summary-text')
      await page.locator('#ws-summary-text textarea').first().fill('东门社区北门外公共长椅已更换，可正常使用')
      await fill(page, 'ws-action-text', '已联系赵铁柱，长椅已更换为新的。')
      await tap(page, '#ws-action-submit')
      await page.waitForFunction(() => document.querySelector('#ws-case-state')?.textContent?.includes('已办结'), null, { timeout: 10_000 })

      // 5. The caller never consented to publication: the county publishes it as a public matter (summary only).
      await as(ctx, page, 'demo-admin', `/pages-staff/case/index?id=${token}`)
      await page.waitForSelector('#ws-publish', { timeout: 10_000 })
      await tap(page, '#ws-publish')
      await confirmModal(page)
      await page.waitForFunction(() => document.querySelector('#ws-publication-state')?.textContent?.includes('已公开'), null, { timeout: 10_000 })

      // 6. Read back through the API: closed (resolved maps to closed), the public summary, no contact data.
      const one = await fetch(`${api311}/requests/${no}.json`)
      assert.equal(one.status, 200)
      const [read] = await one.json()
      assert.equal(read.service_request_id, no)
      assert.equal(read.status, 'closed')
      assert.equal(read.status_notes, '已办结')
      assert.equal(read.service_code, 'cat-other')
      assert.equal(read.description, '东门社区北门外公共长椅已更换，可正常使用')
      assert.match(read.agency_responsible, /住建/)
      const raw = JSON.stringify(read)
      for (const leak of ['13900005858', '赵铁柱', '铁柱', TEXT, '已联系', token]) assert.ok(!raw.includes(leak), `the API leaks ${leak}: ${raw}`)
      const xml = await (await fetch(`${api311}/requests/${no}.xml`)).text()
      assert.ok(xml.includes(`<service_request_id>${no}</service_request_id><status>closed</status>`), xml.slice(0, 200))

      // 7. 管理 → 办理情况 → 渠道与来源: volume and the three rates per channel, and the sources. A resident files
      // one case from the filing page opened by the official account's menu (?src=official_account:<id>).
      await as(ctx, page, 'demo-resident-2', '/pages/file/index?src=official_account:gh_wenshang')
      await tap(page, '[data-cat="道路破损"]')
      await fill(page, 'ws-text', '东门社区南门路面有一处塌陷，晚上看不清，容易绊倒行人。')
      await tap(page, '#ws-use-location')
      await page.waitForSelector('#ws-place-shown')
      await fill(page, 'ws-contact-name', '刘芳')
      await fill(page, 'ws-phone', '13805370088')
      await tap(page, '#ws-consent')
      await tap(page, '#ws-submit')
      await page.waitForSelector('#ws-case-no', { timeout: 15_000 })
      await as(ctx, page, 'demo-admin', '/pages-admin/summary/index')
      await page.waitForSelector('#ws-channels [data-channel="open311"]', { timeout: 10_000 })
      await page.waitForSelector('#ws-channels [data-source="official_account:gh_wenshang"]', { timeout: 10_000 })
      const open311Row = await text(page, '#ws-channels [data-channel="open311"]')
      assert.match(open311Row, /开放接口[\s\S]*1件[\s\S]*及时受理 100\.0%[\s\S]*按时办结 100\.0%[\s\S]*满意 —/)
      assert.match(await text(page, '#ws-channels [data-channel="official_account"]'), /公众号[\s\S]*1件/)
      assert.match(await text(page, '#ws-channels [data-source="official_account:gh_wenshang"]'), /公众号[\s\S]*1件/)
      await page.locator('#ws-channels').scrollIntoViewIfNeeded()
      await shot(ctx, page, '58g-summary-channels')

      // 8. Revoking the key in the page stops the client at once.
      await as(ctx, page, 'demo-admin', '/pages-admin/api-keys/index')
      await page.waitForSelector(`[data-client="${CLIENT}"] .ws-apikey-revoke`, { timeout: 10_000 })
      await tap(page, `[data-client="${CLIENT}"] .ws-apikey-revoke`)
      await page.locator('.nut-dialog-footer-ok:visible').first().waitFor({ timeout: 5000 })
      await shot(ctx, page, '58e-api-key-revoke-confirm')
      await confirmModal(page)
      await page.waitForSelector(`[data-client="${CLIENT}"][data-revoked="1"]`, { timeout: 10_000 })
      assert.match(await text(page, `[data-client="${CLIENT}"]`), /已吊销[\s\S]*吊销于/)
      await shot(ctx, page, '58f-api-key-revoked')
      assert.equal((await fetch(`${api311}/requests.json`, form({ ...req, description: '同一应用吊销后再次提交的诉求内容' }))).status, 403)
    }
  }
]
