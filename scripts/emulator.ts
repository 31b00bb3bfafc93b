// `npm run emulator`: the whole local cloud in one command (as the Firebase Emulator Suite): the emulator with
// the database schema, cloudbaserc.json (env variables, timeouts, timers), the cloud functions (rebuilt when
// stale), the H5 gateway with its dev login, cron timers, storage and the WeChat open-API stand-ins (wx.api).
//
//   npm run emulator [-- --port 8080] [--host 127.0.0.1] [--data .data | :memory:] [--seed demo]
//                       [--at <ISO instant>] [--functions-tz <IANA zone>] [--no-timers] [--static <dir>]
//                       [--no-build] [--quiet]
//
// --seed demo loads the Wenshang demo data (scripts/seed: towns, villages, grids, departments, categories,
// holidays, demo personas) — the app's data, not the emulator's, which stays petition-agnostic. --at starts the
// local clock at any instant, past or future. --functions-tz sets TZ of the function processes (default UTC,
// as on SCF). When ready it prints one line: `local cloud ready at http://127.0.0.1:<port>`.
// `npm start` (scripts/start.ts) is this plus the H5 build served at /. The bare emulator: `npm run emulator:core`.
import fs from 'node:fs'
import path from 'node:path'
import { newestMtime } from './lib/mtime'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createEmulator } from '../emulator/src/server'
import { parseInstant } from '../emulator/src/clock'
import { isTimeZone } from '../emulator/src/cli'
import { buildFunctions, readRc, ROOT } from './build-functions'
import { seed } from './seed'
import { sdkApp } from './sdk'

export type RunningLocalCloud = Awaited<ReturnType<typeof createEmulator>>

export interface LocalCloudOptions {
  port: number
  host?: string
  /** Folder of the data (SQLite + files) or ':memory:'. */
  data: string
  /** 'demo': load the Wenshang demo data after start. */
  seed?: 'demo' | null
  /** Start the local clock at this instant (ISO 8601 with offset), past or future. */
  at?: string
  /** TZ of the function processes (default UTC). */
  functionsTz?: string
  timers?: boolean
  /** Served at / (the H5 build). */
  staticDir?: string
  /** Skip the stale check and build of the functions. */
  noBuild?: boolean
  log?: (s: string) => void
}

export const SCHEMA_PATH = path.join(ROOT, 'cloudfunctions/database.schema.json')
export const RC_PATH = path.join(ROOT, 'cloudbaserc.json')
export const FUNCTIONS_DIR = path.join(ROOT, 'dist/functions')
/** What a function bundle is made of: when any is newer than a bundle, the functions are rebuilt. */
const FUNCTION_SOURCES = ['cloudfunctions', 'typings', 'cloudbaserc.json', 'scripts/build-functions.ts', 'package.json']

/** The functions whose bundle (or DevTools config.json) is missing or older than their sources. */
export function staleFunctions(): string[] {
  const sources = Math.max(...FUNCTION_SOURCES.map((s) => newestMtime(path.join(ROOT, s))))
  return (readRc(RC_PATH).functions ?? [])
    .map((f) => f.name)
    .filter((name) =>
      ['index.js', 'config.json'].some((f) => {
        const p = path.join(FUNCTIONS_DIR, name, f)
        return !fs.existsSync(p) || fs.statSync(p).mtimeMs < sources
      })
    )
}

/** Builds stale functions, starts the emulator with the project's schema, rc and functions, seeds on demand. */
export async function startLocalCloud(o: LocalCloudOptions): Promise<RunningLocalCloud> {
  const log = o.log ?? ((s: string) => console.log(s))
  if (!o.noBuild) {
    const stale = staleFunctions()
    if (stale.length) {
      log(`› building cloud functions (${stale.length === (readRc(RC_PATH).functions ?? []).length ? 'all' : stale.join(', ')})`)
      await buildFunctions({ quiet: true })
    } else log('› cloud functions up to date')
  }
  if (o.data !== ':memory:') fs.mkdirSync(o.data, { recursive: true })
  const emulator = await createEmulator({
    port: o.port,
    host: o.host ?? '127.0.0.1',
    data: o.data,
    schemaPath: SCHEMA_PATH,
    cloudbasercPath: RC_PATH,
    functionsDir: FUNCTIONS_DIR,
    devLogin: true,
    timers: o.timers !== false,
    ...(o.staticDir ? { staticDir: o.staticDir } : {}),
    ...(o.at ? { startAt: o.at } : {}),
    ...(o.functionsTz ? { functionsTz: o.functionsTz } : {})
  })
  try {
    if (o.seed === 'demo') {
      const { counts } = await seed(sdkApp(`${emulator.url}/admin`).database(), { log: () => {} })
      log(`› demo data: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`)
    }
  } catch (e) {
    await emulator.close()
    throw e
  }
  if (o.at) log(`› local clock starts at ${o.at}`)
  if (o.functionsTz) log(`› functions run with TZ=${o.functionsTz}`)
  return emulator
}

/** SIGINT / SIGTERM close the emulator cleanly (exit 0); installed before the ready line is printed. */
export function closeOnSignals(emulator: RunningLocalCloud): void {
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    const force = setTimeout(() => process.exit(1), 5000)
    force.unref()
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

export function parseCli(argv: string[]): LocalCloudOptions & { quiet: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string', default: path.join(ROOT, '.data') },
      seed: { type: 'string' },
      at: { type: 'string' },
      'functions-tz': { type: 'string' },
      'no-timers': { type: 'boolean', default: false },
      static: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false }
    }
  })
  const port = Number(values.port ?? process.env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${values.port}`)
  if (values.seed !== undefined && values.seed !== 'demo' && values.seed !== 'none') throw new Error(`bad --seed ${values.seed} (demo or none)`)
  if (values.at !== undefined) parseInstant(values.at)
  const tz = values['functions-tz']
  if (tz !== undefined && !isTimeZone(tz)) throw new Error(`bad --functions-tz ${tz} (an IANA zone such as Asia/Shanghai or UTC)`)
  return {
    port,
    host: values.host,
    data: values.data!,
    seed: values.seed === 'demo' ? 'demo' : null,
    at: values.at,
    functionsTz: tz,
    timers: !values['no-timers'],
    staticDir: values.static ? path.resolve(values.static) : undefined,
    noBuild: values['no-build'],
    quiet: values.quiet
  }
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseCli>
  try {
    opts = parseCli(process.argv.slice(2))
  } catch (e) {
    console.error((e as Error).message)
    process.exit(2)
  }
  const emulator = await startLocalCloud({ ...opts, log: opts.quiet ? () => {} : undefined })
  closeOnSignals(emulator)
  console.log(
    `local cloud ready at ${emulator.url} (SDK serviceUrl ${emulator.url}/admin, gateway ${emulator.url}/gateway with dev login, data ${opts.data})`
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error('[emulator] failed to start:', err)
    process.exit(1)
  })
}
