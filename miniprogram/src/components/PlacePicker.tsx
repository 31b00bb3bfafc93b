// The place of a case: a map point (weapp, when location is allowed) or a town → village/community picker.
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { Catalog, LngLat } from '../../../typings/api'
import Sheet from './Sheet'

export interface PlaceValue {
  point?: LngLat
  townshipId?: string
  villageId?: string
  address?: string
  /** Display only. */
  label?: string
}

const canUseMap = process.env.TARO_ENV === 'weapp'

export default function PlacePicker({ catalog, value, onChange }: { catalog: Catalog | null; value: PlaceValue; onChange: (v: PlaceValue) => void }) {
  const [open, setOpen] = useState(false)
  const [town, setTown] = useState<string | undefined>(value.townshipId)

  const pickOnMap = async () => {
    try {
      const r = await Taro.chooseLocation({})
      onChange({ point: { lng: r.longitude, lat: r.latitude }, address: r.address || r.name, label: r.name || r.address })
    } catch (e) {
      const msg = String((e as { errMsg?: string })?.errMsg ?? '')
      if (!/cancel/.test(msg)) {
        Taro.showToast({ title: '无法获取位置，请手动选择镇街', icon: 'none' })
        setOpen(true)
      }
    }
  }

  // H5: the browser's position (when allowed); the picker stays available either way.
  const useCurrent = async () => {
    try {
      Taro.showLoading({ title: '正在定位…' })
      const r = await Taro.getLocation({ type: 'wgs84' })
      onChange({ point: { lng: r.longitude, lat: r.latitude }, address: value.address, label: `当前位置（${r.longitude.toFixed(4)}, ${r.latitude.toFixed(4)}）` })
    } catch {
      Taro.showToast({ title: '无法获取位置，请手动选择镇街', icon: 'none' })
      setOpen(true)
    } finally {
      Taro.hideLoading()
    }
  }

  const townships = catalog?.townships ?? []
  const villages = (catalog?.villages ?? []).filter((v) => v.townshipId === town)
  const townName = (id?: string) => townships.find((t) => t._id === id)?.name
  const villageName = (id?: string) => catalog?.villages.find((v) => v._id === id)?.name

  const shown = value.point
    ? value.label || '已在地图上选点'
    : value.townshipId
      ? `${townName(value.townshipId) ?? ''}${value.villageId ? ' · ' + (villageName(value.villageId) ?? '') : ''}`
      : ''

  return (
    <View>
      <View className='ws-row ws-wrap'>
        {canUseMap && (
          <View className='ws-btn-sm' onClick={pickOnMap}>
            在地图上选点
          </View>
        )}
        {!canUseMap && (
          <View className='ws-btn-sm' id='ws-use-location' onClick={useCurrent}>
            使用当前位置
          </View>
        )}
        <View className='ws-btn-sm ghost' id='ws-pick-town' onClick={() => setOpen(true)}>
          {canUseMap ? '手动选择镇街' : '选择镇街 / 村居'}
        </View>
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
        maxlength={100}
        onInput={(e) => onChange({ ...value, address: e.detail.value })}
      />
      <Sheet open={open} title='选择所在镇街和村居' onClose={() => setOpen(false)}>
        <View className='ws-muted ws-t-s'>镇街</View>
        <View className='ws-row ws-wrap ws-mt8' style={{ gap: 0 }}>
          {townships.map((t) => (
            <View key={t._id} className={`ws-chip-select ${town === t._id ? 'on' : ''}`} onClick={() => setTown(t._id)}>
              {t.name}
            </View>
          ))}
        </View>
        {town && (
          <View>
            <View className='ws-muted ws-t-s ws-mt8'>村居 / 社区（可不选）</View>
            <View className='ws-row ws-wrap ws-mt8' style={{ gap: 0 }}>
              {villages.map((v) => (
                <View
                  key={v._id}
                  className={`ws-chip-select ${value.villageId === v._id ? 'on' : ''}`}
                  onClick={() => {
                    onChange({ townshipId: town, villageId: v._id, address: value.address })
                    setOpen(false)
                  }}
                >
                  {v.name}
                </View>
              ))}
              {!villages.length && <Text className='ws-muted ws-t-s'>暂无村居数据</Text>}
            </View>
          </View>
        )}
        <View
          className={`ws-btn ws-mt12 ${town ? '' : 'disabled'}`}
          id='ws-place-ok'
          onClick={() => {
            if (!town) return
            onChange({ townshipId: town, villageId: value.townshipId === town ? value.villageId : undefined, address: value.address })
            setOpen(false)
          }}
        >
          确定
        </View>
      </Sheet>
    </View>
  )
}
