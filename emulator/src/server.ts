// HTTP server of the local CloudBase emulator: answers the @cloudbase/node-sdk wire protocol on POST /admin
// (one JSON body `{ action, ...params }` per call) and serves the modules' plain HTTP routes.
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import type BetterSqlite3 from 'better-sqlite3'
import { BodyTooLarge, EmulatorError, type ActionHandler, type BodyReader, type EmulatorModule, type EmulatorOptions, type ServiceDeps } from './types'
import { addScrubRoots, createGuard, isLoopbackName, isWildcard, scrubPaths } from './guard'
import { createDatabase, type DatabaseModule } from './db/index'
import { createServices } from './services/index'

export interface RunningEmulator {
  /** http://127.0.0.1:<port> */
  url: string
  port: number
  sqlite: BetterSqlite3.Database
  /** The database module (explain, direct find, collections). */
  database: DatabaseModule
  /** All registered modules (database first). */
  modules: EmulatorModule[]
  close(): Promise<void>
}

/** Largest accepted body of an SDK call on /admin. */
export const MAX_ADMIN_BODY_BYTES = 10 * 1024 * 1024

const JSON_TYPE = 'application/json; charset=utf-8'

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.writableEnded) return
  const text = JSON.stringify(withoutPaths(body))
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** A JSON answer's `message` never carries absolute paths of this machine. */
function withoutPaths(body: unknown): unknown {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return { ...(body as object), message: scrubPaths((body as { message: string }).message) }
  }
  return body
}

/** True when the request announces a body (a length above 0, or chunked). */
function hasBody(req: http.IncomingMessage): boolean {
  const declared = Number(req.headers['content-length'])
  return (Number.isFinite(declared) && declared > 0) || req.headers['transfer-encoding'] !== undefined
}

/**
 * A lazy body reader: nothing is read until a route asks, with its own limit. A declared length over the limit
 * is refused before reading; a chunked body is counted as it arrives and dropped at the limit.
 */
