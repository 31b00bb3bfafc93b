// Conformance: insert / get / where / order / offset / limit / projection / count / remove, through the real SDK.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type StartedEmulator } from '../helpers/emulator'

let emu: StartedEmulator
let db: StartedEmulator['db']

beforeAll(async () => {
  emu = await startEmulator({ services: false })
  db = emu.db
})
afterAll(async () => emu?.close())

const people = [
  { _id: 'p1', name: 'Ann', age: 31, city: 'Jining', tags: ['a', 'b'], score: 9.5, active: true, addr: { zip: '272500', street: 'Main' } },
  { _id: 'p2', name: 'Bob', age: 25, city: 'Wenshang', tags: ['b'], score: 7, active: false, addr: { zip: '272500', street: 'East' } },
  { _id: 'p3', name: 'Cai', age: 40, city: 'Wenshang', tags: [], score: null, active: true, addr: { zip: '272000' } },
  { _id: 'p4', name: 'Dong', age: 18, city: 'Jinan', active: true },
  { _id: 'p5', name: 'ann', age: 25, city: 'Wenshang', tags: ['c', 'a'], score: 8, active: false, addr: { zip: '272501', street: 'West' } }
]

describe('insert and get', () => {
  beforeAll(async () => {
    await db.createCollection('people')
    const res = await db.collection('people').add(people)
    expect(res).toBeDefined()
  })

  it('add() returns the generated id and the doc reads back', async () => {
    await db.createCollection('notes')
    const id: string = (await db.collection('notes').add({ text: 'hello', n: 1 })).id!
    expect(typeof id).toBe('string')
    expect(id.length).toBeGreaterThanOrEqual(16)
    const { data } = await db.collection('notes').doc(id).get()
    expect(data).toEqual([{ _id: id, text: 'hello', n: 1 }])
  })

  it('add() with many documents answers every id', async () => {
    await db.createCollection('many')
    const res: any = await db.collection('many').add([{ i: 1 }, { i: 2 }, { _id: 'custom', i: 3 }])
    expect(res.ids ?? res.id).toBeDefined()
    const { total } = await db.collection('many').count()
    expect(total).toBe(3)
    const { data } = await db.collection('many').doc('custom').get()
    expect(data[0].i).toBe(3)
  })

  it('custom _id via doc(id).set and a duplicate _id is rejected', async () => {
    await db.createCollection('dups')
    await db.collection('dups').add({ _id: 'same', v: 1 })
    await expect(db.collection('dups').add({ _id: 'same', v: 2 })).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
    const { data } = await db.collection('dups').doc('same').get()
    expect(data[0].v).toBe(1)
  })

  it('doc(id).get() of a missing doc answers an empty list', async () => {
    const { data } = await db.collection('people').doc('nobody').get()
    expect(data).toEqual([])
  })

  it('get() without where returns all, default limit 100', async () => {
    await db.createCollection('big')
    const docs = Array.from({ length: 150 }, (_, i) => ({ i }))
    await db.collection('big').add(docs)
    const { data } = await db.collection('big').get()
    expect(data).toHaveLength(100)
    const { data: all } = await db.collection('big').limit(1000).get()
    expect(all).toHaveLength(150)
  })
})

