// WeChat's own compilers, run offline on a built mini program:
//   - miniprogram-ci (DevTools' build module): the whole project with es6 and minify on, so that it parses every
//     JS, WXML and WXSS file. Project attributes normally come from WeChat's server (with the upload key); the
//     documented `attr()` hook of the project object supplies them locally, so no key and no network are needed.
//   - wcc / wcsc from miniprogram-compiler: WeChat's Linux WXML and WXSS compilers.
// Every failure carries the compiler's own message (and the file, when the compiler names it).
import { createRequire } from 'node:module'
import path from 'node:path'
import fs from 'node:fs'
import { listFiles } from './build'

const require = createRequire(import.meta.url)

/** Size limits as WeChat counts them (MB): main package, each subpackage, everything together. */
export const LIMITS = { mainMB: 2, subpackageMB: 2, totalMB: 20 }
const MB = 1024 * 1024

interface CiModule {
  Project: new (o: { appid: string; type: string; projectPath: string; privateKey: string; ignores?: string[] }) => { attr: () => Promise<unknown> }
  DefaultProjectAttr: { setting: Record<string, number> } & Record<string, unknown>
  getCompiledResult(o: { project: unknown; setting: Record<string, boolean>; onProgressUpdate?: (x: unknown) => void }): Promise<Record<string, string | Buffer>>
}

export class WeChatCompileError extends Error {
  constructor(tool: string, message: string, public readonly file?: string, public readonly code?: number | string) {
    super(`${tool}: ${file ? `${file}: ` : ''}${message}${code !== undefined ? ` (code ${code})` : ''}`)
    this.name = 'WeChatCompileError'
  }
}

/** miniprogram-ci's compile of the project at `dir` (the folder of project.config.json), offline. */
export async function ciCompile(dir: string): Promise<Record<string, number>> {
  const ci = require('miniprogram-ci') as CiModule
  const appid = JSON.parse(fs.readFileSync(path.join(dir, 'project.config.json'), 'utf8')).appid || 'touristappid'
  // privateKey is only used to sign the request for the real attributes, which attr() below replaces.
  const project = new ci.Project({ appid, type: 'miniProgram', projectPath: dir, privateKey: 'offline', ignores: ['node_modules/**/*'] })
  project.attr = async () => ({
    ...ci.DefaultProjectAttr,
    setting: { ...ci.DefaultProjectAttr.setting, MaxCodeSize: LIMITS.mainMB, MaxSubpackageSubCodeSize: LIMITS.subpackageMB, MaxSubpackageFullCodeSize: LIMITS.totalMB }
  })
  let files: Record<string, string | Buffer>
  try {
    files = await ci.getCompiledResult({
      project,
      setting: { es6: true, es7: true, minify: true, minifyJS: true, minifyWXML: true, minifyWXSS: true, autoPrefixWXSS: true, codeProtect: false },
      onProgressUpdate: () => {}
    })
  } catch (e) {
    const err = e as { message?: string; path?: string; code?: number }
    throw new WeChatCompileError('miniprogram-ci', String(err?.message ?? e), err?.path, err?.code)
  }
  return Object.fromEntries(Object.entries(files).map(([f, c]) => [f, typeof c === 'string' ? Buffer.byteLength(c) : c.length]))
}

function binary(name: 'wcc' | 'wcsc'): string {
  const dir = path.dirname(require.resolve('miniprogram-compiler/package.json'))
  const sub = process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux'
  const file = path.join(dir, 'bin', sub, process.platform === 'win32' ? `${name}.exe` : name)
  // npm ci without install scripts may leave the binaries without the exec bit; the package's own code chmods
  // them the same way.
  try {
    fs.chmodSync(file, 0o755)
  } catch {
    // read-only install: the spawn below says so
  }
  return file
}

/** WXML through wcc (all pages, components and .wxs files together, as DevTools does). */
export function wccCompile(dir: string): number {
  const wcc = require('miniprogram-compiler/src/wcc') as (root: string, files: string[], wxs: string[], o: { maxBuffer: number }) => string
  binary('wcc')
  const files = listFiles(dir).filter((f) => f.endsWith('.wxml')).map((f) => f.slice(0, -5))
  const wxs = listFiles(dir).filter((f) => f.endsWith('.wxs'))
  try {
    return wcc(dir, files, wxs, { maxBuffer: 256 << 20 }).length
  } catch (e) {
    throw new WeChatCompileError('wcc', (e as Error).message)
  }
}

/** WXSS through wcsc (the package's wrapper returns, not throws, its error). */
export function wcscCompile(dir: string): number {
  const wcsc = require('miniprogram-compiler/src/wcsc') as (root: string, files: string[], o: { maxBuffer: number }) => Record<string, string> | Error
  binary('wcsc')
  const files = listFiles(dir).filter((f) => f.endsWith('.wxss')).map((f) => f.slice(0, -5))
  const r = wcsc(dir, files, { maxBuffer: 256 << 20 })
  if (r instanceof Error) throw new WeChatCompileError('wcsc', r.message)
  if (!r || Object.keys(r).length === 0) throw new WeChatCompileError('wcsc', 'no output')
  return Object.keys(r).length
}

export interface PackageSizes {
  main: number
  subpackages: Record<string, number>
  total: number
}

/** Bytes per package: a file belongs to the subpackage whose root prefixes it, else to the main package. */
export function packageSizes(files: Record<string, number>, subRoots: string[]): PackageSizes {
  const roots = subRoots.map((r) => r.replace(/\/+$/, ''))
  const out: PackageSizes = { main: 0, subpackages: Object.fromEntries(roots.map((r) => [r, 0])), total: 0 }
  for (const [f, bytes] of Object.entries(files)) {
    const root = roots.find((r) => f === r || f.startsWith(`${r}/`))
    if (root) out.subpackages[root]! += bytes
    else out.main += bytes
    out.total += bytes
  }
  return out
}

/** The limits a package set breaks (empty: fine). */
export function sizeProblems(s: PackageSizes): string[] {
  const mb = (b: number) => `${(b / MB).toFixed(2)} MB`
  const out: string[] = []
  if (s.main > LIMITS.mainMB * MB) out.push(`main package ${mb(s.main)} > ${LIMITS.mainMB} MB`)
  for (const [r, b] of Object.entries(s.subpackages)) if (b > LIMITS.subpackageMB * MB) out.push(`subpackage ${r} ${mb(b)} > ${LIMITS.subpackageMB} MB`)
  if (s.total > LIMITS.totalMB * MB) out.push(`all packages ${mb(s.total)} > ${LIMITS.totalMB} MB`)
  return out
}
