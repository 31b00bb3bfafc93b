// `npm run bench`: every benchmark, printed and written to bench/RESULTS.md. Budgets: ../shared/BRIEF.md §7.
// Figures are measurements of this machine, never assertions: tests do not time anything.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { benchEmulator, toMarkdown } from './emulator'
import { benchService } from './service'
import { costSection } from './cost'
import { redactionSection } from './redaction'
import { benchSimilar } from './similar'

async function main() {
  const started = Date.now()
  const header = [
    '# Benchmark results',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Regenerate with \`npm run bench\`.`,
    ''
  ]
  console.log('› emulator database: SDK → emulator vs better-sqlite3 + mingo directly (100,000 documents)')
  const emulatorRows = await benchEmulator({ n: 100_000 })
  const emulatorMd = ['## The local CloudBase database', '', toMarkdown(emulatorRows), '']
  console.log(emulatorMd.join('\n'))

  console.log('› petition service: summary, deadline scan, submit through the gateway')
  const serviceMd = await benchService()
  console.log(serviceMd)

  const serviceNote = [
    'Budgets (BRIEF §7) side by side with the measurement; `met` judges the submit rows on p99 and throughput, the',
    'timer and summary rows on p50. The machine is shared: other processes running at the same time lower the figures.',
    ''
  ]
  console.log('› cost per action: database operations, sequential round trips, function CPU')
  const costMd = [await costSection(30)]
  console.log(costMd.join('\n'))

  console.log('› 附议 suggestions: petition.similar over 100,000 open cases')
  const similarMd = await benchSimilar()
  console.log(similarMd)

  const redactionMd = redactionSection()
  console.log(redactionMd)

  const out = [...header, ...emulatorMd, '## The petition service', '', ...serviceNote, serviceMd, '', ...costMd, similarMd, redactionMd, `Total bench time: ${Math.round((Date.now() - started) / 1000)} s.`, '']
  fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), out.join('\n'))
  console.log('› written to bench/RESULTS.md')
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
