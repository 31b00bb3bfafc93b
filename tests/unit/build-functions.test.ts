// The function builder on a fixture (tests/fixtures/build): bundles, externals, package.json, size budget.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { afterAll, describe, expect, it } from 'vitest'
import { buildFunctions, BundleTooLargeError, devToolsConfig, nodeSdkVersion, openApisOf, OPENAPI_NAMES, ROOT } from '../../scripts/build-functions'

const FIXTURE = path.join(ROOT, 'tests/fixtures/build')
// Inside the repository (dist/ is ignored) so that the external SDK resolves from node_modules.
const OUT = path.join(ROOT, 'dist', `.test-build-${process.pid}`)
const fixtureOpts = { rcPath: path.join(FIXTURE, 'cloudbaserc.json'), srcDir: path.join(FIXTURE, 'cloudfunctions'), quiet: true }

afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }))

describe('buildFunctions', () => {
  it('bundles every declared function into <out>/<name>/index.js with a package.json', async () => {
    const out = path.join(OUT, 'all')
    const built = await buildFunctions({ ...fixtureOpts, outDir: out })
    expect(built.map((b) => b.name)).toEqual(['alpha', 'beta', 'zodfn'])
    for (const b of built) {
      const file = path.join(out, b.name, 'index.js')
      expect(fs.statSync(file).size).toBe(b.bytes)
      expect(b.bytes).toBeGreaterThan(0)
      const pkg = JSON.parse(fs.readFileSync(path.join(out, b.name, 'package.json'), 'utf8'))
      expect(pkg.main).toBe('index.js')
      expect(pkg.dependencies).toEqual({ '@cloudbase/node-sdk': nodeSdkVersion() })
      expect(fs.existsSync(path.join(out, b.name, 'index.js.map'))).toBe(false)
    }
    const alpha = fs.readFileSync(path.join(out, 'alpha/index.js'), 'utf8')
    // the SDK stays external, the shared module is inlined, the output is minified CommonJS
    expect(alpha).toMatch(/require\("@cloudbase\/node-sdk"\)/)
    expect(alpha).not.toContain("from '../../shared/greet'")
    expect(alpha.split('\n').length).toBeLessThan(5)

    const req = createRequire(path.join(out, 'package.json'))
    const alphaMod = req(path.join(out, 'alpha/index.js'))
    expect(await alphaMod.main({ name: '王秀英' })).toEqual({ greeting: '你好，王秀英', sdk: 'function' })
    const betaMod = req(path.join(out, 'beta/index.js'))
    expect(await betaMod.main({})).toEqual({ ok: true, data: { text: '你好，中都', at: '1970-01-01T00:00:00.000Z' } })
  })

  it('leaves unused zod locales out of the bundle, and zod still validates', async () => {
    const trimmed = await buildFunctions({ ...fixtureOpts, outDir: path.join(OUT, 'zod-trim'), names: ['zodfn'] })
    const full = await buildFunctions({ ...fixtureOpts, outDir: path.join(OUT, 'zod-full'), names: ['zodfn'], allZodLocales: true, maxBytes: 1e9 })
    expect(full[0]!.bytes - trimmed[0]!.bytes).toBeGreaterThan(100 * 1024)
    const req = createRequire(path.join(OUT, 'package.json'))
    const mod = req(path.join(OUT, 'zod-trim/zodfn/index.js'))
    expect(await mod.main({ caseId: 'c1', rating: 'basic' })).toEqual({ ok: true, data: { caseId: 'c1', rating: 'basic' } })
    expect(await mod.main({ caseId: '', rating: 'meh' })).toEqual({ ok: false, issues: ['caseId', 'rating'] })
  })

  it('builds only the requested names and rejects undeclared ones', async () => {
    const out = path.join(OUT, 'some')
    const built = await buildFunctions({ ...fixtureOpts, outDir: out, names: ['beta'] })
    expect(built.map((b) => b.name)).toEqual(['beta'])
    expect(fs.existsSync(path.join(out, 'alpha'))).toBe(false)
    await expect(buildFunctions({ ...fixtureOpts, outDir: out, names: ['gamma'] })).rejects.toThrow(/gamma/)
  })

  it('fails when a bundle exceeds the size budget', async () => {
    const out = path.join(OUT, 'big')
    const err = await buildFunctions({ ...fixtureOpts, outDir: out, maxBytes: 300 }).catch((e) => e)
    expect(err).toBeInstanceOf(BundleTooLargeError)
    expect((err as BundleTooLargeError).offenders.map((o) => o.name)).toContain('alpha')
    expect((err as Error).message).toMatch(/alpha \d+\.\d KB/)
  })

  it('the repository cloudbaserc declares the eight functions, the timer every minute in 7-field cron', () => {
    const rc = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8'))
    expect(rc.functionRoot).toBe('./dist/functions')
    expect(rc.functions.map((f: { name: string }) => f.name)).toEqual(['hello', 'user', 'petition', 'staff', 'admin', 'policy', 'timer', 'wxevent', 'open311'])
    for (const f of rc.functions) {
      expect(f).toMatchObject({ runtime: 'Nodejs18.15', handler: 'index.main', installDependency: true })
      expect(f.envVariables.BUSINESS_TZ).toBe('Asia/Shanghai')
    }
    const timer = rc.functions.find((f: { name: string }) => f.name === 'timer')
    expect(timer.triggers).toEqual([{ name: 'deadlineTimer', type: 'timer', config: '0 * * * * * *' }])
    const fields = JSON.parse(timer.envVariables.TPL_FIELDS)
    expect(Object.keys(fields).sort()).toEqual(['case_status', 'staff_new_case', 'staff_warning'])
  })

  it('writes a config.json per function for DevTools (上传并部署): open API permissions, triggers, runtime settings from cloudbaserc', async () => {
    const out = path.join(OUT, 'repo')
    await buildFunctions({ outDir: out, quiet: true })
    const rc = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as {
      functions: Array<{ name: string; timeout: number; memorySize: number; runtime: string; envVariables: Record<string, string>; triggers?: unknown[] }>
    }
    const configs: Record<string, { permissions: { openapi: string[] }; triggers?: unknown[]; timeout: number; memorySize: number; runtime: string; envVariables: Record<string, string> }> = {}
    for (const f of rc.functions) {
      const c = JSON.parse(fs.readFileSync(path.join(out, f.name, 'config.json'), 'utf8'))
      configs[f.name] = c
      // cloudbaserc.json is the single source of the runtime settings
      expect(c.timeout).toBe(f.timeout)
      expect(c.memorySize).toBe(f.memorySize)
      expect(c.runtime).toBe(f.runtime)
      expect(c.envVariables).toEqual(f.envVariables)
      expect(c.triggers).toEqual(f.triggers)
    }
    // the deadline timer trigger goes with the timer function only
    expect(configs.timer!.triggers).toEqual([{ name: 'deadlineTimer', type: 'timer', config: '0 * * * * * *' }])
    // content security and subscribe messages where the code calls them
    expect(configs.petition!.permissions.openapi).toEqual(expect.arrayContaining(['security.msgSecCheck', 'subscribeMessage.send']))
    expect(configs.staff!.permissions.openapi).toEqual(expect.arrayContaining(['security.msgSecCheck', 'subscribeMessage.send']))
    expect(configs.timer!.permissions.openapi).toContain('subscribeMessage.send')
    expect(configs.hello!.permissions.openapi).toEqual([])
    // every open API name a function's bundle contains is declared, none more
    for (const f of rc.functions) {
      expect(configs[f.name]!.permissions.openapi).toEqual(openApisOf(fs.readFileSync(path.join(out, f.name, 'index.js'), 'utf8')))
    }
  })

  it('knows every open API the sources call, by either of its names', () => {
    const files: string[] = []
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name))
        else if (e.name.endsWith('.ts')) files.push(path.join(d, e.name))
      }
    }
    walk(path.join(ROOT, 'cloudfunctions'))
    const used = files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/apiName\s*:\s*['"`]([^'"`]+)['"`]/g)].map((m) => m[1]!))
    expect(used.length).toBeGreaterThan(0)
    for (const a of used) expect(OPENAPI_NAMES[a], a).toBeDefined()
    expect(openApisOf('x({apiName:"wxa/msg_sec_check"});y({apiName:"cgi-bin/message/subscribe/send"})')).toEqual(['security.msgSecCheck', 'subscribeMessage.send'])
    expect(openApisOf('a="wxa/media_check_async"')).toEqual(['security.mediaCheckAsync'])
    expect(() => openApisOf('x({apiName:"wxa/unknown_api"})', 'fn')).toThrow(/wxa\/unknown_api.*OPENAPI_NAMES/)
    expect(devToolsConfig({ name: 'x', timeout: 7 }, [])).toEqual({ permissions: { openapi: [] }, timeout: 7 })
  })
})
