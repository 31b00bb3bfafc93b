// Helpers for the end-to-end tests: personas, navigation, the local cloud's control API.
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'

export { assert }

/** Log in as a demo persona in the page (the H5 dev login) and open a page. */
export async function as(ctx, page, openid, path = '/pages/me/index') {
  const s = await post(ctx, '/gateway/dev-login', { openid })
  await syncClock(ctx, page)
  await page.goto(`${ctx.base}/`)
  // A fresh browser logs in as the default persona on first load: let that finish before our session replaces it.
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await page.evaluate(([k, v]) => {
    localStorage.setItem(k, v)
  }, ['ws.session', JSON.stringify({ token: s.token, openid: s.openid })])
  await go(ctx, page, path)
  return s
}

/** Open a page of the H5 build (hash router) and wait until the app has rendered. */
export async function go(ctx, page, path) {
  await page.goto(`${ctx.base}/#${path}`)
  await page.evaluate(() => location.reload())
  await page.waitForSelector('.ws-page', { timeout: 15_000 })
}

export async function post(ctx, path, body, token) {
  const res = await fetch(`${ctx.base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  })
  const json = await res.json()
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

/** Call a function action as a persona, through the same gateway as the app. */
export async function api(ctx, openid, name, action, data = {}) {
  const { token } = await post(ctx, '/gateway/dev-login', { openid })
  const { result } = await post(ctx, '/gateway/call', { name, data: { action, data } }, token)
  if (!result?.ok) throw new Error(`${name}.${action}: ${JSON.stringify(result)}`)
  return result.data
}

export async function advanceClock(ctx, ms) {
  return post(ctx, '/__emulator/clock', { advanceMs: ms })
}

export async function fireTimer(ctx) {
  return post(ctx, '/__emulator/timers/fire', { function: 'timer' })
}

export async function text(page, sel) {
  return (await page.locator(sel).first().innerText()).trim()
}

/** Fill a Taro H5 input/textarea (the host element carries the id; the native control is inside). */
export async function fill(page, id, value) {
  const inner = page.locator(`#${id} input, #${id} textarea, input#${id}, textarea#${id}`).first()
  await inner.fill(value)
}

export async function shot(ctx, page, name) {
  await page.waitForTimeout(400)
  const file = `${ctx.shots}/${name}.png`
  await page.screenshot({ path: file, fullPage: false })
  ctx.screenshots.push(file)
  return file
}

/** A small PNG (solid colour), for photo uploads. */
export function png(w = 48, h = 48, rgb = [29, 91, 191]) {
  const row = Buffer.alloc(1 + w * 3)
  for (let x = 0; x < w; x++) row.set(rgb, 1 + x * 3)
  const raw = Buffer.concat(Array.from({ length: h }, () => row))
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type), data])
    const c = Buffer.alloc(4)
    c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** Tap a Taro element by selector (Taro H5 listens to click). */
export async function tap(page, sel) {
  await page.locator(sel).first().click()
}

/** Confirm the page's NutUI Dialog (useDialog in components/Confirm.tsx). */
export async function confirmModal(page) {
  const btn = page.locator('.nut-dialog-footer-ok:visible').first()
  await btn.waitFor({ timeout: 5000 })
  await btn.click()
}

/** Keep the browser's clock in step with the emulator's (it starts at E2E_EPOCH and tests move it forward). */
export async function syncClock(ctx, page) {
  const res = await fetch(`${ctx.base}/__emulator/clock`)
  const { nowMs } = await res.json()
  await page.clock.setSystemTime(new Date(nowMs))
}

/** The case card with this number in the current list. */
export function caseCard(page, no) {
  return page.locator(`[data-case="${no}"]`).first()
}

const BUCKET_LABELS = { pending: '待受理', active: '办理中', overdue: '超时', done: '已办结' }

/** The NutUI tab of a staff inbox bucket (its title is the label and the count). */
export function bucketTab(page, bucket) {
  return page.locator('#ws-buckets .nut-tabs-titles-item', { hasText: BUCKET_LABELS[bucket] }).first()
}

/** Open staff buckets in turn until the case shows up; returns the bucket. */
export async function findInInbox(page, no, buckets = ['pending', 'active', 'overdue', 'done']) {
  for (const b of buckets) {
    await bucketTab(page, b).click()
    // Wait for the bucket's list to settle (a list or an empty state, no skeleton) before looking.
    await page.waitForTimeout(300)
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.querySelector('#ws-inbox-list, .ws-state'), null, { timeout: 10_000 }).catch(() => undefined)
    if (await caseCard(page, no).count()) return b
  }
  return null
}
