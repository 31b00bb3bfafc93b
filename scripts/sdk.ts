// A real @cloudbase/node-sdk app pointed at a CloudBase endpoint (e.g. the local emulator's /admin URL).
import tcb from '@cloudbase/node-sdk'
import type { CloudBase } from '@cloudbase/node-sdk'

// Off Tencent Cloud the SDK probes the metadata server (http://metadata.tencentyun.com, 30 ms timeout) before
// EVERY call and never caches the failure, adding ~60 ms per call. TENCENTCLOUD=true skips the probe; with an
// explicit serviceUrl it changes nothing else in the SDK's behaviour. Functions inside the emulator get their
// own SCF environment.
process.env.TENCENTCLOUD ??= 'true'

/** A fresh real SDK app talking to `serviceUrl`; `headers` are merged into every request. */
export function sdkApp(serviceUrl: string, headers?: Record<string, string>): CloudBase {
  return tcb.init({ env: 'local', serviceUrl, secretId: 'local', secretKey: 'local', headers })
}
