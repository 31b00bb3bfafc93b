// (metoo) Geohash cells, distances and text similarity for 附议 suggestions (petition.similar). Pure.
//
// Why a geohash field: a case stores `geo6`, the precision-6 cell of its point (about 1.2 km × 0.6 km at
// 汶上's latitude). "Within 150 m" becomes an ordinary equality/IN query on an indexed string — the 3 × 3 block
// of cells around the point (every point within 150 m lies in it: a cell is ≥ 600 m on each side) — followed by
// the exact distance in code. This works the same on CloudBase and the emulator (no geo index needed) and keeps
// the candidate set tiny (one category, 30 days, a few km²).
import type { LngLat } from '../../typings/api'

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz'
export const GEO_PRECISION = 6
/** Suggestions: same category within this distance, or the same 村居 without a point. */
export const SIMILAR_RADIUS_M = 150
export const SIMILAR_WINDOW_DAYS = 30
export const SIMILAR_MAX = 5
/**
 * (share) The suggestion's candidates come from `geo7`, the precision-7 cell (about 124 m × 153 m here): the
 * 5 × 5 block around the point (2 rings: every point within 150 m lies in it up to 54° N, a cell being ≥ 90 m wide
 * there) covers about 0.6 km × 0.8 km instead of the 3 × 3 precision-6 block's 3 km × 1.8 km — about 12 times fewer
 * candidates to read and rank (bench/RESULTS.md, "附议 suggestions"). `geo6` is still written.
 */
export const SIMILAR_PRECISION = 7
export const SIMILAR_RINGS = 2

/** The geohash of a point at `precision` characters. */
export function geohash(p: LngLat, precision = GEO_PRECISION): string {
  let latLo = -90
  let latHi = 90
  let lngLo = -180
  let lngHi = 180
  let out = ''
  let bit = 0
  let ch = 0
  let even = true
  while (out.length < precision) {
    if (even) {
      const mid = (lngLo + lngHi) / 2
      if (p.lng >= mid) {
        ch = (ch << 1) | 1
        lngLo = mid
      } else {
        ch <<= 1
        lngHi = mid
      }
    } else {
      const mid = (latLo + latHi) / 2
      if (p.lat >= mid) {
        ch = (ch << 1) | 1
        latLo = mid
      } else {
        ch <<= 1
        latHi = mid
      }
    }
    even = !even
    if (++bit === 5) {
      out += BASE32[ch]
      bit = 0
      ch = 0
    }
  }
  return out
}

/** The size in degrees of a cell at `precision`. */
export function cellSize(precision = GEO_PRECISION): { dLng: number; dLat: number } {
  const bits = precision * 5
  const lngBits = Math.ceil(bits / 2)
  const latBits = Math.floor(bits / 2)
  return { dLng: 360 / 2 ** lngBits, dLat: 180 / 2 ** latBits }
}

/** The point's cell and its 8 neighbours (distinct); `rings` = 2 gives the 5 × 5 block. */
export function cellsAround(p: LngLat, precision = GEO_PRECISION, rings = 1): string[] {
  const { dLng, dLat } = cellSize(precision)
  const out = new Set<string>()
  const steps = Array.from({ length: 2 * rings + 1 }, (_, k) => k - rings)
  for (const i of steps) for (const j of steps) out.add(geohash({ lng: p.lng + i * dLng, lat: p.lat + j * dLat }, precision))
  return [...out]
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: LngLat, b: LngLat): number {
  const R = 6371008.8
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Character bigrams of a text (whitespace and punctuation dropped). */
export function bigrams(text: string): Set<string> {
  const chars = Array.from(text.replace(/[\s\p{P}\p{S}]+/gu, ''))
  const out = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!)
  return out
}

/** Character-bigram Jaccard similarity in [0, 1] (0 when either text has no bigram). */
export function textSimilarity(a: string, b: string): number {
  const A = bigrams(a)
  const B = bigrams(b)
  if (!A.size || !B.size) return 0
  let inter = 0
  for (const x of A) if (B.has(x)) inter++
  return inter / (A.size + B.size - inter)
}
