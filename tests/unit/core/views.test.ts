import { describe, expect, it } from 'vitest'
import { maskName, maskPhone, redactPublicText } from '../../../cloudfunctions/core/redact'
import { newCase, transition } from '../../../cloudfunctions/core/machine'
import { toBoardItem, toDetail, toSummary } from '../../../cloudfunctions/core/views'
import type { EventDoc } from '../../../cloudfunctions/core/types'
import { A, bj, makeRefs } from './fixtures'
import { cmd, input } from './helpers'

describe('redaction', () => {
  it('masks phones and names', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskName('张三')).toBe('张**')
    expect(maskName('欧阳娜娜')).toBe('欧**')
    expect(maskName('')).toBe('匿名群众')
    expect(maskName(undefined)).toBe('匿名群众')
  })

  it.each([
    ['身份证号370830199001011234请核实', '370830199001011234'],
    ['身份证37083019900101123X', '37083019900101123X'],
    ['电话13812345678联系', '13812345678'],
    ['电话 138-1234-5678 联系', '138-1234-5678'],
    ['打+86 13912345678', '13912345678'],
    ['我家在3号楼2单元401室楼道灯坏了', '3号楼2单元401室'],
    ['幸福路18号门口积水', '18号'],
    ['东关村12号院墙倒了', '12号院'],
    ['5栋1201漏水', '5栋1201'],
    ['三号楼门口', '三号楼']
  ])('redacts %s', (text, secret) => {
    const out = redactPublicText(text)
    expect(out).not.toContain(secret)
    expect(out).toContain('***')
  })

  it('leaves ordinary text, dates and counts alone', () => {
    const t = '10月3号开始停水，影响20户居民，已反映3次'
    expect(redactPublicText(t)).toBe(t)
    expect(redactPublicText('幸福路路灯不亮')).toBe('幸福路路灯不亮')
    expect(redactPublicText('幸福路18号')).toBe('幸福路***')
  })
})

describe('views', () => {
  const refs = makeRefs()
  const r = newCase(
    input({ text: '幸福路18号路灯坏了，电话13812345678', place: { point: { lng: 116.495, lat: 35.735 }, address: '东关社区3号楼' } }),
    A.resident,
    refs,
    bj('2026-09-28 09:00'),
    { caseId: 'c1', no: 'WS1' },
    { status: 'pass' },
    false
  )
  const acc = transition(r.next, cmd.accept, A.dept, refs, bj('2026-09-28 10:00'))
  const events: EventDoc[] = [...r.events, ...acc.events].map((e, i) => ({ ...e, _id: `e${i}` }))

  it('summary: deadlines as ISO, the running clock, names', () => {
    const s = toSummary(r.next, refs)
    expect(s).toMatchObject({ no: 'WS1', state: 'dispatched', categoryName: '道路交通', townshipName: '中都街道', departmentName: '县交通运输局', proxy: false })
    expect(s.due.acceptBy).toBe(bj('2026-09-29 09:00').toISOString())
    expect(s.activeDeadline).toEqual({ kind: 'accept', at: bj('2026-09-29 09:00').toISOString() })
    const a = toSummary(acc.next, refs)
    expect(a.due.acceptBy).toBeUndefined()
    expect(a.activeDeadline).toEqual({ kind: 'finish', at: '2026-10-10T15:59:59.999Z' })
  })

  it('detail: phone masked except to the resident and the handler; residents shown as 群众', () => {
    expect(toDetail(acc.next, A.resident, events, [], refs).contact).toEqual({ name: '张三', phone: '13812345678', phoneMasked: false })
    expect(toDetail(acc.next, A.dept, events, [], refs).contact.phone).toBe('13812345678')
    expect(toDetail(acc.next, A.dept2, events, [], refs).contact).toEqual({ name: '张三', phone: '138****5678', phoneMasked: true })
    expect(toDetail(acc.next, A.disp, events, [], refs).contact.phoneMasked).toBe(true)
    const d = toDetail(acc.next, A.dept, events, [], refs)
    expect(d.timeline.map((e) => [e.type, e.actor])).toEqual([
      ['submit', { role: 'resident', name: '群众' }],
      ['route', { role: 'system', name: '系统' }],
      ['accept', { role: 'dept_handler', name: '孙经办' }]
    ])
    expect(d.place).toMatchObject({ townshipName: '中都街道', villageName: '东关社区', gridName: '东关一网格', address: '东关社区3号楼' })
    expect(d.allowed.sort()).toEqual(['progress', 'request_extension', 'resolve', 'return'])
    expect(toDetail(acc.next, A.resident, events, [], refs).allowed).toEqual(['supplement', 'urge'])
    expect(d.handlerName).toBe('孙经办')
  })

  it('board: the redacted summary only, masked or anonymous reporter, no phone', () => {
    const res = transition({ ...acc.next, publicConsent: true }, cmd.resolve, A.dept, refs, bj('2026-09-29 10:00')).next
    expect(res.publicState).toBe('pending')
    const pub = transition(res, { type: 'publish_summary' }, A.disp, refs, bj('2026-09-29 11:00')).next
    expect(pub.publicState).toBe('published')
    const b = toBoardItem(pub, refs)
    expect(b.summary).not.toContain('13812345678')
    expect(b.summary).not.toContain('18号')
    expect(b.summary).toContain('已修复信号灯')
    expect(b.reporter).toBe('张**')
    expect(JSON.stringify(b)).not.toContain('张三')
    expect(JSON.stringify(b)).not.toContain(acc.next.text)
    expect(b.resolvedAt).toBe(bj('2026-09-29 10:00').toISOString())
    expect(b.publishedAt).toBe(bj('2026-09-29 11:00').toISOString())
    expect(toBoardItem({ ...pub, hideName: true }, refs).reporter).toBe('匿名群众')
  })
})
