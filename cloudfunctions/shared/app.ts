// The CloudBase app of a function instance: initialised once per warm module, for the environment the function
// runs in (production CloudBase, or the local emulator through TCB_CONTEXT_CNFG).
import tcb from '@cloudbase/node-sdk'

export type App = ReturnType<typeof tcb.init>
export type Db = ReturnType<App['database']>

let cached: { app: App; db: Db } | null = null

function instance(): { app: App; db: Db } {
  if (!cached) {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    cached = { app, db: app.database() }
  }
  return cached
}

export function app(): App {
  return instance().app
}

export function db(): Db {
  return instance().db
}

/** Query commands (`_.in`, `_.lte`, …). */
export function cmd(): Db['command'] {
  return instance().db.command
}

export { tcb }
