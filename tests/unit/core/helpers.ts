import { newCase, transition, type Actor, type Command, type NewCaseInput, type Refs } from '../../../cloudfunctions/core/machine'
import type { CaseDoc } from '../../../cloudfunctions/core/types'
import { A, IN_G1, bj, makeRefs } from './fixtures'

let seq = 0
export function input(over: Partial<NewCaseInput> = {}): NewCaseInput {
  return {
    categoryId: 'road',
    text: '路口红绿灯坏了，早晚高峰很堵',
    photos: [],
    place: { point: IN_G1 },
    contact: { name: '张三', phone: '13812345678' },
    consent: true,
    hideName: false,
    ...over
  }
}

export function file(
  over: Partial<NewCaseInput> = {},
  opts: { at?: Date; filer?: Actor; held?: boolean; proxy?: boolean; refs?: Refs } = {}
): CaseDoc {
  seq++
  return newCase(
    input(over),
    opts.filer ?? A.resident,
    opts.refs ?? makeRefs(),
    opts.at ?? bj('2026-09-28 09:00'),
    { caseId: `c${seq}`, no: `WS${seq}` },
    { status: opts.held ? 'held' : 'pass' },
    !!opts.proxy
  ).next
}

/** Apply commands in order (each at its own time), returning the final case. */
export function run(c: CaseDoc, steps: Array<[Command, Actor, Date?]>, refs: Refs = makeRefs()): CaseDoc {
  let cur = c
  for (const [cmd, actor, at] of steps) cur = transition(cur, cmd, actor, refs, at ?? new Date(cur.updatedAt.getTime() + 3_600_000)).next
  return cur
}

export const cmd = {
  accept: { type: 'accept' } as Command,
  ret: { type: 'return', reason: '不属于本部门职责' } as Command,
  resolve: { type: 'resolve', text: '已修复信号灯', photos: [] } as Command,
  spot: { type: 'resolve_on_spot', text: '现场已协调解决', photos: [] } as Command,
  supplement: { type: 'supplement', text: '晚上更严重', photos: [] } as Command,
  withdraw: { type: 'withdraw', reason: '已自行解决' } as Command,
  rate: (rating: 'satisfied' | 'basic' | 'unsatisfied') => ({ type: 'rate', rating }) as Command,
  route: (departmentId = 'transport') => ({ type: 'route', departmentId }) as Command,
  transfer: (departmentId = 'urban') => ({ type: 'transfer', departmentId, note: '属于城管职责' }) as Command,
  release: { type: 'release' } as Command,
  ext: (extensionId = 'x1', workdays = 3) => ({ type: 'request_extension', workdays, reason: '需要采购配件', extensionId }) as Command
}
