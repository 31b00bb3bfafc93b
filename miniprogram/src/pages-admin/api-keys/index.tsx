// 开放接口密钥 (county admin): the Open311 API keys of third-party clients. A key is shown once, right after it is
// created (the server keeps only its sha256); each client has at most one live key; revoking stops it at once.
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input, NoticeBar, Tag } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { ApiKeyInfo } from '../../../../typings/api'
import { call } from '../../api/client'
import { useDialog } from '../../components/Confirm'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { SectionTitle } from '../../components/SectionTitle'
import { Empty, ErrorState, Loading } from '../../components/States'
import { useLoaded } from '../../hooks/useLoaded'
import { formatTime } from '../../lib/countdown'
import { toast } from '../../lib/toast'
import '../components/admin.css'

/** The server's rule for a client id (core/schemas.ts createApiKey), checked here for an early message. */
const CLIENT_ID = /^[a-z0-9][a-z0-9_-]{1,31}$/

function ApiKeys() {
  const [dialog, ask] = useDialog()
  const [clientId, setClientId] = useState('')
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  /** The key just created: shown once, gone when the page is left or 我已保存 is tapped. */
  const [created, setCreated] = useState<{ key: string; info: ApiKeyInfo } | null>(null)

  const { data: items, error: err, reload: load } = useLoaded(async () => (await call('admin', 'apiKeys', {}, { toast: false })).items, [])

  const create = async () => {
    const id = clientId.trim()
    const missing = !CLIENT_ID.test(id) ? '接入方标识为 2–32 位小写字母、数字、-、_，以字母或数字开头' : !name.trim() ? '请填写接入方名称' : null
    if (missing) return toast(missing)
    setBusy(true)
    try {
      const res = await call('admin', 'createApiKey', { clientId: id, name: name.trim() })
      setCreated(res)
      setClientId('')
      setName('')
      void load()
    } catch {
      // The client showed the server's message (e.g. the client already has a live key).
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (k: ApiKeyInfo) => {
    const r = await ask({
      title: '吊销密钥',
      content: `吊销后，${k.name}（${k.clientId}）的密钥 ${k.prefix}… 立即失效，该接入方将无法再提交诉求；如需恢复，请重新生成新密钥。`,
      confirmText: '吊销'
    })
    if (!r.confirm) return
    try {
      await call('admin', 'revokeApiKey', { clientId: k.clientId })
      if (created?.info.clientId === k.clientId) setCreated(null)
      toast('已吊销', 'success')
      void load()
    } catch {
      // toast shown
    }
  }

  return (
    <View className='ws-body'>
      {dialog}
      <NoticeBar
        className='ws-noticebar'
        wrap
        content='第三方应用通过开放接口（Open311）提交诉求时须携带密钥。每个接入方只能有一把有效密钥；系统只保存密钥的摘要，密钥本身仅在生成时显示一次。'
      />
      {created && (
        <View className='ws-card ws-apikey-created' id='ws-apikey-created'>
          <SectionTitle title='新密钥' />
          <View className='ws-danger ws-bold ws-t-s' id='ws-apikey-warning'>
            密钥只显示这一次，离开本页后无法再查看。请立即复制并安全地交给{created.info.name}；遗失只能吊销后重新生成。
          </View>
          <View className='ws-notice ws-mt8 ws-apikey-key' id='ws-apikey-key'>
            {created.key}
          </View>
          <View className='ws-row ws-mt8'>
            <Button type='primary' id='ws-apikey-copy' onClick={() => void Taro.setClipboardData({ data: created.key })}>
              复制
            </Button>
            <Button type='primary' fill='outline' id='ws-apikey-done' onClick={() => setCreated(null)}>
              我已保存
            </Button>
          </View>
        </View>
      )}
      <View className='ws-card' id='ws-apikey-form'>
        <SectionTitle title='生成密钥' />
        <View className='ws-muted ws-t-s'>接入方标识（2–32 位小写字母、数字、-、_）</View>
        <Input className='ws-input ws-mt8' id='ws-apikey-client' placeholder='如：city-app' maxLength={32} value={clientId} onChange={(v) => setClientId(v.toLowerCase())} clearable />
        <View className='ws-muted ws-t-s ws-mt8'>接入方名称</View>
        <Input className='ws-input ws-mt8' id='ws-apikey-name' placeholder='如：城市服务App' maxLength={40} value={name} onChange={setName} clearable />
        <Button className='ws-btn ws-mt12' type='primary' size='large' block loading={busy} id='ws-apikey-create' onClick={() => !busy && void create()}>
          生成密钥
        </Button>
      </View>
      {err && !items ? (
        <ErrorState text={err} onRetry={load} />
      ) : !items ? (
        <Loading rows={1} />
      ) : !items.length ? (
        <Empty text='还没有发放过密钥' />
      ) : (
        <View className='ws-card' id='ws-apikey-list'>
          <SectionTitle title='已发放'>
            <Text className='ws-muted ws-t-s'>{items.filter((k) => !k.revokedAt).length} 把有效</Text>
          </SectionTitle>
          {items.map((k) => (
            <View key={`${k.clientId}|${k.prefix}|${k.createdAt}`} className='ws-apikey' data-client={k.clientId} data-revoked={k.revokedAt ? '1' : '0'}>
              <View className='ws-row-between'>
                <Text className='ws-bold ws-rank-name'>{k.name}</Text>
                {k.revokedAt ? (
                  <Tag className='ws-chip' round background='#f2f3f5' color='#6b7280'>
                    已吊销
                  </Tag>
                ) : (
                  <Tag className='ws-chip' round background='#e6f4ea' color='#1a7f37'>
                    有效
                  </Tag>
                )}
              </View>
              <View className='ws-muted ws-t-s ws-mt4'>
                {k.clientId} · 密钥 {k.prefix}…
              </View>
              <View className='ws-row-between ws-t-xs ws-muted ws-mt4'>
                <Text>
                  生成于 {formatTime(k.createdAt, true)}
                  {k.revokedAt ? ` · 吊销于 ${formatTime(k.revokedAt, true)}` : ''}
                </Text>
                {!k.revokedAt && (
                  <Text className='ws-link ws-t-s ws-apikey-revoke' onClick={() => void revoke(k)}>
                    吊销
                  </Text>
                )}
              </View>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

export default function ApiKeysPage() {
  return (
    <PageShell>
      <RoleGate tile='api_keys'>
        <ApiKeys />
      </RoleGate>
    </PageShell>
  )
}
