// The whole local stack for integration tests: the functions built once (esbuild), an in-memory emulator with
// the schema, cloudbaserc and the built functions (timers off), the Wenshang demo data seeded, and typed
// helpers that call a function as a given WeChat user through the real @cloudbase/node-sdk.
import type { OutboxMessage } from '../../emulator/src/services/wx'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CloudBase } from '@cloudbase/node-sdk'
import type { ActionName, ActionReq, ActionRes, Envelope, FunctionName } from '../../typings/api'
import { buildFunctions, ROOT } from '../../scripts/build-functions'
import { seed } from '../../scripts/seed/index'
import { sdkApp, startEmulator, type SdkDb, type StartedEmulator } from './emulator'

// Off Tencent Cloud the SDK probes the metadata server before every call (see scripts/sdk.ts); skip it.
process.env.TENCENTCLOUD ??= 'true'

export const SCHEMA_PATH = path.join(ROOT, 'cloudfunctions/database.schema.json')
export const RC_PATH = path.join(ROOT, 'cloudbaserc.json')

let built: Promise<string> | null = null

/** Build every function once per test process, into a private folder. */
export function buildOnce(): Promise<string> {
  built ??= (async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshang-functions-'))
    await buildFunctions({ outDir, quiet: true, maxBytes: Number.MAX_SAFE_INTEGER })
    return outDir
  })()
  return built
}

export interface Caller {
  openid: string | null
  /** Call `fn.action` with `data` (typed by ActionMap); resolves with the function's Envelope. */
  call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, data: ActionReq<F, A>): Promise<Envelope<ActionRes<F, A>>>
  /** Same, with any payload (for malformed input). */
  raw(fn: string, event: unknown): Promise<any>
  /** call() that throws unless ok, answering the data. */
  ok<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, data: ActionReq<F, A>): Promise<ActionRes<F, A>>
}

export type { OutboxMessage }

export interface Stack {
  url: string
  adminUrl: string
  /** Admin SDK database (no WeChat identity), for assertions on raw documents. */
  db: SdkDb
  emulator: StartedEmulator
  as(openid: string): Caller
  /** A caller without a WeChat identity (a server-side call). */
  anonymous(): Caller
  advanceClock(ms: number): Promise<Date>
  now(): Promise<Date>
  fireTimer(): Promise<any>
  outbox(touser?: string): Promise<OutboxMessage[]>
  clearOutbox(): Promise<void>
  close(): Promise<void>
}

/**
 * Where every integration stack's clock starts (a Tuesday, Beijing time), unless a test file picks its own
 * instant. No test depends on today's date: each moves the emulator's clock from a known instant.
 */
export const TEST_EPOCH = '2026-12-01T09:00:00+08:00'

export interface StackOptions {
  /** Start the local clock here (default TEST_EPOCH). */
  startAt?: string
  devLogin?: boolean
  /** Seed the demo data (default true). */
  seed?: boolean
  /** Simulated network latency per SDK call (bench/cost.ts). */
  latencyMs?: number
  /**
   * The per-resident abuse limits (daily submissions and supplements, resubmits within 10 minutes): most test files
   * file many cases as one resident within a minute, so they run 'relaxed' (default; the limits off); the abuse
   * tests run with the 'configured' ones of cloudbaserc.json.
   */
  limits?: 'relaxed' | 'configured'
  /** Extra env variables for every function (e.g. RETENTION_DAYS), over cloudbaserc.json's. */
  env?: Record<string, string>
  /** Profiling hook: called after every SDK action the emulator answers. */
  onAction?: (action: string, ms: number, ok: boolean, params: Record<string, unknown>) => void
}

function caller(app: CloudBase, openid: string | null): Caller {
  const raw = async (fn: string, event: unknown) => {
    const res = await app.callFunction({ name: fn, data: event as any })
    return res.result
  }
  const call = async (fn: string, action: string, data: unknown) => (await raw(fn, { action, data })) as any
  return {
    openid,
    raw,
    call: call as Caller['call'],
    ok: (async (fn: string, action: string, data: unknown) => {
      const env = await call(fn, action, data)
      if (!env || env.ok !== true) {
        throw new Error(`${fn}.${action} as ${openid} failed: ${JSON.stringify(env)}`)
      }
      return env.data
    }) as Caller['ok']
  }
}

const RELAXED_LIMITS = { LIMIT_SUBMITS_PER_DAY: '0', LIMIT_SUPPLEMENTS_PER_DAY: '0', DUPLICATE_WINDOW_MINUTES: '0' }

/** cloudbaserc.json with extra env variables for every function, in a temp file (the repository file as is without). */
function rcWith(env: Record<string, string>): string {
  if (Object.keys(env).length === 0) return RC_PATH
  const rc = JSON.parse(fs.readFileSync(RC_PATH, 'utf8'))
  for (const f of rc.functions) f.envVariables = { ...(f.envVariables ?? {}), ...env }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenshang-rc-'))
  const file = path.join(dir, 'cloudbaserc.json')
  // Keep the functionRoot meaningful relative to the copy (functionsDir is passed explicitly anyway).
  fs.writeFileSync(file, JSON.stringify(rc))
  return file
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const functionsDir = await buildOnce()
  const env = { ...((opts.limits ?? 'relaxed') === 'relaxed' ? RELAXED_LIMITS : {}), ...(opts.env ?? {}) }
  const emulator = await startEmulator({
    schemaPath: SCHEMA_PATH,
    cloudbasercPath: rcWith(env),
    functionsDir,
    timers: false,
    devLogin: opts.devLogin ?? true,
    quiet: true,
    startAt: opts.startAt ?? TEST_EPOCH,
    ...(opts.onAction ? { onAction: opts.onAction } : {}),
    ...(opts.latencyMs ? { latencyMs: opts.latencyMs } : {})
  })
  if (opts.seed !== false) await seed(emulator.db, { log: () => {} })
  const apps = new Map<string, Caller>()
  const control = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}${p}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const json = (await res.json()) as any
    if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${JSON.stringify(json)}`)
    return json
  }
  return {
    url: emulator.url,
    adminUrl: emulator.adminUrl,
    db: emulator.db,
    emulator,
    as(openid) {
      let c = apps.get(openid)
      if (!c) apps.set(openid, (c = caller(sdkApp(emulator.adminUrl, { 'x-emulator-wx-openid': openid }), openid)))
      return c
    },
    anonymous: () => caller(sdkApp(emulator.adminUrl), null),
    async advanceClock(ms) {
      const r = await control('POST', '/__emulator/clock', { advanceMs: ms })
      return new Date(r.now)
    },
    async now() {
      const r = await control('GET', '/__emulator/clock')
      return new Date(r.now)
    },
    async fireTimer() {
      const r = await control('POST', '/__emulator/timers/fire', { function: 'timer' })
      return r.result
    },
    async outbox(touser) {
      const q = touser ? `?touser=${encodeURIComponent(touser)}` : ''
      return (await control('GET', `/__emulator/outbox${q}`)).messages
    },
    async clearOutbox() {
      await control('DELETE', '/__emulator/outbox')
    },
    close: () => emulator.close()
  }
}

/** Unwrap an envelope that must be an error; answers its code. */
export function codeOf(env: Envelope<unknown>): string {
  return env.ok ? 'OK' : env.code
}
