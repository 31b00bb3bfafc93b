// Bundle every cloud function declared in cloudbaserc.json with esbuild:
//   cloudfunctions/<name>/index.ts → dist/functions/<name>/index.js (+ package.json listing @cloudbase/node-sdk,
//   + config.json for WeChat DevTools' 上传并部署, generated from cloudbaserc.json, the single source)
// `npm run build:functions [-- name ...]`. Fails (exit 1) when a bundle exceeds the 200 KB budget (BRIEF §7).
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const MAX_BUNDLE_BYTES = 200 * 1024
/** Provided by the CloudBase runtime image (installDependency) and never bundled. */
export const EXTERNALS = ['@cloudbase/node-sdk']
/**
 * Native modules kept out of the bundles and declared in the package.json of each function whose bundle requires
 * them, so that CloudBase installs them (云端安装依赖). jieba's dictionary and binary are ~14 MB, never bundled.
 */
export const NATIVE_EXTERNALS = ['@node-rs/jieba']
/** zod locales kept in the bundles; the others (~200 KB, never used here) resolve to the English one. */
export const ZOD_LOCALES_KEPT = ['en', 'zh-CN']

/**
 * Also stubs zod's JSON Schema generator (see below).
 * The functions' schemas use `zod/mini` and import only the zh-CN locale, so this matters only if a bundle ever
 * imports classic `zod` again: `import { z } from 'zod'` pulls every locale in through `z.locales` (the namespace
 * defeats tree shaking).
 * Point the unused ones at en.js: `z.locales.fr()` would then give English messages, which nobody asks for.
 */
export const trimZodLocales: Plugin = {
  name: 'trim-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\/[A-Za-z-]+\.c?js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/]locales[\\/]index\.c?js$/.test(args.importer)) return undefined
      const m = /^\.\/([A-Za-z-]+)\.(c?js)$/.exec(args.path)!
      if (ZOD_LOCALES_KEPT.includes(m[1]!)) return undefined
      return { path: path.join(path.dirname(args.importer), `en.${m[2]}`) }
    })
    // The JSON Schema generator (~12 KB, re-exported by zod's core through the same namespace) is never used by the
    // functions: a stub that says so if anyone ever calls it.
    b.onResolve({ filter: /^\.\/to-json-schema\.c?js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]core[\\/]index\.c?js$/.test(args.importer) ? { path: 'zod-to-json-schema-stub', namespace: 'zod-stub' } : undefined
    )
    b.onLoad({ filter: /.*/, namespace: 'zod-stub' }, () => ({
      contents:
        "const no = () => { throw new Error('zod JSON Schema generation is not bundled in the cloud functions') }\n" +
        'export class JSONSchemaGenerator { constructor() { no() } }\nexport function toJSONSchema() { no() }\n',
      loader: 'js'
    }))
  }
}

export interface BuildOptions {
  /** Output root (default: cloudbaserc's functionRoot, i.e. dist/functions). */
  outDir?: string
  /** Only these functions (default: every function in cloudbaserc.json). */
  names?: string[]
  /** No size table on stdout. */
  quiet?: boolean
  /** Folder holding <name>/index.ts (default: cloudfunctions/). */
  srcDir?: string
  /** cloudbaserc.json to read the function list from (default: the repository's). */
  rcPath?: string
  /** Size budget per bundle (default 200 KB). */
  maxBytes?: number
  /** Keep every zod locale (default false: only en and zh-CN). */
  allZodLocales?: boolean
}

export interface BuiltFunction {
  name: string
  bytes: number
}

export class BundleTooLargeError extends Error {
  constructor(public readonly offenders: BuiltFunction[], public readonly maxBytes: number) {
    super(
      `bundle size budget exceeded (${kb(maxBytes)} KB): ` +
        offenders.map((o) => `${o.name} ${kb(o.bytes)} KB`).join(', ')
    )
    this.name = 'BundleTooLargeError'
  }
}

export function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1)
}

interface RcFunctionEntry {
  name: string
  runtime?: string
  handler?: string
  timeout?: number
  memorySize?: number
  installDependency?: boolean
  envVariables?: Record<string, string>
  triggers?: Array<{ name: string; type: string; config: string }>
}

