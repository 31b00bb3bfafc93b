import type { CaseAction, EventType } from '../../../typings/api'

export const EVENT_LABELS: Record<EventType, string> = {
  submit: '提交诉求',
  hold: '内容待审核',
  release: '审核通过',
  route: '派单至部门',
  queue: '进入县级分派',
  accept: '部门受理',
  return: '退回重新分派',
  transfer: '转办',
  supplement: '群众补充材料',
  reply: '部门答复',
  resolve: '办结',
  resolve_on_spot: '现场办结',
  withdraw: '群众撤回',
  rate: '群众评价',
  reopen: '不满意，重办',
  county_review: '转县级复核',
  extension_request: '申请延期',
  extension_approve: '延期已批准',
  extension_refuse: '延期未批准',
  warn_accept: '受理即将到期提醒',
  warn_finish: '办结即将到期提醒',
  overdue_accept: '受理超时',
  overdue_finish: '办结超时',
  escalate_township: '超时，提请镇街督办',
  escalate_county: '超时，提请县级督办',
  auto_close: '超期未评价，自动关闭',
  urge: '群众催办',
  supervise: '督办',
  supervise_reply: '督办回复',
  supervise_overdue: '督办逾期，提请县级督办',
  progress: '办理进展',
  instruct: '领导批示',
  publication_consent: '公开意愿变更',
  publish: '公开摘要已公开',
  unpublish: '公开内容已撤下',
  callback: '县级回访',
  callback_sample: '抽中回访核实',
  media_hold: '图片待审核',
  anonymize: '联系人信息已删除',
  follow: '群众附议',
  follower_note: '附议群众补充',
  merge: '合并至同一问题',
  merged_in: '重复诉求并入',
  unmerge: '撤销合并',
  claim: '群众认领诉求',
  follower_rate: '附议群众评价'
}

export const ACTION_LABELS: Record<CaseAction, string> = {
  supplement: '补充材料',
  withdraw: '撤回',
  rate: '评价',
  accept: '受理',
  return: '退回',
  resolve: '办结答复',
  resolve_on_spot: '现场办结',
  request_extension: '申请延期',
  route: '派单',
  transfer: '转办',
  release: '审核通过',
  callback: '记录回访',
  urge: '催办',
  supervise: '督办',
  supervise_reply: '督办回复',
  progress: '办理进展',
  instruct: '批示',
  follow: '附议',
  unfollow: '取消附议',
  follower_note: '补充情况',
  merge: '合并',
  unmerge: '撤销合并',
  follower_rate: '附议评价'
}

/** (metoo) 附议 and 合并 on the case page. */
const METOO_ORDER: CaseAction[] = ['follow', 'follower_note', 'merge', 'unmerge', 'unfollow']
/** (share) The follower's own rating comes before leaving. */
METOO_ORDER.splice(METOO_ORDER.indexOf('unfollow'), 0, 'follower_rate')

/** Primary actions first; destructive ones last. */
export const ACTION_ORDER: CaseAction[] = ['instruct', 'supervise_reply', 'accept', 'resolve', 'resolve_on_spot', 'route', 'release', 'rate', 'callback', 'urge', 'supervise', 'progress', 'supplement', 'request_extension', 'transfer', 'return', 'withdraw', ...METOO_ORDER]

export function orderedActions(allowed: CaseAction[]): CaseAction[] {
  return ACTION_ORDER.filter((a) => allowed.includes(a))
}
