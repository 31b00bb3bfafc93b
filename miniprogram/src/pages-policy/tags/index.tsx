// 受众标签 (county admin): the audience tag list residents pick from and notices target. A retired tag stays on
// old notices and profiles but can no longer be chosen.
import { Text, View } from '@tarojs/components'
import { Button, Input, Switch } from '@nutui/nutui-react-taro'
import { useEffect, useState } from 'react'
import type { AudienceTag } from '../../../../typings/api'
import { call } from '../../api/client'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { SectionTitle } from '../../components/SectionTitle'
import { Loading } from '../../components/States'
import { toast } from '../../lib/toast'
import '../components/policy.css'

function Tags() {
  const [tags, setTags] = useState<AudienceTag[] | null>(null)
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    call('policy', 'tags', {}).then(setTags).catch(() => {})
  }, [])
  const save = async (t: { tagId: string; name: string; active: boolean; order?: number }) => {
    setBusy(true)
    try {
      setTags(await call('policy', 'setTag', t))
    } catch {
      /* toast shown */
    } finally {
      setBusy(false)
    }
  }
  const add = async () => {
    const n = name.trim()
    if (!n) return toast('请输入标签名称')
    const order = Math.max(0, ...(tags ?? []).map((t) => t.order)) + 10
    await save({ tagId: `t-${Date.now().toString(36)}`, name: n, active: true, order })
    setName('')
  }
  if (!tags) return <Loading rows={3} />
  return (
    <View className='ws-body'>
      <View className='ws-card' id='ws-tag-list'>
        <SectionTitle title='受众标签' />
        {tags.map((t) => (
          <View key={t._id} className='ws-policy-attach'>
            <Text className={t.active ? '' : 'ws-muted'}>{t.name}</Text>
            <Switch checked={t.active} disabled={busy} onChange={(v) => save({ tagId: t._id, name: t.name, active: v, order: t.order })} />
          </View>
        ))}
        <View className='ws-muted ws-t-xs ws-mt8'>停用的标签保留在已发布的政策和群众设置中，但不能再选择。</View>
      </View>
      <View className='ws-card ws-row'>
        <Input className='ws-input ws-flex1' id='ws-tag-name' placeholder='新标签，如：新就业形态劳动者' value={name} maxLength={12} onChange={setName} />
        <Button type='primary' size='small' loading={busy} onClick={() => !busy && add()}>
          添加
        </Button>
      </View>
    </View>
  )
}

export default function PolicyTagsPage() {
  return (
    <PageShell>
      <RoleGate allow={(r) => r === 'county_admin'}>
        <Tags />
      </RoleGate>
    </PageShell>
  )
}
