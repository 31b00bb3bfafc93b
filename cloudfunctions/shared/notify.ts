// Subscribe messages (订阅消息) after a commit, through the WeChat open API `subscribeMessage.send`.
// Template ids and field keys are configuration (env variables from cloudbaserc.json):
//   TPL_CASE_STATUS, TPL_STAFF_NEW_CASE, TPL_STAFF_WARNING: template ids
//   TPL_FIELDS: JSON { "<template key>": { "<draft field>": "<template field key, e.g. thing1>" } }
// A failed send is logged and never fails the action.
import type { NotificationDraft } from '../core/types'
import type { UserDoc } from '../core/types'
import type { Scope } from '../../typings/api'
import { notificationPage } from '../core/links'
import { app, db } from './app'
import { runPool } from './pool'

const TEMPLATE_ENV: Record<NotificationDraft['template'], string> = {
  case_status: 'TPL_CASE_STATUS',
  staff_new_case: 'TPL_STAFF_NEW_CASE',
  staff_warning: 'TPL_STAFF_WARNING',
  policy_notice: 'TPL_POLICY_NOTICE'
}

/** Longest value WeChat accepts per field type (by the template field key's prefix). */
const LIMITS: Array<[RegExp, number]> = [
  [/^thing/, 20],
  [/^phrase/, 5],
  [/^name/, 10],
  [/^character_string/, 32],
  [/^letter/, 32],
  [/^symbol/, 5],
  [/^car_number/, 8]
]

function fit(key: string, value: string): string {
  const limit = LIMITS.find(([re]) => re.test(key))?.[1]
  if (!limit) return value
  const chars = [...value]
  return chars.length <= limit ? value : chars.slice(0, Math.max(1, limit - 1)).join('') + '…'
}

function fieldMap(template: string): Record<string, string> | null {
  const raw = process.env.TPL_FIELDS
  if (!raw) return null
  try {
    const all = JSON.parse(raw) as Record<string, Record<string, string>>
    return all[template] ?? null
  } catch {
    console.error('[notify] TPL_FIELDS is not valid JSON')
    return null
  }
}

/** The WeChat `data` object for a draft: each field under its template key, fitted to the field's type. */
export function templateData(draft: NotificationDraft): Record<string, { value: string }> {
  const map = fieldMap(draft.template)
  const data: Record<string, { value: string }> = {}
  for (const [name, value] of Object.entries(draft.fields)) {
    const key = map ? map[name] : name
    if (key && value !== undefined) data[key] = { value: fit(key, value) }
  }
  return data
}

/** Users whose scope covers the audience's scope (a grid audience matches any member of one of the grids). */
function scopeWhere(scope: Scope): Record<string, unknown> {
  const _ = db().command
  const where: Record<string, unknown> = {}
  if (scope.departmentId) where['scope.departmentId'] = scope.departmentId
  if (scope.townshipId) where['scope.townshipId'] = scope.townshipId
  if (scope.gridIds && scope.gridIds.length > 0) where['scope.gridIds'] = _.in(scope.gridIds)
  return where
}

export async function audienceOpenids(audience: NonNullable<NotificationDraft['audience']>): Promise<string[]> {
  const res = await db()
    .collection('users')
    .where({ role: audience.role, ...scopeWhere(audience.scope ?? {}) })
    .limit(100)
    .get()
  return ((res.data ?? []) as UserDoc[]).map((u) => u._id)
}

export async function sendOne(touser: string, draft: NotificationDraft): Promise<boolean> {
  const templateId = process.env[TEMPLATE_ENV[draft.template]]
  if (!templateId) {
    console.warn(`[notify] no template id configured for ${draft.template} (${TEMPLATE_ENV[draft.template]})`)
    return false
  }
  const res = (await app().callWxOpenApi({
    apiName: 'cgi-bin/message/subscribe/send',
    requestData: {
      touser,
      template_id: templateId,
      page: notificationPage(draft),
      data: templateData(draft),
      miniprogram_state: process.env.MINIPROGRAM_STATE || 'formal',
      lang: 'zh_CN'
    }
  })) as { result?: { errcode?: number; errmsg?: string } }
  const errcode = res.result?.errcode ?? 0
  if (errcode !== 0) {
    // 43101: the user has not allowed this template (or used up the allowance). Expected, not an error.
    console.warn(`[notify] ${draft.template} to ${touser} not sent: ${errcode} ${res.result?.errmsg ?? ''}`)
    return false
  }
  return true
}

