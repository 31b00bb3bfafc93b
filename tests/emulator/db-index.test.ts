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
    // $or: every branch indexed → (branch) OR (branch); one unindexed branch → that condition is not pushed down.
    const either = d.explain('cases', { $or: [{ no: 'A1' }, { alarmAt: { $lte: new Date() } }] })
    expect(either.kind).toBe('sql')
    expect(either.sql).toMatch(/ OR /)
    expect(d.explain('cases', { $or: [{ no: 'A1' }, { title: 'x' }] }).kind).toBe('scan')
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
    queries.push(
      { $or: [{ v: 1 }, { 'geo.town': 'a' }] },
      { $or: [{ state: 'open', v: { $gte: 0 } }, { no: 'N-a' }], departmentId: 'dep1' },
      { $or: [{ v: 'b' }, { title: 'x' }] },
      { $or: [{ v: { $lt: 'b' } }, { alarmAt: null }] }
    )
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

describe('bounded document cache', () => {
  it('a tiny cache (LRU) answers exactly what a large one does: lookups, indexed queries, scans, updates, transactions', async () => {
    const Database = (await import('better-sqlite3')).default
    const { createDatabase } = await import('../../emulator/src/db/index')
    const run = (docCacheSize: number) => {
      const d = createDatabase({ sqlite: new Database(':memory:'), schema: schema as never, docCacheSize })
      const call = (action: string, params: Record<string, unknown>) => d.actions[action]!(params, { requestId: 'r', headers: {} }) as any
      const out: unknown[] = []
      const docs = Array.from({ length: 60 }, (_, i) => JSON.stringify({ _id: `c${i}`, no: `N${i}`, state: i % 3 ? 'open' : 'closed', v: i % 7, geo: { town: `t${i % 4}` } }))
      call('database.insertDocument', { collectionName: 'cases', data: docs })
      const q = (query: unknown, extra: Record<string, unknown> = {}) =>
        out.push(call('database.getDocument', { collectionName: 'cases', query: JSON.stringify(query), limit: 1000, ...extra }).data.list)
      q({ _id: 'c5' })
      q({ v: 3 })
      q({ state: 'open', v: { $gte: 4 } }, { order: JSON.stringify([{ field: 'v', direction: 'desc' }]) })
      q({ 'geo.town': 't1' })
      q({ title: { $exists: false } })
      call('database.modifyDocument', { collectionName: 'cases', query: JSON.stringify({ v: 2 }), data: JSON.stringify({ $inc: { v: 10 } }), multi: true })
      q({ v: { $gt: 9 } })
      const tx = call('database.startTransaction', {}).transactionId
      call('database.modifyDocument', { collectionName: 'cases', transactionId: tx, query: JSON.stringify({ _id: 'c7' }), data: JSON.stringify({ $set: { state: 'x' } }) })
      call('database.insertDocument', { collectionName: 'cases', transactionId: tx, data: [JSON.stringify({ _id: 'new', no: 'NEW', v: 1 })] })
      out.push(call('database.getDocument', { collectionName: 'cases', transactionId: tx, query: JSON.stringify({ v: 1 }), limit: 1000 }).data.list)
      call('database.commitTransaction', { transactionId: tx })
      call('database.removeDocument', { collectionName: 'cases', query: JSON.stringify({ state: 'closed' }), multi: true })
      q({})
      q({ _id: { $in: ['c7', 'new', 'c3', 'nope'] } })
      return out
    }
    const small = run(300) // characters of EJSON text: a handful of documents
    const large = run(10_000_000)
    expect(small).toEqual(large)
    expect((small[small.length - 2] as unknown[]).length).toBe(41)
  })
})
