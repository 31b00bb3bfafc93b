// H5 gateway for the browser build of the mini program (local mode only, `options.devLogin`):
//   POST /gateway/dev-login { openid }         → { token, openid, expiresIn }
//   POST /gateway/call { name, data }          → { result } | { code, message }   (Authorization: Bearer <token>)
//   POST /gateway/upload[?path=]               → { fileID }  (multipart "file" [+ "path"] or a raw body; token)
//   GET  /gateway/file?fileID=                 → the file, as the storage permission allows the session (token)
// The token travels only in the Authorization header. Pages show files through signed temp URLs
// (getTempFileURL), as in production. Sessions expire. CORS answers only the cloud's own origin and the origins
// allowed on purpose (the server refuses others before this module sees them). Without devLogin every /gateway
// route answers 403: there is no production equivalent (in production the WeChat client is the gateway).
import { randomBytes, randomUUID } from 'node:crypto'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { EmulatorError, type BodyReader } from '../types'
import type { FunctionRuntime } from './runtime'
import type { Storage } from './storage'
import { CORS_HEADERS, parseJsonObject, parseMultipart, sendError, sendJson } from './http'

const OPENID_RE = /^[A-Za-z0-9_-]{1,64}$/
/** Openids nobody can log in as (the timer and other platform actors). */
export const RESERVED_OPENIDS = new Set(['system'])
const MAX_SESSIONS = 10_000
export const DEFAULT_SESSION_TTL_MS = 12 * 3600_000

/** Body limits of the gateway routes, each read only after the caller is known. */
export const GATEWAY_LIMITS = {
  devLogin: 4 * 1024,
  /** SCF's limit for a synchronous invocation's event. */
  call: 6 * 1024 * 1024,
  /** A photo from the mini program (chooseMedia, compressed) is far below it. */
  upload: 10 * 1024 * 1024
} as const

interface Session {
  openid: string
  appid?: string
  /** performance.now() after which the token is refused: real time, not the emulated clock. */
  expires: number
}

export class Gateway {
  private readonly sessions = new Map<string, Session>()

  constructor(
    private readonly enabled: boolean,
    private readonly runtime: FunctionRuntime,
    private readonly storage: Storage,
    readonly sessionTtlMs = DEFAULT_SESSION_TTL_MS
  ) {}

