// `npm start`: the whole local cloud on one port (`npm run emulator`, scripts/emulator.ts: database, functions
// rebuilt when stale, timers, storage, WeChat open API stand-ins, the gateway with dev login) with the Wenshang
// demo data, plus the H5 build of the mini program served as static files.
// Flags: --port <p> (or PORT), --data <dir|:memory:> (default .data), --no-build-h5 (serve the existing build),
// --no-seed, --no-timers, --at <ISO instant> (start the local clock there, past or future),
// --functions-tz <IANA zone> (TZ of the function processes, default UTC).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parseInstant } from '../emulator/src/clock'
import { isTimeZone } from '../emulator/src/cli'
import { closeOnSignals, startLocalCloud } from './emulator'

const root = path.resolve(__dirname, '..')

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      data: { type: 'string', default: path.join(root, '.data') },
      'no-build-h5': { type: 'boolean', default: false },
      'no-seed': { type: 'boolean', default: false },
      'no-timers': { type: 'boolean', default: false },
      at: { type: 'string' },
      'functions-tz': { type: 'string' }
    }
  })
  const port = Number(values.port ?? process.env.PORT ?? 8080)
  if (values.at !== undefined) parseInstant(values.at)
  const tz = values['functions-tz']
  if (tz !== undefined && !isTimeZone(tz)) throw new Error(`bad --functions-tz ${tz}`)
  const h5Dir = path.join(root, 'miniprogram/dist/h5')

  if (!values['no-build-h5'] || !existsSync(path.join(h5Dir, 'index.html'))) {
    console.log('› building the H5 mini program (a minute or two)')
    const r = spawnSync('npm', ['run', 'build:h5'], { cwd: root, stdio: 'inherit', env: { ...process.env } })
    if (r.status !== 0) throw new Error('H5 build failed')
  }

  const emulator = await startLocalCloud({
    port,
    data: values.data!,
    seed: values['no-seed'] ? null : 'demo',
    at: values.at,
    functionsTz: tz,
    timers: !values['no-timers'],
    staticDir: h5Dir
  })
  closeOnSignals(emulator)
  console.log(`\n  汶上 O2O 便民服务平台 is running: open ${emulator.url}/ (local cloud API at ${emulator.url}/admin)\n`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
