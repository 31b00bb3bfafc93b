// Command line entry of the local CloudBase emulator:
//   npm run emulator -- --port 5173 --data .emulator [--schema f] [--cloudbaserc f] [--functions dir] [--static dir]
//                       [--dev-login] [--no-timers] [--host h] [--env id] [--word-list f] [--quiet] [--no-services]
//                       [--at <ISO instant>] [--functions-tz <IANA zone>] [--allow-host name]... [--allow-origin origin]... [--allow-remote-dev-login]
import { parseInstant } from './clock'
import { createEmulator, type CreateEmulatorOptions } from './server'
import { isLoopbackName } from './guard'

/** An IANA time zone name Node knows (e.g. Asia/Shanghai, UTC). */
export function isTimeZone(v: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: v })
    return v.length > 0
  } catch {
    return false
  }
}

const USAGE = `usage: emulator --port <p> --data <dir|:memory:> [--schema file] [--cloudbaserc file] [--functions dir]
                [--static dir] [--dev-login] [--no-timers] [--host h] [--env id] [--word-list file] [--quiet] [--no-services]
                [--at <ISO instant, e.g. 2027-01-04T09:00:00+08:00>] [--functions-tz <IANA zone, default UTC>]
                [--allow-host name]... [--allow-origin http://host:port]... [--allow-remote-dev-login]`

export function parseArgs(argv: string[]): CreateEmulatorOptions {
  const opts: CreateEmulatorOptions = { port: 5173, data: '.emulator' }
  const valueFlags: Record<string, (v: string) => void> = {
    '--port': v => {
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`bad --port ${v}`)
      opts.port = n
    },
    '--data': v => (opts.data = v),
    '--schema': v => (opts.schemaPath = v),
    '--cloudbaserc': v => (opts.cloudbasercPath = v),
    '--functions': v => (opts.functionsDir = v),
    '--static': v => (opts.staticDir = v),
    '--host': v => (opts.host = v),
    '--env': v => (opts.envId = v),
    '--word-list': v => (opts.wordListPath = v),
    '--at': v => {
      parseInstant(v)
      opts.startAt = v
    },
    '--allow-host': v => (opts.allowedHosts = [...(opts.allowedHosts ?? []), v]),
    '--allow-origin': v => {
      let u: URL
      try {
        u = new URL(v)
      } catch {
        throw new Error(`bad --allow-origin ${v} (expected e.g. http://localhost:10086)`)
      }
      if (u.origin === 'null' || u.origin !== v.replace(/\/$/, '')) throw new Error(`bad --allow-origin ${v} (an origin: scheme://host[:port])`)
      opts.allowedOrigins = [...(opts.allowedOrigins ?? []), u.origin]
    },
    '--functions-tz': v => {
      if (!isTimeZone(v)) throw new Error(`bad --functions-tz ${v} (an IANA zone such as Asia/Shanghai or UTC)`)
      opts.functionsTz = v
    }
  }
  const boolFlags: Record<string, () => void> = {
    '--dev-login': () => (opts.devLogin = true),
    '--no-timers': () => (opts.timers = false),
    '--timers': () => (opts.timers = true),
    '--quiet': () => (opts.quiet = true),
    '--no-services': () => (opts.services = false),
    '--allow-remote-dev-login': () => (opts.allowRemoteDevLogin = true)
  }
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]
    let inline: string | undefined
    const eq = arg.indexOf('=')
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1)
      arg = arg.slice(0, eq)
    }
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE)
      process.exit(0)
    }
    if (valueFlags[arg]) {
      const v = inline ?? argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value`)
      valueFlags[arg](v)
    } else if (boolFlags[arg] && inline === undefined) boolFlags[arg]()
    else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`)
  }
  if (opts.devLogin && opts.host && !isLoopbackName(opts.host) && !opts.allowRemoteDevLogin) {
    throw new Error(`--dev-login lets anyone act as any user: it refuses --host ${opts.host} (not loopback) unless --allow-remote-dev-login is given`)
  }
  return opts
}

async function main(): Promise<void> {
  let opts: CreateEmulatorOptions
  try {
    opts = parseArgs(process.argv.slice(2))
  } catch (e) {
    console.error((e as Error).message)
    process.exit(2)
  }
  const emulator = await createEmulator(opts)
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    if (!opts.quiet) console.log(`[emulator] ${signal}: closing`)
    const force = setTimeout(() => process.exit(1), 5000)
    force.unref()
    emulator.close().then(
      () => process.exit(0),
      err => {
        console.error('[emulator] close failed:', err)
        process.exit(1)
      }
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  // Only now say we are ready: whoever waits for this line may signal us at once.
  console.log(`CloudBase emulator ready at ${emulator.url} (SDK serviceUrl ${emulator.url}/admin, data ${opts.data})`)
}

if (require.main === module) {
  main().catch(err => {
    console.error('[emulator] failed to start:', err)
    process.exit(1)
  })
}
