// The resubmit pointer: a DUPLICATE_SUBMIT error names the earlier case, and the form offers to open it.
import { describe, expect, it } from 'vitest'
import { ApiError, unwrap } from '../../miniprogram/src/api/envelope'
import { duplicateOf, duplicateUrl } from '../../miniprogram/src/lib/duplicate'

describe('duplicate pointer', () => {
  it('reads the earlier case from the server’s answer', () => {
    let err: ApiError | null = null
    try {
      unwrap({ ok: false, code: 'DUPLICATE_SUBMIT', message: '您在 10 分钟内已提交过相同内容的诉求，请勿重复提交', details: { caseId: 'c1', no: 'WS202612010001' } })
    } catch (e) {
      err = e as ApiError
    }
    expect(err?.code).toBe('DUPLICATE_SUBMIT')
    const p = duplicateOf(err!)
    expect(p).toEqual({ caseId: 'c1', no: 'WS202612010001' })
    expect(duplicateUrl(p!, false)).toBe('/pages/case/index?id=c1')
    expect(duplicateUrl(p!, true)).toBe('/pages-staff/case/index?id=c1')
  })

  it('ignores other errors and malformed details', () => {
    expect(duplicateOf(new ApiError('DAILY_LIMIT', '今日提交次数已达上限'))).toBeNull()
    expect(duplicateOf(new ApiError('DUPLICATE_SUBMIT', 'x', { no: 'WS1' }))).toBeNull()
  })
})
