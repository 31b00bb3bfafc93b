// The thin slice: 我的 → 服务连接 calls `hello` through the client; the card shows the caller's identity as the
// function saw it. H5 → gateway (dev-login token) → function → SDK → emulator and back, for two personas.
import { as, assert, shot, tap } from './lib.mjs'

async function helloCard(page) {
  await page.waitForSelector('#ws-hello[data-state="ok"], #ws-hello[data-state="error"]', { timeout: 15_000 })
  const state = await page.locator('#ws-hello').getAttribute('data-state')
  const err = state === 'error' ? await page.locator('#ws-hello-error').innerText() : ''
  assert.equal(state, 'ok', `服务连接 failed: ${err}`)
  return {
    openid: (await page.locator('#ws-hello-openid').innerText()).trim(),
    appid: (await page.locator('#ws-hello-appid').innerText()).trim(),
    at: (await page.locator('#ws-hello-at').innerText()).trim()
  }
}

export const tests = [
  {
    name: 'hello: 我的 shows the caller identity exactly as the function saw it',
    async run(ctx, page) {
      const clock = await (await fetch(`${ctx.base}/__emulator/clock`)).json()
      for (const openid of ['demo-resident-1', 'demo-dept-zhujian']) {
        await as(ctx, page, openid, '/pages/me/index')
        const c = await helloCard(page)
        assert.equal(c.openid, openid, 'the function saw the persona the H5 app logged in as')
        assert.match(c.appid, /^wx\w+/)
        // Server time in Beijing, 'YYYY-MM-DD HH:mm:ss', close to the emulator's clock.
        assert.match(c.at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
        const serverMs = Date.parse(`${c.at.replace(' ', 'T')}+08:00`)
        const expected = Date.now() + (clock.offsetMs ?? 0)
        assert.ok(Math.abs(serverMs - expected) < 5 * 60_000, `server time ${c.at} is near the emulator clock`)
      }
      await shot(ctx, page, '05b-me-hello')

      // Switching persona in the dev switcher: the page reloads and the function sees the new caller.
      await tap(page, '#ws-dev-personas [data-openid="demo-grid-1"]')
      await page.waitForFunction(() => document.querySelector('#ws-hello-openid')?.textContent?.trim() === 'demo-grid-1', null, { timeout: 15_000 })
      assert.equal((await helloCard(page)).openid, 'demo-grid-1')
    }
  }
]
