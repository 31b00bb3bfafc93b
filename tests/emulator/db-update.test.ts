// Conformance: update operators, replace (set), upsert, multi, modifyAndReturn, value round-trips, aggregate.
import { update as mingoUpdate } from 'mingo'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { useFreshCollections } from '../helpers/emulator'

const ctx = useFreshCollections('u', { beforeAll, afterAll, beforeEach })

const get = async (id: string) => (await ctx.db.collection(ctx.coll).doc(id).get()).data[0]

describe('update operators', () => {
  it('plain update merges nested objects via dot paths ($set)', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'a', name: 'x', addr: { city: 'Jining', zip: '1' }, n: 1 })
    const r = await ctx.db.collection(ctx.coll).doc('a').update({ addr: { city: 'Wenshang' }, extra: true })
    expect(r.updated).toBe(1)
    expect(await get('a')).toEqual({ _id: 'a', name: 'x', addr: { city: 'Wenshang', zip: '1' }, n: 1, extra: true })
  })

  it('set / remove / inc / mul / min / max / rename', async () => {
    const _ = ctx.db.command
    await ctx.db.collection(ctx.coll).add({ _id: 'a', a: 1, b: 2, c: 10, d: 5, e: 'gone', f: { g: 1 }, old: 'v' })
    await ctx.db.collection(ctx.coll).doc('a').update({
      a: _.inc(2),
      b: _.mul(3),
      c: _.min(4),
      d: _.max(9),
      e: _.remove(),
      f: _.set({ h: 2 }),
      old: _.rename('renamed')
    } as any)
    expect(await get('a')).toEqual({ _id: 'a', a: 3, b: 6, c: 4, d: 9, f: { h: 2 }, renamed: 'v' })
  })

  it('array operators: push (each/position/slice/sort), pop, shift, unshift, addToSet, pull, pullAll', async () => {
    const _ = ctx.db.command
    await ctx.db.collection(ctx.coll).add({ _id: 'a', p: [1, 2], q: [3, 1, 2], r: [1, 2, 3], s: [1, 2, 3], t: ['x'], u: [1, 2, 3, 2], v: [1, 2, 3, 4], w: [5] })
    await ctx.db.collection(ctx.coll).doc('a').update({
      p: _.push([3, 4]),
      q: _.push({ each: [5, 0], sort: 1, slice: 4 }),
      r: _.pop(),
      s: _.shift(),
      t: _.addToSet('x'),
      u: _.pull(2),
      v: _.pullAll([1, 4]),
      w: _.unshift([3, 4])
    } as any)
    expect(await get('a')).toEqual({ _id: 'a', p: [1, 2, 3, 4], q: [0, 1, 2, 3], r: [1, 2], s: [2, 3], t: ['x'], u: [1, 3], v: [2, 3], w: [3, 4, 5] })
    await ctx.db.collection(ctx.coll).doc('a').update({ t: _.addToSet({ $each: ['y', 'x', 'z'] }), p: _.push({ each: [9], position: 1 }), u: _.pull(_.gt(2)) } as any)
    const d = await get('a')
    expect(d.t).toEqual(['x', 'y', 'z'])
    expect(d.p).toEqual([1, 9, 2, 3, 4])
    expect(d.u).toEqual([1])
  })

  it('update of an unchanged value reports updated 0; of a missing doc 0', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'a', v: 1 })
    expect((await ctx.db.collection(ctx.coll).doc('a').update({ v: 1 })).updated).toBe(0)
    expect((await ctx.db.collection(ctx.coll).doc('zzz').update({ v: 1 })).updated).toBe(0)
  })

  it('where().update() updates every match (multi)', async () => {
    await ctx.db.collection(ctx.coll).add([{ k: 1, v: 0 }, { k: 1, v: 0 }, { k: 2, v: 0 }])
    const r = await ctx.db.collection(ctx.coll).where({ k: 1 }).update({ v: ctx.db.command.inc(5) })
    expect(r.updated).toBe(2)
    const { data } = await ctx.db.collection(ctx.coll).orderBy('k', 'asc').get()
    expect(data.map((d: any) => d.v)).toEqual([5, 5, 0])
  })

  it('$inc on a string answers an error and leaves the doc alone', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'a', s: 'text' })
    await expect(ctx.db.collection(ctx.coll).doc('a').update({ s: ctx.db.command.inc(1) })).rejects.toHaveProperty('code')
    expect((await get('a')).s).toBe('text')
  })
})

