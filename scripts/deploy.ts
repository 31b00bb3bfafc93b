// Deploy to a CloudBase environment with @cloudbase/manager-node:
//   collections (missing ones created), their indexes (database.updateCollection CreateIndexes / MgoKeySchema)
//   and permissions (permission.modifyResourcePermission), and the storage permission (storage.setStorageAcl)
//   from cloudfunctions/database.schema.json; then the
//   function bundles (scripts/build-functions.ts) with their config and timer triggers from cloudbaserc.json,
//   and the HTTP access routes (云接入 / HTTP 访问服务, manager.access) of cloudbaserc.json `http`.
//
//   npm run deploy                 needs TCB_ENV_ID (or ENV_ID), TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY
//                                  and optionally TENCENTCLOUD_SESSIONTOKEN
//   npm run deploy -- --dry-run    prints the plan, one line per step; reads no credentials, makes no call
//   --skip-build                   deploy the bundles already in dist/functions
//   --allow-placeholder-templates  deploy even though cloudbaserc.json still holds placeholder subscribe-message
//                                  template ids (REPLACE_WITH_…); without it such a deploy is refused, and the
//                                  dry-run plan flags them
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type CloudBaseManager from '@cloudbase/manager-node'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const DEFAULT_RC_PATH = path.join(ROOT, 'cloudbaserc.json')
export const DEFAULT_SCHEMA_PATH = path.join(ROOT, 'cloudfunctions/database.schema.json')

// ---------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------

export type Permission = 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY'

export interface SchemaIndex {
  name: string
  keys: Array<[string, 1 | -1]>
  unique?: boolean
}

export interface DatabaseSchema {
  collections: Record<string, { description?: string; permission: Permission; indexes: SchemaIndex[] }>
  /** Cloud storage's permission preset, beside the collections' (absent: left as it is). */
  storage?: { description?: string; permission: Permission }
}

export interface RcTrigger {
  name: string
  type: string
  config: string
}

export interface RcFunction {
  name: string
  runtime?: string
  handler?: string
  timeout?: number
  memorySize?: number
  installDependency?: boolean
  envVariables?: Record<string, string>
  triggers?: RcTrigger[]
}

/** A route of CloudBase's HTTP access service: `path` (and everything below it) runs `function`. */
export interface RcHttpRoute {
  path: string
  function: string
  /** CloudBase's identity check on the route (default false: Open311 clients authenticate with an api_key). */
  auth?: boolean
}

export interface CloudbaseRc {
  version?: string
  envId?: string
  functionRoot?: string
  functions: RcFunction[]
  http?: RcHttpRoute[]
}

// ---------------------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------------------

export interface FunctionConfig {
  name: string
  runtime: string
  handler: string
  timeout: number
  memorySize: number
  installDependency: boolean
  envVariables: Record<string, string>
}

export type Step =
  | { kind: 'collection'; collection: string }
  | { kind: 'index'; collection: string; name: string; keys: Array<[string, 1 | -1]>; unique: boolean }
  | { kind: 'permission'; collection: string; permission: Permission }
  | { kind: 'storage'; permission: Permission }
  | { kind: 'build'; functions: string[] }
  | { kind: 'function'; config: FunctionConfig }
  | { kind: 'trigger'; function: string; name: string; type: 'timer'; config: string }
  | { kind: 'http'; path: string; function: string; auth: boolean }

const PERMISSIONS: Permission[] = ['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY']

