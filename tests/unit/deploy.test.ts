// scripts/deploy.ts: the plan from cloudbaserc.json + database.schema.json, the dry-run CLI (no credentials,
// no network), and the manager-node calls it makes, against a recording fake.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_RC_PATH,
  DEFAULT_SCHEMA_PATH,
  credentialsFrom,
  describeStep,
  placeholderVars,
  planDeploy,
  readInputs,
  runDeploy,
  type Manager,
  type Step
} from '../../scripts/deploy'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const { rc, schema } = readInputs(DEFAULT_RC_PATH, DEFAULT_SCHEMA_PATH)
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-test-'))
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }))

/** The environment without any credential. */
function bareEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const k of ['TCB_ENV_ID', 'ENV_ID', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY', 'TENCENTCLOUD_SESSIONTOKEN']) delete env[k]
  return env
}

describe('planDeploy', () => {
  const steps = planDeploy(rc, schema)
  const of = <K extends Step['kind']>(k: K) => steps.filter((s): s is Extract<Step, { kind: K }> => s.kind === k)

  it('creates every collection of the schema and sets its permission', () => {
    const names = Object.keys(schema.collections)
    expect(names.length).toBeGreaterThanOrEqual(15)
    expect(of('collection').map((s) => s.collection)).toEqual(names)
    expect(of('permission').map((s) => [s.collection, s.permission])).toEqual(names.map((n) => [n, schema.collections[n]!.permission]))
  })

  it('sets the storage permission of the schema file (photos private to their creator), after the collections', () => {
    expect(of('storage')).toEqual([{ kind: 'storage', permission: 'PRIVATE' }])
    expect(steps.findIndex((s) => s.kind === 'storage')).toBeGreaterThan(steps.map((s) => s.kind).lastIndexOf('permission'))
    expect(steps.findIndex((s) => s.kind === 'storage')).toBeLessThan(steps.findIndex((s) => s.kind === 'build'))
    expect(planDeploy({ functions: [] }, { collections: {} }).some((s) => s.kind === 'storage')).toBe(false)
    expect(() => planDeploy({ functions: [] }, { collections: {}, storage: { permission: 'EVERYONE' as never } })).toThrow(/storage/)
  })

  it('creates every index with its keys, directions and uniqueness', () => {
    const expected = Object.entries(schema.collections).flatMap(([c, d]) =>
      d.indexes.map((ix) => ({ kind: 'index', collection: c, name: ix.name, keys: ix.keys, unique: ix.unique === true }))
    )
    expect(of('index')).toEqual(expected)
    expect(of('index').find((s) => s.collection === 'cases' && s.name === 'no')?.unique).toBe(true)
    expect(of('index').find((s) => s.collection === 'cases' && s.name === 'alarm')?.keys).toEqual([['alarmAt', 1]])
  })

  it('orders a collection before its indexes and permission, and the database before the functions', () => {
    const idx = (pred: (s: Step) => boolean) => steps.findIndex(pred)
    for (const c of Object.keys(schema.collections)) {
      const created = idx((s) => s.kind === 'collection' && s.collection === c)
      for (const [i, s] of steps.entries()) if ((s.kind === 'index' || s.kind === 'permission') && s.collection === c) expect(i).toBeGreaterThan(created)
    }
    const build = idx((s) => s.kind === 'build')
    expect(build).toBeGreaterThan(steps.map((s) => s.kind).lastIndexOf('permission'))
    expect(idx((s) => s.kind === 'function')).toBeGreaterThan(build)
    expect(idx((s) => s.kind === 'trigger')).toBeGreaterThan(steps.map((s) => s.kind).lastIndexOf('function'))
  })

  it('builds and deploys every function with its config, and the timer trigger', () => {
    const names = ['hello', 'user', 'petition', 'staff', 'admin', 'policy', 'timer', 'wxevent', 'open311']
    expect(of('build')).toEqual([{ kind: 'build', functions: names }])
    expect(of('function').map((s) => s.config.name)).toEqual(names)
    for (const s of of('function')) {
      const src = rc.functions.find((f) => f.name === s.config.name)!
      expect(s.config).toEqual({
        name: src.name,
        runtime: 'Nodejs18.15',
        handler: 'index.main',
        timeout: src.timeout,
        memorySize: src.memorySize,
        installDependency: true,
        envVariables: src.envVariables
      })
    }
    expect(of('trigger')).toEqual([{ kind: 'trigger', function: 'timer', name: 'deadlineTimer', type: 'timer', config: '0 * * * * * *' }])
  })

  it('sets the HTTP access route of every cloudbaserc http entry, last (after the functions and triggers)', () => {
    expect(rc.http?.length).toBeGreaterThan(0)
    expect(of('http')).toEqual((rc.http ?? []).map((r) => ({ kind: 'http', path: r.path, function: r.function, auth: false })))
    expect(of('http')).toContainEqual({ kind: 'http', path: '/open311', function: 'open311', auth: false })
    expect(steps.findIndex((s) => s.kind === 'http')).toBeGreaterThan(Math.max(steps.map((s) => s.kind).lastIndexOf('function'), steps.map((s) => s.kind).lastIndexOf('trigger')))
    expect(describeStep(of('http')[0]!)).toBe('http        /open311 → open311  HTTP access route, CloudBase auth off')
  })

  it('rejects an HTTP route to an undeclared function, a bad path and a path declared twice', () => {
    const rcOf = (http: unknown) => ({ functions: [{ name: 'open311' }], http }) as never
    expect(planDeploy(rcOf([{ path: '/open311', function: 'open311', auth: true }]), { collections: {} }).at(-1)).toEqual({ kind: 'http', path: '/open311', function: 'open311', auth: true })
    expect(() => planDeploy(rcOf([{ path: '/x', function: 'nope' }]), { collections: {} })).toThrow(/nope is not declared/)
    for (const path of ['open311', '/open311/', '/open 311', '']) expect(() => planDeploy(rcOf([{ path, function: 'open311' }]), { collections: {} })).toThrow(/http path/)
    expect(() => planDeploy(rcOf([{ path: '/a', function: 'open311' }, { path: '/a', function: 'open311' }]), { collections: {} })).toThrow(/twice/)
    expect(planDeploy({ functions: [{ name: 'open311' }] }, { collections: {} }).some((s) => s.kind === 'http')).toBe(false)
  })

  it('rejects a non-timer trigger, a 6-field cron and an unknown permission', () => {
    const fn = (triggers: unknown) => ({ functions: [{ name: 'x', triggers }] }) as never
    expect(() => planDeploy(fn([{ name: 't', type: 'cos', config: '' }]), { collections: {} })).toThrow(/timer/)
    expect(() => planDeploy(fn([{ name: 't', type: 'timer', config: '0 * * * * *' }]), { collections: {} })).toThrow(/7 fields/)
    expect(() => planDeploy({ functions: [] }, { collections: { a: { permission: 'EVERYONE' as never, indexes: [] } } })).toThrow(/permission/)
  })

  it('describes each step on one line without env variable values', () => {
    for (const s of steps) {
      const line = describeStep(s)
      expect(line).not.toContain('\n')
      expect(line).not.toContain('character_string1')
    }
  })
})

