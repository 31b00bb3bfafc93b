// `npm start`: the whole local cloud on one port — the emulator (database, functions, timers, storage,
// WeChat open API stand-ins), the H5 build of the mini program served as static files, and the Wenshang
// demo data. Flags: --port <p> (or PORT), --data <dir|:memory:> (default .data), --no-build-h5 (serve the
// existing build), --no-seed, --no-timers, --at <ISO instant> (start the local clock there, past or future).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createEmulator } from '../emulator/src/server'
import { buildFunctions } from './build-functions'
import { seed } from './seed'
import { sdkApp } from './sdk'

const root = path.resolve(__dirname, '..')

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      data: { type: 'string', default: path.join(root, '.data') },
      'no-build-h5': { type: 'boolean', default: false },
      'no-seed': { type: 'boolean', default: false },
      'no-timers': { type: 'boolean', default: false },
      at: { type: 'string' }
    }
  })
  const port = Number(values.port ?? process.env.PORT ?? 8080)
  const h5Dir = path.join(root, 'miniprogram/dist/h5')

  console.log('› building cloud functions')
  await buildFunctions({ quiet: false })

  if (!values['no-build-h5'] || !existsSync(path.join(h5Dir, 'index.html'))) {
    console.log('› building the H5 mini program (a minute or two)')
    const r = spawnSync('npm', ['run', 'build:h5'], { cwd: root, stdio: 'inherit', env: { ...process.env } })
    if (r.status !== 0) throw new Error('H5 build failed')
  }

  if (values.data !== ':memory:') mkdirSync(values.data!, { recursive: true })
  const emulator = await createEmulator({
    port,
    host: '127.0.0.1',
    data: values.data!,
    schemaPath: path.join(root, 'cloudfunctions/database.schema.json'),
    cloudbasercPath: path.join(root, 'cloudbaserc.json'),
    functionsDir: path.join(root, 'dist/functions'),
    staticDir: h5Dir,
    devLogin: true,
    timers: !values['no-timers'],
    ...(values.at ? { startAt: values.at } : {})
  })

  if (!values['no-seed']) {
    const app = sdkApp(`${emulator.url}/admin`)
    const { counts } = await seed(app.database(), { log: () => {} })
    console.log(`› demo data: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`)
  }

  if (values.at) console.log(`› local clock starts at ${values.at}`)
  console.log(`\n  汶上 O2O 便民服务平台 is running: open ${emulator.url}/ (local cloud API at ${emulator.url}/admin)\n`)
  const stop = async () => {
    await emulator.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
