// Photos of cases: where a caller uploads them, which ids a case accepts, and how viewers see them.
//   - Each caller uploads under a prefix the platform chooses: `petitions/<first 16 hex of sha256(openid)>/`
//     (`Me.uploadPrefix`). The openid itself never appears in a path.
//   - A case accepts only `cloud://<this env>.<bucket>/<caller's prefix><name>.<photo ext>`: no URLs (tracking
//     pixels, intranet addresses, data: / javascript:), no other user's files, no other environment's. Anything
//     else is PHOTO_INVALID, before anything is written.
//   - Storage is PRIVATE (database.schema.json): a file is readable by its creator only. Whoever may see a case
//     sees its photos through temp URLs (signed, expiring) issued here after the case's visibility was checked.
import { createHash } from 'node:crypto'
import { DomainError } from '../core'
import type { CaseDetail } from '../../typings/api'
import { app, tcb } from './app'

export const PHOTO_ROOT = 'petitions'
/** Extensions of the photo types a case accepts (no SVG or other active types). */
export const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic'] as const
/** Lifetime of the temp URLs of a case's photos, in seconds. */
export const PHOTO_URL_MAX_AGE_S = 2 * 3600

const NAME = new RegExp(`^[A-Za-z0-9_-]{1,64}\\.(?:${PHOTO_EXTENSIONS.join('|')})$`, 'i')

/** The folder a caller uploads photos to, e.g. `petitions/3f2a9c0d1b4e5f60/`. */
export function uploadPrefix(openid: string): string {
  return `${PHOTO_ROOT}/${createHash('sha256').update(openid).digest('hex').slice(0, 16)}/`
}

/** The environment this function runs in (TCB_ENV, else SCF_NAMESPACE), as the SDK reads it. */
export function currentEnvId(): string {
  const c = tcb.getCloudbaseContext() as unknown as Record<string, string | undefined>
  return c.TCB_ENV || c.SCF_NAMESPACE || ''
}

/** True when `fileID` is a photo of environment `envId` under `openid`'s upload prefix. */
export function isOwnPhoto(fileID: string, openid: string, envId: string): boolean {
  if (!envId) return false
  const head = `cloud://${envId}.`
  if (!fileID.startsWith(head)) return false
  const rest = fileID.slice(head.length)
  const slash = rest.indexOf('/')
  if (slash <= 0 || !/^[A-Za-z0-9-]+$/.test(rest.slice(0, slash))) return false
  const path = rest.slice(slash + 1)
  const prefix = uploadPrefix(openid)
  return path.startsWith(prefix) && NAME.test(path.slice(prefix.length))
}

/** Throws PHOTO_INVALID unless every photo is the caller's own upload in this environment. */
export function requireOwnPhotos(photos: readonly string[] | undefined, openid: string, envId = currentEnvId()): void {
  const bad = (photos ?? []).filter((p) => !isOwnPhoto(p, openid, envId))
  if (bad.length) throw new DomainError('PHOTO_INVALID', undefined, { count: bad.length })
}

/** Every photo id a detail shows (the case's, replies', supplements', timeline's). */
export function photosOf(d: CaseDetail): string[] {
  const all = [...d.photos, ...d.replies.flatMap((r) => r.photos), ...d.supplements.flatMap((s) => s.photos), ...d.timeline.flatMap((e) => e.photos ?? [])]
  return [...new Set(all.filter((p) => p.startsWith('cloud://')))]
}

/**
 * The detail with `photoUrls` (fileID → temp URL) for its photos: one getTempFileURL call, none without photos.
 * Call it only for a viewer who may see the case. A photo that is gone (or not a file of ours) has no URL.
 */
export async function withPhotoUrls(d: CaseDetail): Promise<CaseDetail> {
  const ids = photosOf(d)
  if (!ids.length) return d
  const res = await app().getTempFileURL({ fileList: ids.map((fileID) => ({ fileID, maxAge: PHOTO_URL_MAX_AGE_S })) })
  const urls: Record<string, string> = {}
  for (const f of res.fileList ?? []) if (f.code === 'SUCCESS' && f.tempFileURL) urls[f.fileID] = f.tempFileURL
  return { ...d, photoUrls: urls }
}
