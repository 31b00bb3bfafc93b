// H5 gateway for the browser build of the mini program (local mode only, `options.devLogin`):
//   POST /gateway/dev-login { openid }         → { token, openid }
//   POST /gateway/call { name, data }          → { result } | { code, message }   (Authorization: Bearer <token>)
//   POST /gateway/upload[?path=]               → { fileID }  (multipart "file" [+ "path"] or a raw body)
//   GET  /gateway/file?fileID=                 → the file (no token: <img src> cannot send one)
// CORS is enabled on all of them. Without devLogin every /gateway route answers 403: there is no production
// equivalent (in production the WeChat client is the gateway).
import { randomBytes, randomUUID } from 'node:crypto'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { EmulatorError } from '../types'
import type { FunctionRuntime } from './runtime'
import type { Storage } from './storage'
import { CORS_HEADERS, parseJsonObject, parseMultipart, sendError, sendJson } from './http'

const OPENID_RE = /^[A-Za-z0-9_-]{1,64}$/
const MAX_SESSIONS = 10_000

export class Gateway {
  private readonly sessions = new Map<string, { openid: string; appid?: string }>()

  constructor(
    private readonly enabled: boolean,
    private readonly runtime: FunctionRuntime,
    private readonly storage: Storage
  ) {}

  /** Create a session for an openid (what dev-login does). */
  login(openid: string, appid?: string): string {
    const token = randomBytes(24).toString('base64url')
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!)
    this.sessions.set(token, { openid, appid })
    return token
  }

  private session(req: IncomingMessage) {
    const auth = req.headers.authorization
    const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null
    return m ? this.sessions.get(m[1]!) : undefined
  }

  async route(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean> {
    if (url.pathname !== '/gateway' && !url.pathname.startsWith('/gateway/')) return false
    const cors = CORS_HEADERS
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
        const b = parseJsonObject(body)
        if (!b || typeof b.openid !== 'string' || !OPENID_RE.test(b.openid)) {
          return sendError(res, 400, 'INVALID_PARAM', 'openid must be 1-64 characters of A-Z a-z 0-9 _ -', cors)
        }
        const appid = typeof b.appid === 'string' ? b.appid : undefined
        return sendJson(res, 200, { token: this.login(b.openid, appid), openid: b.openid }, cors)
      }
      case 'POST /gateway/call': {
        const s = this.session(req)
        if (!s) return sendError(res, 401, 'UNAUTHENTICATED', 'missing or unknown token: log in with POST /gateway/dev-login first', cors)
        const b = parseJsonObject(body)
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
        if (!this.session(req)) return sendError(res, 401, 'UNAUTHENTICATED', 'missing or unknown token', cors)
        let content = body
        let cloudPath = url.searchParams.get('path')
        let filename: string | undefined
        const ct = String(req.headers['content-type'] ?? '')
        if (/^multipart\/form-data/i.test(ct)) {
          const parts = parseMultipart(body, ct)
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
          return sendJson(res, 200, { fileID: this.storage.write(cloudPath, content) }, cors)
        } catch (e) {
          return sendError(res, 400, (e as EmulatorError).code ?? 'INVALID_PARAM', (e as Error).message, cors)
        }
      }
      case 'GET /gateway/file':
      case 'HEAD /gateway/file': {
        let p: string
        try {
          p = this.storage.pathOf(url.searchParams.get('fileID') ?? '')
        } catch (e) {
          return sendError(res, 400, 'INVALID_PARAM', (e as Error).message, cors)
        }
        if (!this.storage.exists(p)) return sendError(res, 404, 'STORAGE_FILE_NONEXIST', 'storage file not exist', cors)
        this.storage.serveFile(req, res, p)
        return true
      }
      default:
        return sendError(res, 404, 'NOT_FOUND', `no gateway route ${route}`, cors)
    }
  }
}
