// Cloud storage kept in a local folder. fileIDs look like production: cloud://<env>.<bucket>/<path>.
// The SDK's upload (storage.getUploadMetadata + PUT to the returned URL), temp URLs (storage.batchGetDownloadUrl,
// served by the emulator, signed and expiring on the emulated clock), delete and copy.
// The admin SDK (POST /admin) is the administrator and bypasses the storage permission, as in CloudBase. Clients
// (the H5 gateway, standing in for the WeChat client) are held to it: every file remembers its creator's openid
// (table `_emu_files`), and the permission preset of the schema file says who may read and write.
import fs from 'node:fs'
import path from 'node:path'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type BetterSqlite3 from 'better-sqlite3'
import { EmulatorError, type ActionHandler, type BodyReader } from '../types'
import { now } from '../clock'

/**
 * CloudBase's storage permission presets (who, besides the administrator):
 * READONLY   everyone reads, the creator writes (CloudBase's default)
 * PRIVATE    the creator reads and writes
 * ADMINWRITE everyone reads, nobody writes
 * ADMINONLY  nobody reads or writes
 */
export type StorageAcl = 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY'
export const STORAGE_ACLS: StorageAcl[] = ['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY']

/** Largest body of a signed PUT upload (the SDK's uploadFile). */
export const MAX_STORAGE_UPLOAD_BYTES = 64 * 1024 * 1024

export const UPLOAD_PREFIX = '/__emulator/storage/upload'
export const FILES_PREFIX = '/__emulator/storage/files'
const DEFAULT_MAX_AGE_S = 86_400

