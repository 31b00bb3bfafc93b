// (metoo) Suggestions before filing: open cases of the same category nearby (petition.similar), each with 附议
// (follow it instead of filing again) and 不是同一问题 (hide it).
import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useEffect, useState } from 'react'
import type { LngLat, SimilarCase } from '../../../typings/api'
import { STATE_LABELS } from '../../../typings/api'
import { call } from '../api/client'
import { toast } from '../lib/toast'
import { SectionTitle } from './SectionTitle'

export interface SimilarQuery {
  categoryId?: string
  point?: LngLat
  villageId?: string
  text?: string
}

/** 'about 80 m' or '同村居'. */
export function distanceLabel(s: Pick<SimilarCase, 'distance'>): string {
  return s.distance === undefined ? '同村居' : s.distance < 10 ? '就在附近' : `约 ${s.distance} 米`
}

export default function SimilarCases({ q }: { q: SimilarQuery }) {
  const [items, setItems] = useState<SimilarCase[]>([])
  const [hidden, setHidden] = useState<string[]>([])
  const [busy, setBusy] = useState<string | null>(null)
  const lng = q.point?.lng
  const lat = q.point?.lat
  useEffect(() => {
    // Once category and place are chosen (not on every keystroke of the text).
    if (!q.categoryId || (!q.point && !q.villageId)) {
      setItems([])
      return
    }
    let live = true
    const req = { categoryId: q.categoryId, ...(q.point ? { point: q.point } : { villageId: q.villageId }), ...(q.text?.trim() ? { text: q.text.trim() } : {}) }
    call('petition', 'similar', req, { toast: false })
      .then((r) => live && setItems(r.items))
      .catch(() => live && setItems([]))
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.categoryId, lng, lat, q.villageId])

  const shown = items.filter((s) => !hidden.includes(s.caseId))
  if (!shown.length) return null

  const follow = async (s: SimilarCase) => {
    setBusy(s.caseId)
    try {
      const d = await call('petition', 'follow', { caseId: s.caseId })
      setItems((xs) => xs.map((x) => (x.caseId === s.caseId ? { ...x, following: true, followerCount: d.followerCount ?? x.followerCount + 1 } : x)))
      toast('已附议，办理进展将通知您', 'success')
      void Taro.navigateTo({ url: `/pages/case/index?id=${s.caseId}` })
    } catch {
      // The client showed the server's message.
    } finally {
      setBusy(null)
    }
  }

  return (
    <View className='ws-card' id='ws-similar'>
      <SectionTitle title='附近已有相同问题' />
      <View className='ws-muted ws-t-xs'>如果是同一问题，点“附议”即可跟进办理进展，无需重复提交。</View>
      {shown.map((s) => (
        <View key={s.caseId} className='ws-similar-item ws-mt12' data-case={s.no}>
          <View style={{ display: 'flex', gap: '8px' }}>
            {s.thumbUrl && <Image src={s.thumbUrl} mode='aspectFill' style={{ width: '56px', height: '56px', borderRadius: '6px', flexShrink: 0 }} />}
            <View style={{ flex: 1, minWidth: 0 }}>
              <Text className='ws-t-s'>{s.summary}</Text>
              <View className='ws-muted ws-t-xs ws-mt8'>
                {STATE_LABELS[s.state]} · {distanceLabel(s)} · 附议 {s.followerCount} 人
              </View>
            </View>
          </View>
          <View style={{ display: 'flex', gap: '8px', justifyContent: 'flex-end' }} className='ws-mt8'>
            <Button size='small' className='ws-similar-not' onClick={() => setHidden((h) => [...h, s.caseId])}>
              不是同一问题
            </Button>
            <Button size='small' type='primary' className='ws-similar-follow' disabled={s.following} loading={busy === s.caseId} onClick={() => !busy && !s.following && follow(s)}>
              {s.following ? '已附议' : '附议'}
            </Button>
          </View>
        </View>
      ))}
    </View>
  )
}
