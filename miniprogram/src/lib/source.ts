// The source a filing page was opened from: the query `src` (links in official account articles, menus) or a
// mini program code's `scene` (wxacode.getUnlimited: at most 32 characters, e.g. 'src=qr:dongmen-01' or the
// source itself). The server checks it again (core/channels.ts SOURCE_PATTERN); a malformed one is dropped here.
const SOURCE = /^[a-z][a-z0-9_]{0,31}(?::[A-Za-z0-9_.-]{1,64})?$/

export function sourceFromParams(params: Record<string, string | undefined>): string | undefined {
  const decode = (v: string) => {
    try {
      return decodeURIComponent(v)
    } catch {
      return v
    }
  }
  const candidates: string[] = []
  if (params.src) candidates.push(decode(params.src))
  if (params.scene) {
    const scene = decode(params.scene)
    const m = /(?:^|&)src=([^&]+)/.exec(scene)
    candidates.push(m ? decode(m[1]!) : scene)
  }
  return candidates.map((c) => c.trim()).find((c) => SOURCE.test(c))
}
