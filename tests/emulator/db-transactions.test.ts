// Conformance: transactions (isolation, commit, abort, optimistic conflicts, expiry, runTransaction, legacy API).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { sdkApp, useFreshCollections } from '../helpers/emulator'

const ctx = useFreshCollections('t', { beforeAll, afterAll, beforeEach })

const read = async (id: string) => (await ctx.db.collection(ctx.coll).doc(id).get()).data[0]

describe('transactions', () => {
  it('writes are invisible outside until commit, visible inside, applied on commit', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'a', n: 1 })
    const tx = await ctx.db.startTransaction()
    await tx.collection(ctx.coll).doc('a').update({ n: 2 })
    await tx.collection(ctx.coll).add({ _id: 'b', n: 10 })
    await tx.collection(ctx.coll).doc('gone').set({ n: 0 })
    expect((await tx.collection(ctx.coll).doc('a').get()).data).toEqual({ _id: 'a', n: 2 })
    expect((await tx.collection(ctx.coll).doc('b').get()).data).toEqual({ _id: 'b', n: 10 })
    expect((await read('a')).n).toBe(1)
    expect(await read('b')).toBeUndefined()
    await tx.commit()
    expect((await read('a')).n).toBe(2)
    expect((await read('b')).n).toBe(10)
    expect((await read('gone')).n).toBe(0)
  })

  it('delete inside a transaction; rollback discards everything', async () => {
    await ctx.db.collection(ctx.coll).add([{ _id: 'a', n: 1 }, { _id: 'b', n: 1 }])
    const tx = await ctx.db.startTransaction()
    await tx.collection(ctx.coll).doc('a').delete()
    expect((await tx.collection(ctx.coll).doc('a').get()).data).toBeNull()
    await tx.collection(ctx.coll).doc('b').update({ n: 5 })
    await tx.rollback()
    expect((await read('a')).n).toBe(1)
    expect((await read('b')).n).toBe(1)
    await expect(tx.commit()).rejects.toHaveProperty('code', 'DATABASE_TRANSACTION_FAIL')
  })

  it('a write outside after a transactional read makes the commit conflict', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'a', n: 1 })
    const tx = await ctx.db.startTransaction()
    const { data } = await tx.collection(ctx.coll).doc('a').get()
    await ctx.db.collection(ctx.coll).doc('a').update({ n: 100 })
    await tx.collection(ctx.coll).doc('a').update({ n: data.n + 1 })
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect((await read('a')).n).toBe(100)
  })

  it('two transactions writing the same document: the second commit conflicts', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'a', n: 1 })
    const t1 = await ctx.db.startTransaction()
    const t2 = await ctx.db.startTransaction()
    await t1.collection(ctx.coll).doc('a').update({ n: 2 })
    await t2.collection(ctx.coll).doc('a').update({ n: 3 })
    await t1.commit()
    await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect((await read('a')).n).toBe(2)
  })

  it('a lookup by _id that found nothing is tracked: a concurrent insert of that _id makes the commit conflict', async () => {
    const tx = await ctx.db.startTransaction()
    expect((await tx.collection(ctx.coll).doc('fresh').get()).data).toBeFalsy()
    const upd = await tx.collection(ctx.coll).doc('fresh2').update({ n: 1 })
    expect(upd.updated).toBe(0)
    await ctx.db.collection(ctx.coll).add({ _id: 'fresh', n: 1 })
    await tx.collection(ctx.coll).doc('fresh').set({ n: 100 })
    await expect(tx.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect(await read('fresh')).toEqual({ _id: 'fresh', n: 1 })
    // the same through an update that matched nothing
    const tx2 = await ctx.db.startTransaction()
    expect((await tx2.collection(ctx.coll).doc('other').update({ n: 1 })).updated).toBe(0)
    await ctx.db.collection(ctx.coll).add({ _id: 'other', n: 5 })
    await tx2.collection(ctx.coll).doc('other').set({ n: 1 })
    await expect(tx2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect(await read('other')).toEqual({ _id: 'other', n: 5 })
  })

  it('20 concurrent read-increment-write transactions with retry never lose an update', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'counter', n: 0 })
    let conflicts = 0
    const worker = async () => {
      for (;;) {
        const tx = await ctx.db.startTransaction()
        try {
          const { data } = await tx.collection(ctx.coll).doc('counter').get()
          await tx.collection(ctx.coll).doc('counter').update({ n: data.n + 1 })
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
    expect(ctx.emu.emulator.database.openTransactions()).toBe(0)
  })

  it('ctx.db.runTransaction commits, returns the callback result, and retries on conflict', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'acc', balance: 100 })
    const result = await ctx.db.runTransaction(async (tx: any) => {
      const { data } = await tx.collection(ctx.coll).doc('acc').get()
      await tx.collection(ctx.coll).doc('acc').update({ balance: data.balance - 30 })
      return data.balance - 30
    })
    expect(result).toBe(70)
    expect((await read('acc')).balance).toBe(70)
    let attempts = 0
    const other = sdkApp(ctx.emu.adminUrl).database()
    await ctx.db.runTransaction(async (tx: any) => {
      attempts++
      const { data } = await tx.collection(ctx.coll).doc('acc').get()
      if (attempts === 1) await other.collection(ctx.coll).doc('acc').update({ balance: 0 })
      await tx.collection(ctx.coll).doc('acc').update({ balance: data.balance + 1 })
    })
    expect(attempts).toBe(2)
    expect((await read('acc')).balance).toBe(1)
  })

  it('runTransaction rollback with a custom reason rejects with it and writes nothing', async () => {
    await ctx.db.collection(ctx.coll).add({ _id: 'x', v: 1 })
    await expect(
      ctx.db.runTransaction(async (tx: any) => {
        await tx.collection(ctx.coll).doc('x').update({ v: 2 })
        await tx.rollback('not enough stock')
      })
    ).rejects.toBe('not enough stock')
    expect((await read('x')).v).toBe(1)
  })

  it('abandoned transactions expire after 30 s of inactivity', async () => {
    const tx = await ctx.db.startTransaction()
    await tx.collection(ctx.coll).add({ _id: 'never', v: 1 })
    const realNow = Date.now
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 31_000)
    try {
      expect(ctx.emu.emulator.database.openTransactions()).toBe(0)
      await expect(tx.commit()).rejects.toHaveProperty('code', 'DATABASE_TRANSACTION_FAIL')
    } finally {
      spy.mockRestore()
    }
    expect(await read('never')).toBeUndefined()
  })

  it('duplicate _id inserted by a transaction and outside: the commit fails, nothing half-applied', async () => {
    const tx = await ctx.db.startTransaction()
    await tx.collection(ctx.coll).add({ _id: 'k', from: 'tx' })
    await tx.collection(ctx.coll).add({ _id: 'other', from: 'tx' })
    await ctx.db.collection(ctx.coll).add({ _id: 'k', from: 'outside' })
    await expect(tx.commit()).rejects.toHaveProperty('code')
    expect((await read('k')).from).toBe('outside')
    expect(await read('other')).toBeUndefined()
  })

  it('legacy transaction actions (getInTransaction / updateDocInTransaction / deleteDocInTransaction)', async () => {
    await ctx.db.collection(ctx.coll).add([{ _id: 'a', n: 1 }, { _id: 'd', n: 1 }])
    const call = async (action: string, params: Record<string, unknown>) => {
      const res = await fetch(ctx.emu.adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, ...params }) })
      return (await res.json()) as any
    }
    const { transactionId } = await call('database.startTransaction', {})
    expect(typeof transactionId).toBe('string')
    const got = await call('database.getInTransaction', { transactionId, collectionName: ctx.coll, _id: 'a' })
    expect(JSON.parse(got.data)).toMatchObject({ _id: 'a', n: { $numberInt: '1' } })
    const upd = await call('database.updateDocInTransaction', { transactionId, collectionName: ctx.coll, _id: 'a', data: JSON.stringify({ $set: { n: 2 } }) })
    expect(upd.updated).toBe('{"$numberInt":"1"}')
    const set = await call('database.updateDocInTransaction', { transactionId, collectionName: ctx.coll, _id: 'new', data: JSON.stringify({ n: 9 }), upsert: true })
    expect(JSON.parse(set.upserted)).toEqual([{ _id: 'new' }])
    const del = await call('database.deleteDocInTransaction', { transactionId, collectionName: ctx.coll, _id: 'd' })
    expect(del.deleted).toBe('{"$numberInt":"1"}')
    expect(await call('database.commitTransaction', { transactionId })).not.toHaveProperty('code')
    expect((await read('a')).n).toBe(2)
    expect((await read('new')).n).toBe(9)
    expect(await read('d')).toBeUndefined()
  })
})
