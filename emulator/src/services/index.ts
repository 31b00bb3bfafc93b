// Services of the local CloudBase: functions runtime, H5 gateway, timers, clock, WeChat open APIs, storage,
// control endpoints and static files. The server calls createServices once and registers the returned module.
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import sirv from 'sirv'
import { EmulatorError, type ActionHandler, type EmulatorModule, type ServiceDeps } from '../types'
import { advanceClock, clockOffset, installClock, now, onClockChange, setClockOffset, startClockAt } from '../clock'
import { loadCloudbaseRc, type FunctionConfig, type TimerTrigger } from './config'
import { FunctionRuntime, type Caller } from './runtime'
import { TimerScheduler, timerEvent } from './timers'
import { Storage } from './storage'
import { WxApis } from './wx'
import { Gateway } from './gateway'
import { createHttpAccess } from './httpaccess'
import { parseJsonObject, sendError, sendJson } from './http'
import { loadSchema } from '../db/schema'
import type { BodyReader } from '../types'

export { advanceClock, clockOffset, now, setClockOffset } from '../clock'
export { nextFireTime, parseCron7, timerEvent } from './timers'
export type { Caller } from './runtime'

export interface ServicesModule extends EmulatorModule {
  envId: string
  runtime: FunctionRuntime
  storage: Storage
  wx: WxApis
  gateway: Gateway
  timers: TimerScheduler
  /** Invoke a function as a caller (openid set = the WeChat client). */
  invoke(name: string, event: unknown, caller?: Caller): Promise<unknown>
  /** Fire a timer trigger now and resolve with the function's result. */
  fireTimer(fn: string, trigger?: string): Promise<unknown>
}

const RESERVED_PREFIXES = ['/admin', '/gateway', '/__emulator']
/** Bodies of the control endpoints are small JSON objects. */
const MAX_CONTROL_BODY_BYTES = 64 * 1024
const YEAR_MS = 365 * 86_400_000
/** How far ahead of the real clock the emulated one may run (a century: every date stays valid and printable). */
export const MAX_CLOCK_OFFSET_MS = 100 * YEAR_MS
const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/
let liveServices = 0

