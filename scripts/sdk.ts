// A real @cloudbase/node-sdk app pointed at a CloudBase endpoint (the local emulator's /admin URL).
import tcb from '@cloudbase/node-sdk'

// Outside Tencent Cloud the SDK probes a cloud metadata server before every call (~60 ms each) and never caches
// the failure; TENCENTCLOUD=true skips the probe. Functions inside the emulator get their SCF environment.
process.env.TENCENTCLOUD ??= 'true'

export function sdkApp(serviceUrl: string, headers?: Record<string, string>) {
  return tcb.init({ env: 'local', serviceUrl, secretId: 'local', secretKey: 'local', ...(headers ? { headers } : {}) } as any)
}