type Audience = NonNullable<NotificationDraft['audience']>

/** Does `user` belong to `audience` (the same test as audienceOpenids' query)? */
function inAudience(user: UserDoc, audience: Audience): boolean {
  if (user.role !== audience.role) return false
  const want = audience.scope ?? {}
  const have = (user.scope ?? {}) as Scope
  if (want.departmentId && have.departmentId !== want.departmentId) return false
  if (want.townshipId && have.townshipId !== want.townshipId) return false
  if (want.gridIds && want.gridIds.length > 0) {
    const g = have.gridIds as unknown
    if (!(Array.isArray(g) ? g.some((id) => want.gridIds!.includes(id)) : want.gridIds.includes(g as string))) return false
  }
  return true
}

/** The openids of several audiences with one query (each audience capped at 100, as audienceOpenids). */
async function audiencesOpenids(audiences: Audience[]): Promise<string[][]> {
  if (audiences.length === 0) return []
  if (audiences.length === 1) return [await audienceOpenids(audiences[0]!)]
  const _ = db().command
  const res = await db()
    .collection('users')
    .where(_.or(audiences.map((a) => ({ role: a.role, ...scopeWhere(a.scope ?? {}) }))))
    .limit(1000)
    .get()
  const users = (res.data ?? []) as UserDoc[]
  // A full page may have left some out: ask per audience instead.
  if (users.length >= 1000) return await Promise.all(audiences.map(audienceOpenids))
  return audiences.map((a) => users.filter((u) => inAudience(u, a)).slice(0, 100).map((u) => u._id))
}

/** Recipients of each draft, grouped by recipient (in draft order). Never throws. */
export async function resolveRecipients(drafts: NotificationDraft[]): Promise<Map<string, NotificationDraft[]>> {
  const perUser = new Map<string, NotificationDraft[]>()
  if (drafts.length === 0) return perUser
  const audiences = drafts.flatMap((d) => (!d.touser && d.audience ? [d.audience] : []))
  let resolved: string[][] | null = null
  try {
    resolved = await audiencesOpenids(audiences)
  } catch (e) {
    console.error('[notify] could not resolve recipients:', (e as Error)?.message ?? e)
  }
  let next = 0
  const targets = drafts.map((d) => (d.touser ? [d.touser] : d.audience ? (resolved?.[next++] ?? []) : []))
  drafts.forEach((draft, i) => {
    for (const openid of new Set(targets[i])) {
      const list = perUser.get(openid)
      if (list) list.push(draft)
      else perUser.set(openid, [draft])
    }
  })
  return perUser
}

/** Cases whose messages go to one recipient at the same time (a timer round may hold a hundred for one desk). */
const CASES_AT_ONCE = 8

/**
 * Send resolved drafts; returns how many went out. Never throws. Recipients in parallel; for each, a 批示's
 * top-priority messages first, then each case's messages in draft order, CASES_AT_ONCE cases at a time.
 */
export async function sendResolved(perUser: Map<string, NotificationDraft[]>): Promise<number> {
  let sent = 0
  const send = async (openid: string, chain: NotificationDraft[]) => {
    for (const draft of chain) {
      try {
        if (await sendOne(openid, draft)) sent++
      } catch (e) {
        console.error(`[notify] ${draft.template} to ${openid} failed:`, (e as Error)?.message ?? e)
      }
    }
  }
  await Promise.all(
    [...perUser].map(async ([openid, list]) => {
      await send(openid, list.filter((d) => d.priority === 'top'))
      const byCase = new Map<string, NotificationDraft[]>()
      for (const d of list) {
        if (d.priority === 'top') continue
        const chain = byCase.get(d.caseId)
        if (chain) chain.push(d)
        else byCase.set(d.caseId, [d])
      }
      await runPool([...byCase.values()], CASES_AT_ONCE, (chain) => send(openid, chain))
    })
  )
  return sent
}

/**
 * Send every draft; returns how many messages went out. Never throws. Audiences are resolved with one query and
 * recipients are served in parallel; each recipient gets each case's messages in draft order (sendResolved).
 */
export async function sendNotifications(drafts: NotificationDraft[]): Promise<number> {
  if (drafts.length === 0) return 0
  return await sendResolved(await resolveRecipients(drafts))
}
