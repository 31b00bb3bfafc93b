// Child process that hosts one cloud function, the way an SCF instance does: the module is loaded once (cold
// start) and stays warm; each invocation arrives as an IPC message and is answered with its JSON result.
// argv: <file> <exportName> <clockOffsetMs>
import { pathToFileURL } from 'node:url'

const [file, exportName, initialOffset] = process.argv.slice(2)

// --- the emulator's clock: same patch as emulator/src/clock.ts, driven by the parent ---
const RealDate = globalThis.Date
let offsetMs = Number(initialOffset) || 0
const now = () => RealDate.now() + offsetMs
globalThis.Date = new Proxy(RealDate, {
  construct(target, args, newTarget) {
    return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget)
  },
  apply() {
    return new RealDate(now()).toString()
  },
  get(target, prop, receiver) {
    if (prop === 'now') return now
    return Reflect.get(target, prop, receiver)
  }
})

// The emulator went away (killed, crashed): an instance never outlives it.
process.on('disconnect', () => process.exit(0))

process.on('unhandledRejection', (reason) => {
  console.error('[emulator] unhandled rejection in function:', reason)
})

function send(msg) {
  if (process.connected) process.send(msg)
}

function errorOf(e) {
  if (e instanceof Error) return { message: e.message || String(e), stack: e.stack }
  if (e && typeof e === 'object') {
    try { return { message: JSON.stringify(e) } } catch { /* fall through */ }
  }
  return { message: String(e) }
}

let main
try {
  const mod = await import(pathToFileURL(file).href)
  main = mod[exportName] ?? mod.default?.[exportName]
  if (typeof main !== 'function') throw new Error(`${file} does not export a function named "${exportName}"`)
} catch (e) {
  send({ type: 'loadError', error: errorOf(e) })
  setTimeout(() => process.exit(1), 50)
}

async function invoke(event, context) {
  return await new Promise((resolve, reject) => {
    let settled = false
    const callback = (err, value) => {
      if (settled) return
      settled = true
      err ? reject(err) : resolve(value)
    }
    try {
      const r = main(event, context, callback)
      if (r && typeof r.then === 'function') {
        r.then((v) => callback(null, v), (err) => callback(err ?? new Error('function rejected')))
      } else if (main.length < 3) {
        callback(null, r)
      }
    } catch (e) {
      callback(e)
    }
  })
}

process.on('message', async (msg) => {
  if (!msg || typeof msg !== 'object') return
  if (msg.type === 'clock') {
    offsetMs = Number(msg.offsetMs) || 0
    return
  }
  if (msg.type !== 'invoke' || !main) return
  offsetMs = Number(msg.offsetMs) || 0
  try {
    const result = await invoke(msg.event, msg.context)
    let json
    try {
      json = JSON.stringify(result === undefined ? null : result)
    } catch (e) {
      throw new Error(`the function result is not JSON-serialisable: ${e.message}`)
    }
    send({ type: 'result', id: msg.id, ok: true, json })
  } catch (e) {
    console.error(e)
    send({ type: 'result', id: msg.id, ok: false, error: errorOf(e) })
  }
})

if (main) send({ type: 'ready' })
