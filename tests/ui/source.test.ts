import { describe, expect, it } from 'vitest'
import { sourceFromParams } from '../../miniprogram/src/lib/source'

describe('sourceFromParams (the filing page source)', () => {
  it('reads src, else the scene (src=… or the source itself), decoded; malformed ones are dropped', () => {
    expect(sourceFromParams({ src: 'official_account%3Agh_jiaoyu' })).toBe('official_account:gh_jiaoyu')
    expect(sourceFromParams({ scene: encodeURIComponent('src=qr:dongmen-01') })).toBe('qr:dongmen-01')
    expect(sourceFromParams({ scene: 'group' })).toBe('group')
    expect(sourceFromParams({ src: '<script>' })).toBeUndefined()
    expect(sourceFromParams({ src: '%E0%A4%A', scene: 'qr:x' })).toBe('qr:x')
    expect(sourceFromParams({})).toBeUndefined()
  })
})
