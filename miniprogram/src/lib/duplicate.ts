// A refused resubmit (DUPLICATE_SUBMIT) points at the case filed before: offer to open it.
import type { ApiError } from '../api/envelope'

export interface DuplicatePointer {
  caseId: string
  no: string
}

/** The earlier case a DUPLICATE_SUBMIT error points at, or null for any other error. */
export function duplicateOf(err: Pick<ApiError, 'code' | 'details'>): DuplicatePointer | null {
  if (err.code !== 'DUPLICATE_SUBMIT') return null
  const d = err.details as { caseId?: unknown; no?: unknown } | undefined
  return d && typeof d.caseId === 'string' && d.caseId ? { caseId: d.caseId, no: typeof d.no === 'string' ? d.no : '' } : null
}

/** The page of that case for the filer: their own case page, or the staff case page for a 代报. */
export function duplicateUrl(p: DuplicatePointer, proxy: boolean): string {
  return proxy ? `/pages-staff/case/index?id=${p.caseId}` : `/pages/case/index?id=${p.caseId}`
}
