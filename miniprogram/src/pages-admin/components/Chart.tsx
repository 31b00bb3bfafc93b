// Charts with @antv/f2 on a Canvas type="2d" (weapp) / <canvas> (H5), with a plain CSS fallback.
import Taro from '@tarojs/taro'
import { Canvas as TCanvas, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { Axis, Canvas, Chart, Interval, Line, Point, jsx as f2jsx } from '@antv/f2'

// F2 builds its own element tree; typed loosely here (its generic component types do not fit a call).
const jsx = f2jsx as unknown as (type: unknown, props: Record<string, unknown>) => { props: Record<string, unknown> }

export interface Datum {
  label: string
  value: number
  series?: string
}

type Kind = 'bar' | 'line'

let seq = 0

/**
 * An integer axis for counts: a step of 1, 2 or 5 × 10^k giving at most 5 intervals, and a max that is a whole
 * number of steps (so every tick is an integer: no 0.5 件).
 */
export function countScale(max: number): { min: 0; max: number; tickInterval: number } {
  const top = Math.max(1, Math.ceil(max))
  const raw = top / 4
  const mag = 10 ** Math.floor(Math.log10(Math.max(1, raw)))
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag
  return { min: 0, max: Math.max(step, Math.ceil(top / step) * step), tickInterval: Math.max(1, step) }
}

function getCanvasNode(id: string): Promise<{ node: HTMLCanvasElement; width: number; height: number } | null> {
  if (process.env.TARO_ENV === 'h5') {
    const el = document.getElementById(id)
    const node = (el?.tagName === 'CANVAS' ? el : el?.querySelector('canvas')) as HTMLCanvasElement | null
    if (!node) return Promise.resolve(null)
    const r = node.getBoundingClientRect()
    return Promise.resolve({ node, width: r.width || el!.clientWidth, height: r.height || el!.clientHeight })
  }
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res) => {
        const r = res?.[0]
        resolve(r?.node ? { node: r.node, width: r.width, height: r.height } : null)
      })
  })
}

function dpr(): number {
  try {
    return Taro.getWindowInfo?.().pixelRatio ?? 2
  } catch {
    return 2
  }
}

export default function ChartView({ kind, data, height = 200, percent = false, color = '#1d5bbf' }: { kind: Kind; data: Datum[]; height?: number; percent?: boolean; color?: string }) {
  const idRef = useRef(`ws-chart-${++seq}`)
  const [failed, setFailed] = useState(false)
  const chartRef = useRef<Canvas | null>(null)

  useEffect(() => {
    let cancelled = false
    if (!data.length) return
    const timer = setTimeout(async () => {
      try {
        const c = await getCanvasNode(idRef.current)
        if (!c || cancelled) throw new Error('no canvas')
        const ratio = dpr()
        c.node.width = c.width * ratio
        c.node.height = c.height * ratio
        const context = c.node.getContext('2d')
        if (!context) throw new Error('no context')
        const fmt = (v: number) => (percent ? `${Math.round(v * 100)}%` : String(Math.round(v)))
        // First and last category labels aligned inward so that none is clipped at the edges.
        const xLabel = { fontSize: 10, fill: '#4e5969', align: 'between' }
        const chartChildren =
          kind === 'bar'
            ? [
                jsx(Axis, { field: 'label', style: { label: { fontSize: 10, fill: '#4e5969' } } }),
                jsx(Axis, { field: 'value', formatter: fmt, style: { label: { fontSize: 10, fill: '#86909c' } } }),
                jsx(Interval, { x: 'label', y: 'value', color, ...(data.some((d) => d.series) ? { color: 'series', adjust: 'dodge' } : {}) })
              ]
            : [
                jsx(Axis, { field: 'label', tickCount: 5, style: { label: xLabel } }),
                jsx(Axis, { field: 'value', formatter: fmt, style: { label: { fontSize: 10, fill: '#86909c' } } }),
                jsx(Line, { x: 'label', y: 'value', color: data.some((d) => d.series) ? 'series' : color, shape: 'smooth' }),
                jsx(Point, { x: 'label', y: 'value', color: data.some((d) => d.series) ? 'series' : color, size: 3 })
              ]
        const max = Math.max(...data.map((d) => d.value))
        const scale = {
          value: percent ? { min: 0, max: 1, tickCount: 5 } : countScale(max),
          label: kind === 'bar' ? {} : { type: 'cat' }
        }
        const tree = jsx(Canvas, {
          context,
          pixelRatio: ratio,
          width: c.width,
          height: c.height,
          animate: false,
          children: jsx(Chart, { data, scale, children: chartChildren })
        })
        const canvas = new Canvas(tree.props as ConstructorParameters<typeof Canvas>[0])
        await canvas.render()
        chartRef.current = canvas
      } catch {
        if (!cancelled) setFailed(true)
      }
    }, 50)
    return () => {
      cancelled = true
      clearTimeout(timer)
      chartRef.current?.destroy()
      chartRef.current = null
    }
  }, [kind, data, percent, color])

  if (!data.length) return <View className='ws-muted ws-t-s' style={{ padding: '16px 0', textAlign: 'center' }}>暂无数据</View>
  if (failed) return <BarFallback data={data} percent={percent} />
  return (
    <View style={{ width: '100%', height: `${height}px` }}>
      <TCanvas type='2d' id={idRef.current} canvasId={idRef.current} style={{ width: '100%', height: `${height}px` }} />
    </View>
  )
}

/** Plain bars: used when canvas is unavailable, and as an accessible list. */
export function BarFallback({ data, percent }: { data: Datum[]; percent?: boolean }) {
  const max = Math.max(...data.map((d) => d.value), percent ? 1 : 1)
  return (
    <View className='ws-bars'>
      {data.map((d) => (
        <View key={`${d.label}-${d.series ?? ''}`} className='ws-bar-row'>
          <Text className='ws-bar-label'>{d.label}</Text>
          <View className='ws-bar-track'>
            <View className='ws-bar-fill' style={{ width: `${Math.max(2, (d.value / max) * 100)}%` }} />
          </View>
          <Text className='ws-bar-val'>{percent ? `${(d.value * 100).toFixed(0)}%` : d.value}</Text>
        </View>
      ))}
    </View>
  )
}
