// Functions runtime: each function runs in its own warm child process, the way an SCF instance does.
// - env variables from cloudbaserc apply per function, module state stays warm between calls;
// - the timeout (seconds, from cloudbaserc) is enforced: the child is killed, the call answers a timeout error
//   and the next call cold-starts;
// - the child's environment makes unmodified production code (`tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })`)
//   talk to this emulator, and `context` has the production shape (`environment` is a JSON string).
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { EmulatorError } from '../types'
import { clockOffset } from '../clock'
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, type FunctionConfig } from './config'

const RUNNER = fileURLToPath(new URL('./runner.mjs', import.meta.url))
const DEFAULT_APPID = 'wx0000000000emulator'

/**
 * Development aid (bench/RESULTS.md, function CPU): EMULATOR_CPU_PROFILE=<dir> runs every function instance with
 * V8's --cpu-prof and writes its .cpuprofile there when the emulator closes.
 */
const CPU_PROFILE_DIR = process.env.EMULATOR_CPU_PROFILE

/** Who calls: a WeChat client (openid set) or a server (no openid), or a timer. */
export interface Caller {
  openid?: string
  appid?: string
  unionid?: string
  clientIp?: string
  /** X-TCB-Source of the caller, for server-to-server calls. */
  source?: string
  trigger?: 'tcb' | 'timer' | 'http'
}

interface Pending {
  resolve: (v: unknown) => void
  reject: (e: Error) => void
  timer: NodeJS.Timeout
}

interface Instance {
  child: ChildProcess
  ready: Promise<void>
  pending: Map<string, Pending>
  mtimeMs: number
  dead: boolean
}

export interface RuntimeOptions {
  functionsDir: string | undefined
  functions: Map<string, FunctionConfig>
  envId: string
  baseUrl: () => string
  quiet?: boolean
  /** TZ of the function processes (default UTC, as on SCF). */
  functionsTz?: string
}

function nodeModulesDir(): string | undefined {
  try {
    const req = createRequire(import.meta.url)
    const pkg = req.resolve('@cloudbase/node-sdk/package.json')
    return path.dirname(path.dirname(path.dirname(pkg)))
  } catch {
    return undefined
  }
}

const MAX_LOG_LINES = 500
const INIT_TIMEOUT_MS = 30_000

export class FunctionRuntime {
  private readonly instances = new Map<string, Instance>()
  private readonly logs = new Map<string, string[]>()
  private readonly nodePath = nodeModulesDir()
  private closed = false

  constructor(private readonly opts: RuntimeOptions) {}

  /** The config of a function: from cloudbaserc, or defaults when it only exists in the functions folder. */
  config(name: string): FunctionConfig | undefined {
    const c = this.opts.functions.get(name)
    if (c) return c
    if (this.opts.functionsDir && /^[A-Za-z0-9_-]+$/.test(name) && fs.existsSync(path.join(this.opts.functionsDir, name, 'index.js'))) {
      return { name, timeout: DEFAULT_TIMEOUT_S, memorySize: DEFAULT_MEMORY_MB, handler: 'index.main', envVariables: {}, timers: [] }
    }
    return undefined
  }

  /** Names of the functions known from cloudbaserc or present in the functions folder. */
  list(): string[] {
    const names = new Set(this.opts.functions.keys())
    if (this.opts.functionsDir && fs.existsSync(this.opts.functionsDir)) {
      for (const d of fs.readdirSync(this.opts.functionsDir)) {
        if (fs.existsSync(path.join(this.opts.functionsDir, d, 'index.js'))) names.add(d)
      }
    }
    return [...names].sort()
  }

  /** Recent console output of a function's instances. */
  recentLogs(name: string): string[] {
    return [...(this.logs.get(name) ?? [])]
  }

  private entryFile(cfg: FunctionConfig): { file: string; exportName: string } {
    if (!this.opts.functionsDir) throw new EmulatorError('FUNCTIONS_EXECUTE_FAIL', 'the emulator has no functions folder (functionsDir)')
    const dot = cfg.handler.lastIndexOf('.')
    const fileBase = cfg.handler.slice(0, dot)
    const exportName = cfg.handler.slice(dot + 1)
    const dir = path.join(this.opts.functionsDir, cfg.name)
    const candidates = [`${fileBase}.js`, `${fileBase}.cjs`, `${fileBase}.mjs`].map((f) => path.join(dir, f))
    const file = candidates.find((f) => fs.existsSync(f))
    if (!file) throw new EmulatorError('FUNCTIONS_EXECUTE_FAIL', `function ${cfg.name} is not built: ${candidates[0]} does not exist`)
    return { file, exportName }
  }

  private log(name: string, line: string, stream: 'out' | 'err'): void {
    let buf = this.logs.get(name)
    if (!buf) this.logs.set(name, (buf = []))
    buf.push(line)
    if (buf.length > MAX_LOG_LINES) buf.splice(0, buf.length - MAX_LOG_LINES)
    if (!this.opts.quiet) (stream === 'out' ? process.stdout : process.stderr).write(`[fn:${name}] ${line}\n`)
  }

