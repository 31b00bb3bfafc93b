// The redaction corpus (tests/fixtures/redaction-corpus.json): realistic Wenshang petitions and replies. Two
// figures, printed and written to bench/RESULTS.md by `npm run bench:redaction`: names, phones and IDs that leak
// (must be 0) and place names wrongly masked. Measured with jieba (as the functions run it) and without it.
import { describe, expect, it } from 'vitest'
import { redactPublic, type NameTagger } from '../../../cloudfunctions/core/redact'
import { jiebaTagger } from '../../../cloudfunctions/shared/tagger'
import { measureCorpus } from '../../helpers/redaction'

describe('redaction corpus', () => {
  const tagger = jiebaTagger()

  it('has at least 60 realistic texts', async () => {
    const { loadCorpus } = await import('../../helpers/redaction')
    expect(loadCorpus().length).toBeGreaterThanOrEqual(60)
  })

  it('jieba runs here (the functions use it)', () => {
    expect(tagger).not.toBeNull()
  })

  it('with jieba: 0 names, phones and IDs leaked; 东门社区, 王家庄村 and 中都街道 survive', () => {
    const m = measureCorpus(tagger)
    console.log(`[redaction] with jieba: leaked ${m.leaked} of ${m.sensitive}, places wrongly masked ${m.placesMasked} of ${m.places}`)
    for (const l of m.leaks) console.log(`  leak #${l.id}: ${l.item} in «${l.out}»`)
    for (const l of m.masked) console.log(`  masked place #${l.id}: ${l.item} in «${l.out}»`)
    expect(m.leaks).toEqual([])
    for (const place of ['东门社区', '王家庄村', '中都街道']) {
      expect(m.masked.filter((x) => x.item === place)).toEqual([])
    }
  })

  it('heuristics alone (no tagger): both figures reported', () => {
    const m = measureCorpus(null)
    console.log(`[redaction] heuristics only: leaked ${m.leaked} of ${m.sensitive}, places wrongly masked ${m.placesMasked} of ${m.places}`)
    for (const l of m.leaks) console.log(`  leak #${l.id}: ${l.item} in «${l.out}»`)
    expect(m.sensitive).toBeGreaterThan(100)
  })

  it('a failing tagger falls back to the heuristics', () => {
    const broken: NameTagger = () => {
      throw new Error('boom')
    }
    expect(redactPublic('已联系王秀英女士', { names: ['王秀英'], tagger: broken })).toBe('已联系某某女士')
  })
})
