// (hotspots) 热点: open cases of one category within 300 m of each other (or in one 村居 without a point) in the
// last 30 days, ranked by size then the newest case. On weapp a map with one marker per cluster above the list;
// on H5 the list only. One tap: 督办 the oldest case (the note lists the other 工单号), or 合并 all into one.
import Taro from '@tarojs/taro'
import { Map, Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { useRef, useState } from 'react'
import type { Hotspot, HotspotCase } from '../../../../typings/api'
import { call } from '../../api/client'
import { useDialog } from '../../components/Confirm'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { Empty, ErrorState, Loading } from '../../components/States'
import { useLoaded } from '../../hooks/useLoaded'
import { formatTime } from '../../lib/countdown'
import { toast } from '../../lib/toast'
import '../components/admin.css'

const DAY = 86_400_000
/** The map only on weapp (Taro's H5 has no native map; webpack drops it from the H5 bundle). */
const SHOW_MAP = process.env.TARO_ENV === 'weapp'

/** 首报 (the oldest case) with its age, and the newest. */
function ageText(h: Hotspot, now: number): string {
  const days = Math.max(0, Math.floor((now - Date.parse(h.oldestAt)) / DAY))
  return `首报 ${formatTime(h.oldestAt)}${days > 0 ? `（${days} 天前）` : ''} · 最近 ${formatTime(h.newestAt)}`
}

/** The main case of a 合并: tap one (the oldest by default). */
function MainPicker({ cases, onPick }: { cases: HotspotCase[]; onPick: (id: string) => void }) {
  const [main, setMain] = useState(cases[0]!.caseId)
  return (
    <View className='ws-hotspot-main' id='ws-hotspot-main'>
      <View className='ws-t-s ws-sub'>保留为主件（其余并入该件办理，24 小时内可逐件撤销）：</View>
      <View className='ws-mt8'>
        {cases.map((c) => (
          <View
            key={c.caseId}
            className={`ws-chip-select ${main === c.caseId ? 'on' : ''}`}
            data-main={c.no}
            onClick={() => {
              setMain(c.caseId)
              onPick(c.caseId)
            }}
          >
            {c.no}
          </View>
        ))}
      </View>
    </View>
  )
}

function Row({ h, index, mergeMax, onDone }: { h: Hotspot; index: number; mergeMax: number; onDone: () => void }) {
  const [dialog, ask] = useDialog()
  const [busy, setBusy] = useState<'' | 'supervise' | 'merge'>('')
  const mainRef = useRef(h.cases[0]!.caseId)
  const now = Date.now()

  const supervise = async () => {
    const s = h.supervise
    if (!s || busy) return
    const content = (
      <View id='ws-hotspot-supervise-note'>
        <View>向最早未督办的 {s.no} 发出督办，要求统筹办理同一热点的 {h.count} 件诉求：</View>
        <View className='ws-notice ws-mt8 ws-break' style={{ textAlign: 'left' }}>
          {s.note}
        </View>
      </View>
    )
    const r = await ask({ title: '督办热点', content, confirmText: '发出督办' })
    if (!r.confirm) return
    setBusy('supervise')
    try {
      await call('admin', 'supervise', { caseId: s.caseId, note: s.note })
      toast('已督办', 'success')
      onDone()
    } catch {
      /* toast shown */
    } finally {
      setBusy('')
    }
  }

  const merge = async () => {
    if (busy) return
    mainRef.current = h.cases[0]!.caseId
    const r = await ask({ title: `合并 ${h.count} 件为同一问题`, content: <MainPicker cases={h.cases} onPick={(id) => (mainRef.current = id)} />, confirmText: '合并' })
    if (!r.confirm) return
    setBusy('merge')
    try {
      const main = mainRef.current
      await call('admin', 'mergeCluster', { mainCaseId: main, caseIds: h.cases.filter((c) => c.caseId !== main).map((c) => c.caseId) })
      toast('已合并', 'success')
      onDone()
    } catch {
      /* toast shown */
    } finally {
      setBusy('')
    }
  }

  return (
    <View className='ws-case ws-hotspot' id={`ws-hotspot-${index}`} data-hotspot={h.key} data-cases={h.cases.map((c) => c.no).join(',')}>
      <View className='ws-case-top'>
        <Text className='ws-case-cat'>
          {index + 1}. {h.categoryName}
        </Text>
        <Tag className='ws-chip ws-hotspot-count' round background='#fdecea' color='#c62828'>
          {h.count} 件
        </Tag>
      </View>
      <View className='ws-sub ws-t-s ws-mt8 ws-hotspot-place'>
        {h.place}
        {h.basis === 'distance' ? ` · 约 ${Math.max(h.radiusM, 10)} 米范围内` : ' · 同一村居（未定位）'}
      </View>
      <View className='ws-sub ws-t-s ws-hotspot-age'>
        {ageText(h, now)}
        {h.overdueCount > 0 && <Text className='ws-danger'> · 超期 {h.overdueCount} 件</Text>}
        {h.supervisionOpen && <Text className='ws-hotspot-supervised'> · 已督办</Text>}
      </View>
      <View className='ws-hotspot-nos ws-mt8'>
        {h.cases.map((c) => (
          <Text
            key={c.caseId}
            className={`ws-hotspot-no ${c.overdue ? 'ws-danger' : ''}`}
            data-no={c.no}
            onClick={() => Taro.navigateTo({ url: `/pages-staff/case/index?id=${c.caseId}` })}
          >
            {c.no}
            {c.supervised ? '（督）' : ''}
          </Text>
        ))}
      </View>
      <View className='ws-row ws-mt8' style={{ justifyContent: 'flex-end' }}>
        <Button size='small' type='primary' fill='outline' className='ws-hotspot-supervise' disabled={!h.supervise} loading={busy === 'supervise'} onClick={() => void supervise()}>
          {h.supervise ? '督办' : '均已督办'}
        </Button>
        <Button size='small' type='primary' className='ws-hotspot-merge' disabled={h.count > mergeMax} loading={busy === 'merge'} onClick={() => void merge()}>
          合并
        </Button>
      </View>
      {dialog}
    </View>
  )
}

function Hotspots() {
  const { data, error: err, loading, reload: load } = useLoaded(() => call('admin', 'hotspots', {}, { toast: false }), [])

  if (err && !data) return <ErrorState text={err} onRetry={() => void load()} />
  if (loading && !data) return <Loading />
  const items = data?.items ?? []
  const onMap = items.map((h, i) => ({ h, i })).filter((x) => !!x.h.centre)
  return (
    <View className='ws-body'>
      <View className='ws-muted ws-t-s ws-mt8' id='ws-hotspot-hint'>
        近 {data?.windowDays ?? 30} 天、{data?.radiusM ?? 300} 米内同类诉求 3 件及以上（未定位的按村居），按件数、最近时间排序。
      </View>
      {data?.truncated && <View className='ws-notice ws-mt8'>诉求较多，仅统计最近 {data.scanned} 件。</View>}
      {SHOW_MAP && onMap.length > 0 && (
        <Map
          id='ws-hotspot-map'
          className='ws-hotspot-map ws-mt8'
          style={{ width: '100%', height: '220px' }}
          longitude={onMap[0]!.h.centre!.lng}
          latitude={onMap[0]!.h.centre!.lat}
          scale={13}
          onError={() => undefined}
          includePoints={onMap.map(({ h }) => ({ longitude: h.centre!.lng, latitude: h.centre!.lat }))}
          markers={onMap.map(({ h, i }) => ({
            id: i,
            longitude: h.centre!.lng,
            latitude: h.centre!.lat,
            // An empty path: the map's default marker (no image asset shipped).
            iconPath: '',
            width: 24,
            height: 32,
            callout: { content: `${h.categoryName} ${h.count} 件`, display: 'ALWAYS', fontSize: 12, padding: 4, borderRadius: 4, color: '#1f2329', bgColor: '#ffffff', textAlign: 'center', anchorX: 0, anchorY: 0, borderWidth: 1, borderColor: '#e5e6eb' }
          }))}
          onMarkerTap={(e) => {
            const id = (e.detail as { markerId?: number }).markerId
            if (id !== undefined) void Taro.pageScrollTo({ selector: `#ws-hotspot-${id}`, duration: 200 })
          }}
          onCalloutTap={(e) => {
            const id = (e.detail as { markerId?: number }).markerId
            if (id !== undefined) void Taro.pageScrollTo({ selector: `#ws-hotspot-${id}`, duration: 200 })
          }}
        />
      )}
      {!items.length ? (
        <Empty text='暂无热点' icon='热' />
      ) : (
        <View id='ws-hotspot-list'>
          {items.map((h, i) => (
            <Row key={h.key} h={h} index={i} mergeMax={data?.mergeMax ?? 20} onDone={() => void load()} />
          ))}
        </View>
      )}
    </View>
  )
}

export default function HotspotsPage() {
  return (
    <PageShell>
      <RoleGate tile='hotspots'>
        <Hotspots />
      </RoleGate>
    </PageShell>
  )
}
