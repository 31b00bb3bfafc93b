// One notice: sanitized body (RichText), attachments (previewImage / openDocument), dates, and
// 有疑问？我要反映 (a 政策咨询 with the notice attached). Staff see the review actions they may take.
import Taro, { useRouter } from '@tarojs/taro'
import { RichText, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useCallback, useEffect, useState } from 'react'
import type { PolicyDetail } from '../../../../typings/api'
import { call } from '../../api/client'
import { toApiError } from '../../api/envelope'
import PageShell from '../../components/PageShell'
import { ErrorState, Loading } from '../../components/States'
import { useCatalog } from '../../hooks/useCatalog'
import { useMe } from '../../hooks/useMe'
import { formatTime } from '../../lib/countdown'
import { areaLabel, openAttachment, statusLabel } from '../../lib/policy'
import { isStaffRole } from '../../lib/tabs'
import { useTags } from '../components/useTags'
import ReviewActions from '../components/ReviewActions'
import '../components/policy.css'

export default function PolicyDetailPage() {
  const id = useRouter().params.id ?? ''
  const { me } = useMe()
  const catalog = useCatalog()
  const { names } = useTags()
  const [p, setP] = useState<PolicyDetail | null>(null)
  const [err, setErr] = useState<string | null>(null)
  const load = useCallback(async () => {
    setErr(null)
    try {
      setP(await call('policy', 'detail', { policyId: id }, { toast: false }))
    } catch (e) {
      setErr(toApiError(e).message)
    }
  }, [id])
  useEffect(() => {
    void load()
  }, [load])

  if (err) return <PageShell><ErrorState text={err} onRetry={load} /></PageShell>
  if (!p) return <PageShell><Loading rows={4} /></PageShell>
  const place = (kind: 'township' | 'village', x: string) =>
    (kind === 'township' ? catalog?.townships.find((t) => t._id === x)?.name : catalog?.villages.find((v) => v._id === x)?.name) ?? x
  const files = p.attachments.map((a) => ({ a, url: p.attachmentUrls?.[a.fileID] }))
  const ask = () => Taro.navigateTo({ url: `/pages-policy/ask/index?id=${encodeURIComponent(p._id)}&title=${encodeURIComponent(p.title)}` })
  return (
    <PageShell>
      <View className='ws-body'>
        <View className='ws-card' id='ws-policy-detail'>
          <View className='ws-t-l ws-bold' id='ws-policy-title'>{p.title}</View>
          <View className='ws-sub ws-t-s ws-mt8'>
            {p.issuer.name}
            {p.publishedAt ? ` · 发布于 ${formatTime(p.publishedAt, true)}` : ` · ${statusLabel(p)}`}
          </View>
          <View className='ws-row ws-wrap ws-mt8'>
            {p.status === 'expired' && <Text className='ws-chip' style={{ color: '#86909c', background: '#f2f3f5' }}>已过期</Text>}
            <Text className='ws-chip'>适用范围：{areaLabel(p.area, place)}</Text>
            {p.tags.map((t) => (
              <Text key={t} className='ws-chip'>{names.get(t) ?? t}</Text>
            ))}
          </View>
          {(p.effectiveAt || p.expiresAt) && (
            <View className='ws-muted ws-t-s ws-mt8'>
              {p.effectiveAt ? `生效日期：${p.effectiveAt.slice(0, 10)}　` : ''}
              {p.expiresAt ? `失效日期：${formatTime(p.expiresAt, true).slice(0, 10)}` : ''}
            </View>
          )}
          <View className='ws-policy-body ws-mt12' id='ws-policy-body'>
            <RichText nodes={p.body} />
          </View>
          {files.length > 0 && (
            <View className='ws-mt12'>
              <View className='ws-bold'>附件</View>
              {files.map((f) => (
                <View key={f.a.fileID} className='ws-policy-attach' onClick={() => openAttachment(f.a, f.url, files)}>
                  <Text>{f.a.kind === 'pdf' ? '📄' : '🖼'} {f.a.name}</Text>
                  <Text className='ws-link'>{f.a.kind === 'pdf' ? '打开' : '查看'}</Text>
                </View>
              ))}
            </View>
          )}
          <View className='ws-muted ws-t-xs ws-mt12'>{p.reads} 人已读</View>
        </View>
        {p.status === 'published' || p.status === 'expired' ? (
          <View className='ws-body-pad'>
            <Button className='ws-btn ws-mt16' id='ws-policy-ask' type='primary' size='large' block onClick={ask}>
              有疑问？我要反映
            </Button>
            <View className='ws-muted ws-t-xs ws-mt8' style={{ textAlign: 'center' }}>
              将以“政策咨询”提交，并附上本条政策，由相关部门答复
            </View>
          </View>
        ) : null}
        {isStaffRole(me?.role) && p.allowed.length > 0 && <ReviewActions p={p} onChange={setP} />}
      </View>
    </PageShell>
  )
}
