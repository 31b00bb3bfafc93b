import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import type { LngLat } from '../../typings/api'
import type { Refs } from './machine'

/**
 * Where a case belongs: a map point inside a grid gives grid → village → township; otherwise the chosen
 * village (→ its township), otherwise the chosen township; null when none of these is known.
 */
export function locate(
  place: { point?: LngLat; townshipId?: string; villageId?: string },
  refs: Pick<Refs, 'grids' | 'villages' | 'townships'>
): { townshipId: string; villageId?: string; gridId?: string; gridGroup?: string[] } | null {
  if (place.point && Number.isFinite(place.point.lng) && Number.isFinite(place.point.lat)) {
    const pt: [number, number] = [place.point.lng, place.point.lat]
    for (const g of refs.grids) {
      if (!g.polygon?.length) continue
      if (booleanPointInPolygon(pt, { type: 'Polygon', coordinates: g.polygon })) {
        return { townshipId: g.townshipId, villageId: g.villageId, gridId: g._id }
      }
    }
  }
  if (place.villageId) {
    const v = refs.villages.get(place.villageId)
    if (v && refs.townships.has(v.townshipId)) {
      // Without GPS: the village's only grid, or all its grids as a group (any of their members may take it).
      const grids = refs.grids.filter((g) => g.villageId === v._id).map((g) => g._id)
      if (grids.length === 1) return { townshipId: v.townshipId, villageId: v._id, gridId: grids[0]! }
      if (grids.length > 1) return { townshipId: v.townshipId, villageId: v._id, gridGroup: grids }
      return { townshipId: v.townshipId, villageId: v._id }
    }
  }
  if (place.townshipId && refs.townships.has(place.townshipId)) return { townshipId: place.townshipId }
  return null
}
