// MongoDB Extended JSON in and out of the emulator, plus CloudBase's own markers ($tcb_server_date).
import { EJSON, BSONRegExp } from 'bson'
import { EmulatorError } from '../types'

const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u'])

/** Mongo regex options → JS flags ('x' and 'l' have no JS equivalent and are dropped; 'g'/'y' are meaningless for matching). */
function jsFlags(options: string): string {
  return [...new Set(options.split(''))].filter(f => JS_REGEX_FLAGS.has(f)).join('')
}

/** Before EJSON.deserialize: normalise $regularExpression options the bson package would reject (e.g. 'g'). */
function preprocess(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(preprocess)
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    const re = obj.$regularExpression as { pattern?: unknown; options?: unknown } | undefined
    if (re && typeof re === 'object' && Object.keys(obj).length === 1) {
      const options = typeof re.options === 'string' ? re.options : ''
      return { $regularExpression: { pattern: String(re.pattern ?? ''), options: [...new Set(options.split(''))].filter(f => 'imxslu'.includes(f)).sort().join('') } }
    }
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(obj)) out[k] = preprocess(obj[k])
    return out
  }
  return value
}

/** After EJSON.deserialize: BSONRegExp → RegExp, {$tcb_server_date:{offset}} → Date. */
function postprocess(value: unknown, now: number): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = postprocess(value[i], now)
    return value
  }
  if (value instanceof BSONRegExp) {
    try {
      return new RegExp(value.pattern, jsFlags(value.options))
    } catch (e) {
      throw new EmulatorError('INVALID_PARAM', `invalid regular expression /${value.pattern}/: ${(e as Error).message}`)
    }
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const obj = value as Record<string, unknown>
    if ('$tcb_server_date' in obj && Object.keys(obj).length === 1) {
      const spec = obj.$tcb_server_date as { offset?: unknown } | null
      const offset = spec && typeof spec.offset === 'number' ? spec.offset : 0
      return new Date(now + offset)
    }
    for (const k of Object.keys(obj)) obj[k] = postprocess(obj[k], now)
  }
  return value
}

/** Parse an EJSON string (or an already-parsed JSON value) from the SDK into JS values. Throws INVALID_PARAM on bad input. */
export function parseEJSON(input: unknown, what = 'value'): any {
  let raw: unknown = input
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input)
    } catch (e) {
      throw new EmulatorError('INVALID_PARAM', `malformed EJSON in ${what}: ${(e as Error).message}`)
    }
  }
  let value: unknown
  try {
    value = EJSON.deserialize(preprocess(raw) as any, { relaxed: true })
  } catch (e) {
    throw new EmulatorError('INVALID_PARAM', `bad EJSON in ${what}: ${(e as Error).message}`)
  }
  return postprocess(value, Date.now())
}

/** Canonical EJSON text of a document (ints stay ints, dates stay dates). */
export function stringifyEJSON(value: unknown): string {
  return EJSON.stringify(value as any, { relaxed: false })
}

/** Deep copy of a document: plain objects and arrays are copied, Dates re-created, other values (immutable BSON types, RegExp) shared. */
export function cloneDoc<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDoc) as unknown as T
  if (value instanceof Date) return new Date(value.getTime()) as unknown as T
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(value as object)) out[k] = cloneDoc((value as Record<string, unknown>)[k])
    return out as T
  }
  return value
}

export function isPlainObject(value: unknown): value is Record<string, any> {
  return !!value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
}
