// cloudbaserc.json: functions, their env variables, timeouts and timer triggers.
import fs from 'node:fs'
import path from 'node:path'

export interface TimerTrigger {
  name: string
  /** 7-field cron: second minute hour day month weekday year (Beijing time). */
  config: string
  /** Optional custom argument, passed as the event's Message. */
  argument?: string
}

export interface FunctionConfig {
  name: string
  /** Seconds (SCF default 3). */
  timeout: number
  memorySize: number
  runtime?: string
  /** "file.export", default "index.main". */
  handler: string
  envVariables: Record<string, string>
  timers: TimerTrigger[]
}

export interface CloudbaseRc {
  envId?: string
  functionRoot?: string
  functions: FunctionConfig[]
  /**
   * 消息推送: WeChat events delivered to a function (in production set in the console, 云开发 → 设置 → 消息推送),
   * e.g. [{ "event": "wxa_media_check", "function": "wxevent" }].
   */
  messagePush?: Array<{ event: string; function: string }>
  /**
   * HTTP access (云开发 HTTP 访问服务): a path prefix routed to a function, e.g.
   * [{ "path": "/open311", "function": "open311" }]. The function gets an API-gateway event and answers
   * { statusCode, headers, body, isBase64Encoded } (anything else is sent as JSON with 200).
   */
  http?: HttpRoute[]
}

export interface HttpRoute {
  path: string
  function: string
}

const HTTP_PATH = /^\/[A-Za-z0-9_.\-/]{0,200}$/

/** Validate the `http` routes: absolute paths (no trailing slash), known-looking function names. */
export function normalizeHttpRoutes(raw: unknown): HttpRoute[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) throw new Error('cloudbaserc: "http" must be an array of { path, function }')
  return raw.map((r: any) => {
    if (typeof r?.path !== 'string' || !HTTP_PATH.test(r.path) || r.path.includes('..')) throw new Error(`cloudbaserc: bad http path ${JSON.stringify(r?.path)}`)
    if (typeof r?.function !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(r.function)) throw new Error(`cloudbaserc: bad http function ${JSON.stringify(r?.function)}`)
    const path = r.path.length > 1 ? r.path.replace(/\/+$/, '') : r.path
    return { path, function: r.function }
  })
}

export const DEFAULT_TIMEOUT_S = 3
export const DEFAULT_MEMORY_MB = 256

/** Replace `{{env.NAME}}` placeholders from process.env; unresolved ones become ''. */
function resolvePlaceholders(s: string): string {
  return s.replace(/\{\{\s*env\.([A-Za-z0-9_]+)\s*\}\}/g, (_m, k: string) => process.env[k] ?? '')
}

export function normalizeFunction(raw: any): FunctionConfig {
  if (!raw || typeof raw.name !== 'string' || !raw.name) throw new Error('cloudbaserc: every function needs a name')
  const envVariables: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw.envVariables ?? {})) envVariables[k] = resolvePlaceholders(String(v))
  const timers: TimerTrigger[] = []
  for (const t of raw.triggers ?? []) {
    if (t?.type !== 'timer') continue
    if (typeof t.config !== 'string' || typeof t.name !== 'string') throw new Error(`cloudbaserc: bad timer trigger on ${raw.name}`)
    timers.push({ name: t.name, config: t.config, argument: typeof t.argument === 'string' ? t.argument : undefined })
  }
  const timeout = Number(raw.timeout ?? DEFAULT_TIMEOUT_S)
  return {
    name: raw.name,
    timeout: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_S,
    memorySize: Number(raw.memorySize ?? DEFAULT_MEMORY_MB) || DEFAULT_MEMORY_MB,
    runtime: raw.runtime,
    handler: typeof raw.handler === 'string' && raw.handler.includes('.') ? raw.handler : 'index.main',
    envVariables,
    timers
  }
}

export function loadCloudbaseRc(file: string): CloudbaseRc & { dir: string } {
  const text = fs.readFileSync(file, 'utf8')
  let raw: any
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new Error(`cloudbaserc: ${file} is not valid JSON: ${(e as Error).message}`)
  }
  const envId = typeof raw.envId === 'string' ? resolvePlaceholders(raw.envId) : undefined
  return {
    dir: path.dirname(path.resolve(file)),
    envId: envId || undefined,
    functionRoot: typeof raw.functionRoot === 'string' ? raw.functionRoot : undefined,
    functions: Array.isArray(raw.functions) ? raw.functions.map(normalizeFunction) : [],
    messagePush: Array.isArray(raw.messagePush)
      ? raw.messagePush.filter((m: any) => typeof m?.event === 'string' && typeof m?.function === 'string').map((m: any) => ({ event: m.event, function: m.function }))
      : [],
    http: normalizeHttpRoutes(raw.http)
  }
}
