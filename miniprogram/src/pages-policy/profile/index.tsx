// 我的家乡 and policy subscription: home village (set once; changes through the county office), audience
// tags, 外出务工, and whether new matching notices are pushed.
import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import { useEffect, useState } from 'react'
import type { PolicySubscription } from '../../../../typings/api'
import { call } from '../../api/client'
import PageShell from '../../components/PageShell'
import { SectionTitle } from '../../components/SectionTitle'
import Sheet from '../../components/Sheet'
import { Loading } from '../../components/States'
import { useCatalog } from '../../hooks/useCatalog'
import { useMe } from '../../hooks/useMe'
import { setState } from '../../lib/store'
import { authorizeOne, pendingText } from '../../lib/policy'
import { toast } from '../../lib/toast'
import { useTags } from '../components/useTags'
import '../components/policy.css'

export default function PolicyProfilePage() {
  const { me } = useMe()
  const catalog = useCatalog()
  const { tags } = useTags()
  const home = me?.profile?.home
  const [townshipId, setTownshipId] = useState('')
  const [villageId, setVillageId] = useState('')
  const [picked, setPicked] = useState<string[]>([])
  const [migrant, setMigrant] = useState(false)
  const [subscribed, setSubscribed] = useState(true)
  const [sub, setSub] = useState<PolicySubscription | null>(null)
  const [sheet, setSheet] = useState<'town' | 'village' | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!me) return
    setPicked(me.profile?.tags ?? [])
    setMigrant(!!me.profile?.migrant)
  }, [me])
  useDidShow(() => {
    call('policy', 'subscription', {}, { toast: false })
      .then((s) => {
        setSub(s)
        if (s.active || s.credits || s.tags.length) setSubscribed(s.active)
      })
      .catch(() => {})
  })

  if (!me || !catalog) return <PageShell><Loading rows={3} /></PageShell>
  const villages = catalog.villages.filter((v) => v.townshipId === townshipId)
  const townName = catalog.townships.find((t) => t._id === townshipId)?.name
  const villageName = catalog.villages.find((v) => v._id === villageId)?.name
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]))

  const save = async () => {
    setBusy(true)
    try {
      const m = await call('user', 'setProfile', { ...(villageId && !home ? { homeVillageId: villageId } : {}), tags: picked, migrant })
      setState({ me: m })
      const s = await call('policy', 'subscribe', { tags: picked, active: subscribed })
      setSub(s)
      toast('已保存', 'success')
      if (subscribed && !s.credits) {
        const r = await authorizeOne()
        if (r) setSub(r)
      }
      setTimeout(() => Taro.navigateBack().catch(() => {}), 600)
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell>
      <View className='ws-body'>
        <View className='ws-card' id='ws-home'>
          <SectionTitle title='我的家乡' />
          {home ? (
            <View>
              <View className='ws-bold' id='ws-home-name'>
                {home.townshipName} · {home.villageName}
              </View>
              <View className='ws-muted ws-t-xs ws-mt8'>家乡设置后不能自行修改，如需更正请联系县级管理员。</View>
            </View>
          ) : (
            <View>
              <View className='ws-row'>
                <View className='ws-seg-item' id='ws-home-town' onClick={() => setSheet('town')}>
                  {townName ?? '选择镇街'} ▾
                </View>
                <View className='ws-seg-item' id='ws-home-village' onClick={() => (townshipId ? setSheet('village') : toast('请先选择镇街'))}>
                  {villageName ?? '选择村居'} ▾
                </View>
              </View>
              <View className='ws-muted ws-t-xs ws-mt8'>在外地也能反映家乡的事，并优先看到家乡的政策。家乡只能设置一次。</View>
            </View>
          )}
          <View className='ws-row ws-mt12' style={{ justifyContent: 'space-between' }}>
            <Text>我在外务工</Text>
            <Switch id='ws-migrant' checked={migrant} onChange={setMigrant} />
          </View>
        </View>
        <View className='ws-card'>
          <SectionTitle title='我关注的政策' />
          <View className='ws-row ws-wrap' style={{ gap: 0 }}>
            {tags.map((t) => (
              <View key={t._id} className={`ws-chip-select ${picked.includes(t._id) ? 'on' : ''}`} data-tag={t.name} onClick={() => toggle(t._id)}>
                {t.name}
              </View>
            ))}
          </View>
          <View className='ws-row ws-mt12' style={{ justifyContent: 'space-between' }}>
            <View>
              <View>推送新政策</View>
              <View className='ws-muted ws-t-xs'>微信规定每次授权只能接收 1 条通知</View>
            </View>
            <Switch id='ws-subscribe' checked={subscribed} onChange={setSubscribed} />
          </View>
          {pendingText(sub) && <View className='ws-policy-pending ws-mt8'>{pendingText(sub)}</View>}
        </View>
        <View className='ws-body-pad'>
          <Button className='ws-btn ws-mt16' id='ws-profile-save' type='primary' size='large' block loading={busy} onClick={() => !busy && save()}>
            保存
          </Button>
        </View>
      </View>
      <Sheet open={!!sheet} title={sheet === 'town' ? '选择镇街' : '选择村居'} onClose={() => setSheet(null)}>
        <View className='ws-row ws-wrap' style={{ gap: 0 }}>
          {(sheet === 'town' ? catalog.townships : villages).map((o) => (
            <View
              key={o._id}
              className={`ws-chip-select ${(sheet === 'town' ? townshipId : villageId) === o._id ? 'on' : ''}`}
              data-place={o.name}
              onClick={() => {
                if (sheet === 'town') {
                  setTownshipId(o._id)
                  setVillageId('')
                  setSheet('village')
                } else {
                  setVillageId(o._id)
                  setSheet(null)
                }
              }}
            >
              {o.name}
            </View>
          ))}
        </View>
      </Sheet>
    </PageShell>
  )
}
