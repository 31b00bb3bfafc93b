// The weapp build the tests in tests/weapp/ look at: miniprogram/dist/weapp, rebuilt (`npm run build:weapp`)
// when missing or older than any file of the mini program's sources, its build config or the API contract.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { newestMtime } from '../../scripts/lib/mtime'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const WEAPP_DIR = path.join(ROOT, 'miniprogram/dist/weapp')
const SOURCES = ['miniprogram/src', 'miniprogram/config', 'miniprogram/babel.config.js', 'miniprogram/project.config.json', 'typings']

/** Files of a folder, relative, with '/' separators. */
export function listFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name
    return e.isDirectory() ? listFiles(dir, r) : [r]
  })
}

/** Builds the weapp when stale; returns its folder. A failed build throws with the build's output. */
export function ensureWeappBuild(): string {
  const marker = path.join(WEAPP_DIR, 'app.json')
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0
  const sources = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))))
  if (built > sources) return WEAPP_DIR
  const r = spawnSync('npm', ['run', 'build:weapp'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TARO_APP_RELEASE: '' }, maxBuffer: 256 << 20 })
  if (r.status !== 0) throw new Error(`npm run build:weapp failed (exit ${r.status}):\n${(r.stdout ?? '').slice(-4000)}\n${(r.stderr ?? '').slice(-4000)}`)
  if (!fs.existsSync(marker)) throw new Error('npm run build:weapp wrote no app.json')
  return WEAPP_DIR
}
