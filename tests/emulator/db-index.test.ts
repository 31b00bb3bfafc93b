// Conformance: schema-declared collections and indexes, the query planner (EXPLAIN QUERY PLAN), unique indexes,
// and that pushed-down conditions never lose a match (indexed results == unindexed results on tricky data).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type StartedEmulator } from '../helpers/emulator'

const schema = {
  collections: {
    cases: {
      description: 'test cases',
      permission: 'ADMINONLY',
      indexes: [
        { name: 'alarm', keys: [['alarmAt', 1]] },
        { name: 'state_dept', keys: [['state', 1], ['departmentId', 1], ['submittedAt', -1]] },
        { name: 'no', keys: [['no', 1]], unique: true },
        { name: 'nested', keys: [['geo.town', 1]] },
        { name: 'v', keys: [['v', 1]] }
      ]
    },
    plain: { indexes: [] }
  }
}

let dir: string
let emu: StartedEmulator
let db: StartedEmulator['db']

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-index-'))
  fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify(schema))
  emu = await startEmulator({ services: false, schemaPath: path.join(dir, 'schema.json') })
  db = emu.db
})
afterAll(async () => {
  await emu?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('schema and indexes', () => {
  it('collections from the schema exist at start', async () => {
    expect(emu.emulator.database.collections()).toEqual(expect.arrayContaining(['cases', 'plain']))
    expect((await db.collection('cases').count()).total).toBe(0)
  })

  it('an indexed query uses the SQLite index (EXPLAIN QUERY PLAN)', () => {
    const d = emu.emulator.database
    const byState = d.explain('cases', { state: 'open', departmentId: 'd1' })
    expect(byState.kind).toBe('sql')
    expect(byState.indexes).toContain('state_dept')
    expect(byState.plan.join('\n')).toMatch(/USING (COVERING )?INDEX ix_cases_state_dept_/)
    const alarm = d.explain('cases', { alarmAt: { $lte: new Date() } })
    expect(alarm.plan.join('\n')).toMatch(/USING (COVERING )?INDEX ix_cases_alarm_/)
    const both = d.explain('cases', { $and: [{ no: { $in: ['A1', 'A2'] } }, { title: /x/ }] })
    expect(both.plan.join('\n')).toMatch(/INDEX ix_cases_no_/)
    expect(d.explain('cases', { title: 'x' }).kind).toBe('scan')
    expect(d.explain('cases', { _id: 'abc' }).kind).toBe('ids')
  })

  it('a unique index rejects duplicates on insert, update and upsert (missing counts as null, like MongoDB)', async () => {
    const c = db.collection('cases')
    await c.add({ _id: 'u1', no: 'WS-1' })
    await expect(c.add({ _id: 'u2', no: 'WS-1' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    await c.add({ _id: 'u2', no: 'WS-2' })
    await expect(c.doc('u2').update({ no: 'WS-1' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    await expect(c.doc('u3').set({ no: 'WS-2' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    // a failed multi-document write applies nothing
    await expect(c.add([{ _id: 'u4', no: 'WS-4' }, { _id: 'u5', no: 'WS-1' }])).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    expect((await c.doc('u4').get()).data).toEqual([])
    expect((await c.doc('u2').get()).data[0].no).toBe('WS-2')
    await c.add({ _id: 'm1' })
    await expect(c.add({ _id: 'm2' })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    await c.where({ _id: db.command.in(['u1', 'u2', 'm1']) }).remove()
  })

  it('indexed candidates are a superset: indexed == unindexed results on tricky data', async () => {
    const values: unknown[] = [
      undefined, null, 0, 1, -1, 2.5, 10, 1e12, 'a', 'b', 'B', '10', '', 'é', '汶上', '😀', 'a😀', 'a\uE000',
      true, false, new Date(0), new Date(1), new Date('2024-01-01'), [1, 2], ['a', 'b'], [], [null], { x: 1 }, [[1]],
      Number.NaN
    ]
    const docs: any[] = []
    let i = 0
    for (const v of values) {
      const doc: any = { _id: `d${i++}`, no: `N${i}`, state: i % 3 === 0 ? 'open' : 'closed', departmentId: `dep${i % 2}` }
      if (v !== undefined) {
        doc.v = v
        doc.alarmAt = v
        doc.geo = { town: v }
      }
      docs.push(doc)
    }
    docs.push({ _id: 'arrgeo', no: 'N-a', geo: [{ town: 'a' }, { town: 1 }] }, { _id: 'nogeo', no: 'N-b', geo: 5 })
    await db.collection('cases').add(docs)
    await db.collection('plain').add(docs)
    const operands = values.filter(v => v !== undefined && !(typeof v === 'number' && Number.isNaN(v)))
    const queries: any[] = []
    for (const path of ['v', 'geo.town']) {
      for (const op of operands) {
        queries.push({ [path]: op })
        for (const cmp of ['$gt', '$gte', '$lt', '$lte', '$eq', '$ne']) queries.push({ [path]: { [cmp]: op } })
      }
      queries.push({ [path]: { $in: [1, 'a', null] } }, { [path]: { $in: [new Date(0), true] } }, { [path]: { $gt: 0, $lt: 100 } })
      queries.push({ [path]: { $exists: false } }, { $and: [{ [path]: { $gte: 'a' } }, { [path]: { $lt: 'b' } }] })
    }
    queries.push({ state: 'open', departmentId: 'dep1' }, { state: { $in: ['open'] }, v: { $gte: 0 } })
    const raw = (c: string) => db.collection(c).options({ raw: true } as any)
    for (const q of queries) {
      const [a, b] = await Promise.all([raw('cases').where(q).limit(1000).get(), raw('plain').where(q).limit(1000).get()])
      const ids = (r: any) => r.data.map((d: any) => d._id).sort()
      expect(ids(a), JSON.stringify(q)).toEqual(ids(b))
    }
    // sorting over mixed types agrees as well
    const [sa, sb] = await Promise.all([db.collection('cases').orderBy('v', 'asc').limit(1000).get(), db.collection('plain').orderBy('v', 'asc').limit(1000).get()])
    expect(sa.data.map((d: any) => d._id)).toEqual(sb.data.map((d: any) => d._id))
  })

  it('a new index added to the schema is built on restart from the stored documents', async () => {
    const dataDir = path.join(dir, 'data')
    const s1 = { collections: { items: { indexes: [] as any[] } } }
    fs.writeFileSync(path.join(dir, 's1.json'), JSON.stringify(s1))
    const first = await startEmulator({ services: false, data: dataDir, schemaPath: path.join(dir, 's1.json') })
    await first.db.collection('items').add([{ _id: 'i1', code: 'x' }, { _id: 'i2', code: 'y' }])
    await first.close()
    s1.collections.items.indexes.push({ name: 'code', keys: [['code', 1]] })
    fs.writeFileSync(path.join(dir, 's1.json'), JSON.stringify(s1))
    const second = await startEmulator({ services: false, data: dataDir, schemaPath: path.join(dir, 's1.json') })
    try {
      expect(second.emulator.database.explain('items', { code: 'y' }).plan.join('\n')).toMatch(/INDEX ix_items_code_/)
      const { data } = await second.db.collection('items').where({ code: 'y' }).get()
      expect(data.map((d: any) => d._id)).toEqual(['i2'])
    } finally {
      await second.close()
    }
  })

  it('a bad schema file fails the start with a clear message', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ collections: { c: { indexes: [{ name: 'x', keys: [['a', 2]] }] } } }))
    await expect(startEmulator({ services: false, schemaPath: path.join(dir, 'bad.json') })).rejects.toThrow(/each key must be \[path, 1 \| -1\]/)
  })
})
