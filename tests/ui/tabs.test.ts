import { describe, expect, it } from 'vitest'
import { ROLES } from '../../typings/api'
import { defaultTabs, isAdminRole, isStaffRole, tabForPath, tabsFor } from '../../miniprogram/src/lib/tabs'

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
  it('管理 only for township and county roles', () => {
    expect(keys({ role: 'dept_handler', tabs: ['work', 'admin', 'me'] })).toEqual(['work', 'me'])
    for (const r of ROLES) expect(isAdminRole(r)).toBe(['township_supervisor', 'county_dispatcher', 'county_admin'].includes(r))
    expect(isStaffRole('resident')).toBe(false)
    expect(isStaffRole('building_leader')).toBe(true)
  })
  it('falls back to role defaults when the server sends none, and before me loads', () => {
    expect(keys({ role: 'dept_handler', tabs: [] })).toEqual(defaultTabs('dept_handler').sort((a, b) => ['file', 'mine', 'board', 'work', 'admin', 'me'].indexOf(a) - ['file', 'mine', 'board', 'work', 'admin', 'me'].indexOf(b)))
    expect(keys(null)).toEqual(['file', 'mine', 'board', 'me'])
  })
  it('maps page paths to tabs', () => {
    expect(tabForPath('pages/mine/index')).toBe('mine')
    expect(tabForPath('/pages-staff/inbox/index?x=1')).toBe('work')
    expect(tabForPath('pages/case/index')).toBeUndefined()
  })
})
