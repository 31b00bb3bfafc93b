// Measuring redaction on the corpus: shared by the unit test and scripts/bench-redaction.ts.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { redactPublic, type NameTagger } from '../../cloudfunctions/core/redact'

export interface CorpusEntry {
  id: number
  kind: 'petition' | 'reply'
  text: string
  /** Names the case knows (contact, filer, handler, reply authors). */
  names: string[]
  /** Substrings that must not survive (names, phones, IDs, plates, WeChat ids, exact addresses). */
  remove: string[]
  /** Place names that must survive. */
  keep: string[]
}

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/redaction-corpus.json')

export function loadCorpus(): CorpusEntry[] {
  return (JSON.parse(fs.readFileSync(CORPUS, 'utf8')) as { entries: CorpusEntry[] }).entries
}

const digitsOnly = (s: string) => s.replace(/[\s\-·•.()（）]/g, '')

/** Does `item` survive in `out`? Numbers count as leaked whatever spacing they are printed with. */
export function survives(out: string, item: string): boolean {
  if (out.includes(item)) return true
  const d = digitsOnly(item)
  return /[0-9]{5,}/.test(d) && digitsOnly(out).includes(d)
}

export interface Measure {
  sensitive: number
  leaked: number
  places: number
  placesMasked: number
  leaks: Array<{ id: number; item: string; out: string }>
  masked: Array<{ id: number; item: string; out: string }>
}

export function measureCorpus(tagger: NameTagger | null, entries = loadCorpus()): Measure {
  const m: Measure = { sensitive: 0, leaked: 0, places: 0, placesMasked: 0, leaks: [], masked: [] }
  for (const e of entries) {
    const out = redactPublic(e.text, { names: e.names, tagger })
    for (const item of e.remove) {
      m.sensitive++
      if (survives(out, item)) m.leaks.push({ id: e.id, item, out })
    }
    for (const item of e.keep) {
      m.places++
      if (!out.includes(item)) m.masked.push({ id: e.id, item, out })
    }
  }
  m.leaked = m.leaks.length
  m.placesMasked = m.masked.length
  return m
}