interface RcFile {
  functionRoot?: string
  functions?: RcFunctionEntry[]
}

/**
 * WeChat open APIs (云调用) a function may call through `callWxOpenApi`, by the apiName the code uses (the HTTP
 * path or the dotted name) → the name `config.json`'s `permissions.openapi` must list. Without that entry
 * DevTools' upload leaves the function without the permission and the call fails (-604101).
 */
export const OPENAPI_NAMES: Record<string, string> = {
  'cgi-bin/message/subscribe/send': 'subscribeMessage.send',
  'subscribeMessage.send': 'subscribeMessage.send',
  'wxa/msg_sec_check': 'security.msgSecCheck',
  'security.msgSecCheck': 'security.msgSecCheck',
  'wxa/media_check_async': 'security.mediaCheckAsync',
  'security.mediaCheckAsync': 'security.mediaCheckAsync',
  'wxa/img_sec_check': 'security.imgSecCheck',
  'security.imgSecCheck': 'security.imgSecCheck',
  'wxa/business/getuserphonenumber': 'phonenumber.getPhoneNumber',
  'phonenumber.getPhoneNumber': 'phonenumber.getPhoneNumber'
}

/** The open APIs a built bundle calls: the known apiName strings it contains. Unknown `apiName:"…"` literals throw. */
export function openApisOf(bundle: string, fnName = 'function'): string[] {
  const found = new Set<string>()
  for (const [apiName, openapi] of Object.entries(OPENAPI_NAMES)) {
    if (bundle.includes(`"${apiName}"`) || bundle.includes(`'${apiName}'`) || bundle.includes('`' + apiName + '`')) found.add(openapi)
  }
  for (const m of bundle.matchAll(/apiName\s*:\s*["'`]([^"'`]+)["'`]/g)) {
    if (!OPENAPI_NAMES[m[1]!]) {
      throw new Error(`${fnName}: open API "${m[1]}" has no config.json permission name: add it to OPENAPI_NAMES in scripts/build-functions.ts`)
    }
  }
  return [...found].sort()
}

/**
 * The `config.json` WeChat DevTools reads when a function folder is uploaded (右键 → 上传并部署): the open API
 * permissions (`permissions.openapi`), the timer triggers, and the runtime settings of cloudbaserc.json
 * (timeout, memory size, runtime, handler, installDependency, environment variables).
 */
export interface DevToolsConfig {
  permissions: { openapi: string[] }
  triggers?: Array<{ name: string; type: string; config: string }>
  runtime?: string
  handler?: string
  timeout?: number
  memorySize?: number
  installDependency?: boolean
  envVariables?: Record<string, string>
}

export function devToolsConfig(fn: RcFunctionEntry, openapi: string[]): DevToolsConfig {
  const out: DevToolsConfig = { permissions: { openapi } }
  if (fn.triggers?.length) out.triggers = fn.triggers.map((t) => ({ name: t.name, type: t.type, config: t.config }))
  if (fn.runtime) out.runtime = fn.runtime
  if (fn.handler) out.handler = fn.handler
  if (fn.timeout !== undefined) out.timeout = fn.timeout
  if (fn.memorySize !== undefined) out.memorySize = fn.memorySize
  if (fn.installDependency !== undefined) out.installDependency = fn.installDependency
  if (fn.envVariables && Object.keys(fn.envVariables).length) out.envVariables = { ...fn.envVariables }
  return out
}

export function readRc(rcPath = path.join(ROOT, 'cloudbaserc.json')): RcFile {
  return JSON.parse(fs.readFileSync(rcPath, 'utf8')) as RcFile
}

/** The installed @cloudbase/node-sdk version, pinned in each function's package.json. */
export function nodeSdkVersion(): string {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules/@cloudbase/node-sdk/package.json'), 'utf8')
  ) as { version: string }
  return pkg.version
}

/** The installed version of a package (pinned in the package.json of the functions that require it). */
export function installedVersion(pkgName: string): string {
  const installed = path.join(ROOT, 'node_modules', pkgName, 'package.json')
  if (fs.existsSync(installed)) return (JSON.parse(fs.readFileSync(installed, 'utf8')) as { version: string }).version
  // Not installed here: the version the project declares.
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  return root.dependencies?.[pkgName] ?? 'latest'
}

export async function buildFunctions(opts: BuildOptions = {}): Promise<BuiltFunction[]> {
  const rcPath = opts.rcPath ?? path.join(ROOT, 'cloudbaserc.json')
  const rc = readRc(rcPath)
  const declared = (rc.functions ?? []).map((f) => f.name)
  const names = opts.names && opts.names.length > 0 ? opts.names : declared
  const unknown = names.filter((n) => !declared.includes(n))
  if (unknown.length) throw new Error(`not declared in ${path.basename(rcPath)}: ${unknown.join(', ')}`)
  const outDir = path.resolve(opts.outDir ?? path.resolve(path.dirname(rcPath), rc.functionRoot ?? 'dist/functions'))
  const srcDir = path.resolve(opts.srcDir ?? path.join(ROOT, 'cloudfunctions'))
  const maxBytes = opts.maxBytes ?? MAX_BUNDLE_BYTES
  const sdkVersion = nodeSdkVersion()

  const results: BuiltFunction[] = []
  for (const name of names) {
    const entry = path.join(srcDir, name, 'index.ts')
    if (!fs.existsSync(entry)) throw new Error(`missing source for function "${name}": ${entry}`)
    const dir = path.join(outDir, name)
    fs.mkdirSync(dir, { recursive: true })
    const outfile = path.join(dir, 'index.js')
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      external: [...EXTERNALS, ...NATIVE_EXTERNALS, ...NATIVE_EXTERNALS.map((m) => `${m}/*`)],
      logLevel: 'error',
      absWorkingDir: ROOT,
      plugins: opts.allZodLocales ? [] : [trimZodLocales]
    })
    fs.rmSync(path.join(dir, 'index.js.map'), { force: true })
    const code = fs.readFileSync(outfile, 'utf8')
    const natives = NATIVE_EXTERNALS.filter((m) => code.includes(`"${m}"`))
    const pkg = {
      name: `wenshang-fn-${name}`,
      version: '1.0.0',
      private: true,
      main: 'index.js',
      dependencies: { '@cloudbase/node-sdk': sdkVersion, ...Object.fromEntries(natives.map((m) => [m, installedVersion(m)])) }
    }
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n')
    const entryRc = (rc.functions ?? []).find((f) => f.name === name)!
    const config = devToolsConfig(entryRc, openApisOf(fs.readFileSync(outfile, 'utf8'), name))
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n')
    const bytes = fs.statSync(outfile).size
    results.push({ name, bytes })
    if (!opts.quiet) {
      const mark = bytes > maxBytes ? '  ✗ over budget' : ''
      console.log(`${name.padEnd(12)} ${kb(bytes).padStart(8)} KB${mark}`)
    }
  }
  const offenders = results.filter((r) => r.bytes > maxBytes)
  if (offenders.length) throw new BundleTooLargeError(offenders, maxBytes)
  return results
}

async function cli(argv: string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('-'))
  const quiet = argv.includes('--quiet')
  try {
    const built = await buildFunctions({ names, quiet })
    if (!quiet) {
      const total = built.reduce((s, b) => s + b.bytes, 0)
      console.log(`built ${built.length} function(s), ${kb(total)} KB total, budget ${kb(MAX_BUNDLE_BYTES)} KB each`)
      const placeholders = (readRc().functions ?? []).flatMap((f) =>
        Object.entries(f.envVariables ?? {}).filter(([, v]) => /^REPLACE_WITH_/.test(String(v))).map(([k]) => `${f.name}.${k}`)
      )
      if (placeholders.length) {
        console.log(`note: config.json still carries ${placeholders.length} placeholder template id(s) from cloudbaserc.json (REPLACE_WITH_…); put the real ids there before uploading from DevTools`)
      }
    }
    return 0
  } catch (e) {
    console.error(`build:functions failed: ${(e as Error).message}`)
    return 1
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli(process.argv.slice(2)).then((code) => process.exit(code))
}