function isReserved(pathname: string): boolean {
  return RESERVED_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`) || pathname.startsWith(`${p}?`))
}

function headerString(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v
  return s ? s : undefined
}

export function createServices(deps: ServiceDeps): EmulatorModule & ServicesModule {
  const { options } = deps
  installClock()
  if (options.startAt !== undefined) startClockAt(options.startAt)
  liveServices++
  const log = (msg: string) => { if (!options.quiet) console.log(`[emulator] ${msg}`) }

  const rc = options.cloudbasercPath ? loadCloudbaseRc(options.cloudbasercPath) : undefined
  const envId = options.envId ?? 'local'
  const functionsDir = options.functionsDir
    ? path.resolve(options.functionsDir)
    : rc ? path.resolve(rc.dir, rc.functionRoot ?? 'functions') : undefined
  const functions = new Map<string, FunctionConfig>((rc?.functions ?? []).map((f) => [f.name, f]))

  const runtime = new FunctionRuntime({ functionsDir, functions, envId, baseUrl: deps.baseUrl, quiet: options.quiet, functionsTz: options.functionsTz })
  const storageAcl = options.schemaPath ? loadSchema(options.schemaPath).storage?.permission : undefined
  const storage = new Storage(deps.filesDir, envId, deps.baseUrl, deps.sqlite, storageAcl ?? 'READONLY')
  const wx = new WxApis(deps.sqlite, options.wordListPath)
  const httpAccess = createHttpAccess(rc?.http ?? [], runtime, envId)
  const gateway = new Gateway(options.devLogin === true, runtime, storage, options.sessionTtlMs)
  const pushTargets = new Map((rc?.messagePush ?? []).map((m) => [m.event, m.function]))
  wx.connectMedia({
    resolve: (url) => storage.fileOfUrl(url),
    push: async (event, payload) => {
      const fn = pushTargets.get(event)
      if (!fn) return log(`no function configured for the WeChat event ${event} (messagePush)`)
      await runtime.invoke(fn, payload, {})
    }
  })

  const fire = (fn: string, trigger: TimerTrigger, time: Date) =>
    runtime.invoke(fn, timerEvent(trigger, time), { trigger: 'timer' })
  const timers = new TimerScheduler([...functions.values()], fire, log)
  if (options.timers !== false) timers.start()

  const unsubscribe = onClockChange((offset) => {
    runtime.broadcastClock(offset)
    timers.clockChanged()
  })

  async function fireTimer(fn: string, triggerName?: string): Promise<unknown> {
    const cfg = runtime.config(fn)
    if (!cfg) throw new EmulatorError('FUNCTION_NOT_FOUND', `function ${fn} does not exist`)
    let trigger: TimerTrigger | undefined
    if (triggerName !== undefined) {
      trigger = cfg.timers.find((t) => t.name === triggerName)
      if (!trigger) throw new EmulatorError('TRIGGER_NOT_FOUND', `function ${fn} has no timer trigger named ${triggerName}`)
    } else {
      trigger = cfg.timers[0] ?? { name: 'manual', config: '' }
    }
    return await fire(fn, trigger, new Date())
  }

  const invokeFunction: ActionHandler = async (params, ctx) => {
    const name = params.function_name
    if (typeof name !== 'string' || !name) throw new EmulatorError('INVALID_PARAM', 'function_name is required')
    let event: any = {}
    if (typeof params.request_data === 'string' && params.request_data !== '') {
      try {
        event = JSON.parse(params.request_data)
      } catch {
        throw new EmulatorError('INVALID_PARAM', 'request_data is not valid JSON')
      }
    } else if (params.request_data && typeof params.request_data === 'object') {
      event = params.request_data
    }
    // Emulator-only: simulate a call from the WeChat client with this openid.
    const openid = headerString(ctx.headers['x-emulator-wx-openid'])
    const appid = headerString(ctx.headers['x-emulator-wx-appid'])
    const caller: Caller = openid
      ? { openid, appid, unionid: headerString(ctx.headers['x-emulator-wx-unionid']) }
      : { source: headerString(ctx.headers['x-tcb-source']) }
    if (openid && event && typeof event === 'object' && !Array.isArray(event)) {
      event = { ...event, userInfo: { appId: appid ?? 'wx0000000000emulator', openId: openid } }
    }
    const result = await runtime.invoke(name, event, caller, ctx.requestId)
    return { data: { response_data: JSON.stringify(result ?? null) } }
  }

  const actions: Record<string, ActionHandler> = {
    'functions.invokeFunction': invokeFunction,
    ...wx.actions,
    ...storage.actions
  }

  const serveStatic = options.staticDir && fs.existsSync(options.staticDir)
    ? sirv(path.resolve(options.staticDir), { single: true, dev: true, etag: true })
    : undefined

  async function control(req: IncomingMessage, res: ServerResponse, url: URL, readBody: BodyReader): Promise<boolean> {
    const route = `${req.method} ${url.pathname}`
    const body = req.method === 'POST' ? await readBody(MAX_CONTROL_BODY_BYTES) : Buffer.alloc(0)
    switch (route) {
      case 'GET /__emulator/health':
        return sendJson(res, 200, {
          ok: true,
          envId,
          now: new Date().toISOString(),
          offsetMs: clockOffset(),
          // The folder's name only: answers never carry absolute paths of this machine.
          functionsDir: functionsDir ? path.basename(functionsDir) : null,
          functions: runtime.list(),
          timersRunning: options.timers !== false,
          timers: timers.triggers,
          devLogin: options.devLogin === true,
          functionsTz: options.functionsTz || 'UTC'
        })
      case 'GET /__emulator/clock':
        return sendJson(res, 200, { now: new Date().toISOString(), nowMs: now(), offsetMs: clockOffset() })
      case 'POST /__emulator/clock': {
        const b = parseJsonObject(body)
        if (!b) return sendError(res, 400, 'INVALID_PARAM', 'body must be a JSON object: { advanceMs } or { set: ISO date }')
        const room = MAX_CLOCK_OFFSET_MS - clockOffset()
        const tooFar = () => sendError(res, 400, 'CLOCK_OUT_OF_RANGE', `the emulated clock may run at most ${MAX_CLOCK_OFFSET_MS / YEAR_MS} years ahead of the real one`)
        if (b.advanceMs !== undefined) {
          const ms = Number(b.advanceMs)
          if (typeof b.advanceMs !== 'number' || !Number.isFinite(ms) || ms < 0) {
            return sendError(res, 400, 'INVALID_PARAM', 'advanceMs must be a non-negative number (the clock only moves forward)')
          }
          if (ms > room) return tooFar()
          advanceClock(ms)
        } else if (b.set !== undefined) {
          const target = typeof b.set === 'string' && b.set.length <= 64 ? Date.parse(b.set) : NaN
          if (!Number.isFinite(target)) return sendError(res, 400, 'INVALID_PARAM', 'set must be an ISO date string')
          const delta = target - now()
          if (delta < 0) return sendError(res, 400, 'CLOCK_BACKWARDS', 'the clock only moves forward')
          if (delta > room) return tooFar()
          advanceClock(delta)
        } else {
          return sendError(res, 400, 'INVALID_PARAM', 'give { advanceMs } or { set: ISO date }')
        }
        return sendJson(res, 200, { now: new Date().toISOString(), nowMs: now(), offsetMs: clockOffset() })
      }
      case 'POST /__emulator/timers/fire': {
        const b = parseJsonObject(body)
        if (!b || typeof b.function !== 'string' || !NAME_RE.test(b.function) || (b.trigger !== undefined && (typeof b.trigger !== 'string' || !NAME_RE.test(b.trigger)))) {
          return sendError(res, 400, 'INVALID_PARAM', 'body must be JSON { function, trigger? }')
        }
        try {
          return sendJson(res, 200, { result: await fireTimer(b.function, b.trigger) })
        } catch (e) {
          const err = e instanceof EmulatorError ? e : new EmulatorError('FUNCTIONS_EXECUTE_FAIL', (e as Error).message)
          const status = err.code === 'FUNCTION_NOT_FOUND' || err.code === 'TRIGGER_NOT_FOUND' ? 404 : 500
          return sendError(res, status, err.code, err.message)
        }
      }
      case 'GET /__emulator/outbox': {
        const touser = url.searchParams.get('touser')
        if (touser !== null && touser.length > 128) return sendError(res, 400, 'INVALID_PARAM', 'touser is at most 128 characters')
        return sendJson(res, 200, { messages: wx.outbox(touser) })
      }
      case 'DELETE /__emulator/outbox':
        return sendJson(res, 200, { deleted: wx.clearOutbox() })
      case 'GET /__emulator/logs': {
        const fn = url.searchParams.get('function')
        if (!fn || !NAME_RE.test(fn)) return sendError(res, 400, 'INVALID_PARAM', 'give ?function=<name>')
        return sendJson(res, 200, { lines: runtime.recentLogs(fn) })
      }
      case 'POST /__emulator/functions/reset':
        await runtime.reset()
        return sendJson(res, 200, { ok: true })
      default:
        return false
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, body: BodyReader): Promise<boolean> {
    if (await gateway.route(req, res, url, body)) return true
    if (await storage.route(req, res, url, body)) return true
    if (url.pathname.startsWith('/__emulator/')) return await control(req, res, url, body)
    // HTTP access: cloudbaserc's `http` routes (never over the emulator's own prefixes).
    if (!isReserved(url.pathname) && (await httpAccess(req, res, url, body))) return true
    if (serveStatic && (req.method === 'GET' || req.method === 'HEAD') && !isReserved(url.pathname)) {
      return await new Promise<boolean>((resolve) => {
        res.once('finish', () => resolve(true))
        serveStatic(req, res, () => resolve(false))
      })
    }
    return false
  }

  let closed = false
  async function close(): Promise<void> {
    if (closed) return
    closed = true
    timers.stop()
    unsubscribe()
    await runtime.close()
    if (--liveServices === 0) setClockOffset(0)
  }

  return {
    actions,
    route,
    close,
    envId,
    runtime,
    storage,
    wx,
    gateway,
    timers,
    invoke: (name, event, caller) => runtime.invoke(name, event, caller),
    fireTimer
  }
}
