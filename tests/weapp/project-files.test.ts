// Project files WeChat reads: sitemap.json (only the file and board pages indexable) and the minify settings
// of project.config.json (WeChat's code-quality check).
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureWeappBuild, ROOT } from './build'

const read = (p: string) => JSON.parse(fs.readFileSync(p, 'utf8'))

describe('weapp project files', () => {
  let dir = ''
  beforeAll(() => {
    dir = ensureWeappBuild()
  })

  it('sitemap.json: file and board indexable; cases, personal, staff and admin pages not; every page covered', () => {
    const app = read(path.join(dir, 'app.json')) as { pages: string[]; subPackages: Array<{ root: string; pages: string[] }>; sitemapLocation: string }
    expect(app.sitemapLocation).toBe('sitemap.json')
    const sitemap = read(path.join(dir, app.sitemapLocation)) as { rules: Array<{ action?: string; page: string }> }
    // WeChat applies the first matching rule ('*' matches every page and is no wildcard inside a path).
    const indexable = (page: string) => (sitemap.rules.find((r) => r.page === page || r.page === '*')?.action ?? 'allow') === 'allow'
    const all = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
    expect(all.filter(indexable).sort()).toEqual(['pages/board/index', 'pages/file/index'])
    for (const r of sitemap.rules) if (r.page !== '*') expect(all).toContain(r.page)
  })

  it('project.config.json (root and the one copied into the build) minifies JS, WXML and WXSS', () => {
    for (const p of [path.join(ROOT, 'project.config.json'), path.join(ROOT, 'miniprogram/project.config.json'), path.join(dir, 'project.config.json')]) {
      expect(read(p).setting, p).toMatchObject({ minified: true, minifyWXML: true, minifyWXSS: true })
    }
  })
})
