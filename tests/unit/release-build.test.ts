// A release weapp build without TARO_APP_CLOUD_ENV stops with a clear message (wx.cloud.init needs `env`);
// local builds keep their default. The check itself, and the real `taro build` stopping before it compiles.
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isRelease, releaseProblems } from '../../miniprogram/config/release'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

describe('weapp release build', () => {
  it('needs TARO_APP_CLOUD_ENV on weapp release builds only', () => {
    expect(releaseProblems({ TARO_ENV: 'weapp', TARO_APP_RELEASE: '1' })[0]).toMatch(/TARO_APP_CLOUD_ENV is not set.*wx\.cloud\.init needs `env`/)
    expect(releaseProblems({ TARO_ENV: 'weapp', TARO_APP_RELEASE: '1', TARO_APP_CLOUD_ENV: '  ' })).toHaveLength(1)
    expect(releaseProblems({ TARO_ENV: 'weapp', TARO_APP_RELEASE: '1', TARO_APP_CLOUD_ENV: 'wenshang-prod-1a2b' })).toEqual([])
    expect(releaseProblems({ TARO_ENV: 'weapp' })).toEqual([])
    expect(releaseProblems({ TARO_ENV: 'h5', TARO_APP_RELEASE: '1' })).toEqual([])
    expect(isRelease({ TARO_APP_RELEASE: 'true' })).toBe(true)
    expect(isRelease({ TARO_APP_RELEASE: '0' })).toBe(false)
  })

  it('`npm run build:weapp:release` without the env id exits 1 with the message, before compiling', () => {
    const env = { ...process.env }
    delete env.TARO_APP_CLOUD_ENV
    const r = spawnSync('npm', ['run', '-s', 'build:weapp:release'], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 })
    expect(r.status).toBe(1)
    expect(r.stderr + r.stdout).toMatch(/weapp release build stopped:[\s\S]*TARO_APP_CLOUD_ENV is not set/)
  })
})
