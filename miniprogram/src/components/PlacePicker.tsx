// The place of a case: a map point (weapp, when location is allowed) or a town → village/community picker.
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Cascader, Input } from '@nutui/nutui-react-taro'
import { useMemo, useState } from 'react'
import type { Catalog, LngLat } from '../../../typings/api'
import { toast } from '../lib/toast'
import { call } from '../api/client'

/** 镇街 · 村居 of a map point (never raw coordinates); null when the server cannot tell. */
async function placeName(point: LngLat): Promise<string | null> {
  try {
    const r = await call('petition', 'locate', { point }, { toast: false })
    return r.townshipId ? r.label : null
  } catch {
    return null
  }
}

export interface PlaceValue {
  point?: LngLat
  townshipId?: string
  villageId?: string
  address?: string
  /** Display only. */
  label?: string
}

const canUseMap = process.env.TARO_ENV === 'weapp'
/**
 * H5 only: the browser's position. Behind the TARO_ENV constant, so webpack drops the call from the weapp
 * bundle: weapp declares only chooseLocation in requiredPrivateInfos (tests/weapp/privacy.test.ts scans the
 * built bundle).
 */
const browserPosition = process.env.TARO_ENV === 'h5' ? () => Taro.getLocation({ type: 'wgs84' }) : null
const WHOLE = ':whole'

export default function PlacePicker({ catalog, value, onChange }: { catalog: Catalog | null; value: PlaceValue; onChange: (v: PlaceValue) => void }) {
  const [open, setOpen] = useState(false)

  const pickOnMap = async () => {
    try {
      const r = await Taro.chooseLocation({})
      const point = { lng: r.longitude, lat: r.latitude }
      const where = await placeName(point)
      const poi = r.name || r.address
      onChange({ point, address: r.address || r.name, label: where ? `${where}${poi ? `（${poi}）` : ''}` : poi || '已在地图上选点' })
    } catch (e) {
      const msg = String((e as { errMsg?: string })?.errMsg ?? '')
      if (!/cancel/.test(msg)) {
        toast('无法获取位置，请手动选择镇街')
        setOpen(true)
      }
    }
  }

  // H5: the browser's position (when allowed); the picker stays available either way.
  const useCurrent = async () => {
    if (!browserPosition) return
    try {
      Taro.showLoading({ title: '正在定位…' })
      const r = await browserPosition()
      const point = { lng: r.longitude, lat: r.latitude }
      const where = await placeName(point)
      onChange({ point, address: value.address, label: where ? `${where}（当前位置）` : '当前位置（未能识别村居，可手动选择镇街 / 村居）' })
    } catch {
      toast('无法获取位置，请手动选择镇街')
      setOpen(true)
    } finally {
      Taro.hideLoading()
    }
  }

  const townships = catalog?.townships ?? []
  const townName = (id?: string) => townships.find((t) => t._id === id)?.name
  const villageName = (id?: string) => catalog?.villages.find((v) => v._id === id)?.name

  const shown = value.point
    ? value.label || '已在地图上选点'
    : value.townshipId
      ? `${townName(value.townshipId) ?? ''}${value.villageId ? ' · ' + (villageName(value.villageId) ?? '') : ''}`
      : ''

  // 镇街 → 村居 in NutUI's Cascader. A village is optional: each town starts with a “whole town” choice.
  const options = useMemo(
    () =>
      townships.map((t) => ({
        text: t.name,
        value: t._id,
        children: [
          { text: `${t.name}（不选村居）`, value: `${t._id}${WHOLE}` },
          ...(catalog?.villages ?? []).filter((v) => v.townshipId === t._id).map((v) => ({ text: v.name, value: v._id }))
        ]
      })),
    [catalog, townships]
  )
  const cascaderValue = value.townshipId ? [value.townshipId, value.villageId ?? `${value.townshipId}${WHOLE}`] : undefined

  return (
    <View>
      <View className='ws-row ws-wrap'>
        {canUseMap && (
          <Button size='small' type='primary' onClick={pickOnMap}>
            在地图上选点
          </Button>
        )}
        {!canUseMap && (
          <Button size='small' type='primary' id='ws-use-location' onClick={useCurrent}>
            使用当前位置
          </Button>
        )}
        <Button size='small' type='primary' fill='outline' id='ws-pick-town' onClick={() => setOpen(true)}>
          {canUseMap ? '手动选择镇街' : '选择镇街 / 村居'}
        </Button>
      </View>
      {shown ? (
        <View className='ws-mt8 ws-sub' id='ws-place-shown'>
          位置：{shown}
        </View>
      ) : null}
      <Input
        className='ws-input ws-mt8'
        placeholder='详细位置（选填，仅工作人员可见）'
        value={value.address ?? ''}
        maxLength={100}
        onChange={(v) => onChange({ ...value, address: v })}
      />
      <Cascader
        className='ws-cascader'
        visible={open}
        title='选择所在镇街和村居'
        closeable
        options={options}
        value={cascaderValue}
        onClose={() => setOpen(false)}
        onChange={(v) => {
          const [town, village] = v.map(String)
          if (!town) return
          onChange({ townshipId: town, villageId: village && !village.endsWith(WHOLE) ? village : undefined, address: value.address })
          setOpen(false)
        }}
      />
    </View>
  )
}