  /** Create a session for an openid (what dev-login does). Reserved openids are refused. */
  login(openid: string, appid?: string): string {
    if (!OPENID_RE.test(openid)) throw new EmulatorError('INVALID_PARAM', 'openid must be 1-64 characters of A-Z a-z 0-9 _ -')
    if (RESERVED_OPENIDS.has(openid.toLowerCase())) throw new EmulatorError('OPENID_RESERVED', `the openid "${openid}" is reserved for the platform`)
    const token = randomBytes(24).toString('base64url')
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!)
    this.sessions.set(token, { openid, appid, expires: performance.now() + this.sessionTtlMs })
    return token
  }

  private session(req: IncomingMessage): Session | undefined {
    const auth = req.headers.authorization
    const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null
    const s = m ? this.sessions.get(m[1]!) : undefined
    if (s && performance.now() > s.expires) {
      this.sessions.delete(m![1]!)
      return undefined
    }
    return s
  }

  async route(req: IncomingMessage, res: ServerResponse, url: URL, body: BodyReader): Promise<boolean> {
    if (url.pathname !== '/gateway' && !url.pathname.startsWith('/gateway/')) return false
    // The server has already refused foreign origins: echo the (allowed) origin, never '*'.
    const origin = req.headers.origin
    const cors: Record<string, string> = origin ? { ...CORS_HEADERS, 'access-control-allow-origin': String(origin), vary: 'Origin' } : { vary: 'Origin' }
    const unauthenticated = () =>
      sendError(res, 401, 'UNAUTHENTICATED', 'missing, unknown or expired token: log in with POST /gateway/dev-login and send Authorization: Bearer <token>', cors)
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors)
      res.end()
      return true
    }
    if (!this.enabled) {
      return sendError(res, 403, 'GATEWAY_DISABLED', 'the H5 gateway needs the emulator to run with devLogin (local mode only)', cors)
    }
    const route = `${req.method} ${url.pathname}`
    switch (route) {
      case 'POST /gateway/dev-login': {
        const b = parseJsonObject(await body(GATEWAY_LIMITS.devLogin))
        if (!b || typeof b.openid !== 'string' || !OPENID_RE.test(b.openid)) {
          return sendError(res, 400, 'INVALID_PARAM', 'openid must be 1-64 characters of A-Z a-z 0-9 _ -', cors)
        }
        const appid = typeof b.appid === 'string' ? b.appid : undefined
        let token: string
        try {
          token = this.login(b.openid, appid)
        } catch (e) {
          return sendError(res, 403, (e as EmulatorError).code ?? 'INVALID_PARAM', (e as Error).message, cors)
        }
        return sendJson(res, 200, { token, openid: b.openid, expiresIn: Math.floor(this.sessionTtlMs / 1000) }, cors)
      }
      case 'POST /gateway/call': {
        const s = this.session(req)
        if (!s) return unauthenticated()
        const b = parseJsonObject(await body(GATEWAY_LIMITS.call))
        if (!b || typeof b.name !== 'string' || !b.name) return sendError(res, 400, 'INVALID_PARAM', 'body must be JSON { name, data }', cors)
        if (b.data !== undefined && (b.data === null || typeof b.data !== 'object' || Array.isArray(b.data))) {
          return sendError(res, 400, 'INVALID_PARAM', 'data must be an object', cors)
        }
        // Like wx.cloud.callFunction: the platform adds userInfo to the event, overriding anything sent.
        const event = { ...(b.data ?? {}), userInfo: { appId: s.appid ?? 'wx0000000000emulator', openId: s.openid } }
        try {
          const result = await this.runtime.invoke(b.name, event, { openid: s.openid, appid: s.appid, clientIp: req.socket.remoteAddress })
          return sendJson(res, 200, { result }, cors)
        } catch (e) {
          const err = e instanceof EmulatorError ? e : new EmulatorError('FUNCTIONS_EXECUTE_FAIL', (e as Error).message)
          return sendJson(res, 200, { code: err.code, message: err.message }, cors)
        }
      }
      case 'POST /gateway/upload': {
        const s = this.session(req)
        if (!s) return unauthenticated()
        let cloudPath = url.searchParams.get('path')
        // A path in the query is checked before the body is read.
        if (cloudPath) {
          try {
            if (!this.storage.canWrite(this.storage.checkPath(cloudPath), s.openid)) return this.denied(res, cors)
          } catch (e) {
            return sendError(res, 400, (e as EmulatorError).code ?? 'INVALID_PARAM', (e as Error).message, cors)
          }
        }
        const raw = await body(GATEWAY_LIMITS.upload)
        let content = raw
        let filename: string | undefined
        const ct = String(req.headers['content-type'] ?? '')
        if (/^multipart\/form-data/i.test(ct)) {
          const parts = parseMultipart(raw, ct)
          const file = parts?.find((p) => p.filename !== undefined) ?? parts?.find((p) => p.name === 'file')
          if (!file) return sendError(res, 400, 'INVALID_PARAM', 'multipart body needs a file part', cors)
          content = file.data
          filename = file.filename
          const pathField = parts!.find((p) => p.name === 'path' || p.name === 'cloudPath')
          if (pathField) cloudPath = pathField.data.toString('utf8')
        }
        if (content.length === 0) return sendError(res, 400, 'INVALID_PARAM', 'empty upload', cors)
        if (!cloudPath) {
          const ext = path.extname(filename ?? '').toLowerCase().replace(/[^.a-z0-9]/g, '')
          cloudPath = `uploads/${new Date().toISOString().slice(0, 10)}/${randomUUID()}${ext}`
        }
        try {
          return sendJson(res, 200, { fileID: this.storage.writeAs(s.openid, cloudPath, content) }, cors)
        } catch (e) {
          if ((e as EmulatorError).code === 'STORAGE_EXCEED_AUTHORITY') return this.denied(res, cors)
          return sendError(res, 400, (e as EmulatorError).code ?? 'INVALID_PARAM', (e as Error).message, cors)
        }
      }
      case 'GET /gateway/file':
      case 'HEAD /gateway/file': {
        const s = this.session(req)
        if (!s) return unauthenticated()
        let p: string
        try {
          p = this.storage.pathOf(url.searchParams.get('fileID') ?? '')
        } catch (e) {
          return sendError(res, 400, 'INVALID_PARAM', (e as Error).message, cors)
        }
        if (!this.storage.exists(p)) return sendError(res, 404, 'STORAGE_FILE_NONEXIST', 'storage file not exist', cors)
        if (!this.storage.canRead(p, s.openid)) return this.denied(res, cors)
        this.storage.serveFile(req, res, p)
        return true
      }
      default:
        return sendError(res, 404, 'NOT_FOUND', `no gateway route ${route}`, cors)
    }
  }

  private denied(res: ServerResponse, cors: Record<string, string>): true {
    return sendError(res, 403, 'STORAGE_EXCEED_AUTHORITY', `the storage permission (${this.storage.acl}) does not allow this`, cors)
  }
}
