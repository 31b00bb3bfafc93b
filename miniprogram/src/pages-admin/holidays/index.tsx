import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Switch, Tag } from '@nutui/nutui-react-taro'
import { useDialog } from '../../components/Confirm'
import { toast } from '../../lib/toast'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { HolidayAudit, HolidayDay, HolidayYear } from '../../../../typings/api'
import { call } from '../../api/client'
import { toApiError } from '../../api/envelope'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { ErrorState, Loading } from '../../components/States'
import { useMe } from '../../hooks/useMe'
import { monthGrid } from '../../lib/calendar'
import { beijingDay, formatTime } from '../../lib/countdown'
import '../components/admin.css'

const WEEK = ['一', '二', '三', '四', '五', '六', '日']

function Holidays() {
  const { me } = useMe()
  const today = beijingDay()
  const [year, setYear] = useState(Number(today.slice(0, 4)))
  const [month, setMonth] = useState(Number(today.slice(5, 7)))
  const [data, setData] = useState<(HolidayYear & { audit: HolidayAudit[] }) | null>(null)
  const [err, setErr] = useState<string | null>(null)
  // Who may edit is the server's word (Me.tiles); the others read the calendar.
  const editable = !!me?.tiles?.includes('calendar_edit')
  const [dialog, ask] = useDialog()

  const load = useCallback(async () => {
    setErr(null)
    try {
      setData(await call('admin', 'holidays', { year }, { toast: false }))
    } catch (e) {
      setErr(toApiError(e).message)
    }
  }, [year])
  useEffect(() => {
    setData(null)
    void load()
  }, [load])

  const byDate = useMemo(() => new Map<string, HolidayDay>((data?.days ?? []).map((d) => [d.date, d])), [data])
  const cells = monthGrid(year, month)

  const step = (delta: number) => {
    let m = month + delta
    let y = year
    if (m < 1) (m = 12), (y -= 1)
    if (m > 12) (m = 1), (y += 1)
    setMonth(m)
    setYear(y)
  }

  const edit = async (date: string) => {
    if (!editable) return toast('仅县级管理员可修改')
    const cur = byDate.get(date)
    try {
      const r = await Taro.showActionSheet({ itemList: ['设为休息日（法定节假日）', '设为调休上班日', '恢复为普通日'] })
      const kind = (['holiday', 'workday', 'normal'] as const)[r.tapIndex]
      let name = cur?.name
      if (kind !== 'normal') {
        const m = await ask({ title: '节日名称', input: { placeholder: '如：国庆节', initial: cur?.name ?? '', maxLength: 20 } })
        if (!m.confirm) return
        name = m.value || (kind === 'holiday' ? '节假日' : '调休上班')
      }
      const y = await call('admin', 'setHoliday', { date, kind, ...(kind !== 'normal' && name ? { name } : {}) })
      setData((d) => (d ? { ...d, ...y } : d))
      toast('已保存，相关时限将重新计算')
      void load()
    } catch {
      /* cancelled or toast shown */
    }
  }

  const confirmYear = async (confirmed: boolean) => {
    try {
      const y = await call('admin', 'confirmYear', { year, confirmed })
      setData((d) => (d ? { ...d, ...y } : d))
      toast(confirmed ? `${year} 年安排已确认` : '已取消确认')
    } catch {
      /* toast shown */
    }
  }

  if (err) return <ErrorState text={err} onRetry={load} />
  return (
    <View className='ws-body'>
      {dialog}
      <View className='ws-card'>
        <View className='ws-row-between'>
          <Button size='small' type='primary' fill='outline' className='ws-cal-prev' onClick={() => step(-1)}>
            ‹ 上月
          </Button>
          <Text className='ws-t-l ws-bold' id='ws-cal-title'>
            {year}年{month}月
          </Text>
          <Button size='small' type='primary' fill='outline' className='ws-cal-next' onClick={() => step(1)}>
            下月 ›
          </Button>
        </View>
        {!data ? (
          <Loading rows={1} />
        ) : (
          <View className='ws-cal ws-mt12'>
            {WEEK.map((w) => (
              <View key={w} className='ws-cal-h'>
                {w}
              </View>
            ))}
            {cells.map((c, i) => {
              if (!c) return <View key={`b${i}`} className='ws-cal-d' />
              const h = byDate.get(c.date)
              const weekend = c.weekday === 0 || c.weekday === 6
              return (
                <View key={c.date} className='ws-cal-d' data-date={c.date} onClick={() => edit(c.date)}>
                  <View className={`ws-cal-in ${h ? h.kind : weekend ? 'weekend' : ''}`} style={c.date === today ? { boxShadow: 'inset 0 0 0 1px #1d5bbf' } : undefined}>
                    <Text>{c.day}</Text>
                    {h && <Text className='ws-cal-tag'>{h.kind === 'holiday' ? '休' : '班'}</Text>}
                  </View>
                </View>
              )
            })}
          </View>
        )}
        <View className='ws-row ws-mt8 ws-t-s ws-muted ws-wrap'>
          <Tag className='ws-chip' round background='#fdecea' color='#d93026'>
            休 法定节假日
          </Tag>
          <Tag className='ws-chip' round background='#fff3e0' color='#b35c00'>
            班 调休上班
          </Tag>
          <Text>点击日期修改</Text>
        </View>
      </View>
      {data && (
        <View className='ws-card'>
          <View className='ws-row-between'>
            <View className='ws-flex1'>
              <View className='ws-bold'>{year} 年安排已确认</View>
              <View className='ws-muted ws-t-s'>未确认年份内的办结时限标注“（暂定）”，确认后重新计算</View>
            </View>
            <Switch checked={data.confirmed} disabled={!editable} onChange={(v) => confirmYear(v)} />
          </View>
          {data.days.filter((d) => d.date.slice(5, 7) === String(month).padStart(2, '0')).length > 0 && (
            <View className='ws-mt12'>
              {data.days
                .filter((d) => d.date.slice(5, 7) === String(month).padStart(2, '0'))
                .map((d) => (
                  <View key={d.date} className='ws-kv'>
                    <Text className='ws-kv-k'>{d.date.slice(5)}</Text>
                    <Text className='ws-kv-v'>
                      {d.name}（{d.kind === 'holiday' ? '休' : '班'}）
                    </Text>
                  </View>
                ))}
            </View>
          )}
          {data.audit.length > 0 && (
            <View className='ws-mt12'>
              <View className='ws-bold ws-t-s'>修改记录</View>
              {data.audit.slice(0, 10).map((a, i) => (
                <View key={i} className='ws-muted ws-t-s ws-mt8'>
                  {formatTime(a.at, true)} {a.by}：{a.change}
                </View>
              ))}
            </View>
          )}
        </View>
      )}
    </View>
  )
}

export default function HolidaysPage() {
  return (
    <PageShell>
      <RoleGate tile='holidays'>
        <Holidays />
      </RoleGate>
    </PageShell>
  )
}