  private childEnv(cfg: FunctionConfig): NodeJS.ProcessEnv {
    const envId = this.opts.envId
    const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT']
    const env: NodeJS.ProcessEnv = {}
    for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]
    // A machine clock shifted by libfaketime (the test suite's clock-independence run) must be shifted for the
    // functions too: they receive the emulated clock as an offset from the real clock they share with us.
    for (const [k, v] of Object.entries(process.env)) if ((k === 'LD_PRELOAD' || k.startsWith('FAKETIME')) && v !== undefined) env[k] = v
    Object.assign(env, {
      // SCF runs in UTC unless the function sets TZ (or the emulator is told otherwise: functionsTz).
      TZ: this.opts.functionsTz || 'UTC',
      NODE_PATH: this.nodePath ?? '',
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      TENCENTCLOUD_SECRETID: 'AKIDemulatorlocalsecretid',
      TENCENTCLOUD_SECRETKEY: 'emulatorlocalsecretkey',
      TENCENTCLOUD_SESSIONTOKEN: 'emulator-local-session-token',
      SCF_NAMESPACE: envId,
      TCB_ENV: envId,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${this.opts.baseUrl()}/admin` }),
      SCF_FUNCTIONNAME: cfg.name,
      SCF_FUNCTIONVERSION: '$LATEST',
      SCF_RUNTIME: cfg.runtime ?? 'Nodejs18.15',
      SCF_MEMORY_SIZE: String(cfg.memorySize),
      SCF_TIMEOUT: String(cfg.timeout),
      TENCENTCLOUD_APPID: '1250000000',
      TCB_EMULATOR: '1'
    })
    Object.assign(env, cfg.envVariables)
    return env
  }

  private start(cfg: FunctionConfig): Instance {
    const { file, exportName } = this.entryFile(cfg)
    const mtimeMs = fs.statSync(file).mtimeMs
    const child = fork(RUNNER, [file, exportName, String(clockOffset())], {
      cwd: path.dirname(file),
      env: this.childEnv(cfg),
      execArgv: [`--max-old-space-size=${Math.max(128, cfg.memorySize)}`, '--enable-source-maps', ...(CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [])],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json'
    })
    const inst: Instance = { child, ready: Promise.resolve(), pending: new Map(), mtimeMs, dead: false }
    for (const [stream, tag] of [[child.stdout, 'out'], [child.stderr, 'err']] as const) {
      let rest = ''
      stream?.setEncoding('utf8')
      stream?.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n')
        rest = lines.pop() ?? ''
        for (const l of lines) this.log(cfg.name, l, tag)
      })
      stream?.on('end', () => { if (rest) this.log(cfg.name, rest, tag) })
    }
    inst.ready = new Promise<void>((resolve, reject) => {
      child.on('message', (msg: any) => {
        if (msg?.type === 'ready') resolve()
        else if (msg?.type === 'loadError') {
          reject(new EmulatorError('FUNCTIONS_EXECUTE_FAIL', `function ${cfg.name} failed to load: ${msg.error?.message}`))
        } else if (msg?.type === 'result') {
          const p = inst.pending.get(msg.id)
          if (!p) return
          inst.pending.delete(msg.id)
          clearTimeout(p.timer)
          if (msg.ok) p.resolve(JSON.parse(msg.json))
          else p.reject(new EmulatorError('FUNCTIONS_EXECUTE_FAIL', String(msg.error?.message ?? 'function failed')))
        }
      })
      child.on('exit', (code, signal) => {
        inst.dead = true
        if (this.instances.get(cfg.name) === inst) this.instances.delete(cfg.name)
        const err = new EmulatorError('FUNCTIONS_EXECUTE_FAIL', `function ${cfg.name} exited unexpectedly (${signal ?? `code ${code}`})`)
        reject(err)
        for (const p of inst.pending.values()) { clearTimeout(p.timer); p.reject(err) }
        inst.pending.clear()
      })
      child.on('error', (e) => {
        this.log(cfg.name, `[emulator] child process error: ${e.message}`, 'err')
      })
    })
    // Like SCF's initialisation timeout: a module that never finishes loading is killed.
    const loadTimer = setTimeout(() => { if (!inst.dead) child.kill('SIGKILL') }, INIT_TIMEOUT_MS)
    loadTimer.unref()
    inst.ready.then(() => clearTimeout(loadTimer), () => clearTimeout(loadTimer))
    this.instances.set(cfg.name, inst)
    return inst
  }

  private instanceFor(cfg: FunctionConfig): Instance {
    const existing = this.instances.get(cfg.name)
    if (existing && !existing.dead) {
      // A rebuilt function cold-starts, like a redeploy.
      let mtimeMs = existing.mtimeMs
      try { mtimeMs = fs.statSync(this.entryFile(cfg).file).mtimeMs } catch { /* keep the warm one */ }
      if (mtimeMs === existing.mtimeMs) return existing
      this.retire(cfg.name, existing)
    }
    return this.start(cfg)
  }

  /** Stop an instance once its in-flight calls are done. */
  private retire(name: string, inst: Instance): void {
    if (this.instances.get(name) === inst) this.instances.delete(name)
    const stop = () => { if (!inst.dead) inst.child.kill('SIGKILL') }
    if (inst.pending.size === 0) stop()
    else {
      const iv = setInterval(() => { if (inst.pending.size === 0 || inst.dead) { clearInterval(iv); stop() } }, 50)
      iv.unref()
    }
  }

  private buildContext(cfg: FunctionConfig, requestId: string, caller: Caller) {
    const envId = this.opts.envId
    const trigger = caller.trigger ?? 'tcb'
    const environment: Record<string, string> = {
      SCF_NAMESPACE: envId,
      TCB_ENV: envId,
      TCB_SEQID: requestId,
      TRIGGER_SRC: trigger,
      TCB_SOURCE: caller.openid ? 'wx_client' : trigger === 'timer' ? 'timer' : trigger === 'http' ? 'http' : caller.source || 'node_sdk',
      TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TRIGGER_SRC,TCB_SOURCE'
    }
    if (caller.openid) {
      Object.assign(environment, {
        WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_CLIENTIPV6',
        WX_OPENID: caller.openid,
        WX_APPID: caller.appid || DEFAULT_APPID,
        WX_UNIONID: caller.unionid ?? '',
        WX_CLIENTIP: caller.clientIp ?? '127.0.0.1',
        WX_CLIENTIPV6: '::ffff:127.0.0.1'
      })
    }
    return {
      request_id: requestId,
      function_name: cfg.name,
      function_version: '$LATEST',
      memory_limit_in_mb: cfg.memorySize,
      time_limit_in_ms: Math.round(cfg.timeout * 1000),
      namespace: envId,
      environment: JSON.stringify(environment)
    }
  }

  /** Invoke a function and resolve with its (JSON) result; failures reject with an EmulatorError. */
  async invoke(name: string, event: unknown, caller: Caller = {}, requestId: string = randomUUID()): Promise<unknown> {
    if (this.closed) throw new EmulatorError('FUNCTIONS_EXECUTE_FAIL', 'the emulator is shutting down')
    if (typeof name !== 'string' || !name) throw new EmulatorError('INVALID_PARAM', 'function name is required')
    const cfg = this.config(name)
    if (!cfg) throw new EmulatorError('FUNCTION_NOT_FOUND', `function ${name} does not exist (not in cloudbaserc nor in the functions folder)`)
    const inst = this.instanceFor(cfg)
    await inst.ready
    const context = this.buildContext(cfg, requestId, caller)
    return await new Promise((resolve, reject) => {
      const id = randomUUID()
      const timer = setTimeout(() => {
        if (!inst.pending.has(id)) return
        inst.pending.delete(id)
        reject(new EmulatorError('FUNCTIONS_EXECUTE_FAIL', `Invoking task timed out after ${cfg.timeout} seconds`))
        // Like SCF, the timed-out instance is killed; the next call cold-starts.
        if (this.instances.get(cfg.name) === inst) this.instances.delete(cfg.name)
        inst.child.kill('SIGKILL')
      }, Math.round(cfg.timeout * 1000))
      inst.pending.set(id, { resolve, reject, timer })
      try {
        inst.child.send({ type: 'invoke', id, event: event ?? {}, context, offsetMs: clockOffset() })
      } catch (e) {
        inst.pending.delete(id)
        clearTimeout(timer)
        reject(new EmulatorError('FUNCTIONS_EXECUTE_FAIL', `could not send the event to ${name}: ${(e as Error).message}`))
      }
    })
  }

  /** Tell every warm instance the new clock offset. */
  broadcastClock(offsetMs: number): void {
    for (const inst of this.instances.values()) {
      if (!inst.dead && inst.child.connected) {
        try { inst.child.send({ type: 'clock', offsetMs }) } catch { /* it will get the offset with its next call */ }
      }
    }
  }

  /** Kill every instance (warm state is lost; the next call cold-starts). */
  async close(): Promise<void> {
    this.closed = true
    const exits: Promise<void>[] = []
    for (const inst of this.instances.values()) {
      if (inst.dead) continue
      exits.push(new Promise<void>((resolve) => { inst.child.once('exit', () => resolve()) }))
      // A profiled instance exits by itself when the channel closes (runner.mjs), and writes its profile then.
      if (CPU_PROFILE_DIR) { inst.child.disconnect(); continue }
      inst.child.kill('SIGKILL')
    }
    this.instances.clear()
    await Promise.all(exits)
  }

  /** Kill warm instances but keep serving (for tests of cold starts). */
  async reset(): Promise<void> {
    await this.close()
    this.closed = false
  }
}
