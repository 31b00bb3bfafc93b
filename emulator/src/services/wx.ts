// The `wx.api` action (node-sdk callWxOpenApi): WeChat open APIs answered locally.
// - subscribeMessage.send (cgi-bin/message/subscribe/send) is recorded in the outbox table `_emu_outbox`;
// - security.msgSecCheck (wxa/msg_sec_check) is answered from a local word list;
// - phonenumber.getPhoneNumber (wxa/business/getuserphonenumber): a code `phone:<number>` proves that number;
// - security.mediaCheckAsync (wxa/media_check_async, v2) answers a trace_id at once and pushes the verdict later as
//   a `wxa_media_check` event to the function configured for it (消息推送). The verdict comes from the stored file:
//   bytes containing MEDIA_MARKERS (or a name matching the word list) are flagged.
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import type BetterSqlite3 from 'better-sqlite3'
import { EmulatorError, type ActionHandler } from '../types'

export const DEFAULT_WORDLIST = fileURLToPath(new URL('./wordlist.txt', import.meta.url))

export interface OutboxMessage {
  id: number
  touser: string
  template_id: string
  page: string | null
  data: Record<string, { value: unknown }>
  miniprogram_state: string | null
  lang: string | null
  sentAt: string
}

type Suggest = 'pass' | 'review' | 'risky'

interface WordRule {
  word: string
  suggest: Exclude<Suggest, 'pass'>
}

/** One word per line; `#` starts a comment; a line `word review` flags for review instead of risky. */
export function loadWordList(file: string): WordRule[] {
  const rules: WordRule[] = []
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim()
    if (!line) continue
    const [word, level] = line.split(/\s+/)
    rules.push({ word: word!.toLowerCase(), suggest: level === 'review' ? 'review' : 'risky' })
  }
  return rules
}

const API_ALIASES: Record<string, string> = {
  'subscribeMessage.send': 'subscribeMessage.send',
  'cgi-bin/message/subscribe/send': 'subscribeMessage.send',
  'security.msgSecCheck': 'security.msgSecCheck',
  'wxa/msg_sec_check': 'security.msgSecCheck',
  'security.mediaCheckAsync': 'security.mediaCheckAsync',
  'wxa/media_check_async': 'security.mediaCheckAsync',
  'phonenumber.getPhoneNumber': 'phonenumber.getPhoneNumber',
  'wxa/business/getuserphonenumber': 'phonenumber.getPhoneNumber'
}

/**
 * The local stand-in for the code of WeChat's getPhoneNumber button: `phone:<number>` (digits, optionally with a
 * leading `+<country code>-`) proves that number; anything else answers 40029 invalid code, as WeChat does.
 */
export const PHONE_CODE = /^phone:(?:\+(\d{1,4})-)?(\d{5,15})$/

/** Byte markers that make the local media check flag a file (a stand-in for WeChat's image recognition). */
export const MEDIA_MARKERS: Record<'risky' | 'review', string> = { risky: 'EMULATOR-MEDIA-RISKY', review: 'EMULATOR-MEDIA-REVIEW' }

/** How the media check reaches the rest of the emulator: the stored file behind a URL, and the push of a WeChat event. */
export interface MediaHooks {
  /** The file a URL points at (a temp URL of local storage), or null. */
  resolve(url: string): { name: string; bytes: Buffer } | null
  /** Deliver a WeChat event (消息推送) to its configured function; resolves when delivered. */
  push(event: string, payload: Record<string, unknown>): Promise<void>
}

function normalizeApiName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined
  return API_ALIASES[name.replace(/^\/+/, '').replace(/\?.*$/, '')]
}

export class WxApis {
  private readonly rules: WordRule[]
  private readonly insert: BetterSqlite3.Statement

