#!/usr/bin/env node
// Screenshots of every main page at 375 px: runs only the screenshot tests of the e2e suite.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const r = spawnSync(process.execPath, [path.join(root, 'scripts/e2e.mjs'), '--only', 'screenshots', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(r.status ?? 1)