describe('deploy CLI', () => {
  const tsx = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs')

  it('--dry-run prints the full plan and exits 0 without credentials', () => {
    const r = spawnSync(process.execPath, [tsx, 'scripts/deploy.ts', '--dry-run'], { cwd: ROOT, env: bareEnv(), encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const lines = r.stdout.trim().split('\n').filter((l) => !l.startsWith('✗ a real deploy would be refused'))
    const steps = planDeploy(rc, schema)
    expect(lines).toHaveLength(steps.length + 1)
    expect(lines[0]).toMatch(/dry run/)
    steps.forEach((s, i) => expect(lines[i + 1]).toContain(describeStep(s)))
    expect(r.stdout).toContain('trigger     timer.deadlineTimer  timer "0 * * * * * *"')
    expect(r.stdout).toContain('index       cases.no  no:1  unique')
    expect(r.stdout).toContain('storage     permission  PRIVATE')
    expect(r.stdout).toContain('http        /open311 → open311  HTTP access route, CloudBase auth off')
  })

  it('the dry run flags placeholder template ids, and a real deploy refuses them unless --allow-placeholder-templates', async () => {
    const r = spawnSync(process.execPath, [tsx, 'scripts/deploy.ts', '--dry-run'], { cwd: ROOT, env: bareEnv(), encoding: 'utf8', timeout: 60_000 })
    expect(r.status).toBe(0)
    // the repository's cloudbaserc is a template: its TPL_* ids are REPLACE_WITH_… placeholders
    expect(r.stdout).toMatch(/function {4}petition .* ✗ placeholder: TPL_CASE_STATUS,TPL_STAFF_NEW_CASE,TPL_STAFF_WARNING/)
    expect(r.stdout).toMatch(/✗ a real deploy would be refused: \d+ placeholder template id\(s\) \(.*petition\.TPL_CASE_STATUS.*--allow-placeholder-templates/)
    expect(placeholderVars({ A: 'REPLACE_WITH_X', B: 'tpl-1', C: '' })).toEqual(['A'])

    const calls: string[] = []
    const manager = new Proxy({}, { get: (_t, area) => new Proxy({}, { get: (_u, fn) => async () => { calls.push(`${String(area)}.${String(fn)}`); return {} } }) }) as unknown as Manager
    const refused = await runDeploy({ env: {}, manager, log: () => {}, build: async () => [] }).catch((e: Error) => e)
    expect(refused).toBeInstanceOf(Error)
    expect((refused as Error).message).toMatch(/placeholder subscribe-message template ids in cloudbaserc\.json: user\.TPL_CASE_STATUS.*--allow-placeholder-templates/)
    expect(calls).toEqual([])
  })

  it('--allow-placeholder-templates deploys a plan with placeholder ids (with a warning)', async () => {
    const dir = path.join(TMP, 'placeholders')
    fs.mkdirSync(path.join(dir, 'fns', 'timer'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'fns', 'timer', 'index.js'), 'exports.main=async()=>1')
    fs.writeFileSync(path.join(dir, 'cloudbaserc.json'), JSON.stringify({
      functionRoot: './fns',
      functions: [{ name: 'timer', envVariables: { TPL_CASE_STATUS: 'REPLACE_WITH_CASE_STATUS_TEMPLATE_ID' } }]
    }))
    fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify({ collections: {} }))
    const calls: string[] = []
    const manager = new Proxy({}, { get: (_t, area) => new Proxy({}, { get: (_u, fn) => async () => { calls.push(`${String(area)}.${String(fn)}`); return {} } }) }) as unknown as Manager
    const logs: string[] = []
    const common = { rcPath: path.join(dir, 'cloudbaserc.json'), schemaPath: path.join(dir, 'schema.json'), env: {}, manager, skipBuild: true, log: (l: string) => logs.push(l) }
    await expect(runDeploy(common)).rejects.toThrow(/timer\.TPL_CASE_STATUS/)
    expect(calls).toEqual([])
    await runDeploy({ ...common, allowPlaceholderTemplates: true })
    expect(calls).toContain('functions.createFunction')
    expect(logs.join('\n')).toMatch(/warning: deploying with placeholder template ids \(timer\.TPL_CASE_STATUS\)/)
  })

  it('a real run without credentials fails before any call', async () => {
    expect(() => credentialsFrom({})).toThrow(/TCB_ENV_ID.*TENCENTCLOUD_SECRETID.*TENCENTCLOUD_SECRETKEY/)
    await expect(runDeploy({ env: {}, log: () => {} })).rejects.toThrow(/missing/)
    expect(credentialsFrom({ ENV_ID: 'e1', TENCENTCLOUD_SECRETID: 'i', TENCENTCLOUD_SECRETKEY: 'k', TENCENTCLOUD_SESSIONTOKEN: 't' })).toEqual({
      envId: 'e1', secretId: 'i', secretKey: 'k', token: 't'
    })
  })
})

describe('runDeploy against a recording manager', () => {
  it('makes the manager-node calls for collections, indexes, permissions, functions and triggers', async () => {
    const dir = path.join(TMP, 'proj')
    fs.mkdirSync(dir, { recursive: true })
    const testRc = {
      version: '2.0',
      envId: '{{env.ENV_ID}}',
      functionRoot: './fns',
      functions: [
        { name: 'timer', runtime: 'Nodejs18.15', handler: 'index.main', timeout: 60, memorySize: 512, installDependency: true,
          envVariables: { BUSINESS_TZ: 'Asia/Shanghai', TPL_CASE_STATUS: '{{env.TPL_ID}}' },
          triggers: [{ name: 'deadlineTimer', type: 'timer', config: '0 * * * * * *' }] }
      ]
    }
    fs.writeFileSync(path.join(dir, 'cloudbaserc.json'), JSON.stringify(testRc))
    const testSchema = {
      collections: {
        cases: { permission: 'ADMINONLY', indexes: [{ name: 'no', keys: [['no', 1]], unique: true }, { name: 'alarm', keys: [['alarmAt', 1]] }, { name: 'state', keys: [['state', 1], ['submittedAt', -1]] }] },
        categories: { permission: 'READONLY', indexes: [] }
      },
      storage: { permission: 'PRIVATE' }
    }
    fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify(testSchema))

    const calls: Array<[string, ...unknown[]]> = []
    const manager: Manager = {
      database: {
        createCollectionIfNotExists: async (name: string) => (calls.push(['createCollectionIfNotExists', name]), { IsCreated: name === 'cases', RequestId: '', ExistsResult: {} as never }),
        // 'alarm' exists as declared, 'state' exists with other keys (recreated), 'no' is missing
        describeCollection: async () => ({
          RequestId: '',
          Indexes: [
            { Name: 'alarm', Keys: [{ Name: 'alarmAt', Direction: '1' }], Unique: false, Size: 0, Accesses: {} as never },
            { Name: 'state', Keys: [{ Name: 'state', Direction: '1' }], Unique: false, Size: 0, Accesses: {} as never }
          ]
        }),
        updateCollection: async (name: string, info: unknown) => (calls.push(['updateCollection', name, info]), {})
      },
      permission: { modifyResourcePermission: async (o: unknown) => (calls.push(['modifyResourcePermission', o]), { Data: { Success: true }, RequestId: '' }) },
      storage: { setStorageAcl: async (acl: string) => (calls.push(['setStorageAcl', acl]), { RequestId: '' }) },
      functions: {
        createFunction: async (p: unknown) => (calls.push(['createFunction', p]), { RequestId: '' }),
        deleteFunctionTrigger: async (fn: string, name: string) => {
          calls.push(['deleteFunctionTrigger', fn, name])
          throw new Error('ResourceNotFound.Trigger')
        },
        createFunctionTriggers: async (fn: string, t?: unknown) => (calls.push(['createFunctionTriggers', fn, t]), { RequestId: '' })
      }
    } as unknown as Manager
    const built: string[][] = []
    const res = await runDeploy({
      rcPath: path.join(dir, 'cloudbaserc.json'),
      schemaPath: path.join(dir, 'schema.json'),
      env: { TPL_ID: 'tpl-abc' },
      manager,
      log: () => {},
      build: async (names) => {
        built.push(names)
        for (const n of names) {
          fs.mkdirSync(path.join(dir, 'fns', n), { recursive: true })
          fs.writeFileSync(path.join(dir, 'fns', n, 'index.js'), 'exports.main=async()=>1')
        }
        return names.map((name) => ({ name, bytes: 23 }))
      }
    })
    expect(res.dryRun).toBe(false)
    expect(built).toEqual([['timer']])
    expect(calls).toEqual([
      ['createCollectionIfNotExists', 'cases'],
      ['updateCollection', 'cases', { CreateIndexes: [{ IndexName: 'no', MgoKeySchema: { MgoIndexKeys: [{ Name: 'no', Direction: '1' }], MgoIsUnique: true } }] }],
      ['updateCollection', 'cases', { DropIndexes: [{ IndexName: 'state' }] }],
      ['updateCollection', 'cases', {
        CreateIndexes: [{ IndexName: 'state', MgoKeySchema: { MgoIndexKeys: [{ Name: 'state', Direction: '1' }, { Name: 'submittedAt', Direction: '-1' }], MgoIsUnique: false } }]
      }],
      ['modifyResourcePermission', { resourceType: 'collection', resource: 'cases', permission: 'ADMINONLY' }],
      ['createCollectionIfNotExists', 'categories'],
      ['modifyResourcePermission', { resourceType: 'collection', resource: 'categories', permission: 'READONLY' }],
      ['setStorageAcl', 'PRIVATE'],
      ['createFunction', {
        func: { name: 'timer', runtime: 'Nodejs18.15', handler: 'index.main', timeout: 60, memorySize: 512, installDependency: true,
          envVariables: { BUSINESS_TZ: 'Asia/Shanghai', TPL_CASE_STATUS: 'tpl-abc' }, ignore: ['*.map'] },
        functionRootPath: path.join(dir, 'fns'),
        force: true
      }],
      ['deleteFunctionTrigger', 'timer', 'deadlineTimer'],
      ['createFunctionTriggers', 'timer', [{ name: 'deadlineTimer', type: 'timer', config: '0 * * * * * *' }]]
    ])
  })
})

describe('HTTP access routes against a recording manager', () => {
  /** An HTTP access service holding `apis`, on or off, that records every call. */
  function fakeAccess(apis: Array<{ APIId: string; Path: string; Name: string; Type: number; EnableAuth: boolean }>, enabled: boolean) {
    const calls: Array<[string, ...unknown[]]> = []
    const access = {
      getAccessList: async (o?: { path?: string }) => {
        calls.push(['getAccessList', o])
        return { RequestId: '', Total: apis.length, Limit: 20, Offset: 0, EnableService: enabled, APISet: apis.filter((a) => !o?.path || a.Path === o.path).map((a) => ({ ...a, ServiceId: 'env', CreateTime: 0, EnvId: 'env' })) }
      },
      createAccess: async (o: unknown) => (calls.push(['createAccess', o]), { APIId: 'new', RequestId: '' }),
      deleteAccess: async (o: unknown) => (calls.push(['deleteAccess', o]), { RequestId: '' }),
      switchPathAuth: async (o: unknown) => (calls.push(['switchPathAuth', o]), { Count: 1, RequestId: '' }),
      switchAuth: async (on: boolean) => (calls.push(['switchAuth', on]), { Count: 1, RequestId: '' })
    }
    const manager = {
      database: {},
      permission: {},
      storage: {},
      functions: { createFunction: async () => ({ RequestId: '' }), createFunctionTriggers: async () => ({}), deleteFunctionTrigger: async () => ({}) },
      access
    } as unknown as Manager
    return { calls, manager }
  }

  const dir = path.join(TMP, 'http')
  fs.mkdirSync(path.join(dir, 'fns', 'open311'), { recursive: true })
  fs.mkdirSync(path.join(dir, 'fns', 'hello'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'fns', 'open311', 'index.js'), 'exports.main=async()=>1')
  fs.writeFileSync(path.join(dir, 'fns', 'hello', 'index.js'), 'exports.main=async()=>1')
  fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify({ collections: {} }))
  fs.writeFileSync(path.join(dir, 'cloudbaserc.json'), JSON.stringify({
    functionRoot: './fns',
    functions: [{ name: 'open311' }, { name: 'hello' }],
    http: [{ path: '/open311', function: 'open311' }, { path: '/hello', function: 'hello' }]
  }))
  const run = (manager: Manager) =>
    runDeploy({ rcPath: path.join(dir, 'cloudbaserc.json'), schemaPath: path.join(dir, 'schema.json'), env: {}, manager, skipBuild: true, log: () => {} })

  it('a fresh environment: turns the service on once and creates each route to its function, without CloudBase auth', async () => {
    const { calls, manager } = fakeAccess([], false)
    await run(manager)
    expect(calls).toEqual([
      ['getAccessList', { path: '/open311' }],
      ['switchAuth', true],
      ['createAccess', { path: '/open311', name: 'open311', type: 1, auth: false }],
      ['getAccessList', { path: '/hello' }],
      ['createAccess', { path: '/hello', name: 'hello', type: 1, auth: false }]
    ])
  })

  it('a second deploy keeps a route that is already right, turns a stray auth switch off, and re-points a moved path', async () => {
    const { calls, manager } = fakeAccess(
      [
        { APIId: 'a1', Path: '/open311', Name: 'open311', Type: 1, EnableAuth: true },
        { APIId: 'a2', Path: '/hello', Name: 'old-fn', Type: 1, EnableAuth: false }
      ],
      true
    )
    await run(manager)
    expect(calls).toEqual([
      ['getAccessList', { path: '/open311' }],
      ['switchPathAuth', { apiIds: ['a1'], auth: false }],
      ['getAccessList', { path: '/hello' }],
      ['deleteAccess', { apiId: 'a2', name: 'old-fn', type: 1 }],
      ['createAccess', { path: '/hello', name: 'hello', type: 1, auth: false }]
    ])
    const again = fakeAccess([{ APIId: 'a1', Path: '/open311', Name: 'open311', Type: 1, EnableAuth: false }, { APIId: 'a3', Path: '/hello', Name: 'hello', Type: 1, EnableAuth: false }], true)
    await run(again.manager)
    expect(again.calls.map((c) => c[0])).toEqual(['getAccessList', 'getAccessList'])
  })
})
