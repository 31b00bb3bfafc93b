// Where a subscribe message leads: one table, per notification kind (template) and recipient role. Residents
// open their case page; every staff role opens the staff case page (工作台 subpackage), which shows the case with
// their actions. tests/unit/app-pages.test.ts checks that every page here exists in the built weapp app.json.
import type { NotificationDraft } from './types'

export const RESIDENT_CASE_PAGE = 'pages/case/index'
export const STAFF_CASE_PAGE = 'pages-staff/case/index'
/** A policy notice (惠民政策): the same page for everyone; the draft's caseId carries the notice id. */
export const POLICY_PAGE = 'pages-policy/detail/index'

type Kind = NotificationDraft['template']
/** The recipient's role as far as the page goes: the resident, or staff (any staff role). */
export type RecipientRole = 'resident' | 'staff'

/** kind → recipient role → page (without query). */
export const NOTIFICATION_PAGES: Record<Kind, Record<RecipientRole, string>> = {
  case_status: { resident: RESIDENT_CASE_PAGE, staff: STAFF_CASE_PAGE },
  staff_new_case: { resident: RESIDENT_CASE_PAGE, staff: STAFF_CASE_PAGE },
  staff_warning: { resident: RESIDENT_CASE_PAGE, staff: STAFF_CASE_PAGE },
  policy_notice: { resident: POLICY_PAGE, staff: POLICY_PAGE }
}

/** Who a draft is for: an audience is staff; a message to one person says so, else its kind decides. */
export function recipientRole(draft: NotificationDraft): RecipientRole {
  if (draft.audience) return 'staff'
  if (draft.recipient) return draft.recipient
  return draft.template === 'case_status' ? 'resident' : 'staff'
}

/** The `page` of a subscribe message: the case page for its kind and recipient, with the case id. */
export function notificationPage(draft: NotificationDraft): string {
  return `${NOTIFICATION_PAGES[draft.template][recipientRole(draft)]}?id=${encodeURIComponent(draft.caseId)}`
}