/** The deployment steps, in order: per collection (create, indexes, permission), storage, build, functions, triggers, HTTP routes. */
export function planDeploy(rc: CloudbaseRc, schema: DatabaseSchema): Step[] {
  const steps: Step[] = []
  for (const [collection, def] of Object.entries(schema.collections)) {
    if (!PERMISSIONS.includes(def.permission)) throw new Error(`schema: ${collection} has an unknown permission ${def.permission}`)
    steps.push({ kind: 'collection', collection })
    for (const ix of def.indexes ?? []) {
      if (!ix.name || !Array.isArray(ix.keys) || ix.keys.length === 0) throw new Error(`schema: bad index on ${collection}`)
      for (const [field, dir] of ix.keys) {
        if (typeof field !== 'string' || (dir !== 1 && dir !== -1)) throw new Error(`schema: bad key in ${collection}.${ix.name}`)
      }
      steps.push({ kind: 'index', collection, name: ix.name, keys: ix.keys.map(([f, d]) => [f, d]), unique: ix.unique === true })
    }
    steps.push({ kind: 'permission', collection, permission: def.permission })
  }
  if (schema.storage) {
    if (!PERMISSIONS.includes(schema.storage.permission)) throw new Error(`schema: storage has an unknown permission ${schema.storage.permission}`)
    steps.push({ kind: 'storage', permission: schema.storage.permission })
  }
  const functions = rc.functions ?? []
  if (functions.length) steps.push({ kind: 'build', functions: functions.map((f) => f.name) })
  for (const f of functions) {
    steps.push({
      kind: 'function',
      config: {
        name: f.name,
        runtime: f.runtime ?? 'Nodejs18.15',
        handler: f.handler ?? 'index.main',
        timeout: f.timeout ?? 3,
        memorySize: f.memorySize ?? 256,
        installDependency: f.installDependency ?? true,
        envVariables: { ...(f.envVariables ?? {}) }
      }
    })
  }
  for (const f of functions) {
    for (const t of f.triggers ?? []) {
      if (t.type !== 'timer') throw new Error(`cloudbaserc: ${f.name}.${t.name}: only timer triggers are supported`)
      if (t.config.trim().split(/\s+/).length !== 7) throw new Error(`cloudbaserc: ${f.name}.${t.name}: cron must have 7 fields`)
      steps.push({ kind: 'trigger', function: f.name, name: t.name, type: 'timer', config: t.config })
    }
  }
  const paths = new Set<string>()
  for (const r of rc.http ?? []) {
    if (typeof r.path !== 'string' || !/^\/[A-Za-z0-9_\-/]*$/.test(r.path) || (r.path.length > 1 && r.path.endsWith('/'))) {
      throw new Error(`cloudbaserc: http path ${JSON.stringify(r.path)} must start with / and not end with /`)
    }
    if (!functions.some((f) => f.name === r.function)) throw new Error(`cloudbaserc: http ${r.path}: function ${r.function} is not declared in functions`)
    if (paths.has(r.path)) throw new Error(`cloudbaserc: http ${r.path} is declared twice`)
    paths.add(r.path)
    steps.push({ kind: 'http', path: r.path, function: r.function, auth: r.auth === true })
  }
  return steps
}

/** Values that still have to be replaced by real ones (subscribe-message template ids of the template rc). */
export const PLACEHOLDER_VALUE = /^REPLACE_WITH_/

/** The env variables of a function whose value is a placeholder (`REPLACE_WITH_…`). */
export function placeholderVars(envVariables: Record<string, string> | undefined): string[] {
  return Object.entries(envVariables ?? {})
    .filter(([, v]) => PLACEHOLDER_VALUE.test(String(v)))
    .map(([k]) => k)
}

/** `fn.VAR` for every placeholder value of the plan's functions. */
export function placeholdersOf(steps: Step[]): string[] {
  return steps.flatMap((s) => (s.kind === 'function' ? placeholderVars(s.config.envVariables).map((k) => `${s.config.name}.${k}`) : []))
}

/** One line per step (no credentials, env variable values left out). */
export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'collection':
      return `collection  ${s.collection}  create if missing`
    case 'index':
      return `index       ${s.collection}.${s.name}  ${s.keys.map(([f, d]) => `${f}:${d}`).join(', ')}${s.unique ? '  unique' : ''}`
    case 'permission':
      return `permission  ${s.collection}  ${s.permission}`
    case 'storage':
      return `storage     permission  ${s.permission}`
    case 'build':
      return `build       ${s.functions.join(', ')}  → dist/functions (esbuild, ≤ 200 KB each)`
    case 'function': {
      const c = s.config
      return (
        `function    ${c.name}  ${c.runtime} ${c.handler} timeout=${c.timeout}s memory=${c.memorySize}MB ` +
        `installDependency=${c.installDependency} env=[${Object.keys(c.envVariables).join(',')}]` +
        (placeholderVars(c.envVariables).length ? `  ✗ placeholder: ${placeholderVars(c.envVariables).join(',')}` : '')
      )
    }
    case 'trigger':
      return `trigger     ${s.function}.${s.name}  ${s.type} "${s.config}" (Beijing time)`
    case 'http':
      return `http        ${s.path} → ${s.function}  HTTP access route, CloudBase auth ${s.auth ? 'on' : 'off'}`
  }
}

