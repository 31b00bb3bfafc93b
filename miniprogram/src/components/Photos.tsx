import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { photoUrl, uploadPhoto } from '../api/client'
import { showError } from '../api/client'
import { MAX_PHOTOS } from '../lib/validate'
import { loadMe } from '../hooks/useMe'

/** Photos of a case, shown through the temp URLs the server issued with it (`CaseDetail.photoUrls`). */
export function PhotoGrid({ photos, urls: signed }: { photos: string[]; urls?: Record<string, string> }) {
  const urls = photos.map((p) => photoUrl(p, signed)).filter(Boolean)
  if (!urls.length) return null
  return (
    <View className='ws-photos ws-mt8'>
      {urls.map((u) => (
        <View key={u} className='ws-photo' onClick={() => Taro.previewImage({ urls, current: u })}>
          <Image className='ws-photo-img' src={u} mode='aspectFill' lazyLoad />
        </View>
      ))}
    </View>
  )
}

interface Item {
  key: string
  local: string
  progress: number
  fileID?: string
  failed?: boolean
}

/** Choose up to `max` photos and upload each with a progress bar. Reports uploaded fileIDs and the pending count. */
export function PhotoUploader({
  max = MAX_PHOTOS,
  onChange
}: {
  max?: number
  onChange: (fileIDs: string[], uploading: number) => void
}) {
  const [items, setItems] = useState<Item[]>([])
  const ref = useRef<Item[]>([])

  const commit = (next: Item[]) => {
    ref.current = next
    setItems(next)
    onChange(
      next.filter((i) => i.fileID).map((i) => i.fileID!),
      next.filter((i) => !i.fileID && !i.failed).length
    )
  }
  const patch = (key: string, p: Partial<Item>) => commit(ref.current.map((i) => (i.key === key ? { ...i, ...p } : i)))

  const start = (item: Item) => {
    // The folder is the platform's choice (Me.uploadPrefix); reload `me` once if it predates the field.
    loadMe()
      .then((me) => (me?.uploadPrefix ? me : loadMe(true)))
      .then((me) => uploadPhoto(item.local, me?.uploadPrefix ?? '', (pct) => patch(item.key, { progress: pct })))
      .then((fileID) => patch(item.key, { fileID, progress: 100 }))
      .catch((e) => {
        patch(item.key, { failed: true })
        showError(e)
      })
  }

  const choose = async () => {
    const left = max - ref.current.length
    if (left <= 0) return
    try {
      const res = await Taro.chooseMedia({ count: left, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] })
      const added = res.tempFiles.slice(0, left).map((f, n) => ({ key: `${Date.now()}-${n}`, local: f.tempFilePath, progress: 0 }))
      commit([...ref.current, ...added])
      added.forEach(start)
    } catch {
      /* cancelled */
    }
  }

  return (
    <View className='ws-photos'>
      {items.map((i) => (
        <View key={i.key} className='ws-photo'>
          <Image className='ws-photo-img' src={i.local} mode='aspectFill' onClick={() => Taro.previewImage({ urls: items.map((x) => x.local), current: i.local })} />
          {!i.fileID && (
            <View className='ws-photo-prog' onClick={() => i.failed && (patch(i.key, { failed: false, progress: 0 }), start(i))}>
              {i.failed ? '失败·重试' : `${i.progress}%`}
            </View>
          )}
          {!i.fileID && !i.failed && <View className='ws-photo-bar' style={{ width: `${i.progress}%` }} />}
          <View className='ws-photo-del' onClick={() => commit(ref.current.filter((x) => x.key !== i.key))}>
            ×
          </View>
        </View>
      ))}
      {items.length < max && (
        <View className='ws-photo-add' id='ws-photo-add' onClick={choose}>
          <Text className='ws-photo-add-plus'>+</Text>
          <Text>
            {items.length}/{max}
          </Text>
        </View>
      )}
    </View>
  )
}
