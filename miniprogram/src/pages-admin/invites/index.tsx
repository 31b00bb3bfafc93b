import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Checkbox, Input } from '@nutui/nutui-react-taro'
import { toast } from '../../lib/toast'
import { useDialog } from '../../components/Confirm'
import { useMemo, useState } from 'react'
import type { Invite, Scope, StaffRole } from '../../../../typings/api'
import { ROLE_LABELS } from '../../../../typings/api'
import { call } from '../../api/client'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { useCatalog } from '../../hooks/useCatalog'
import { useMe } from '../../hooks/useMe'
import { usePaged } from '../../hooks/usePaged'
import { formatTime } from '../../lib/countdown'
import '../components/admin.css'
import { SectionTitle } from '../../components/SectionTitle'

const ROLES: StaffRole[] = ['grid_member', 'building_leader', 'dept_handler', 'township_supervisor', 'county_dispatcher', 'county_admin', 'county_leader']

function Invites() {
  const { me } = useMe()
  const catalog = useCatalog()
  const [role, setRole] = useState<StaffRole>('grid_member')
  const [dept, setDept] = useState('')
  const [unitQuery, setUnitQuery] = useState('')
  const [town, setTown] = useState(me?.scope.townshipId ?? '')
  // Grid roles: 镇街 → 村居 narrow the list; the chosen grids are kept across villages.
  const [gridTown, setGridTown] = useState(me?.scope.townshipId ?? '')
  const [gridVillage, setGridVillage] = useState('')
  const [gridIds, setGridIds] = useState<string[]>([])
  const [days, setDays] = useState(7)
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<Invite | null>(null)
  const list = usePaged<Invite>((page) => call('admin', 'invites', { page, pageSize: 20 }, { toast: false }), [created?.code])

  const needGrid = role === 'grid_member' || role === 'building_leader'
  const create = async () => {
    let scope: Scope = {}
    if (needGrid) {
      if (!gridIds.length) return toast('请选择网格')
      scope = { gridIds }
    } else if (role === 'dept_handler') {
      if (!dept) return toast('请选择部门')
      scope = { departmentId: dept }
    } else if (role === 'township_supervisor') {
      if (!town) return toast('请选择镇街')
      scope = { townshipId: town }
    }
    setBusy(true)
    try {
      setCreated(await call('admin', 'createInvite', { role, scope, validDays: days }))
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  const villages = useMemo(() => (catalog?.villages ?? []).filter((v) => v.townshipId === gridTown), [catalog, gridTown])
  const villageGrids = useMemo(() => (catalog?.grids ?? []).filter((g) => g.villageId === gridVillage), [catalog, gridVillage])
  const gridName = (id: string) => (catalog?.grids ?? []).find((g) => g._id === id)?.name ?? id
  const toggleGrid = (id: string, on: boolean) => setGridIds((ids) => (on ? (ids.includes(id) ? ids : [...ids, id]) : ids.filter((x) => x !== id)))

  const [revoked, setRevoked] = useState<Record<string, Invite>>({})
  const [dialog, ask] = useDialog()
  const status = (i: Invite) =>
    i.usedAt ? `已由 ${i.usedByName ?? ''} 使用` : i.revokedAt ? '已撤销' : Date.parse(i.expiresAt) < Date.now() ? '已过期' : `有效至 ${formatTime(i.expiresAt)}`
  /** Unused, unrevoked and not expired: the code still works, so it can be revoked. */
  const live = (i: Invite) => !i.usedAt && !i.revokedAt && Date.parse(i.expiresAt) >= Date.now()
  const revoke = async (i: Invite) => {
    const r = await ask({ title: '撤销邀请码', content: `撤销后 ${i.code}（${ROLE_LABELS[i.role]} · ${i.scopeLabel}）将无法再使用。`, confirmText: '撤销' })
    if (!r.confirm) return
    try {
      const res = await call('admin', 'revokeInvite', { code: i.code })
      setRevoked((m) => ({ ...m, [i.code]: res }))
      if (created?.code === i.code) setCreated(null)
      toast('已撤销', 'success')
    } catch {
      /* toast shown */
    }
  }

  return (
    <View className='ws-body'>
      {dialog}
      <View className='ws-card'>
        <SectionTitle title='生成邀请码' />
        <View className='ws-muted ws-t-s'>角色</View>
        <View className='ws-row ws-wrap ws-mt8' style={{ gap: 0 }}>
          {ROLES.filter((r) => me?.role === 'county_admin' || !r.startsWith('county')).map((r) => (
            <View key={r} className={`ws-chip-select ${role === r ? 'on' : ''}`} onClick={() => setRole(r)}>
              {ROLE_LABELS[r]}
            </View>
          ))}
        </View>
        {role === 'dept_handler' && (
          <View>
            <View className='ws-muted ws-t-s'>所属单位（县直部门、镇街，村居请搜索）</View>
            <Input className='ws-input ws-mt8' id='ws-invite-unit-search' placeholder='搜索单位，如：东门社区' value={unitQuery} onChange={(v) => setUnitQuery(v)} clearable />
            <View className='ws-row ws-wrap ws-mt8' style={{ gap: 0 }}>
              {(catalog?.departments ?? [])
                .filter((d) => (unitQuery.trim() ? d.name.includes(unitQuery.trim()) : d.kind !== 'village') || d._id === dept)
                .map((d) => (
                <View key={d._id} className={`ws-chip-select ${dept === d._id ? 'on' : ''}`} onClick={() => setDept(d._id)}>
                  {d.name}
                </View>
              ))}
            </View>
          </View>
        )}
        {role === 'township_supervisor' && (
          <View>
            <View className='ws-muted ws-t-s'>所属镇街</View>
            <View className='ws-row ws-wrap ws-mt8' style={{ gap: 0 }}>
              {(catalog?.townships ?? []).map((t) => (
                <View key={t._id} className={`ws-chip-select ${town === t._id ? 'on' : ''}`} onClick={() => setTown(t._id)}>
                  {t.name}
                </View>
              ))}
            </View>
          </View>
        )}
        {needGrid && (
          <View id='ws-invite-grids'>
            <View className='ws-muted ws-t-s'>所属镇街</View>
            <View className='ws-row ws-wrap ws-mt8' style={{ gap: 0 }}>
              {(catalog?.townships ?? []).map((t) => (
                <View
                  key={t._id}
                  className={`ws-chip-select ${gridTown === t._id ? 'on' : ''}`}
                  data-town={t._id}
                  onClick={() => {
                    setGridTown(t._id)
                    setGridVillage('')
                  }}
                >
                  {t.name}
                </View>
              ))}
            </View>
            {gridTown && (
              <View>
                <View className='ws-muted ws-t-s'>村（社区）</View>
                <View className='ws-row ws-wrap ws-mt8' style={{ gap: 0 }}>
                  {villages.map((v) => (
                    <View key={v._id} className={`ws-chip-select ${gridVillage === v._id ? 'on' : ''}`} data-village={v._id} onClick={() => setGridVillage(v._id)}>
                      {v.name}
                    </View>
                  ))}
                  {!villages.length && <Text className='ws-muted ws-t-s'>该镇街下暂无村居</Text>}
                </View>
              </View>
            )}
            {gridVillage && (
              <View>
                <View className='ws-muted ws-t-s'>网格（可多选）</View>
                <View className='ws-invite-grid-list'>
                  {villageGrids.map((g) => (
                    <Checkbox key={g._id} className='ws-check' data-grid={g._id} checked={gridIds.includes(g._id)} onChange={(on) => toggleGrid(g._id, on)} label={g.name} />
                  ))}
                  {!villageGrids.length && <Text className='ws-muted ws-t-s'>该村居下暂无网格</Text>}
                </View>
              </View>
            )}
            <View className='ws-notice ws-mt8' id='ws-invite-grid-picked'>
              {gridIds.length ? (
                <Text>
                  已选 {gridIds.length} 个网格：{gridIds.map(gridName).join('、')}
                  <Text className='ws-link' id='ws-invite-grid-clear' onClick={() => setGridIds([])}>
                    清空
                  </Text>
                </Text>
              ) : (
                <Text>请依次选择镇街、村居，再勾选网格</Text>
              )}
            </View>
          </View>
        )}
        <View className='ws-row-between ws-mt12'>
          <Text>有效期</Text>
          <View className='ws-row'>
            {[3, 7, 30].map((d) => (
              <View key={d} className={`ws-chip-select ${days === d ? 'on' : ''}`} style={{ marginBottom: 0 }} onClick={() => setDays(d)}>
                {d}天
              </View>
            ))}
          </View>
        </View>
        <Button className='ws-btn ws-mt12' type='primary' size='large' block loading={busy} onClick={() => !busy && create()}>
          生成邀请码
        </Button>
        {created && (
          <View className='ws-notice ws-mt12' style={{ textAlign: 'center' }}>
            <View className='ws-success-no' id='ws-invite-created'>
              {created.code}
            </View>
            <View>
              {ROLE_LABELS[created.role]} · {created.scopeLabel}
            </View>
            <Button className='ws-mt8' size='small' type='primary' fill='outline' onClick={() => Taro.setClipboardData({ data: created.code })}>
              复制
            </Button>
          </View>
        )}
      </View>
      <PagedList
        list={list}
        className='ws-card'
        loadingRows={1}
        empty={{ text: '还没有生成过邀请码', icon: '✉' }}
        head={
          <SectionTitle title='已发放'>
            <Text className='ws-muted ws-t-s'>{list.total} 个</Text>
          </SectionTitle>
        }
      >
        {(i0) => {
          const i = revoked[i0.code] ?? i0
          return (
            <View key={i.code} className='ws-rank' data-invite={i.code}>
              <Text className='ws-bold' style={{ letterSpacing: '1px' }}>
                {i.code}
              </Text>
              <Text className='ws-rank-name ws-sub'>
                {ROLE_LABELS[i.role]} · {i.scopeLabel}
              </Text>
              <Text className={`ws-t-xs ${i.usedAt || i.revokedAt ? 'ws-muted' : ''}`}>{status(i)}</Text>
              {live(i) && (
                <Text className='ws-link ws-t-s ws-invite-revoke' onClick={() => revoke(i)}>
                  撤销
                </Text>
              )}
            </View>
          )
        }}
      </PagedList>
    </View>
  )
}

export default function InvitesPage() {
  return (
    <PageShell>
      <RoleGate tile='invites'>
        <Invites />
      </RoleGate>
    </PageShell>
  )
}
