// The local cloud's clock. Time can be moved forward with no waiting; everything in the emulator process sees it
// (db.serverDate(), timers, temp-URL expiry) and every function child process gets the same offset.
//
// The global Date is replaced by a Proxy of the real Date: `new Date()`, `Date()` and `Date.now()` add the
// offset; everything else (Date.UTC, Date.parse, `new Date(x)`, the prototype, `instanceof Date`, subclassing)
// is the real Date, so dates created before and after the patch are interchangeable.

const RealDate: DateConstructor = (globalThis as any).__emulatorRealDate ?? globalThis.Date
let offsetMs = 0
/** Latest instant the clock may show: year 9999 (JavaScript dates go further, databases and formatters do not). */
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
const listeners = new Set<(offsetMs: number) => void>()

/** Current emulated time in ms since the epoch. */
export function now(): number {
  return RealDate.now() + offsetMs
}

/** Current offset of the emulated clock from the real one, in ms. */
export function clockOffset(): number {
  return offsetMs
}

/** Set the offset (ms) of the emulated clock. Prefer advanceClock: the local cloud's time only moves forward. */
export function setClockOffset(ms: number): void {
  if (!Number.isFinite(ms)) throw new TypeError('clock offset must be a finite number of milliseconds')
  // Every emulated date must stay a valid Date (else every later toISOString throws).
  if (!Number.isFinite(new RealDate(RealDate.now() + Math.trunc(ms) + 366 * 86_400_000 * 100).getTime())) {
    throw new RangeError('clock offset out of range')
  }
  offsetMs = Math.trunc(ms)
  for (const l of listeners) {
    try { l(offsetMs) } catch (e) { console.error('[emulator] clock listener failed', e) }
  }
}

/** Parse a start instant (ISO 8601 with an offset or 'Z', or ms since the epoch); throws a RangeError. */
export function parseInstant(at: string | number): number {
  const ms = typeof at === 'number' ? at : /(?:Z|[+-]\d{2}:?\d{2})$/i.test(at.trim()) ? Date.parse(at) : NaN
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant with a time zone: ${String(at)} (e.g. 2026-12-01T09:00:00+08:00)`)
  if (Math.abs(ms) > MAX_INSTANT_MS) throw new RangeError(`instant out of range: ${String(at)}`)
  return ms
}

/** Put the emulated clock at `at` (it flows on from there). */
export function startClockAt(at: string | number): number {
  setClockOffset(parseInstant(at) - RealDate.now())
  return now()
}

/** Move the emulated clock forward by `ms` (≥ 0). Returns the new emulated time. */
export function advanceClock(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceClock needs a finite, non-negative number of ms')
  setClockOffset(offsetMs + ms)
  return now()
}

/** Be told whenever the offset changes. Returns an unsubscribe function. */
export function onClockChange(listener: (offsetMs: number) => void): () => void {
  listeners.add(listener)
  return () => { listeners.delete(listener) }
}

/** The unpatched Date constructor. */
export function realDate(): DateConstructor {
  return RealDate
}

/** Replace the global Date with the clock-aware one (idempotent). */
export function installClock(): void {
  if ((globalThis as any).__emulatorClockInstalled) return
  const ClockDate = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [RealDate.now() + offsetMs] : args, newTarget)
    },
    apply() {
      return new RealDate(RealDate.now() + offsetMs).toString()
    },
    get(target, prop, receiver) {
      if (prop === 'now') return now
      return Reflect.get(target, prop, receiver)
    }
  })
  ;(globalThis as any).__emulatorRealDate = RealDate
  ;(globalThis as any).__emulatorClockInstalled = true
  globalThis.Date = ClockDate
}
