// When was anything under a path last changed: the freshness check of the builds the scripts and tests reuse.
import fs from 'node:fs'
import path from 'node:path'

/** Newest modification time (ms) of a file, or of any file below a folder; 0 when the path does not exist. */
export function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.mtimeMs
  let max = 0
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)))
  return max
}
