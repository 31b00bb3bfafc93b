// Shared test data of the ui tests.
import type { CaseDetail } from '../../typings/api'

/** A case as petition.detail answers (dispatched, nothing allowed); `over` changes what a test needs. */
export function caseDetail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    _id: 'c1', no: 'WS202612010001', state: 'dispatched', categoryId: 'ct-road', categoryName: '道路破损', excerpt: '路口有大坑', townshipName: '中都街道',
    submittedAt: '2026-12-01T01:00:00Z', due: { finishBy: '2026-12-08T15:59:59.999Z', provisional: false }, overdue: false, escalation: 0, reopenCount: 0, proxy: false,
    text: '路口有大坑', photos: [], place: { townshipId: 'tw-zhongdu', townshipName: '中都街道' }, contact: { phoneMasked: true }, hideName: true,
    replies: [], supplements: [], timeline: [], extensions: [], allowed: [], ...over
  }
}
