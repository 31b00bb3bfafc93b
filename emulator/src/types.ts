// Module interface of the local CloudBase emulator.
// The HTTP server (server.ts) parses each SDK request on POST /admin, looks the `action` up in the actions of
// every registered module and answers with the handler's result merged with a requestId. Modules may also
// serve plain HTTP routes (the H5 gateway, storage downloads, control endpoints, static files).
import type { IncomingMessage, ServerResponse, IncomingHttpHeaders } from 'node:http'
import type BetterSqlite3 from 'better-sqlite3'

export interface ActionContext {
  requestId: string
  headers: IncomingHttpHeaders
}

/** A CloudBase error, answered as `{ code, message, requestId }` with HTTP 200, the way the SDK expects. */
export class EmulatorError extends Error {
  constructor(public code: string, message: string) {
    super(message)
  }
}

export type ActionHandler = (params: Record<string, any>, ctx: ActionContext) => Promise<Record<string, unknown>> | Record<string, unknown>

/**
 * Reads the request body, at most `limit` bytes (else it rejects with BodyTooLarge and the server answers 413).
 * Nothing is read before a route calls it: a route checks who is calling first, then reads with its own limit.
 * Calling it again answers the same buffer.
 */
export type BodyReader = (limit: number) => Promise<Buffer>

/** The body of a request is larger than the route accepts (answered 413 PAYLOAD_TOO_LARGE). */
export class BodyTooLarge extends Error {
  constructor(public limit: number) {
    super(`request body exceeds ${limit} bytes`)
  }
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL, body: BodyReader) => Promise<boolean>

export interface EmulatorModule {
  /** SDK actions this module answers, e.g. 'database.getDocument'. */
  actions?: Record<string, ActionHandler>
  /** Extra HTTP routes; return true when the request was handled. */
  route?: RouteHandler
  close?: () => Promise<void> | void
}

export interface EmulatorOptions {
  port: number
  host?: string
  /** Folder for the SQLite file and stored files, or ':memory:' for a throwaway store. */
  data: string
  /** Database schema file (collections, indexes, permissions). */
  schemaPath?: string
  /** cloudbaserc.json: functions, env variables, timeouts and timer triggers. */
  cloudbasercPath?: string
  /** Folder of built functions: <dir>/<name>/index.js exporting main(event, context). */
  functionsDir?: string
  /** Folder served as static files at / (the H5 build). */
  staticDir?: string
  /** Enable the dev login (persona switcher) of the H5 gateway. Local mode only. */
  devLogin?: boolean
  /** Start cron timers from cloudbaserc (default true). */
  timers?: boolean
  /** Text file with one banned word per line for the local msgSecCheck. */
  wordListPath?: string
  envId?: string
  quiet?: boolean
  /**
   * Start the local clock at this instant (ISO 8601 with an offset, or ms since the epoch), past or future.
   * Everything the emulator and its functions see starts there and flows on; without it, the real time.
   */
  startAt?: string | number
  /** Extra names accepted in the Host header besides loopback ones and `host` (`--allow-host`). */
  allowedHosts?: string[]
  /** Extra browser origins accepted besides the cloud's own (`--allow-origin`). */
  allowedOrigins?: string[]
  /** Let devLogin run on a non-loopback address (`--allow-remote-dev-login`; prints a warning). */
  allowRemoteDevLogin?: boolean
  /** Lifetime of an H5 gateway session in ms of real time (default 12 hours). */
  sessionTtlMs?: number
  /**
   * TZ of the function processes (an IANA zone, e.g. Asia/Shanghai). Default UTC, as on SCF. A function's own
   * TZ in cloudbaserc's envVariables still wins.
   */
  functionsTz?: string
}

export interface ServiceDeps {
  options: EmulatorOptions
  /** The open SQLite handle (WAL). Services keep their own tables, prefixed `_emu_`. */
  sqlite: BetterSqlite3.Database
  /** Base URL of the running emulator, e.g. http://127.0.0.1:5173 (known after listen). */
  baseUrl: () => string
  /** Folder for stored files (null with ':memory:' → a temp folder). */
  filesDir: string
}