describe('the $set / $inc / $unset fast path agrees with mingo', () => {
  it('random updates on nested docs give the same document and the same updated count as mingo', async () => {
    let seed = 7
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n
    const paths = ['a', 'b', 'n.x', 'n.y', 'n.deep.z', 'arr', 'arr.0', 's', 'n', 'units.all:all.volume', 'units.t:1.volume', 'd']
    const values: unknown[] = [0, 1, -2, 2.5, 'x', null, true, { k: 1 }, [1, 2], new Date(5), { k: { j: [1] } }]
    const base = () => ({ a: 1, b: 'str', n: { x: 1, deep: { z: 3 } }, arr: [1, { q: 2 }], s: 's', units: { 'all:all': { volume: 2 } }, d: new Date(1) })
    const _ = ctx.db.command
    let compared = 0
    for (let i = 0; i < 150; i++) {
      const id = `r${i}`
      await ctx.db.collection(ctx.coll).add({ _id: id, ...base() })
      const update: Record<string, unknown> = {}
      const raw: Record<string, Record<string, unknown>> = {}
      for (let k = 0, m = 1 + rnd(3); k < m; k++) {
        const path = paths[rnd(paths.length)]!
        if (path in update || Object.keys(update).some((p) => p.startsWith(`${path}.`) || path.startsWith(`${p}.`))) continue
        const op = rnd(3)
        if (op === 0) {
          const v = values[rnd(values.length)]
          update[path] = _.set(v)
          ;(raw.$set ??= {})[path] = v
        } else if (op === 1) {
          const v = [1, -1, 0, 2.5][rnd(4)]!
          update[path] = _.inc(v)
          ;(raw.$inc ??= {})[path] = v
        } else {
          update[path] = _.remove()
          ;(raw.$unset ??= {})[path] = ''
        }
      }
      const expected = { _id: id, ...base() } as Record<string, unknown>
      let expectedError = false
      let modified: string[] = []
      try {
        modified = mingoUpdate(expected, raw as never, undefined, undefined, { cloneMode: 'deep' })
      } catch {
        expectedError = true
      }
      const numericTarget = Object.keys(raw.$inc ?? {}).some((p) => {
        const v = p.split('.').reduce<unknown>((o, seg) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[seg] : undefined), base())
        return v !== undefined && v !== null && typeof v !== 'number'
      })
      const res = await ctx.db.collection(ctx.coll).doc(id).update(update).then((r) => r, (e) => ({ error: e }))
      if (numericTarget) {
        // MongoDB refuses $inc on a non-number (mingo would skip it): the emulator answers an error.
        expect(res).toHaveProperty('error')
        continue
      }
      if (expectedError) continue
      expect(res, JSON.stringify(raw)).toMatchObject({ updated: modified.length > 0 ? 1 : 0 })
      expect(await get(id), JSON.stringify(raw)).toEqual(expected)
      compared++
    }
    expect(compared).toBeGreaterThan(60)
  })
})

describe('set (replace) and upsert', () => {
  it('doc(id).set() replaces the whole document', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'a', x: 1, y: 2 })
    const r = await ctx.db.collection(ctx.coll).doc('a').set({ z: 3 })
    expect(r.updated).toBe(1)
    expect(await get('a')).toEqual({ _id: 'a', z: 3 })
  })

  it('doc(id).set() on a missing doc inserts it (upsert) with that _id', async () => {
    const r = await ctx.db.collection(ctx.coll).doc('new-id').set({ z: 3 })
    expect(r.upsertedId).toBe('new-id')
    expect(await get('new-id')).toEqual({ _id: 'new-id', z: 3 })
  })

  it('updateAndReturn answers the updated document', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'a', n: 1 })
    const r = await ctx.db.collection(ctx.coll).where({ _id: 'a' }).updateAndReturn({ n: ctx.db.command.inc(1) })
    expect(r.updated).toBe(1)
    expect(r.doc).toEqual({ _id: 'a', n: 2 })
  })
})

