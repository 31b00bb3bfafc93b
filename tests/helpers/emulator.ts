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
export async function startEmulator(opts: Partial<EmulatorOptions> & Pick<CreateEmulatorOptions, 'services' | 'onAction'> = {}): Promise<StartedEmulator> {
  const emulator = await createEmulator({ port: 0, data: ':memory:', timers: false, quiet: true, ...opts })
  const adminUrl = `${emulator.url}/admin`
  const app = sdkApp(adminUrl)
  const db = app.database()
  return { url: emulator.url, adminUrl, app, db, emulator, close: () => emulator.close() }
}
