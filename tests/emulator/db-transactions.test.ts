// Conformance: transactions (isolation, commit, abort, optimistic conflicts, expiry, runTransaction, legacy API).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startEmulator, sdkApp, type StartedEmulator } from '../helpers/emulator'

let emu: StartedEmulator
let db: StartedEmulator['db']
let n = 0
let coll: string

beforeAll(async () => {
  emu = await startEmulator({ services: false })
  db = emu.db
})
afterAll(async () => emu?.close())
beforeEach(async () => {
  coll = `t${++n}`
  await db.createCollection(coll)
})

const read = async (id: string) => (await db.collection(coll).doc(id).get()).data[0]

describe('transactions', () => {
  it('writes are invisible outside until commit, visible inside, applied on commit', async () => {
    await db.collection(coll).add({ _id: 'a', n: 1 })
    const tx = await db.startTransaction()
    await tx.collection(coll).doc('a').update({ n: 2 })
    await tx.collection(coll).add({ _id: 'b', n: 10 })
    await tx.collection(coll).doc('gone').set({ n: 0 })
    expect((await tx.collection(coll).doc('a').get()).data).toEqual({ _id: 'a', n: 2 })
    expect((await tx.collection(coll).doc('b').get()).data).toEqual({ _id: 'b', n: 10 })
    expect((await read('a')).n).toBe(1)
    expect(await read('b')).toBeUndefined()
    await tx.commit()
    expect((await read('a')).n).toBe(2)
    expect((await read('b')).n).toBe(10)
    expect((await read('gone')).n).toBe(0)
  })

  it('delete inside a transaction; rollback discards everything', async () => {
    await db.collection(coll).add([{ _id: 'a', n: 1 }, { _id: 'b', n: 1 }])
    const tx = await db.startTransaction()
    await tx.collection(coll).doc('a').delete()
    expect((await tx.collection(coll).doc('a').get()).data).toBeNull()
    await tx.collection(coll).doc('b').update({ n: 5 })
    await tx.rollback()
    expect((await read('a')).n).toBe(1)
    expect((await read('b')).n).toBe(1)
    await expect(tx.commit()).rejects.toHaveProperty('code', 'DATABASE_TRANSACTION_FAIL')
  })

  it('a write outside after a transactional read makes the commit conflict', async () => {
    await db.collection(coll).add({ _id: 'a', n: 1 })
    const tx = await db.startTransaction()
    const { data } = await tx.collection(coll).doc('a').get()
    await db.collection(coll).doc('a').update({ n: 100 })
    await tx.collection(coll).doc('a').update({ n: data.n + 1 })
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect((await read('a')).n).toBe(100)
  })

  it('two transactions writing the same document: the second commit conflicts', async () => {
    await db.collection(coll).add({ _id: 'a', n: 1 })
    const t1 = await db.startTransaction()
    const t2 = await db.startTransaction()
    await t1.collection(coll).doc('a').update({ n: 2 })
    await t2.collection(coll).doc('a').update({ n: 3 })
    await t1.commit()
    await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect((await read('a')).n).toBe(2)
  })

  it('a lookup by _id that found nothing is tracked: a concurrent insert of that _id makes the commit conflict', async () => {
    const tx = await db.startTransaction()
    expect((await tx.collection(coll).doc('fresh').get()).data).toBeFalsy()
    const upd = await tx.collection(coll).doc('fresh2').update({ n: 1 })
    expect(upd.updated).toBe(0)
    await db.collection(coll).add({ _id: 'fresh', n: 1 })
    await tx.collection(coll).doc('fresh').set({ n: 100 })
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect(await read('fresh')).toEqual({ _id: 'fresh', n: 1 })
    // the same through an update that matched nothing
    const tx2 = await db.startTransaction()
    expect((await tx2.collection(coll).doc('other').update({ n: 1 })).updated).toBe(0)
    await db.collection(coll).add({ _id: 'other', n: 5 })
    await tx2.collection(coll).doc('other').set({ n: 1 })
    await expect(tx2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect(await read('other')).toEqual({ _id: 'other', n: 5 })
  })

  it('20 concurrent read-increment-write transactions with retry never lose an update', async () => {
    await db.collection(coll).add({ _id: 'counter', n: 0 })
    let conflicts = 0
    const worker = async () => {
      for (;;) {
        const tx = await db.startTransaction()
        try {
          const { data } = await tx.collection(coll).doc('counter').get()
          await tx.collection(coll).doc('counter').update({ n: data.n + 1 })
          await tx.commit()
          return
        } catch (e: any) {
          if (e?.code !== 'DATABASE_TRANSACTION_CONFLICT') throw e
          conflicts++
        }
      }
    }
    // separate SDK apps, like separate function instances
    await Promise.all(Array.from({ length: 20 }, () => worker()))
    expect((await read('counter')).n).toBe(20)
    expect(conflicts).toBeGreaterThan(0)
    expect(emu.emulator.database.openTransactions()).toBe(0)
  })

  it('db.runTransaction commits, returns the callback result, and retries on conflict', async () => {
    await db.collection(coll).add({ _id: 'acc', balance: 100 })
    const result = await db.runTransaction(async (tx: any) => {
      const { data } = await tx.collection(coll).doc('acc').get()
      await tx.collection(coll).doc('acc').update({ balance: data.balance - 30 })
      return data.balance - 30
    })
    expect(result).toBe(70)
    expect((await read('acc')).balance).toBe(70)
    let attempts = 0
    const other = sdkApp(emu.adminUrl).database()
    await db.runTransaction(async (tx: any) => {
      attempts++
      const { data } = await tx.collection(coll).doc('acc').get()
      if (attempts === 1) await other.collection(coll).doc('acc').update({ balance: 0 })
      await tx.collection(coll).doc('acc').update({ balance: data.balance + 1 })
    })
    expect(attempts).toBe(2)
    expect((await read('acc')).balance).toBe(1)
  })

  it('runTransaction rollback with a custom reason rejects with it and writes nothing', async () => {
    await db.collection(coll).add({ _id: 'x', v: 1 })
    await expect(
      db.runTransaction(async (tx: any) => {
        await tx.collection(coll).doc('x').update({ v: 2 })
        await tx.rollback('not enough stock')
      })
    ).rejects.toBe('not enough stock')
    expect((await read('x')).v).toBe(1)
  })

  it('abandoned transactions expire after 30 s of inactivity', async () => {
    const tx = await db.startTransaction()
    await tx.collection(coll).add({ _id: 'never', v: 1 })
    const realNow = Date.now
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 31_000)
    try {
      expect(emu.emulator.database.openTransactions()).toBe(0)
      await expect(tx.commit()).rejects.toHaveProperty('code', 'DATABASE_TRANSACTION_FAIL')
    } finally {
      spy.mockRestore()
    }
    expect(await read('never')).toBeUndefined()
  })

  it('duplicate _id inserted by a transaction and outside: the commit fails, nothing half-applied', async () => {
    const tx = await db.startTransaction()
    await tx.collection(coll).add({ _id: 'k', from: 'tx' })
    await tx.collection(coll).add({ _id: 'other', from: 'tx' })
    await db.collection(coll).add({ _id: 'k', from: 'outside' })
    await expect(tx.commit()).rejects.toHaveProperty('code')
    expect((await read('k')).from).toBe('outside')
    expect(await read('other')).toBeUndefined()
  })

  it('legacy transaction actions (getInTransaction / updateDocInTransaction / deleteDocInTransaction)', async () => {
    await db.collection(coll).add([{ _id: 'a', n: 1 }, { _id: 'd', n: 1 }])
    const call = async (action: string, params: Record<string, unknown>) => {
      const res = await fetch(emu.adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, ...params }) })
      return (await res.json()) as any
    }
    const { transactionId } = await call('database.startTransaction', {})
    expect(typeof transactionId).toBe('string')
    const got = await call('database.getInTransaction', { transactionId, collectionName: coll, _id: 'a' })
    expect(JSON.parse(got.data)).toMatchObject({ _id: 'a', n: { $numberInt: '1' } })
    const upd = await call('database.updateDocInTransaction', { transactionId, collectionName: coll, _id: 'a', data: JSON.stringify({ $set: { n: 2 } }) })
    expect(upd.updated).toBe('{"$numberInt":"1"}')
    const set = await call('database.updateDocInTransaction', { transactionId, collectionName: coll, _id: 'new', data: JSON.stringify({ n: 9 }), upsert: true })
    expect(JSON.parse(set.upserted)).toEqual([{ _id: 'new' }])
    const del = await call('database.deleteDocInTransaction', { transactionId, collectionName: coll, _id: 'd' })
    expect(del.deleted).toBe('{"$numberInt":"1"}')
    expect(await call('database.commitTransaction', { transactionId })).not.toHaveProperty('code')
    expect((await read('a')).n).toBe(2)
    expect((await read('new')).n).toBe(9)
    expect(await read('d')).toBeUndefined()
  })
})
