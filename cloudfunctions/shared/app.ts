// The CloudBase app of a function instance: initialised once per warm module, for the environment the function
// runs in (production CloudBase, or the local emulator through TCB_CONTEXT_CNFG).
import tcb from '@cloudbase/node-sdk'

export type App = ReturnType<typeof tcb.init>
export type Db = ReturnType<App['database']>

let cached: { app: App; db: Db } | null = null

/**
 * Thrown instead of calling the SDK without credentials. @cloudbase/node-sdk 3.18.3 checks them in
 * `prepareCredentials` without awaiting it, so a call without credentials ends the whole process with an
 * unhandled rejection ("missing secretId or secretKey") instead of failing the call. The SDK reads them from
 * TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY, which SCF (and the local emulator) sets for every function.
 */
export class MissingCredentialsError extends Error {
  constructor() {
    super('CloudBase credentials missing: TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY are not set in this function\'s environment')
    this.name = 'MissingCredentialsError'
  }
}

/** The credentials the SDK would find (it looks at these variables when init gets no secretId / secretKey). */
export function hasCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.TENCENTCLOUD_SECRETID && env.TENCENTCLOUD_SECRETKEY)
}

function instance(): { app: App; db: Db } {
  if (!cached) {
    if (!hasCredentials()) throw new MissingCredentialsError()
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