// ---------------------------------------------------------------------------------------------------------
// Running it
// ---------------------------------------------------------------------------------------------------------

/** The part of @cloudbase/manager-node this script uses (a fake one in tests). */
export interface Manager {
  database: Pick<CloudBaseManager['database'], 'createCollectionIfNotExists' | 'describeCollection' | 'updateCollection'>
  permission: Pick<CloudBaseManager['permission'], 'modifyResourcePermission'>
  storage: Pick<CloudBaseManager['storage'], 'setStorageAcl'>
  functions: Pick<CloudBaseManager['functions'], 'createFunction' | 'createFunctionTriggers' | 'deleteFunctionTrigger'>
  access: Pick<CloudBaseManager['access'], 'getAccessList' | 'createAccess' | 'deleteAccess' | 'switchPathAuth' | 'switchAuth'>
}

export interface Credentials {
  envId: string
  secretId: string
  secretKey: string
  token?: string
}

export interface DeployOptions {
  dryRun?: boolean
  rcPath?: string
  schemaPath?: string
  /** Where credentials and {{env.X}} placeholders come from (default process.env). */
  env?: Record<string, string | undefined>
  log?: (s: string) => void
  skipBuild?: boolean
  /** Injected manager (tests); default: a @cloudbase/manager-node instance from the credentials. */
  manager?: Manager
  /** Injected builder (tests); default: buildFunctions from scripts/build-functions.ts. */
  build?: (names: string[]) => Promise<Array<{ name: string; bytes: number }>>
  /** Deploy even with placeholder template ids (REPLACE_WITH_…) in the functions' variables. */
  allowPlaceholderTemplates?: boolean
}

export interface DeployResult {
  steps: Step[]
  dryRun: boolean
}

/** Replace `{{env.NAME}}` placeholders (the CloudBase CLI convention); unresolved ones become ''. */
export function resolvePlaceholders(s: string, env: Record<string, string | undefined>): string {
  return s.replace(/\{\{\s*env\.([A-Za-z0-9_]+)\s*\}\}/g, (_m, k: string) => env[k] ?? '')
}

export function readInputs(rcPath = DEFAULT_RC_PATH, schemaPath = DEFAULT_SCHEMA_PATH): { rc: CloudbaseRc; schema: DatabaseSchema } {
  const rc = JSON.parse(fs.readFileSync(rcPath, 'utf8')) as CloudbaseRc
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as DatabaseSchema
  return { rc, schema }
}

export function credentialsFrom(env: Record<string, string | undefined>, rc?: CloudbaseRc): Credentials {
  const envId = env.TCB_ENV_ID || env.ENV_ID || (rc?.envId ? resolvePlaceholders(rc.envId, env) : '')
  const secretId = env.TENCENTCLOUD_SECRETID
  const secretKey = env.TENCENTCLOUD_SECRETKEY
  const missing = [!envId && 'TCB_ENV_ID (or ENV_ID)', !secretId && 'TENCENTCLOUD_SECRETID', !secretKey && 'TENCENTCLOUD_SECRETKEY'].filter(Boolean)
  if (missing.length) throw new Error(`missing ${missing.join(', ')} (use --dry-run to print the plan without credentials)`)
  return { envId, secretId: secretId!, secretKey: secretKey!, token: env.TENCENTCLOUD_SESSIONTOKEN || undefined }
}

