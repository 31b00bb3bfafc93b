// Durability: every acknowledged write survives `kill -9` of the emulator process (CLI child process).
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sdkApp } from '../helpers/emulator'

const root = path.resolve(__dirname, '../..')
const cli = path.join(root, 'emulator/src/cli.ts')
const dirs: string[] = []
const children: ChildProcess[] = []

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** Spawn the CLI (node + tsx directly, so the signal reaches the emulator itself) and wait for its URL line. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--no-services', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m) {
        child.stdout!.off('data', onData)
        child.stdout!.on('data', c => (out += c.toString()))
        resolve({ child, url: m[0], output: () => out })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', c => (out += c.toString()))
    child.once('exit', code => reject(new Error(`emulator exited (${code}) before it was ready:\n${out}`)))
  })
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode })
    else child.once('exit', (code, signal) => resolve({ code, signal }))
  })

describe('durability', () => {
  it('acknowledged inserts, updates, removes and commits survive kill -9', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-durable-'))
    dirs.push(data)
    const schema = path.join(data, 'schema.json')
    fs.writeFileSync(schema, JSON.stringify({ collections: { items: { indexes: [{ name: 'n', keys: [['n', 1]] }] } } }))

    const first = await startCli(['--data', data, '--schema', schema])
    const db = sdkApp(`${first.url}/admin`).database()
    for (let i = 0; i < 30; i++) await db.collection('items').add({ _id: `i${i}`, n: i, at: new Date(1_700_000_000_000 + i) })
    await db.collection('items').where({ n: db.command.gte(20) }).update({ big: true })
    await db.collection('items').doc('i0').remove()
    await db.createCollection('later')
    await db.collection('later').add({ _id: 'x', v: 'kept' })
    const tx = await db.startTransaction()
    await tx.collection('items').doc('i1').update({ n: 1001 })
    await tx.commit()
    const open = await db.startTransaction() // uncommitted: must not survive
    await open.collection('items').doc('i2').update({ n: 2002 })

    first.child.kill('SIGKILL')
    expect((await exited(first.child)).signal).toBe('SIGKILL')

    const second = await startCli(['--data', data, '--schema', schema])
    try {
      const db2 = sdkApp(`${second.url}/admin`).database()
      const { data: docs } = await db2.collection('items').orderBy('n', 'asc').limit(1000).get()
      expect(docs).toHaveLength(29)
      expect(docs.find((d: any) => d._id === 'i0')).toBeUndefined()
      expect(docs.find((d: any) => d._id === 'i1').n).toBe(1001)
      expect(docs.find((d: any) => d._id === 'i2').n).toBe(2)
      expect(docs.filter((d: any) => d.big === true)).toHaveLength(10)
      expect(docs.find((d: any) => d._id === 'i5').at).toEqual(new Date(1_700_000_000_005))
      expect((await db2.collection('later').doc('x').get()).data[0].v).toBe('kept')
      expect((await db2.collection('items').where({ n: 25 }).get()).data.map((d: any) => d._id)).toEqual(['i25'])
    } finally {
      second.child.kill('SIGTERM')
      const { code } = await exited(second.child)
      expect(code).toBe(0)
    }
  })

  it('SIGINT closes cleanly (exit code 0) and the data dir holds db.sqlite', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-sigint-'))
    dirs.push(data)
    const run = await startCli(['--data', data])
    expect(run.output()).toContain(run.url)
    run.child.kill('SIGINT')
    expect((await exited(run.child)).code).toBe(0)
    expect(fs.existsSync(path.join(data, 'db.sqlite'))).toBe(true)
  })

  it('bad CLI arguments exit with an error', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--bogus'], { cwd: root, stdio: 'pipe' })
    children.push(child)
    let err = ''
    child.stderr!.on('data', c => (err += c.toString()))
    expect((await exited(child)).code).toBe(2)
    expect(err).toContain('unknown argument --bogus')
  })
})
