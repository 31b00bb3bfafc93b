// Test helper: start an in-process emulator and hand back a real @cloudbase/node-sdk app pointed at it.
import { sdkApp } from '../../scripts/sdk'
import type { CloudBase } from '@cloudbase/node-sdk'
import type { EmulatorOptions } from '../../emulator/src/types'
import { createEmulator, type CreateEmulatorOptions, type RunningEmulator } from '../../emulator/src/server'

export type SdkApp = CloudBase
export type SdkDb = ReturnType<CloudBase['database']>

/** A fresh real SDK app talking to the emulator at `adminUrl` (e.g. http://127.0.0.1:1234/admin). */
export { sdkApp }

export interface StartedEmulator {
  url: string
  adminUrl: string
  app: CloudBase
  db: SdkDb
  emulator: RunningEmulator
  close(): Promise<void>
}

/** Start an emulator (defaults: in-memory data, free port, timers off, quiet; `services: false` = database only) and a real SDK app for it. */
export async function startEmulator(opts: Partial<EmulatorOptions> & Pick<CreateEmulatorOptions, 'services' | 'onAction' | 'latencyMs'> = {}): Promise<StartedEmulator> {
  const emulator = await createEmulator({ port: 0, data: ':memory:', timers: false, quiet: true, ...opts })
  const adminUrl = `${emulator.url}/admin`
  const app = sdkApp(adminUrl)
  const db = app.database()
  return { url: emulator.url, adminUrl, app, db, emulator, close: () => emulator.close() }
}

/**
 * For a conformance test file: one database-only emulator for the file, and a fresh collection for every test
 * (`<prefix>1`, `<prefix>2`, …). Read `ctx.db` and `ctx.coll` inside the tests.
 */
export function useFreshCollections(prefix: string, hooks: { beforeAll: typeof import('vitest').beforeAll; afterAll: typeof import('vitest').afterAll; beforeEach: typeof import('vitest').beforeEach }) {
  const ctx = {} as { emu: StartedEmulator; db: StartedEmulator['db']; coll: string }
  let n = 0
  hooks.beforeAll(async () => {
    ctx.emu = await startEmulator({ services: false })
    ctx.db = ctx.emu.db
  })
  hooks.afterAll(async () => ctx.emu?.close())
  hooks.beforeEach(async () => {
    ctx.coll = `${prefix}${++n}`
    await ctx.db.createCollection(ctx.coll)
  })
  return ctx
}