function bodyReader(req: http.IncomingMessage, res: http.ServerResponse): BodyReader {
  let read: Promise<Buffer> | null = null
  return (limit: number) => {
    read ??= new Promise<Buffer>((resolve, reject) => {
      const declared = Number(req.headers['content-length'])
      if (Number.isFinite(declared) && declared > limit) {
        reject(new BodyTooLarge(limit))
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      let failed = false
      req.on('data', (chunk: Buffer) => {
        if (failed) return
        size += chunk.length
        if (size > limit) {
          failed = true
          chunks.length = 0
          req.pause()
          reject(new BodyTooLarge(limit))
          return
        }
        chunks.push(chunk)
      })
      req.on('end', () => {
        if (failed) return
        res.shouldKeepAlive = true
        resolve(Buffer.concat(chunks))
      })
      req.on('error', err => !failed && reject(err))
    })
    return read
  }
}

/** Open the SQLite store: <data>/db.sqlite in WAL mode, or a throwaway in-memory database. */
export function openSqlite(data: string): BetterSqlite3.Database {
  let sqlite: BetterSqlite3.Database
  if (data === ':memory:') sqlite = new Database(':memory:')
  else {
    fs.mkdirSync(data, { recursive: true })
    sqlite = new Database(path.join(data, 'db.sqlite'))
    sqlite.pragma('journal_mode = WAL')
  }
  // NORMAL + WAL: every committed transaction is in the WAL file before the call returns, so it survives the
  // process being killed (kill -9); only an OS crash / power loss may lose the last transactions.
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  return sqlite
}

async function loadServices(deps: ServiceDeps): Promise<EmulatorModule> {
  return await createServices(deps)
}

export interface CreateEmulatorOptions extends EmulatorOptions {
  /** Load the services module (functions, gateway, storage, timers…); default true. false = database only. */
  services?: boolean
  /** Called after every SDK action on /admin (profiling: round trips and time per action). */
  onAction?: (action: string, ms: number, ok: boolean, params: Record<string, unknown>) => void
  /**
   * Simulated network latency: every SDK call on /admin waits this long before it is handled, as a call across a
   * region would. Calls sent in parallel wait in parallel, so a caller's extra time counts its sequential round
   * trips (bench/cost.ts). Default 0.
   */
  latencyMs?: number
}

export async function createEmulator(opts: CreateEmulatorOptions): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1'
  const quiet = opts.quiet ?? false
  if (opts.devLogin && !isLoopbackName(host)) {
    if (!opts.allowRemoteDevLogin) {
      throw new Error(`dev login lets anyone act as any user: it refuses to listen on ${host}, a non-loopback address (use --allow-remote-dev-login on purpose)`)
    }
    console.warn(`[emulator] WARNING: dev login on ${host}: anyone who can reach this address can log in as any user`)
  }
  const guard = createGuard({ listenHost: host, allowedHosts: opts.allowedHosts, allowedOrigins: opts.allowedOrigins })
  addScrubRoots(opts.data, opts.schemaPath && path.dirname(opts.schemaPath), opts.cloudbasercPath && path.dirname(opts.cloudbasercPath), opts.functionsDir, opts.staticDir)
  const sqlite = openSqlite(opts.data)
  let tmpFiles: string | null = null
  let filesDir: string
  if (opts.data === ':memory:') filesDir = tmpFiles = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudbase-emulator-'))
  else {
    filesDir = path.join(opts.data, 'files')
    fs.mkdirSync(filesDir, { recursive: true })
  }

  let baseUrl = ''
  const modules: EmulatorModule[] = []
  let database: DatabaseModule
  try {
    database = createDatabase({ sqlite, schemaPath: opts.schemaPath })
    modules.push(database)
    const services = opts.services === false ? null : await loadServices({ options: opts, sqlite, baseUrl: () => baseUrl, filesDir })
    if (services) modules.push(services)
  } catch (e) {
    sqlite.close()
    if (tmpFiles) fs.rmSync(tmpFiles, { recursive: true, force: true })
    throw e
  }

  const actions = new Map<string, ActionHandler>()
  for (const m of modules) {
    for (const [name, handler] of Object.entries(m.actions ?? {})) {
      if (actions.has(name)) {
        if (!quiet) console.warn(`[emulator] action ${name} is defined twice; the first definition wins`)
        continue
      }
      actions.set(name, handler)
    }
  }

  const handleAdmin = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> => {
    const requestId = crypto.randomUUID()
    const fail = (code: string, message: string): void => sendJson(res, 200, { code, message, requestId })
    let payload: unknown
    try {
      payload = JSON.parse(body.toString('utf8'))
    } catch (e) {
      fail('INVALID_PARAM', `request body is not valid JSON: ${(e as Error).message}`)
      return
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
      fail('INVALID_PARAM', 'request body must be a JSON object { action, ...params }')
      return
    }
    const { action, ...params } = payload as Record<string, any>
    if (typeof action !== 'string' || !action) {
      fail('INVALID_PARAM', 'missing "action" in request body')
      return
    }
    const handler = actions.get(action)
    if (!handler) {
      fail('INVALID_ACTION', `action "${action}" is not supported by the local emulator`)
      return
    }
    if (opts.latencyMs) await new Promise(r => setTimeout(r, opts.latencyMs))
    const started = opts.onAction ? performance.now() : 0
    try {
      const result = await handler(params, { requestId, headers: req.headers })
      sendJson(res, 200, { requestId, ...(result ?? {}) })
      opts.onAction?.(action, performance.now() - started, true, params)
    } catch (e) {
      opts.onAction?.(action, performance.now() - started, false, params)
      if (e instanceof EmulatorError) fail(e.code, e.message)
      else {
        if (!quiet) console.error(`[emulator] ${action} failed:`, e)
        fail('INTERNAL_ERROR', `${action} failed: ${(e as Error)?.message ?? String(e)}`)
      }
    }
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      let url: URL
      try {
        url = new URL(req.url ?? '/', 'http://localhost')
      } catch {
        sendJson(res, 400, { code: 'INVALID_URL', message: 'bad request URL' })
        req.resume()
        return
      }
      // A body nobody reads is not drained: the connection closes after the answer.
      if (hasBody(req)) res.shouldKeepAlive = false
      const verdict = guard.check(req)
      if (!verdict.ok) {
        sendJson(res, verdict.status!, { code: verdict.code, message: verdict.message, requestId: crypto.randomUUID() })
        return
      }
      const body = bodyReader(req, res)
      const tooLarge = (e: unknown): boolean => {
        if (!(e instanceof BodyTooLarge)) return false
        res.shouldKeepAlive = false
        sendJson(res, 413, { code: 'PAYLOAD_TOO_LARGE', message: `request body exceeds ${e.limit} bytes`, requestId: crypto.randomUUID() })
        return true
      }
      const isAdmin = url.pathname === '/admin' || url.pathname.startsWith('/admin/')
      if (isAdmin) {
        if (req.method !== 'POST') {
          sendJson(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'use POST /admin with a JSON body', requestId: crypto.randomUUID() })
          return
        }
        // JSON only: a web page can send text/plain, form or multipart bodies without a preflight, never JSON.
        if (!/^application\/json\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''))) {
          sendJson(res, 415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'POST /admin takes content-type application/json only', requestId: crypto.randomUUID() })
          return
        }
        let buf: Buffer
        try {
          buf = await body(MAX_ADMIN_BODY_BYTES)
        } catch (e) {
          if (!tooLarge(e)) sendJson(res, 400, { code: 'BAD_REQUEST', message: (e as Error).message })
          return
        }
        await handleAdmin(req, res, buf)
        return
      }
      try {
        for (const m of modules) {
          if (!m.route) continue
          if (await m.route(req, res, url, body)) return
        }
      } catch (e) {
        if (tooLarge(e)) return
        throw e
      }
      sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${url.pathname}` })
    })().catch(err => {
      if (!quiet) console.error('[emulator] request failed:', err)
      sendJson(res, 500, { code: 'INTERNAL_ERROR', message: String((err as Error)?.message ?? err) })
    })
  })
  server.keepAliveTimeout = 5000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as { port: number }).port
  // On a wildcard address the cloud (and its functions) reach themselves through loopback.
  const selfHost = isWildcard(host) ? (host.includes(':') ? '::1' : '127.0.0.1') : host
  const url = `http://${selfHost.includes(':') ? `[${selfHost}]` : selfHost}:${port}`
  baseUrl = url

  let closed: Promise<void> | null = null
  const close = (): Promise<void> => {
    closed ??= (async () => {
      await new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeIdleConnections()
        setTimeout(() => server.closeAllConnections(), 2000).unref()
      })
      for (const m of [...modules].reverse()) {
        try {
          await m.close?.()
        } catch (e) {
          if (!quiet) console.error('[emulator] module close failed:', e)
        }
      }
      sqlite.close()
      if (tmpFiles) fs.rmSync(tmpFiles, { recursive: true, force: true })
    })()
    return closed
  }

  return { url, port, sqlite, database: database!, modules, close }
}