function sameIndex(existing: { Keys?: Array<{ Name?: string; Direction?: string }>; Unique?: boolean }, s: Extract<Step, { kind: 'index' }>): boolean {
  const keys = existing.Keys ?? []
  return (
    keys.length === s.keys.length &&
    keys.every((k, i) => k.Name === s.keys[i]![0] && Number(k.Direction) === s.keys[i]![1]) &&
    Boolean(existing.Unique) === s.unique
  )
}

interface ExecCtx {
  functionRoot: string
  build: NonNullable<DeployOptions['build']>
  skipBuild: boolean
  log: (s: string) => void
  /** Set once the HTTP access service is known to be on (it is turned on at most once per deploy). */
  accessOn?: boolean
}

async function execute(step: Step, m: Manager, ctx: ExecCtx) {
  const { log } = ctx
  switch (step.kind) {
    case 'collection': {
      const r = await m.database.createCollectionIfNotExists(step.collection)
      log(`  ${r.IsCreated ? 'created' : 'exists'}`)
      return
    }
    case 'index': {
      const info = await m.database.describeCollection(step.collection)
      const existing = (info.Indexes ?? []).find((i) => i.Name === step.name)
      if (existing && sameIndex(existing, step)) {
        log('  exists')
        return
      }
      if (existing) {
        await m.database.updateCollection(step.collection, { DropIndexes: [{ IndexName: step.name }] })
        log('  dropped (keys changed)')
      }
      await m.database.updateCollection(step.collection, {
        CreateIndexes: [
          {
            IndexName: step.name,
            MgoKeySchema: {
              MgoIndexKeys: step.keys.map(([Name, d]) => ({ Name, Direction: String(d) })),
              MgoIsUnique: step.unique
            }
          }
        ]
      })
      log('  created')
      return
    }
    case 'permission':
      await m.permission.modifyResourcePermission({ resourceType: 'collection', resource: step.collection, permission: step.permission })
      log('  set')
      return
    case 'storage':
      await m.storage.setStorageAcl(step.permission)
      log('  set')
      return
    case 'build': {
      if (ctx.skipBuild) {
        log('  skipped (--skip-build)')
        return
      }
      const built = await ctx.build(step.functions)
      log(`  ${built.map((b) => `${b.name} ${(b.bytes / 1024).toFixed(1)} KB`).join(', ')}`)
      return
    }
    case 'function': {
      const c = step.config
      const bundle = path.join(ctx.functionRoot, c.name, 'index.js')
      if (!fs.existsSync(bundle)) throw new Error(`no bundle for ${c.name} at ${bundle}`)
      // force: create, or update code and config of an existing function. Triggers are handled separately.
      await m.functions.createFunction({
        func: {
          name: c.name,
          runtime: c.runtime,
          handler: c.handler,
          timeout: c.timeout,
          memorySize: c.memorySize,
          installDependency: c.installDependency,
          envVariables: c.envVariables,
          ignore: ['*.map']
        },
        functionRootPath: ctx.functionRoot,
        force: true
      })
      log('  deployed')
      return
    }
    case 'trigger': {
      // Replace: a trigger with the same name would make BatchCreateTrigger fail.
      try {
        await m.functions.deleteFunctionTrigger(step.function, step.name)
      } catch {
        // not there yet
      }
      await m.functions.createFunctionTriggers(step.function, [{ name: step.name, type: step.type, config: step.config }])
      log('  set')
      return
    }
    case 'http': {
      // HTTP access (云接入): the service must be on, then one API (Type 1 = cloud function) per path. Same path and
      // function: keep it (fixing its auth switch); same path, other function: replace it.
      const list = await m.access.getAccessList({ path: step.path })
      if (list.EnableService === false && !ctx.accessOn) {
        await m.access.switchAuth(true)
        log('  HTTP access service turned on')
      }
      ctx.accessOn = true
      const same = (list.APISet ?? []).filter((a) => a.Path === step.path)
      const mine = same.find((a) => a.Type === 1 && a.Name === step.function)
      for (const a of same) {
        if (a === mine) continue
        await m.access.deleteAccess({ apiId: a.APIId, name: a.Name, type: a.Type })
        log(`  removed ${a.Path} → ${a.Name}`)
      }
      if (mine) {
        if (Boolean(mine.EnableAuth) !== step.auth) {
          await m.access.switchPathAuth({ apiIds: [mine.APIId], auth: step.auth })
          log(`  exists, auth set ${step.auth ? 'on' : 'off'}`)
        } else log('  exists')
        return
      }
      await m.access.createAccess({ path: step.path, name: step.function, type: 1, auth: step.auth })
      log('  created')
      return
    }
  }
}

