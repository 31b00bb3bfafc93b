// The weapp build through WeChat's own compilers (offline): miniprogram-ci with es6 and minify on (it parses
// every JS, WXML and WXSS file), wcc / wcsc, and the package sizes as WeChat counts them. Any compiler error
// fails with the compiler's message. The broken fixture proves that errors do surface.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWeappBuild, ROOT } from './build'
import { ciCompile, LIMITS, packageSizes, sizeProblems, wccCompile, wcscCompile, WeChatCompileError } from './wechat'

const FIXTURE = path.join(ROOT, 'tests/fixtures/weapp-broken')
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-compile-'))
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }))

/** A copy of the small fixture project with one file replaced. */
function fixtureWith(file: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(TMP, 'p-'))
  fs.cpSync(FIXTURE, dir, { recursive: true })
  fs.writeFileSync(path.join(dir, file), content)
  return dir
}

describe('the weapp build through WeChat’s compilers', () => {
  let dir = ''
  beforeAll(() => {
    dir = ensureWeappBuild()
  })

  it('miniprogram-ci compiles the whole project (es6 + minify), and every package is within WeChat’s size limits', async () => {
    const files = await ciCompile(dir)
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['app.js', 'app.json', 'pages/file/index.wxml']))
    const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as { subPackages?: Array<{ root: string }> }
    const sizes = packageSizes(files, (app.subPackages ?? []).map((s) => s.root))
    console.log(`weapp packages (compiled): main ${(sizes.main / 1024).toFixed(1)} KB, ` +
      Object.entries(sizes.subpackages).map(([r, b]) => `${r} ${(b / 1024).toFixed(1)} KB`).join(', ') + `, total ${(sizes.total / 1024).toFixed(1)} KB`)
    expect(Object.keys(sizes.subpackages).sort()).toEqual(['pages-admin', 'pages-policy', 'pages-staff'])
    expect(sizeProblems(sizes)).toEqual([])
  })

  it('wcc compiles every WXML file and wcsc every WXSS file', () => {
    expect(wccCompile(dir)).toBeGreaterThan(0)
    expect(wcscCompile(dir)).toBeGreaterThan(0)
  })
})

describe('compiler errors fail with the compiler’s message (small fixture project)', () => {
  it('the intact fixture compiles with all three', async () => {
    expect(Object.keys(await ciCompile(FIXTURE))).toContain('pages/index/index.wxml')
    expect(wccCompile(FIXTURE)).toBeGreaterThan(0)
    expect(wcscCompile(FIXTURE)).toBeGreaterThan(0)
  })

  it('broken WXML', async () => {
    const d = fixtureWith('pages/index/index.wxml', '<view>{{a</view><text')
    const e = await ciCompile(d).catch((x) => x)
    expect(e).toBeInstanceOf(WeChatCompileError)
    expect(e.message).toMatch(/^miniprogram-ci: pages\/index\/index\.wxml: .*unexpected end/)
    expect(() => wccCompile(d)).toThrow(/^wcc: /)
  })

  it('broken WXSS', async () => {
    const d = fixtureWith('pages/index/index.wxss', '.a { color: red;')
    const e = await ciCompile(d).catch((x) => x)
    expect(e).toBeInstanceOf(WeChatCompileError)
    expect(e.message).toMatch(/^miniprogram-ci: pages\/index\/index\.wxss: /)
    expect(() => wcscCompile(d)).toThrow(/^wcsc: /)
  })

  it('broken JS', async () => {
    const d = fixtureWith('pages/index/index.js', 'Page({ a: })')
    const e = await ciCompile(d).catch((x) => x)
    expect(e).toBeInstanceOf(WeChatCompileError)
    expect(e.message).toMatch(/^miniprogram-ci: .*(Unexpected token|SyntaxError)/s)
  })

  it('size limits: main 2 MB, each subpackage 2 MB, total 20 MB', () => {
    const MB = 1024 * 1024
    expect(LIMITS).toEqual({ mainMB: 2, subpackageMB: 2, totalMB: 20 })
    const s = packageSizes({ 'app.js': 1.5 * MB, 'common.js': 0.6 * MB, 'sub/a.js': 2.1 * MB, 'sub2/b.js': 1 * MB, 'subx/c.js': 1 }, ['sub/', 'sub2'])
    expect(s).toEqual({ main: 2.1 * MB + 1, subpackages: { sub: 2.1 * MB, sub2: 1 * MB }, total: 5.2 * MB + 1 })
    expect(sizeProblems(s)).toEqual(['main package 2.10 MB > 2 MB', 'subpackage sub 2.10 MB > 2 MB'])
    expect(sizeProblems(packageSizes(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`s${i}/x.js`, 1.9 * MB])), Array.from({ length: 11 }, (_, i) => `s${i}`)))).toEqual([
      'all packages 20.90 MB > 20 MB'
    ])
  })
})
