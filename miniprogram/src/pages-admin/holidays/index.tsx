import { Text, View } from '@tarojs/components'
import { Button, Input, InputNumber, Switch, Tag } from '@nutui/nutui-react-taro'
import { toast } from '../../lib/toast'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { HolidayAudit, HolidayDay, HolidayYear } from '../../../../typings/api'
import { call } from '../../api/client'
import { toApiError } from '../../api/envelope'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import Sheet from '../../components/Sheet'
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

  // The edit sheet: which day (and how many days from it), what kind, and the holiday's name.
  const [editing, setEditing] = useState<{ date: string; kind: Kind; name: string; days: number } | null>(null)
  const [saving, setSaving] = useState(false)
  const edit = (date: string) => {
    if (!editable) return toast('仅县级管理员可修改')
    const cur = byDate.get(date)
    setEditing({ date, kind: cur?.kind ?? 'holiday', name: cur?.name ?? '', days: 1 })
  }
  const save = async () => {
    if (!editing || saving) return
    const { date, kind, days } = editing
    const name = editing.name.trim()
    if (kind !== 'normal' && !name) return toast('请填写节日名称')
    const to = addDays(date, days - 1)
    setSaving(true)
    try {
      const y = await call('admin', 'setHoliday', { date, kind, ...(days > 1 ? { to } : {}), ...(kind !== 'normal' ? { name } : {}) })
      setData((d) => (d ? { ...d, ...y } : d))
      setEditing(null)
      toast('已保存，相关时限将重新计算')
      void load()
    } catch {
      /* toast shown */
    } finally {
      setSaving(false)
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
      <Sheet open={!!editing} title={editing ? `修改 ${dayLabel(editing.date)}` : ''} onClose={() => setEditing(null)}>
        {editing && (
          <View id='ws-holiday-sheet'>
            <View className='ws-muted ws-t-s'>设为</View>
            <View className='ws-row ws-wrap ws-mt8' style={{ gap: 0 }}>
              {KINDS.map((k) => (
                <View key={k.key} className={`ws-chip-select ${editing.kind === k.key ? 'on' : ''}`} data-kind={k.key} onClick={() => setEditing({ ...editing, kind: k.key })}>
                  {k.text}
                </View>
              ))}
            </View>
            {editing.kind !== 'normal' && (
              <Input
                className='ws-input ws-mt8'
                id='ws-holiday-name'
                placeholder='节日名称，如：春节、国庆节'
                value={editing.name}
                maxLength={20}
                clearable
                onChange={(v) => setEditing({ ...editing, name: v })}
              />
            )}
            <View className='ws-row-between ws-mt12'>
              <Text>连续天数</Text>
              <View className='ws-row' id='ws-holiday-days'>
                <InputNumber value={editing.days} min={1} max={31} onChange={(v) => setEditing({ ...editing, days: Math.min(31, Math.max(1, Number(v) || 1)) })} />
                <Text>天</Text>
              </View>
            </View>
            <View className='ws-notice ws-mt8' id='ws-holiday-range'>
              {editing.days > 1 ? `${dayLabel(editing.date)} 至 ${dayLabel(addDays(editing.date, editing.days - 1))}，共 ${editing.days} 天` : `仅 ${dayLabel(editing.date)}`}
              {editing.kind === 'normal' ? ' 恢复为普通日（周一至周五上班）' : ''}
            </View>
            <Button className='ws-btn ws-mt16' id='ws-holiday-save' type='primary' size='large' block loading={saving} onClick={save}>
              保存
            </Button>
          </View>
        )}
      </Sheet>
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
              <View className='ws-bold' id='ws-year-state'>
                {year} 年安排{data.confirmed ? '已确认' : '未确认'}
              </View>
              <View className='ws-muted ws-t-s'>
                {data.confirmed ? '已按国务院办公厅通知确认，办结时限按此计算' : '录入国务院办公厅通知后打开确认；未确认年份内的办结时限标注“（暂定）”，确认后重新计算'}
              </View>
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

type Kind = 'holiday' | 'workday' | 'normal'
const KINDS: Array<{ key: Kind; text: string }> = [
  { key: 'holiday', text: '休息日（法定节假日）' },
  { key: 'workday', text: '调休上班日' },
  { key: 'normal', text: '普通日' }
]

/** 'YYYY-MM-DD' plus n days (calendar days, Beijing day keys). */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

/** '2027-02-10' → '2027年2月10日（周三）'. */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  const wd = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay()
  return `${y}年${m}月${d}日（周${'日一二三四五六'[wd]}）`
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
