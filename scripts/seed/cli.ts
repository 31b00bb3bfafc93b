// Seed the Wenshang demo data.
//   npx tsx scripts/seed/cli.ts --url http://127.0.0.1:<port>/admin [--reset] [--no-personas]
//     a running local emulator (its SDK endpoint, POST /admin)
//   npx tsx scripts/seed/cli.ts --env <envId> [--reset] [--no-personas]
//     a real CloudBase environment; credentials from TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY
//     (/ TENCENTCLOUD_SESSIONTOKEN); the env id may also come from TCB_ENV_ID or ENV_ID
import tcb from '@cloudbase/node-sdk'
import { seed } from './index'

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  if (i >= 0) return argv[i + 1]
  const eq = argv.find((a) => a.startsWith(`${name}=`))
  return eq ? eq.slice(name.length + 1) : undefined
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: seed --url http://127.0.0.1:<port>/admin | --env <envId>  [--reset] [--no-personas]')
    return 0
  }
  const url = arg(argv, '--url')
  const envId = arg(argv, '--env') ?? process.env.TCB_ENV_ID ?? process.env.ENV_ID
  let app
  if (url) {
    app = tcb.init({ env: 'local', serviceUrl: url, secretId: 'local', secretKey: 'local' })
  } else if (envId) {
    const secretId = process.env.TENCENTCLOUD_SECRETID
    const secretKey = process.env.TENCENTCLOUD_SECRETKEY
    if (!secretId || !secretKey) {
      console.error('seed: TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are required for --env')
      return 2
    }
    app = tcb.init({ env: envId, secretId, secretKey, sessionToken: process.env.TENCENTCLOUD_SESSIONTOKEN })
  } else {
    console.error('seed: give --url http://127.0.0.1:<port>/admin (local emulator) or --env <envId>')
    return 2
  }
  const started = Date.now()
  const res = await seed(app.database(), {
    reset: argv.includes('--reset'),
    personas: !argv.includes('--no-personas'),
    log: (s) => console.log(s)
  })
  const total = Object.values(res.counts).reduce((a, b) => a + b, 0)
  console.log(`seeded ${total} documents in ${Object.keys(res.counts).length} collections (${Date.now() - started} ms)`)
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`seed failed: ${(e as Error).stack ?? e}`)
    process.exit(1)
  }
)