describe('round-trip of values', () => {
  it('Date, serverDate, Geo, nested, arrays, numbers, null, booleans', async () => {
    const when = new Date('2024-05-06T07:08:09.123Z')
    const before = Date.now()
    const doc = {
      _id: 'v',
      when,
      created: ctx.db.serverDate(),
      later: ctx.db.serverDate({ offset: 60_000 }),
      loc: new ctx.db.Geo.Point(116.4912, 35.7263),
      line: new (ctx.db.Geo as any).LineString([new ctx.db.Geo.Point(1, 2), new ctx.db.Geo.Point(3, 4)]),
      nested: { a: { b: { c: [1, { d: 'e' }] } } },
      ints: [0, 1, -7, 2147483647, 2147483648, 9007199254740991],
      doubles: [1.5, -0.25, 1e-9, 3.141592653589793],
      nul: null,
      t: true,
      f: false,
      empty: {},
      emptyArr: [],
      str: '汶上 O2O ✓ 😀'
    }
    await ctx.db.collection(ctx.coll).add(doc)
    const got = await get('v')
    const after = Date.now()
    expect(got.when).toBeInstanceOf(Date)
    expect(got.when.getTime()).toBe(when.getTime())
    expect(got.created).toBeInstanceOf(Date)
    expect(got.created.getTime()).toBeGreaterThanOrEqual(before)
    expect(got.created.getTime()).toBeLessThanOrEqual(after)
    expect(got.later.getTime() - got.created.getTime()).toBeGreaterThanOrEqual(59_000)
    expect(got.loc).toBeInstanceOf(ctx.db.Geo.Point)
    expect([got.loc.longitude, got.loc.latitude]).toEqual([116.4912, 35.7263])
    expect(got.line.toJSON()).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] })
    expect(got.nested).toEqual(doc.nested)
    expect(got.ints).toEqual(doc.ints)
    expect(got.doubles).toEqual(doc.doubles)
    expect(got.nul).toBeNull()
    expect(got.t).toBe(true)
    expect(got.f).toBe(false)
    expect(got.empty).toEqual({})
    expect(got.emptyArr).toEqual([])
    expect(got.str).toBe(doc.str)
  })

  it('dates compare as dates in where, and serverDate works in updates and queries', async () => {
    // A year either side of now (a literal future date would turn into the past one day).
    const YEAR = 365 * 24 * 3600_000
    await ctx.db.collection(ctx.coll).add([{ _id: 'old', at: new Date(Date.now() - YEAR) }, { _id: 'new', at: new Date(Date.now() + YEAR) }])
    const { data } = await ctx.db.collection(ctx.coll).where({ at: ctx.db.command.gt(new Date()) }).get()
    expect(data.map((d: any) => d._id)).toEqual(['new'])
    const past = await ctx.db.collection(ctx.coll).where({ at: ctx.db.command.lt(ctx.db.serverDate()) }).get()
    expect(past.data.map((d: any) => d._id)).toEqual(['old'])
    await ctx.db.collection(ctx.coll).doc('old').update({ touched: ctx.db.serverDate() })
    expect((await get('old')).touched).toBeInstanceOf(Date)
  })

  it('geo point equality query round-trips', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'g', loc: new ctx.db.Geo.Point(1.5, 2.5) })
    const { data } = await ctx.db.collection(ctx.coll).where({ 'loc.coordinates': [1.5, 2.5] }).get()
    expect(data.map((d: any) => d._id)).toEqual(['g'])
  })
})

describe('aggregate', () => {
  it('match / group / sort / project / count / lookup / unwind', async () => {
    const $ = ctx.db.command.aggregate
    await ctx.db.collection(ctx.coll).add([
      { _id: '1', dept: 'a', n: 3, tags: ['x', 'y'] },
      { _id: '2', dept: 'a', n: 4, tags: ['x'] },
      { _id: '3', dept: 'b', n: 10, tags: [] },
      { _id: '4', dept: 'c', n: 1, tags: ['y'] }
    ])
    const grouped = await ctx.db.collection(ctx.coll).aggregate().match({ n: ctx.db.command.gt(1) }).group({ _id: '$dept', total: $.sum('$n'), count: $.sum(1) }).sort({ total: -1 }).end()
    expect(grouped.data).toEqual([{ _id: 'b', total: 10, count: 1 }, { _id: 'a', total: 7, count: 2 }])
    const counted = await ctx.db.collection(ctx.coll).aggregate().match({ dept: 'a' }).count('num').end()
    expect(counted.data).toEqual([{ num: 2 }])
    const unwound = await ctx.db.collection(ctx.coll).aggregate().unwind('$tags').group({ _id: '$tags', c: $.sum(1) }).sort({ _id: 1 }).end()
    expect(unwound.data).toEqual([{ _id: 'x', c: 2 }, { _id: 'y', c: 2 }])
    await ctx.db.createCollection(`${ctx.coll}_depts`)
    await ctx.db.collection(`${ctx.coll}_depts`).add([{ _id: 'a', title: 'Dept A' }, { _id: 'b', title: 'Dept B' }])
    const joined = await ctx.db.collection(ctx.coll).aggregate().match({ _id: '3' }).lookup({ from: `${ctx.coll}_depts`, localField: 'dept', foreignField: '_id', as: 'd' }).project({ _id: 0, title: $.arrayElemAt(['$d.title', 0]) }).end()
    expect(joined.data).toEqual([{ title: 'Dept B' }])
    // the aggregate did not change the stored documents
    expect(await get('1')).toEqual({ _id: '1', dept: 'a', n: 3, tags: ['x', 'y'] })
  })
})
