// Seeding through the real @cloudbase/node-sdk into an in-memory emulator: counts, idempotence, the holiday
// table kept across re-seeds, and --reset.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type StartedEmulator } from '../helpers/emulator'
import { seed, seedSets } from '../../scripts/seed/index'
import { CATEGORIES, GRIDS, ROUTING_RULES, TOWNSHIPS, VILLAGES } from '../../scripts/seed/wenshang'
import { DEMO_PERSONAS } from '../../typings/demo-personas'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
let emu: StartedEmulator

beforeAll(async () => {
  emu = await startEmulator({ schemaPath: path.join(ROOT, 'cloudfunctions/database.schema.json') })
})
afterAll(async () => {
  await emu?.close()
})

async function count(name: string): Promise<number> {
  const r = await emu.db.collection(name).count()
  return r.total as number
}

describe('seed', () => {
  it('writes every seed document, in batches, readable through the SDK', async () => {
    const lines: string[] = []
    const res = await seed(emu.db, { log: (s) => lines.push(s) })
    const expected = Object.fromEntries(seedSets().map((s) => [s.collection, s.docs.length]))
    expect(res.counts).toEqual(expected)
    expect(res.inserted).toEqual(expected)
    for (const [name, n] of Object.entries(expected)) expect(await count(name), name).toBe(n)
    expect(expected.townships).toBe(TOWNSHIPS.length)
    expect(expected.holidays).toBeGreaterThan(700)
    expect(lines).toHaveLength(Object.keys(expected).length)

    const grid = (await emu.db.collection('grids').doc('gr-zhongdu-dongmen-1').get()).data[0]
    expect(grid).toEqual(GRIDS.find((g) => g._id === 'gr-zhongdu-dongmen-1'))
    const user = (await emu.db.collection('users').doc('demo-admin').get()).data[0]
    expect(user.role).toBe('county_admin')
    expect(user.createdAt).toBeInstanceOf(Date)
    const y2027 = (await emu.db.collection('holiday_years').doc('2027').get()).data[0]
    expect(y2027).toMatchObject({ year: 2027, confirmed: false })
    const nd = await emu.db.collection('holidays').where({ year: 2026, kind: 'workday' }).orderBy('_id', 'asc').get()
    expect(nd.data.map((d: { _id: string }) => d._id)).toContain('2026-10-10')
  })

  it('is idempotent: a second run updates reference data, keeps the holiday table, adds nothing', async () => {
    // the county office edits the holiday table and a category between runs
    await emu.db.collection('holidays').doc('2026-10-10').set({ year: 2026, kind: 'holiday', name: '县里临时调整' })
    await emu.db.collection('categories').doc('cat-other').update({ name: '改过的名字' })
    const res = await seed(emu.db)
    expect(res.inserted.holidays).toBe(0)
    expect(res.kept.holidays).toBe(res.counts.holidays)
    expect(res.updated.categories).toBe(CATEGORIES.length)
    expect(await count('villages')).toBe(VILLAGES.length)
    expect(await count('routing_rules')).toBe(ROUTING_RULES.length)
    expect(await count('users')).toBe(DEMO_PERSONAS.length)
    expect((await emu.db.collection('holidays').doc('2026-10-10').get()).data[0].name).toBe('县里临时调整')
    expect((await emu.db.collection('categories').doc('cat-other').get()).data[0].name).toBe('其他')
  })

  it('--reset wipes the seeded collections and restores the seed, leaving others alone', async () => {
    await emu.db.collection('townships').add({ _id: 'tw-extra', name: '多余的镇', kind: 'town', center: { lng: 116.5, lat: 35.7 } })
    await emu.db.collection('counters').add({ _id: 'keep-me', n: 1 })
    const res = await seed(emu.db, { reset: true })
    expect(res.inserted.townships).toBe(TOWNSHIPS.length)
    expect(await count('townships')).toBe(TOWNSHIPS.length)
    expect((await emu.db.collection('holidays').doc('2026-10-10').get()).data[0]).toMatchObject({ kind: 'workday', name: '国庆节' })
    expect(await count('counters')).toBe(1)
  })
})
