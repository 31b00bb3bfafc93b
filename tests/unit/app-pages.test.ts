// Every page a link can lead to exists in the built weapp: the pages of subscribe messages (core/links.ts), every
// navigateTo / redirectTo / switchTab / reLaunch target and every page path written anywhere in the mini program
// or the functions. Reads miniprogram/dist/weapp/app.json, building it (npm run build:weapp, 1-2 min) when it is
// missing or older than the app config or any page, so a stale build never hides a missing page.
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NOTIFICATION_PAGES, notificationPage } from '../../cloudfunctions/core/links'
import { TAB_DEFS } from '../../miniprogram/src/lib/tabs'
import { ROOT } from '../../scripts/build-functions'

const APP_JSON = path.join(ROOT, 'miniprogram/dist/weapp/app.json')
const SRC = path.join(ROOT, 'miniprogram/src')

function files(dir: string, exts: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? files(p, exts) : exts.test(e.name) ? [p] : []
  })
}

function newestSource(): number {
  const pageConfigs = files(SRC, /\.(config\.ts|tsx)$/).filter((f) => /[\\/]pages[^\\/]*[\\/]/.test(f) || f.endsWith('app.config.ts'))
  return Math.max(...pageConfigs.map((f) => fs.statSync(f).mtimeMs))
}

function builtAppJson(): { pages: string[]; subPackages?: Array<{ root: string; pages: string[] }>; subpackages?: Array<{ root: string; pages: string[] }>; tabBar?: { list: Array<{ pagePath: string }> } } {
  if (!fs.existsSync(APP_JSON) || fs.statSync(APP_JSON).mtimeMs < newestSource()) {
    execSync('npm run build:weapp', { cwd: ROOT, stdio: 'ignore', timeout: 600_000 })
  }
  return JSON.parse(fs.readFileSync(APP_JSON, 'utf8'))
}

/** A page path as app.json writes it: no leading slash, no query. */
const norm = (url: string) => url.replace(/^\//, '').replace(/[?#].*$/, '')

/** Page paths in source text: '/pages/x/index', `pages-staff/case/index?id=${…}`, 'pages/case/detail?id=…'. */
const PAGE_RE = /['"`]\/?(pages(?:-[a-z]+)?\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)(?=[?#'"`$])/g
/** Navigation calls and their first argument. */
const NAV_RE = /Taro\.(navigateTo|redirectTo|switchTab|reLaunch)\(\s*\{\s*url:\s*([^}]+?)\s*\}/g

export function scanPagePaths(text: string): string[] {
  return [...text.matchAll(PAGE_RE)].map((m) => m[1]!)
}

describe('every link leads to a page of the built app', () => {
  it('the scanner finds page paths and navigation calls (and would catch the old broken link)', () => {
    expect(scanPagePaths("page: `pages/case/detail?id=${draft.caseId}`,")).toEqual(['pages/case/detail'])
    expect(scanPagePaths("Taro.navigateTo({ url: '/pages/privacy/index' })")).toEqual(['pages/privacy/index'])
    expect(scanPagePaths("url: `/pages-staff/case/index?id=${x.caseId}`")).toEqual(['pages-staff/case/index'])
  })

  const app = builtAppJson()
  const pages = new Set([...app.pages, ...(app.subPackages ?? app.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))])

  it('notification pages (every kind × recipient role)', () => {
    const used = Object.values(NOTIFICATION_PAGES).flatMap((byRole) => Object.values(byRole))
    expect(used.length).toBeGreaterThan(0)
    for (const p of used) expect(pages, p).toContain(p)
    const link = notificationPage({ audience: { role: 'dept_handler', scope: {} }, template: 'staff_new_case', caseId: 'c 1', fields: {} })
    expect(link).toBe('pages-staff/case/index?id=c%201')
    expect(notificationPage({ touser: 'o', template: 'case_status', caseId: 'c1', fields: {} })).toBe('pages/case/index?id=c1')
    expect(notificationPage({ touser: 'o', recipient: 'staff', template: 'case_status', caseId: 'c1', fields: {} })).toBe('pages-staff/case/index?id=c1')
    expect(notificationPage({ touser: 'o', template: 'staff_warning', caseId: 'c1', fields: {} })).toBe('pages-staff/case/index?id=c1')
  })

  it('every page path written in the mini program and the functions', () => {
    const sources = [...files(SRC, /\.(ts|tsx)$/), ...files(path.join(ROOT, 'cloudfunctions'), /\.ts$/)]
    const missing: string[] = []
    let found = 0
    for (const f of sources) {
      for (const p of scanPagePaths(fs.readFileSync(f, 'utf8'))) {
        found++
        if (!pages.has(p)) missing.push(`${path.relative(ROOT, f)}: ${p}`)
      }
    }
    expect(found).toBeGreaterThan(10)
    expect(missing).toEqual([])
  })

  it('every navigateTo / redirectTo / switchTab / reLaunch: a page of the app, or a variable whose values are checked above', () => {
    const calls: string[] = []
    const bad: string[] = []
    for (const f of files(SRC, /\.(ts|tsx)$/)) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(NAV_RE)) {
        const [, method, arg] = m as unknown as [string, string, string]
        calls.push(`${method} ${arg}`)
        const literal = /^['"`]/.test(arg)
        if (literal) {
          const p = norm(arg.slice(1).replace(/\$\{.*$/, '').replace(/['"`]$/, ''))
          if (!pages.has(p)) bad.push(`${path.relative(ROOT, f)}: ${method} ${p}`)
          if (method === 'switchTab' && !app.tabBar?.list.some((t) => t.pagePath === p)) bad.push(`${path.relative(ROOT, f)}: switchTab to a non-tab page ${p}`)
        } else if (!/^[A-Za-z_.]+$/.test(arg)) bad.push(`${path.relative(ROOT, f)}: ${method} with an unchecked url expression ${arg}`)
      }
    }
    expect(calls.length).toBeGreaterThan(8)
    expect(bad).toEqual([])
  })

  it('switchTab goes only to tabBar pages; every tab page exists', () => {
    const tabBar = new Set((app.tabBar?.list ?? []).map((t) => t.pagePath))
    expect(tabBar.size).toBeGreaterThan(0)
    for (const t of Object.values(TAB_DEFS)) {
      expect(pages, t.url).toContain(norm(t.url))
      if (t.native) expect(tabBar, t.url).toContain(norm(t.url))
    }
  })
})
