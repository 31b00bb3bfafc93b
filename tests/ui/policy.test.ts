import { describe, expect, it } from 'vitest'
import { areaLabel, htmlToText, pendingText, textToHtml } from '../../miniprogram/src/lib/policy'

describe('policy helpers (mini program)', () => {
  it('turns typed lines into escaped paragraphs and back', () => {
    const html = textToHtml('第一段 <b>不是标签</b>\n\n  第二段 a&b  ')
    expect(html).toBe('<p>第一段 &lt;b&gt;不是标签&lt;/b&gt;</p><p>第二段 a&amp;b</p>')
    expect(htmlToText(html)).toBe('第一段 <b>不是标签</b>\n第二段 a&b')
  })

  it('shows how many notices wait for an authorization', () => {
    expect(pendingText(null)).toBe('')
    expect(pendingText({ pending: 0, active: true })).toBe('')
    expect(pendingText({ pending: 3, active: false })).toBe('')
    expect(pendingText({ pending: 3, active: true })).toBe('3 条政策待推送')
    expect(pendingText({ pending: 120, active: true })).toBe('99+ 条政策待推送')
  })

  it('names the area', () => {
    const names = (_k: 'township' | 'village', id: string) => ({ a: '中都街道', b: '南站镇', c: '义桥镇', d: '军屯乡' })[id] ?? id
    expect(areaLabel({ kind: 'county', ids: [] }, names)).toBe('全县')
    expect(areaLabel({ kind: 'townships', ids: ['a', 'b'] }, names)).toBe('中都街道、南站镇')
    expect(areaLabel({ kind: 'townships', ids: ['a', 'b', 'c', 'd'] }, names)).toBe('中都街道、南站镇、义桥镇等4处')
  })
})
