// (share) The public view a shared WeChat card opens: the case (or, when merged, the case it was merged into), the
// core's public face of it, and a signed URL for its checked thumbnail.
import { DomainError, toPublicView, type Actor } from '../core'
import type { CaseDoc } from '../core/types'
import type { PublicCaseView } from '../../typings/api'
import { app } from './app'
import { loadCase } from './cases'
import { PHOTO_URL_MAX_AGE_S } from './photos'
import { getRefs } from './refs'

export async function publicCaseView(caseId: string, viewer: Actor): Promise<PublicCaseView> {
  const [asked, refs] = await Promise.all([loadCase(caseId), getRefs()])
  let c: CaseDoc = asked
  let mergedFrom: string | undefined
  if (asked.state === 'merged') {
    // A merged duplicate points to its main case (one hop: a merge target is an open case, never itself merged).
    if (!asked.merge?.intoId) throw new DomainError('CASE_NOT_PUBLIC')
    c = await loadCase(asked.merge.intoId)
    mergedFrom = asked.no
  }
  const { view, thumb } = toPublicView(c, viewer, refs, mergedFrom)
  if (!thumb) return view
  const t = await app().getTempFileURL({ fileList: [{ fileID: thumb, maxAge: PHOTO_URL_MAX_AGE_S }] })
  const url = t.fileList?.find((f) => f.code === 'SUCCESS' && f.fileID === thumb)?.tempFileURL
  return url ? { ...view, thumbUrl: url } : view
}