describe('where', () => {
  const ids = async (q: any) => (await q.get()).data.map((d: any) => d._id).sort()
  const _ = () => db.command

  it('equality, nested object (flattened to dot paths) and dot paths', async () => {
    const c = db.collection('people')
    expect(await ids(c.where({ city: 'Wenshang' }))).toEqual(['p2', 'p3', 'p5'])
    expect(await ids(c.where({ addr: { zip: '272500' } }))).toEqual(['p1', 'p2'])
    expect(await ids(c.where({ 'addr.street': 'East' }))).toEqual(['p2'])
    expect(await ids(c.where({ city: 'Wenshang', age: 25 }))).toEqual(['p2', 'p5'])
  })

  it('comparison operators', async () => {
    const c = db.collection('people')
    expect(await ids(c.where({ age: _().gt(30) }))).toEqual(['p1', 'p3'])
    expect(await ids(c.where({ age: _().gte(25).and(_().lt(31)) }))).toEqual(['p2', 'p5'])
    expect(await ids(c.where({ age: _().lte(18) }))).toEqual(['p4'])
    expect(await ids(c.where({ age: _().neq(25) }))).toEqual(['p1', 'p3', 'p4'])
    expect(await ids(c.where({ age: _().eq(40) }))).toEqual(['p3'])
    expect(await ids(c.where({ city: _().in(['Jinan', 'Jining']) }))).toEqual(['p1', 'p4'])
    expect(await ids(c.where({ city: _().nin(['Jinan', 'Jining']) }))).toEqual(['p2', 'p3', 'p5'])
  })

  it('logic operators', async () => {
    const c = db.collection('people')
    expect(await ids(c.where(_().or([{ age: _().lt(20) }, { name: 'Cai' }])))).toEqual(['p3', 'p4'])
    expect(await ids(c.where(_().and([{ active: true }, { age: _().gt(20) }])))).toEqual(['p1', 'p3'])
    expect(await ids(c.where({ age: _().gt(35).or(_().lt(20)) }))).toEqual(['p3', 'p4'])
    expect(await ids(c.where(_().nor([{ active: true }, { age: 25 }])))).toEqual([])
    expect(await ids(c.where({ age: _().not(_().gt(20)) }))).toEqual(['p4'])
  })

  it('null, exists, arrays, size, elemMatch, all, mod', async () => {
    const c = db.collection('people')
    expect(await ids(c.where({ score: null }))).toEqual(['p3', 'p4'])
    expect(await ids(c.where({ score: _().exists(false) }))).toEqual(['p4'])
    expect(await ids(c.where({ tags: 'a' }))).toEqual(['p1', 'p5'])
    expect(await ids(c.where({ tags: _().size(0) }))).toEqual(['p3'])
    expect(await ids(c.where({ tags: _().all(['a', 'b']) }))).toEqual(['p1'])
    expect(await ids(c.where({ tags: _().elemMatch(_().eq('c')) }))).toEqual(['p5'])
    expect(await ids(c.where({ age: (_() as any).mod([5, 0]) }))).toEqual(['p2', 'p3', 'p5'])
  })

  it('regular expressions: db.RegExp and JS RegExp', async () => {
    const c = db.collection('people')
    expect(await ids(c.where({ name: db.RegExp({ regexp: '^an', options: 'i' }) }))).toEqual(['p1', 'p5'])
    expect(await ids(c.where({ name: /^A/ }))).toEqual(['p1'])
    expect(await ids(c.where({ name: /^a/gi }))).toEqual(['p1', 'p5'])
  })

  it('order, offset, limit and projection', async () => {
    const c = db.collection('people')
    const byAge = await c.orderBy('age', 'desc').orderBy('name', 'asc').get()
    expect(byAge.data.map((d: any) => d._id)).toEqual(['p3', 'p1', 'p2', 'p5', 'p4'])
    const page = await c.orderBy('age', 'asc').orderBy('name', 'asc').skip(1).limit(2).get()
    expect(page.data.map((d: any) => d._id)).toEqual(['p2', 'p5'])
    const proj = await c.where({ _id: 'p1' }).field({ name: true, 'addr.zip': true }).get()
    expect(proj.data).toEqual([{ _id: 'p1', name: 'Ann', addr: { zip: '272500' } }])
    const excl = await c.doc('p4').field({ city: false, active: false }).get()
    expect(excl.data).toEqual([{ _id: 'p4', name: 'Dong', age: 18 }])
    // sort on a field that the projection removes still sorts
    const sortHidden = await c.orderBy('age', 'asc').field({ name: true }).limit(2).get()
    expect(sortHidden.data.map((d: any) => d.name)).toEqual(['Dong', 'Bob'])
  })

  it('count with and without where', async () => {
    expect((await db.collection('people').count()).total).toBe(5)
    expect((await db.collection('people').where({ active: true }).count()).total).toBe(3)
  })
})

describe('remove', () => {
  beforeEach(async () => {
    try {
      await db.createCollection('rm')
    } catch {
      await db.collection('rm').where({ x: db.command.exists(true) }).remove()
    }
    await db.collection('rm').add([{ _id: 'a', x: 1 }, { _id: 'b', x: 2 }, { _id: 'c', x: 2 }, { _id: 'd', x: 3 }])
  })

  it('doc(id).remove() deletes one', async () => {
    const r = await db.collection('rm').doc('a').remove()
    expect(r.deleted).toBe(1)
    expect((await db.collection('rm').count()).total).toBe(3)
    expect((await db.collection('rm').doc('a').remove()).deleted).toBe(0)
  })

  it('where().remove() deletes all matches (multi)', async () => {
    const r = await db.collection('rm').where({ x: 2 }).remove()
    expect(r.deleted).toBe(2)
    expect((await db.collection('rm').count()).total).toBe(2)
  })
})

describe('collections and errors', () => {
  it('missing collection: reads and writes answer DATABASE_COLLECTION_NOT_EXIST', async () => {
    const c = db.collection('does_not_exist')
    await expect(c.get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(c.count()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(c.add({ a: 1 })).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(c.doc('x').update({ a: 1 })).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(c.doc('x').set({ a: 1 })).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(c.where({ a: 1 }).remove()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(c.aggregate().match({}).end()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
  })

  it('createCollection twice answers an error; odd names are rejected', async () => {
    await db.createCollection('twice')
    await expect(db.createCollection('twice')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' })
    await expect(db.createCollection('bad name; drop')).rejects.toMatchObject({ code: 'INVALID_PARAM' })
    await expect(db.collection('../etc').get()).rejects.toMatchObject({ code: 'INVALID_PARAM' })
    await expect(db.collection('_emu_secret').get()).rejects.toMatchObject({ code: 'INVALID_PARAM' })
    expect(emu.emulator.database.collections()).toContain('twice')
  })

  it('unknown query operators and bad projections answer an error, not a crash', async () => {
    const raw = db.collection('people').options({ raw: true } as any)
    await expect(raw.where({ age: { $bogus: 1 } }).get()).rejects.toHaveProperty('code')
    await expect(db.collection('people').field({ name: true, age: false }).get()).rejects.toHaveProperty('code')
    expect((await db.collection('people').count()).total).toBe(5)
  })

  it('geo query operators are not emulated: they answer an error', async () => {
    const near = db.command.geoNear({ geometry: new db.Geo.Point(116, 35), maxDistance: 1000 })
    await expect(db.collection('people').where({ loc: near }).get()).rejects.toHaveProperty('code', 'DATABASE_REQUEST_FAILED')
  })
})
