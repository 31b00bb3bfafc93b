// What keeps other websites from driving the local cloud on a developer's laptop:
//   - Host: only loopback names and addresses (plus the hosts the cloud was started for on purpose), which stops
//     DNS rebinding (a page of attacker.example whose name now resolves to 127.0.0.1 still sends its own Host);
//   - Origin: a browser request from another origin is refused (same origin, or one allowed on purpose);
//   - errors never carry absolute paths of this machine.
import os from 'node:os'
import path from 'node:path'
import type { IncomingMessage } from 'node:http'

/** True for localhost, *.localhost, 127.0.0.0/8 and ::1 (with or without brackets). */
export function isLoopbackName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '')
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

/** True for the wildcard listen addresses (every interface). */
export function isWildcard(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '')
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0'
}

/** The hostname of a Host header value ("name:port", "[::1]:port"), lower case; null when malformed. */
export function hostnameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase().replace(/^\[|\]$/g, '')
  } catch {
    return null
  }
}

export interface GuardOptions {
  /** The address the server listens on. A specific non-loopback address counts as chosen on purpose. */
  listenHost: string
  /** Extra host names accepted in the Host header (`--allow-host`). */
  allowedHosts?: string[]
  /** Extra browser origins accepted besides the cloud's own (`--allow-origin`, e.g. a Taro dev server). */
  allowedOrigins?: string[]
}

export interface GuardVerdict {
  ok: boolean
  status?: number
  code?: string
  message?: string
}

export function createGuard(opts: GuardOptions) {
  const hosts = new Set((opts.allowedHosts ?? []).map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')))
  const listen = opts.listenHost.toLowerCase().replace(/^\[|\]$/g, '')
  if (!isWildcard(listen)) hosts.add(listen)
  const origins = new Set((opts.allowedOrigins ?? []).map((o) => o.replace(/\/$/, '').toLowerCase()))

  const hostAllowed = (hostname: string): boolean => isLoopbackName(hostname) || hosts.has(hostname)

  /** The Origin header is this cloud's own origin (same scheme-less host:port as Host) or allowed on purpose. */
  const originAllowed = (origin: string, hostHeader: string): boolean => {
    if (origins.has(origin.toLowerCase())) return true
    let u: URL
    try {
      u = new URL(origin)
    } catch {
      return false
    }
    return u.protocol === 'http:' && u.host.toLowerCase() === hostHeader.toLowerCase() && hostAllowed(u.hostname.replace(/^\[|\]$/g, ''))
  }

  function check(req: IncomingMessage): GuardVerdict {
    const hostHeader = req.headers.host
    const hostname = hostnameOf(hostHeader)
    if (!hostname || !hostAllowed(hostname)) {
      return {
        ok: false,
        status: 403,
        code: 'HOST_NOT_ALLOWED',
        message: 'the local cloud only answers loopback host names (start it with --allow-host <name> to add one)'
      }
    }
    const origin = req.headers.origin
    if (origin !== undefined && !originAllowed(String(origin), hostHeader!)) {
      return {
        ok: false,
        status: 403,
        code: 'ORIGIN_NOT_ALLOWED',
        message: 'cross-origin requests are refused (start the cloud with --allow-origin <origin> to add one)'
      }
    }
    return { ok: true }
  }

  return { check, originAllowed, hostAllowed }
}

const GENERIC_ABSOLUTE = /(?:[A-Za-z]:\\|\/(?:home|root|tmp|var|usr|opt|work|Users|private|mnt|srv|etc|proc|run|snap|nix|Volumes)\/)[^\s'"`()<>,;]*/g

const scrubRoots = new Set<string>()

/** Folders whose absolute paths must never reach a client (the data, files and functions folders of a cloud). */
export function addScrubRoots(...dirs: Array<string | undefined | null>): void {
  for (const d of dirs) if (d && d.length > 1 && !d.startsWith(':')) scrubRoots.add(path.resolve(d))
}

/**
 * Replace absolute paths of this machine in a message by `<path>`: the folders the emulator knows (data, files,
 * functions, cwd, home, tmp), then anything that looks like an absolute file path under a usual root.
 */
export function scrubPaths(text: string): string {
  const roots = [...scrubRoots, process.cwd(), os.homedir(), os.tmpdir()]
    .filter((p) => p && p.length > 1)
    .sort((a, b) => b.length - a.length)
  let out = text
  for (const r of roots) out = out.split(r).join('<path>')
  return out.replace(GENERIC_ABSOLUTE, '<path>')
}
