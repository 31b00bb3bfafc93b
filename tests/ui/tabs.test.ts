import { describe, expect, it } from 'vitest'
import { ROLES } from '../../typings/api'
import { defaultTabs, isAdminRole, isStaffRole, tabForPath, tabsFor, tileLinks } from '../../miniprogram/src/lib/tabs'
import { countScale } from '../../miniprogram/src/pages-admin/components/Chart'

const keys = (me: Parameters<typeof tabsFor>[0]) => tabsFor(me).map((t) => t.key)

describe('role → tabs', () => {
  it('residents get the four resident tabs', () => {
    expect(keys({ role: 'resident', tabs: ['file', 'mine', 'board', 'me'] })).toEqual(['file', 'mine', 'board', 'me'])
  })
  it('follows the server order-independently and keeps a stable order', () => {
    expect(keys({ role: 'grid_member', tabs: ['me', 'work', 'file', 'board', 'mine'] })).toEqual(['file', 'mine', 'board', 'work', 'me'])
    expect(keys({ role: 'county_admin', tabs: ['file', 'mine', 'board', 'admin', 'me'] })).toEqual(['file', 'mine', 'board', 'admin', 'me'])
  })
  it('never shows 工作台 or 管理 to a resident, even if asked to', () => {
    expect(keys({ role: 'resident', tabs: ['file', 'work', 'admin', 'me'] })).toEqual(['file', 'me'])
  })
  it('管理 only for township and county roles (and the county leader)', () => {
    expect(keys({ role: 'dept_handler', tabs: ['work', 'admin', 'me'] })).toEqual(['work', 'me'])
    for (const r of ROLES) expect(isAdminRole(r)).toBe(['township_supervisor', 'county_dispatcher', 'county_admin', 'county_leader'].includes(r))
    expect(isStaffRole('resident')).toBe(false)
    expect(isStaffRole('building_leader')).toBe(true)
  })
  it('falls back to role defaults when the server sends none, and before me loads', () => {
    expect(keys({ role: 'dept_handler', tabs: [] })).toEqual(defaultTabs('dept_handler').sort((a, b) => ['file', 'mine', 'board', 'work', 'admin', 'me'].indexOf(a) - ['file', 'mine', 'board', 'work', 'admin', 'me'].indexOf(b)))
    expect(keys(null)).toEqual(['file', 'mine', 'board', 'me'])
  })
  it('管理 tiles: exactly the ones the server grants, in a stable order', () => {
    expect(tileLinks({ tiles: ['summary', 'invites', 'queue'] }).map((l) => l.tile)).toEqual(['queue', 'invites'])
    expect(tileLinks({ tiles: ['summary', 'stream', 'instructed'] }).map((l) => l.text)).toEqual(['诉求动态', '批示件'])
    expect(tileLinks({})).toEqual([])
    expect(tileLinks(null)).toEqual([])
  })
  it('开放接口密钥 is the county admin tile of Open311 keys', () => {
    expect(tileLinks({ tiles: ['api_keys', 'phone_access'] }).map((l) => [l.text, l.url])).toEqual([
      ['电话查看记录', '/pages-admin/phone-access/index'],
      ['开放接口密钥', '/pages-admin/api-keys/index']
    ])
  })
  it('maps page paths to tabs', () => {
    expect(tabForPath('pages/mine/index')).toBe('mine')
    expect(tabForPath('/pages-staff/inbox/index?x=1')).toBe('work')
    expect(tabForPath('pages/case/index')).toBeUndefined()
  })
})

describe('count chart axes', () => {
  it('integer ticks only, and the max is a whole number of steps', () => {
    for (const max of [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 27, 99, 101, 1234]) {
      const s = countScale(max)
      expect(Number.isInteger(s.tickInterval)).toBe(true)
      expect(s.tickInterval).toBeGreaterThanOrEqual(1)
      expect(s.max).toBeGreaterThanOrEqual(max)
      expect(s.max % s.tickInterval).toBe(0)
      expect(s.max / s.tickInterval).toBeLessThanOrEqual(5)
    }
    expect(countScale(4)).toEqual({ min: 0, max: 4, tickInterval: 1 })
    expect(countScale(8)).toEqual({ min: 0, max: 8, tickInterval: 2 })
  })
})