/** cloudbaserc with `{{env.X}}` placeholders of the functions' variables resolved from `env`. */
export function resolveRc(rawRc: CloudbaseRc, env: Record<string, string | undefined>): CloudbaseRc {
  return {
    ...rawRc,
    functions: rawRc.functions.map((f) => ({
      ...f,
      envVariables: Object.fromEntries(Object.entries(f.envVariables ?? {}).map(([k, v]) => [k, resolvePlaceholders(String(v), env)]))
    }))
  }
}

export async function runDeploy(opts: DeployOptions = {}): Promise<DeployResult> {
  const env = opts.env ?? process.env
  const log = opts.log ?? ((s: string) => console.log(s))
  const rcPath = opts.rcPath ?? DEFAULT_RC_PATH
  const { rc: rawRc, schema } = readInputs(rcPath, opts.schemaPath ?? DEFAULT_SCHEMA_PATH)
  const steps = planDeploy(rawRc, schema)

  if (opts.dryRun) {
    log(`deploy plan (dry run: no credentials read, no call made), ${steps.length} steps:`)
    steps.forEach((s, i) => log(`${String(i + 1).padStart(3)}. ${describeStep(s)}`))
    const ph = placeholdersOf(planDeploy(resolveRc(rawRc, env), schema))
    if (ph.length && !opts.allowPlaceholderTemplates) {
      log(`✗ a real deploy would be refused: ${ph.length} placeholder template id(s) (${ph.join(', ')}); put the real ids in cloudbaserc.json or pass --allow-placeholder-templates`)
    }
    return { steps, dryRun: true }
  }

  // Env placeholders in function variables are resolved at deploy time, like the CloudBase CLI does.
  const rc = resolveRc(rawRc, env)
  const resolved = planDeploy(rc, schema)
  let manager = opts.manager
  if (!manager) {
    const creds = credentialsFrom(env, rawRc)
    const { default: Manager } = await import('@cloudbase/manager-node')
    manager = new Manager({ envId: creds.envId, secretId: creds.secretId, secretKey: creds.secretKey, token: creds.token }) as unknown as Manager
    log(`deploying to ${creds.envId}`)
  }
  const placeholders = placeholdersOf(resolved)
  if (placeholders.length && !opts.allowPlaceholderTemplates) {
    throw new Error(
      `placeholder subscribe-message template ids in cloudbaserc.json: ${placeholders.join(', ')}. ` +
        'Put the template ids of your mini program there, or pass --allow-placeholder-templates to deploy without notifications'
    )
  }
  if (placeholders.length) log(`warning: deploying with placeholder template ids (${placeholders.join(', ')}): subscribe messages will fail`)
  const build =
    opts.build ??
    (async (names: string[]) => {
      const { buildFunctions } = await import('./build-functions')
      return buildFunctions({ names, quiet: true })
    })
  const functionRoot = path.resolve(path.dirname(rcPath), rc.functionRoot ?? 'dist/functions')
  const ctx: ExecCtx = { functionRoot, build, skipBuild: opts.skipBuild === true, log }
  for (const [i, step] of resolved.entries()) {
    log(`${String(i + 1).padStart(3)}. ${describeStep(step)}`)
    await execute(step, manager, ctx)
  }
  log('deploy done')
  return { steps: resolved, dryRun: false }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2)
  runDeploy({
    dryRun: argv.includes('--dry-run'),
    skipBuild: argv.includes('--skip-build'),
    allowPlaceholderTemplates: argv.includes('--allow-placeholder-templates')
  }).then(
    () => process.exit(0),
    (e) => {
      console.error(`deploy failed: ${(e as Error).message}`)
      process.exit(1)
    }
  )
}
