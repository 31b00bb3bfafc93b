// bench/RESULTS.md is written whole by `npm run bench`; the single benchmarks (bench:redaction, bench:cost) replace
// only their own section, keeping everything else as it is.
import fs from 'node:fs'
import path from 'node:path'

export const RESULTS_FILE = path.join(__dirname, 'RESULTS.md')

/** Replace (or append) the section that starts with `title` (a '## ' heading) in RESULTS.md. */
export function writeSection(title: string, section: string, file = RESULTS_FILE): void {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n'
  const start = old.indexOf(title)
  let next: string
  if (start < 0) next = `${old.replace(/\n*$/, '\n\n')}${section}`
  else {
    const rest = old.slice(start + title.length)
    const end = rest.search(/\n## /)
    next = old.slice(0, start) + section + (end < 0 ? '' : rest.slice(end + 1))
  }
  fs.writeFileSync(file, next)
}
