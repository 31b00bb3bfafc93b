// Timer triggers: 7-field cron parsing (incl. the year field), fire-now, and scheduling on the emulated clock.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type StartedEmulator } from '../helpers/emulator'
import { nextFireTime, parseCron7, timerEvent } from '../../emulator/src/services/timers'

const FIXTURES = path.resolve(__dirname, '../fixtures/functions')
const RC = path.join(FIXTURES, 'cloudbaserc.json')

async function until<T>(probe: () => Promise<T | undefined>, what: string, limitMs = 30_000): Promise<T> {
  const end = Date.now() + limitMs
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('cron parsing (pure)', () => {
  it('reads the 7-field CloudBase cron in Beijing time', () => {
    const from = new Date('2026-03-01T00:00:00Z') // 08:00 in Beijing
    expect(nextFireTime('0 * * * * * *', from)?.toISOString()).toBe('2026-03-01T00:01:00.000Z')
    // 02:00 Beijing on the 1st of the month = 18:00 UTC the day before.
    expect(nextFireTime('0 0 2 1 * * *', from)?.toISOString()).toBe('2026-03-31T18:00:00.000Z')
    // '?' means any, as in the CloudBase console.
    expect(nextFireTime('0 30 9 ? * * *', from)?.toISOString()).toBe('2026-03-01T01:30:00.000Z')
  })

  it('checks the year field: a single year, ranges with steps, lists, and past years', () => {
    const from = new Date('2026-03-01T00:00:00Z')
    expect(nextFireTime('0 30 9 * * * 2028', from)?.toISOString()).toBe('2028-01-01T01:30:00.000Z')
    expect(nextFireTime('0 0 0 1 1 * 2027-2031/2', from)?.toISOString()).toBe('2026-12-31T16:00:00.000Z')
    expect(nextFireTime('0 0 0 1 1 * 2029-2031/2', from)?.toISOString()).toBe('2028-12-31T16:00:00.000Z')
    expect(nextFireTime('0 0 12 * * * 2020,2030', from)?.toISOString()).toBe('2030-01-01T04:00:00.000Z')
    expect(nextFireTime('0 0 12 * * * 2020', from)).toBeNull()
    expect(nextFireTime('0 0 12 * * * *', from)?.toISOString()).toBe('2026-03-01T04:00:00.000Z')
  })

  it('rejects malformed expressions', () => {
    expect(() => parseCron7('0 * * * * *')).toThrow(/7 fields/)
    expect(() => parseCron7('0 99 * * * * *')).toThrow(/invalid cron/)
    expect(() => parseCron7('0 * * * * * 20x6')).toThrow(/year/)
    expect(() => parseCron7('0 * * * * * 2030-2020')).toThrow(/year/)
    expect(parseCron7('0 */5 * * * * 2026').years).toEqual(new Set([2026]))
  })

  it('builds the production timer event', () => {
    expect(timerEvent({ name: 'everyMinute', config: '0 * * * * * *' }, new Date('2026-09-30T01:02:00.123Z'))).toEqual({
      Type: 'Timer',
      TriggerName: 'everyMinute',
      Time: '2026-09-30T01:02:00Z',
      Message: ''
    })
  })
})

describe('fire-now endpoint', () => {
  let emu: StartedEmulator
  beforeAll(async () => {
    emu = await startEmulator({ cloudbasercPath: RC })
  })
  afterAll(async () => {
    await emu?.close()
  })

  const fire = async (body: unknown) => {
    const res = await fetch(`${emu.url}/__emulator/timers/fire`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    })
    return { status: res.status, body: (await res.json()) as any }
  }

  it('runs a timer function now with the production event and awaits its result', async () => {
    const r = await fire({ function: 'timer' })
    expect(r.status).toBe(200)
    expect(r.body.result.functionName).toBe('timer')
    expect(r.body.result.event).toMatchObject({ Type: 'Timer', TriggerName: 'everyMinute', Message: '' })
    expect(r.body.result.event.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const named = await fire({ function: 'timer', trigger: 'newYear2099' })
    expect(named.body.result.event.TriggerName).toBe('newYear2099')
  })

  it('answers errors for bad input and keeps serving', async () => {
    expect((await fire({ function: 'nope' })).status).toBe(404)
    expect((await fire({ function: 'timer', trigger: 'nope' })).body.code).toBe('TRIGGER_NOT_FOUND')
    expect((await fire({})).status).toBe(400)
    expect((await fire('{bad json')).status).toBe(400)
    expect((await fire({ function: 'timer', trigger: 42 })).status).toBe(400)
    const health = (await (await fetch(`${emu.url}/__emulator/health`)).json()) as any
    expect(health.ok).toBe(true)
    expect(health.timersRunning).toBe(false)
    expect(health.timers.map((t: any) => `${t.function}/${t.trigger}`)).toEqual(
      expect.arrayContaining(['timer/everyMinute', 'timer/newYear2099', 'ticker/hourly'])
    )
  })
})

describe('scheduled timers follow the emulated clock', () => {
  let emu: StartedEmulator
  beforeAll(async () => {
    emu = await startEmulator({ cloudbasercPath: RC, timers: true })
    await emu.db.createCollection('services_ticks')
  })
  afterAll(async () => {
    await emu?.close()
  })

  it('advancing the clock past a scheduled time fires the trigger (once per jump, coalesced)', async () => {
    const res = await fetch(`${emu.url}/__emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 3 * 3600_000 })
    })
    const clock = (await res.json()) as any
    const ticks = await until(async () => {
      const { data } = await emu.db.collection('services_ticks').where({ trigger: 'hourly' }).get()
      return data.length > 0 ? data : undefined
    }, 'the hourly tick')
    const tick = ticks[0]
    expect(tick.type).toBe('Timer')
    expect(tick.time).toMatch(/T\d\d:00:00Z$/)
    // The scheduled time that fired lies within the skipped window, and the function saw the moved clock.
    expect(Date.parse(tick.time)).toBeLessThanOrEqual(Date.parse(clock.now))
    expect(tick.seenAt).toBeGreaterThanOrEqual(Date.parse(clock.now))
    // Three skipped hours fire once, not three times (real time may add one more at an hour boundary).
    expect(ticks.length).toBeLessThanOrEqual(2)
  })
})