/** Types served inline (shown by the browser). Everything else is sent as a download: an SVG, HTML or XML file
 * served inline from the cloud's origin could run script there. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/heic', 'video/mp4', 'audio/mpeg', 'text/plain; charset=utf-8'])

const MIME: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.heic': 'image/heic', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8', '.json': 'application/json',
  '.pdf': 'application/pdf', '.mp4': 'video/mp4', '.mp3': 'audio/mpeg', '.csv': 'text/csv; charset=utf-8'
}

export function mimeOf(p: string): string {
  return MIME[path.extname(p).toLowerCase()] ?? 'application/octet-stream'
}

export class Storage {
  readonly bucket: string
  private readonly secret = randomBytes(16)
  private readonly ownerStmt: { get: BetterSqlite3.Statement; set: BetterSqlite3.Statement; del: BetterSqlite3.Statement } | null

  constructor(
    private readonly filesDir: string,
    readonly envId: string,
    private readonly baseUrl: () => string,
    sqlite?: BetterSqlite3.Database,
    /** The permission clients are held to (the schema file's `storage.permission`). */
    readonly acl: StorageAcl = 'READONLY'
  ) {
    const hex = Buffer.from(envId.slice(0, 2) || 'lo').toString('hex')
    this.bucket = `${hex}-${envId}-1250000000`
    fs.mkdirSync(filesDir, { recursive: true })
    if (sqlite) {
      sqlite.exec('CREATE TABLE IF NOT EXISTS _emu_files (path TEXT PRIMARY KEY, openid TEXT, at INTEGER NOT NULL)')
      this.ownerStmt = {
        get: sqlite.prepare('SELECT openid FROM _emu_files WHERE path = ?'),
        set: sqlite.prepare('INSERT INTO _emu_files (path, openid, at) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET openid = excluded.openid, at = excluded.at'),
        del: sqlite.prepare('DELETE FROM _emu_files WHERE path = ?')
      }
    } else this.ownerStmt = null
  }

  /** The openid that created a file; null for the administrator's files (or unknown ones). */
  ownerOf(cloudPath: string): string | null {
    const row = this.ownerStmt?.get.get(cloudPath) as { openid: string | null } | undefined
    return row?.openid ?? null
  }

  /** May this client (openid) read the file? The administrator (admin SDK) always may. */
  canRead(cloudPath: string, openid: string): boolean {
    switch (this.acl) {
      case 'READONLY':
      case 'ADMINWRITE':
        return true
      case 'PRIVATE':
        return this.ownerOf(cloudPath) === openid
      case 'ADMINONLY':
        return false
    }
  }

  /** May this client write (create or overwrite) the file? Only its creator, and only under READONLY / PRIVATE. */
  canWrite(cloudPath: string, openid: string): boolean {
    if (this.acl === 'ADMINWRITE' || this.acl === 'ADMINONLY') return false
    return !this.exists(cloudPath) || this.ownerOf(cloudPath) === openid
  }

  /** A client's upload: refused (STORAGE_EXCEED_AUTHORITY) unless canWrite; the file is bound to `openid`. */
  writeAs(openid: string, cloudPath: string, content: Buffer): string {
    const p = this.checkPath(cloudPath)
    if (!this.canWrite(p, openid)) throw new EmulatorError('STORAGE_EXCEED_AUTHORITY', 'no permission to write this file: it belongs to someone else')
    const id = this.write(p, content)
    this.ownerStmt?.set.run(p, openid, now())
    return id
  }

  /** Validate a cloud path (relative, no traversal, no characters that break URLs). Returns it normalised. */
  checkPath(p: unknown): string {
    if (typeof p !== 'string' || !p || p.length > 850) throw new EmulatorError('INVALID_PARAM', 'cloudPath must be a non-empty string')
    const cleaned = p.replace(/^\/+/, '')
    const parts = cleaned.split('/')
    if (!cleaned || parts.some((s) => s === '' || s === '.' || s === '..') || /[\\?#%\u0000-\u001f]/.test(cleaned)) {
      throw new EmulatorError('INVALID_PARAM', `invalid cloudPath "${p}": use a relative path like "photos/a.jpg" without "..", "?", "#", "%" or "\\"`)
    }
    return cleaned
  }

  fileIdOf(cloudPath: string): string {
    return `cloud://${this.envId}.${this.bucket}/${cloudPath}`
  }

  /** The cloud path of a fileID of this environment, or throws INVALID_PARAM. */
  pathOf(fileID: unknown): string {
    if (typeof fileID !== 'string') throw new EmulatorError('INVALID_PARAM', 'fileID must be a string')
    const m = /^cloud:\/\/([^./]+)\.([^/]+)\/(.+)$/.exec(fileID)
    if (!m || m[1] !== this.envId || m[2] !== this.bucket) {
      throw new EmulatorError('INVALID_PARAM', `invalid fileID "${fileID}" (expected cloud://${this.envId}.${this.bucket}/<path>)`)
    }
    return this.checkPath(m[3])
  }

  private abs(cloudPath: string): string {
    return path.join(this.filesDir, ...cloudPath.split('/'))
  }

  exists(cloudPath: string): boolean {
    try { return fs.statSync(this.abs(cloudPath)).isFile() } catch { return false }
  }

  /** The administrator's write: a new file has no creator; an existing one keeps its creator. */
  write(cloudPath: string, content: Buffer): string {
    const p = this.checkPath(cloudPath)
    const file = this.abs(p)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, content)
    return this.fileIdOf(p)
  }

  read(cloudPath: string): Buffer | null {
    try { return fs.readFileSync(this.abs(cloudPath)) } catch { return null }
  }

  remove(cloudPath: string): boolean {
    if (!this.exists(cloudPath)) return false
    fs.rmSync(this.abs(cloudPath))
    this.ownerStmt?.del.run(cloudPath)
    return true
  }

  private sign(kind: string, cloudPath: string, t: number): string {
    return createHmac('sha256', this.secret).update(`${kind}\n${cloudPath}\n${t}`).digest('hex').slice(0, 32)
  }

  private verify(kind: string, cloudPath: string, t: number, sign: string | null): boolean {
    if (!sign || !Number.isFinite(t)) return false
    const want = Buffer.from(this.sign(kind, cloudPath, t))
    const got = Buffer.from(sign)
    return want.length === got.length && timingSafeEqual(want, got)
  }

  /** A signed temp URL, valid for maxAge seconds of emulated time. The path is not percent-encoded (the SDK encodes it). */
  tempUrl(cloudPath: string, maxAgeS = DEFAULT_MAX_AGE_S): string {
    const t = Math.floor(now() / 1000) + Math.max(1, Math.floor(maxAgeS))
    return `${this.baseUrl()}${FILES_PREFIX}/${cloudPath}?t=${t}&sign=${this.sign('get', cloudPath, t)}`
  }

  uploadUrl(cloudPath: string): string {
    const t = Math.floor(now() / 1000) + 3600
    return `${this.baseUrl()}${UPLOAD_PREFIX}?path=${encodeURIComponent(cloudPath)}&t=${t}&sign=${this.sign('put', cloudPath, t)}`
  }

  /** The stored file a temp URL of this storage points at (name and bytes), or null. */
  fileOfUrl(url: string): { name: string; bytes: Buffer } | null {
    try {
      const u = new URL(url)
      if (!u.pathname.startsWith(`${FILES_PREFIX}/`)) return null
      const cloudPath = this.checkPath(decodeURIComponent(u.pathname.slice(FILES_PREFIX.length + 1)))
      const bytes = this.read(cloudPath)
      return bytes ? { name: cloudPath.split('/').pop() ?? cloudPath, bytes } : null
    } catch {
      return null
    }
  }

  readonly actions: Record<string, ActionHandler> = {
    'storage.getUploadMetadata': (params) => {
      const p = this.checkPath(params.path)
      const fileId = this.fileIdOf(p)
      return {
        data: {
          url: this.uploadUrl(p),
          token: 'emulator-cos-token',
          authorization: 'q-sign-algorithm=sha1&q-ak=emulator',
          fileId,
          cosFileId: `emulator-${Date.now()}`,
          download_url: this.tempUrl(p)
        }
      }
    },
    'storage.batchGetDownloadUrl': (params) => {
      const list = params.file_list
      if (!Array.isArray(list) || list.length === 0) throw new EmulatorError('INVALID_PARAM', 'file_list must be a non-empty array')
      return {
        data: {
          download_list: list.map((item: any) => {
            const fileID = item?.fileid
            try {
              const p = this.pathOf(fileID)
              if (!this.exists(p)) return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' }
              const maxAge = Number(item.max_age)
              return { fileID, tempFileURL: this.tempUrl(p, maxAge > 0 ? maxAge : DEFAULT_MAX_AGE_S), code: 'SUCCESS' }
            } catch {
              return { fileID, tempFileURL: '', code: 'INVALID_PARAM' }
            }
          })
        }
      }
    },
    'storage.batchDeleteFile': (params) => {
      const list = params.fileid_list
      if (!Array.isArray(list) || list.length === 0) throw new EmulatorError('INVALID_PARAM', 'fileid_list must be a non-empty array')
      return {
        data: {
          delete_list: list.map((fileID: unknown) => {
            try {
              return { fileID, code: this.remove(this.pathOf(fileID)) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' }
            } catch {
              return { fileID, code: 'INVALID_PARAM' }
            }
          })
        }
      }
    },
    'storage.batchCopyFile': (params) => {
      const list = params.file_list
      if (!Array.isArray(list) || list.length === 0) throw new EmulatorError('INVALID_PARAM', 'file_list must be a non-empty array')
      return {
        data: {
          copy_list: list.map((item: any) => {
            try {
              const src = this.srcPathOf(item?.src_path)
              const dst = this.srcPathOf(item?.dst_path)
              const content = this.read(src)
              if (!content) return { fileId: this.fileIdOf(dst), code: 'STORAGE_FILE_NONEXIST' }
              if (this.exists(dst) && item.overwrite === false) return { fileId: this.fileIdOf(dst), code: 'STORAGE_FILE_EXIST' }
              const fileId = this.write(dst, content)
              if (item.remove_original) this.remove(src)
              return { fileId, code: 'SUCCESS' }
            } catch (e) {
              return { fileId: '', code: 'INVALID_PARAM', message: (e as Error).message }
            }
          })
        }
      }
    }
  }

  /** copy paths may be fileIDs or plain cloud paths */
  private srcPathOf(p: unknown): string {
    return typeof p === 'string' && p.startsWith('cloud://') ? this.pathOf(p) : this.checkPath(p)
  }

  /** Serve a stored file (temp URLs and the gateway). */
  serveFile(req: IncomingMessage, res: ServerResponse, cloudPath: string): void {
    const content = this.read(cloudPath)
    if (!content) {
      sendXmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.')
      return
    }
    const type = mimeOf(cloudPath)
    const headers: Record<string, string | number> = {
      'content-type': type,
      'content-length': content.length,
      'cache-control': 'private, max-age=60',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox"
    }
    if (!INLINE_TYPES.has(type)) {
      const name = path.posix.basename(cloudPath)
      headers['content-disposition'] = `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`
    }
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : content)
  }

  /** PUT uploads (the URL from getUploadMetadata) and GET/HEAD of temp URLs. */
  async route(req: IncomingMessage, res: ServerResponse, url: URL, body: BodyReader): Promise<boolean> {
    if (url.pathname === UPLOAD_PREFIX) {
      if (req.method !== 'PUT' && req.method !== 'POST') return sendXmlError(res, 405, 'MethodNotAllowed', 'use PUT'), true
      const p = url.searchParams.get('path') ?? ''
      const t = Number(url.searchParams.get('t'))
      if (!this.verify('put', p, t, url.searchParams.get('sign'))) return sendXmlError(res, 403, 'SignatureDoesNotMatch', 'bad upload signature'), true
      if (t * 1000 < now()) return sendXmlError(res, 403, 'AccessDenied', 'Request has expired'), true
      this.write(p, await body(MAX_STORAGE_UPLOAD_BYTES))
      res.writeHead(200, { 'content-length': 0 })
      res.end()
      return true
    }
    if (url.pathname.startsWith(`${FILES_PREFIX}/`)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendXmlError(res, 405, 'MethodNotAllowed', 'use GET'), true
      let p: string
      try {
        p = decodeURIComponent(url.pathname.slice(FILES_PREFIX.length + 1))
      } catch {
        return sendXmlError(res, 400, 'InvalidURI', 'bad path encoding'), true
      }
      const t = Number(url.searchParams.get('t'))
      if (!this.verify('get', p, t, url.searchParams.get('sign'))) return sendXmlError(res, 403, 'AccessDenied', 'Access Denied.'), true
      if (t * 1000 < now()) return sendXmlError(res, 403, 'AccessDenied', 'Request has expired'), true
      this.serveFile(req, res, p)
      return true
    }
    return false
  }
}

function sendXmlError(res: ServerResponse, status: number, code: string, message: string): void {
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource></Resource><RequestId>emulator</RequestId><TraceId>emulator</TraceId></Error>`
  res.writeHead(status, { 'content-type': 'application/xml' })
  res.end(xml)
}