  constructor(private readonly sqlite: BetterSqlite3.Database, wordListPath?: string) {
    this.rules = loadWordList(wordListPath ?? DEFAULT_WORDLIST)
    sqlite.exec(`CREATE TABLE IF NOT EXISTS _emu_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      touser TEXT NOT NULL,
      template_id TEXT NOT NULL,
      page TEXT,
      data TEXT NOT NULL,
      miniprogram_state TEXT,
      lang TEXT,
      sent_at TEXT NOT NULL
    )`)
    this.insert = sqlite.prepare(
      'INSERT INTO _emu_outbox (touser, template_id, page, data, miniprogram_state, lang, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    )
  }

  outbox(touser?: string | null): OutboxMessage[] {
    const rows: any[] = touser
      ? this.sqlite.prepare('SELECT * FROM _emu_outbox WHERE touser = ? ORDER BY id').all(touser)
      : this.sqlite.prepare('SELECT * FROM _emu_outbox ORDER BY id').all()
    return rows.map((r) => ({
      id: r.id,
      touser: r.touser,
      template_id: r.template_id,
      page: r.page,
      data: JSON.parse(r.data),
      miniprogram_state: r.miniprogram_state,
      lang: r.lang,
      sentAt: r.sent_at
    }))
  }

  clearOutbox(): number {
    return this.sqlite.prepare('DELETE FROM _emu_outbox').run().changes
  }

  subscribeSend(body: any): Record<string, unknown> {
    if (!body || typeof body !== 'object') return { errcode: 47001, errmsg: 'data format error' }
    if (typeof body.touser !== 'string' || !body.touser) return { errcode: 40003, errmsg: 'invalid openid' }
    if (typeof body.template_id !== 'string' || !body.template_id) return { errcode: 40037, errmsg: 'invalid template_id' }
    const data = body.data
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { errcode: 47003, errmsg: 'argument invalid! data is empty' }
    for (const [k, v] of Object.entries(data)) {
      if (!v || typeof v !== 'object' || !('value' in (v as object))) return { errcode: 47003, errmsg: `argument invalid! data.${k}.value is empty` }
    }
    if (body.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(body.miniprogram_state)) {
      return { errcode: 47003, errmsg: 'argument invalid! miniprogram_state' }
    }
    const info = this.insert.run(
      body.touser, body.template_id, typeof body.page === 'string' ? body.page : null, JSON.stringify(data),
      body.miniprogram_state ?? null, body.lang ?? null, new Date().toISOString()
    )
    return { errcode: 0, errmsg: 'ok', msgid: Number(info.lastInsertRowid) }
  }

  /** Which word rule matches the text, if any (risky wins over review). */
  check(text: string): { suggest: Suggest; keyword?: string } {
    const lower = text.toLowerCase()
    let hit: WordRule | undefined
    for (const r of this.rules) {
      if (lower.includes(r.word) && (!hit || (hit.suggest === 'review' && r.suggest === 'risky'))) hit = r
    }
    return hit ? { suggest: hit.suggest, keyword: hit.word } : { suggest: 'pass' }
  }

  msgSecCheck(body: any): Record<string, unknown> {
    if (!body || typeof body !== 'object' || typeof body.content !== 'string') return { errcode: 47001, errmsg: 'data format error' }
    const parts = [body.content, body.title, body.nickname, body.signature].filter((s) => typeof s === 'string').join('\n')
    const { suggest, keyword } = this.check(parts)
    if (Number(body.version) === 2) {
      if (typeof body.openid !== 'string' || !body.openid) return { errcode: 40003, errmsg: 'invalid openid' }
      if (![1, 2, 3, 4].includes(Number(body.scene))) return { errcode: 40097, errmsg: 'invalid args: scene' }
      const label = suggest === 'pass' ? 100 : 21000
      return {
        errcode: 0,
        errmsg: 'ok',
        result: { suggest, label },
        detail: [{ strategy: 'keyword', errcode: 0, suggest, label, ...(keyword ? { keyword, level: 90 } : {}) }],
        trace_id: `emulator-${Date.now()}`
      }
    }
    // v1: an errcode says it all.
    return suggest === 'pass' ? { errcode: 0, errmsg: 'ok' } : { errcode: 87014, errmsg: 'risky content' }
  }

  private mediaHooks: MediaHooks | null = null
  private pending = new Set<Promise<void>>()
  private traceSeq = 0

  connectMedia(hooks: MediaHooks): void {
    this.mediaHooks = hooks
  }

  /** The verdict of the local media check for a file. */
  mediaVerdict(file: { name: string; bytes: Buffer } | null): { suggest: Suggest; label: number } {
    if (!file) return { suggest: 'review', label: 20001 }
    const text = file.bytes.toString('latin1')
    if (text.includes(MEDIA_MARKERS.risky)) return { suggest: 'risky', label: 20002 }
    if (text.includes(MEDIA_MARKERS.review)) return { suggest: 'review', label: 20006 }
    const byName = this.check(file.name)
    return byName.suggest === 'pass' ? { suggest: 'pass', label: 100 } : { suggest: byName.suggest, label: 21000 }
  }

  mediaCheckAsync(body: any): Record<string, unknown> {
    if (!body || typeof body !== 'object' || typeof body.media_url !== 'string' || !body.media_url) return { errcode: 47001, errmsg: 'data format error' }
    if (![1, 2].includes(Number(body.media_type))) return { errcode: 40097, errmsg: 'invalid args: media_type' }
    if (Number(body.version) !== 2) return { errcode: 40097, errmsg: 'invalid args: version' }
    if (typeof body.openid !== 'string' || !body.openid) return { errcode: 40003, errmsg: 'invalid openid' }
    if (![1, 2, 3, 4].includes(Number(body.scene))) return { errcode: 40097, errmsg: 'invalid args: scene' }
    const traceId = `emu-${Date.now().toString(36)}-${(++this.traceSeq).toString(36)}-${Math.random().toString(36).slice(2, 10)}`
    const hooks = this.mediaHooks
    if (hooks) {
      const { suggest, label } = this.mediaVerdict(hooks.resolve(body.media_url))
      const payload = {
        ToUserName: 'gh_emulator', FromUserName: body.openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event',
        Event: 'wxa_media_check', appid: 'wx0000000000emulator', trace_id: traceId, version: 2,
        detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 }],
        errcode: 0, errmsg: 'ok', result: { suggest, label }
      }
      // Asynchronous, like WeChat: after the answer (a short delay lets the caller store the trace id).
      const p = new Promise<void>((r) => setTimeout(r, 50))
        .then(() => hooks.push('wxa_media_check', payload))
        .catch((e) => console.error('[emulator] media check push failed:', (e as Error)?.message ?? e))
        .finally(() => this.pending.delete(p))
      this.pending.add(p)
    }
    return { errcode: 0, errmsg: 'ok', trace_id: traceId }
  }

  /** phonenumber.getPhoneNumber: the button's `code` → phone_info (see PHONE_CODE). */
  private getPhoneNumber(body: any): unknown {
    const code = typeof body?.code === 'string' ? body.code : ''
    if (!code) return { errcode: 40003, errmsg: 'invalid code: missing' }
    const m = PHONE_CODE.exec(code)
    if (!m) return { errcode: 40029, errmsg: 'invalid code' }
    const countryCode = m[1] ?? '86'
    const pure = m[2]!
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: countryCode === '86' ? pure : `+${countryCode}${pure}`,
        purePhoneNumber: pure,
        countryCode,
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: typeof body?.appid === 'string' ? body.appid : 'emulator' }
      }
    }
  }

  /** Wait for the media verdicts in flight (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending])
  }

  readonly actions: Record<string, ActionHandler> = {
    'wx.api': (params) => {
      const api = normalizeApiName(params.apiName)
      if (!api) {
        throw new EmulatorError(
          'WX_API_NOT_SUPPORTED',
          `wx API "${String(params.apiName)}" is not available in the local emulator (supported: ${Object.keys(API_ALIASES).join(', ')})`
        )
      }
      let body: any = params.requestData
      if (typeof body === 'string') {
        try {
          body = body ? JSON.parse(body) : {}
        } catch {
          throw new EmulatorError('INVALID_PARAM', 'requestData is not valid JSON')
        }
      }
      const response =
        api === 'subscribeMessage.send'
          ? this.subscribeSend(body)
          : api === 'security.mediaCheckAsync'
            ? this.mediaCheckAsync(body)
            : api === 'phonenumber.getPhoneNumber'
              ? this.getPhoneNumber(body)
              : this.msgSecCheck(body)
      return { data: { responseData: JSON.stringify(response) } }
    }
  }
}
