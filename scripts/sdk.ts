// A real @cloudbase/node-sdk app pointed at a CloudBase endpoint (the local emulator's /admin URL).
import tcb from '@cloudbase/node-sdk'

export function sdkApp(serviceUrl: string, headers?: Record<string, string>) {
  return tcb.init({ env: 'local', serviceUrl, secretId: 'local', secretKey: 'local', ...(headers ? { headers } : {}) } as any)
}
