// The redaction corpus (tests/fixtures/redaction-corpus.json) measured: names, phones and IDs leaked, and place
// names wrongly masked, with jieba (as the functions run it) and with the heuristics alone. `npm run
// bench:redaction` writes the section into bench/RESULTS.md (replacing only that section); `npm run bench`
// includes it. The unit test tests/unit/core/redaction-corpus.test.ts asserts 0 leaks and prints the same figures.
import { RESULTS_FILE, writeSection } from './results'
import { pathToFileURL } from 'node:url'
import { jiebaTagger } from '../cloudfunctions/shared/tagger'
import { loadCorpus, measureCorpus } from '../tests/helpers/redaction'

export const SECTION_TITLE = '## Redaction of public summaries'

export function redactionSection(): string {
  const entries = loadCorpus()
  const tagger = jiebaTagger()
  const rows = [
    ['jieba `nr` + known names + rules (as the functions run)', tagger ? measureCorpus(tagger, entries) : null],
    ['known names + rules only (jieba unavailable)', measureCorpus(null, entries)]
  ] as const
  const lines = [
    SECTION_TITLE,
    '',
    `Corpus: ${entries.length} Wenshang petitions and replies (\`tests/fixtures/redaction-corpus.json\`), ` +
      `${rows[1][1].sensitive} sensitive items (names, phones, IDs, plates, WeChat ids, house numbers), ${rows[1][1].places} place names that must survive.`,
    '',
    '| configuration | names, phones, IDs leaked | place names wrongly masked |',
    '|---|---:|---:|',
    ...rows.map(([name, m]) => (m ? `| ${name} | ${m.leaked} of ${m.sensitive} | ${m.placesMasked} of ${m.places} |` : `| ${name} | not run (jieba not installed) | |`)),
    ''
  ]
  const leaks = rows[1][1].leaks
  if (leaks.length) lines.push(`Leaks of the fallback: ${leaks.map((l) => `#${l.id} ${l.item}`).join(', ')}.`, '')
  return lines.join('\n')
}

/** Replace (or append) the section in RESULTS.md, keeping everything else as it is. */
export function writeRedactionSection(file = RESULTS_FILE): string {
  const section = redactionSection()
  writeSection(SECTION_TITLE, section, file)
  return section
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(writeRedactionSection())
  console.log('› written to bench/RESULTS.md')
}
