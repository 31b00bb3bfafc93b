import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Tabs } from '@nutui/nutui-react-taro'
import { useEffect, useMemo, useState } from 'react'
import type { Dimension, RankingRow, SourceRow, Summary, UnitMetrics } from '../../../../typings/api'
import { CHANNEL_LABEL, RANKING_SCORE_LABEL, ROLE_LABELS } from '../../../../typings/api'
import { call } from '../../api/client'
import CaseCard from '../../components/CaseCard'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { ErrorState, Loading } from '../../components/States'
import { useLoaded } from '../../hooks/useLoaded'
import { useMe } from '../../hooks/useMe'
import { PERIODS, periodRange, type PeriodKey } from '../../lib/period'
import { pct } from '../../lib/status'
import { tileLinks } from '../../lib/tabs'
import ChartView, { type Datum } from '../components/Chart'
import '../components/admin.css'
import { SectionTitle } from '../../components/SectionTitle'

const DIMS: Array<{ key: Dimension; text: string }> = [
  { key: 'department', text: '按部门' },
  { key: 'township', text: '按镇街' },
  { key: 'category', text: '按类别' }
]
const METRICS: Array<{ key: 'volume' | 'responseRate' | 'onTimeRate' | 'satisfactionRate'; text: string }> = [
  { key: 'volume', text: '受理量' },
  { key: 'responseRate', text: '及时受理率' },
  { key: 'onTimeRate', text: '按时办结率' },
  { key: 'satisfactionRate', text: '满意率' }
]

function Kpi({ v, t, main, red, id }: { v: string | number; t: string; main?: boolean; red?: boolean; id?: string }) {
  return (
    <View className={`ws-kpi ${main ? 'main' : ''} ${red ? 'red' : ''}`} id={id}>
      <View className='ws-kpi-in'>
        <View className='ws-kpi-v'>{v}</View>
        <View className='ws-kpi-t'>{t}</View>
      </View>
    </View>
  )
}

function RankList({ rows, red }: { rows: RankingRow[]; red: boolean }) {
  if (!rows.length) return <View className='ws-muted ws-t-s'>暂无达到最低受理量的单位</View>
  return (
    <View>
      {rows.map((r) => (
        <View key={r.unitId} className='ws-rank'>
          <Text className='ws-rank-no' style={{ background: red ? '#c8161d' : '#2b2f36' }}>
            {r.rank}
          </Text>
          <Text className='ws-rank-name'>{r.unitName}</Text>
          <Text className='ws-muted ws-t-s'>{r.volume}件</Text>
          {(r.overdueNow ?? 0) > 0 && <Text className='ws-danger ws-t-xs'>超时{r.overdueNow}</Text>}
          <Text className='ws-rank-score'>{r.score.toFixed(1)}</Text>
        </View>
      ))}
    </View>
  )
}

/** 渠道与来源: volume and the three rates per channel (from the rollups), and volumes per source of the filing page, over the period. */
function Channels({ s, from, to }: { s: Summary; from: string; to: string }) {
  const [rows, setRows] = useState<SourceRow[] | null>(null)
  useEffect(() => {
    let live = true
    call('admin', 'sources', { from, to }, { toast: false })
      .then((r) => live && setRows(r.rows))
      .catch(() => live && setRows([]))
    return () => {
      live = false
    }
  }, [from, to])
  const channels = s.byChannel ?? []
  return (
    <View className='ws-card' id='ws-channels'>
      <SectionTitle title='渠道与来源' />
      {channels.length ? (
        channels.map((u) => (
          <View key={u.unitId} className='ws-channel' data-channel={u.unitId}>
            <View className='ws-row-between'>
              <Text className='ws-bold'>{u.unitName}</Text>
              <Text className='ws-t-s' data-metric='volume'>{u.volume}件</Text>
            </View>
            <View className='ws-row-between ws-muted ws-t-xs ws-channel-rates'>
              <Text data-metric='responseRate'>及时受理 {pct(u.responseRate)}</Text>
              <Text data-metric='onTimeRate'>按时办结 {pct(u.onTimeRate)}</Text>
              <Text data-metric='satisfactionRate'>满意 {pct(u.satisfactionRate)}</Text>
            </View>
          </View>
        ))
      ) : (
        <View className='ws-muted ws-t-s'>本期暂无诉求</View>
      )}
      <View className='ws-bold ws-mt12'>来源</View>
      {rows === null ? (
        <View className='ws-muted ws-t-s'>加载中…</View>
      ) : rows.length ? (
        rows.map((r) => (
          <View key={`${r.source}|${r.channel}`} className='ws-rank' data-source={r.source}>
            <Text className='ws-rank-name ws-break'>{r.source}</Text>
            <Text className='ws-muted ws-t-s'>{CHANNEL_LABEL[r.channel]}</Text>
            <Text className='ws-t-s'>{r.count}件</Text>
          </View>
        ))
      ) : (
        <View className='ws-muted ws-t-s'>本期没有带来源的诉求</View>
      )}
    </View>
  )
}

function Dashboard() {
  const { me } = useMe()
  const [period, setPeriod] = useState<PeriodKey>('month')
  const [dim, setDim] = useState<Dimension>('department')
  const [metric, setMetric] = useState<(typeof METRICS)[number]['key']>('volume')
  const { data: s, error: err, reload: load } = useLoaded(() => {
    const r = periodRange(period)
    return call('admin', 'summary', { from: r.from, to: r.to, granularity: r.granularity, rankBy: dim, minVolume: 3 }, { toast: false })
  }, [period, dim])

  const units: UnitMetrics[] = s ? (dim === 'department' ? s.byDepartment : dim === 'township' ? s.byTownship : s.byCategory) : []
  const bars: Datum[] = useMemo(
    () =>
      [...units]
        .filter((u) => metric === 'volume' || u[metric] !== null)
        .sort((a, b) => (b[metric] ?? 0) - (a[metric] ?? 0))
        .slice(0, 8)
        .map((u) => ({ label: u.unitName.replace(/^县/, '').slice(0, 5), value: (u[metric] as number | null) ?? 0 })),
    [units, metric]
  )
  const trend: Datum[] = useMemo(() => (s?.trend ?? []).map((p) => ({ label: p.period.slice(5), value: p.volume })), [s])

  const t = s?.total
  return (
    <View>
      <View className='ws-hero' style={{ paddingBottom: '30px' }}>
        <View className='ws-hero-title'>办理情况</View>
        <View className='ws-hero-motto'>
          {me ? `${ROLE_LABELS[me.role]} ${me.name ?? ''}` : ''}
          {me?.scopeLabel ? ` · ${me.scopeLabel}` : ''}
        </View>
      </View>
      <View className='ws-body'>
        <View className='ws-links' id='ws-admin-tiles'>
          {tileLinks(me).map((l) => (
            <View key={l.url} className='ws-linkbox' onClick={() => Taro.navigateTo({ url: l.url })}>
              <View className='ws-linkbox-in'>
                <View className='ws-linkbox-icon'>{l.icon}</View>
                <View>{l.text}</View>
              </View>
            </View>
          ))}
        </View>
        <Tabs className='ws-tabs' id='ws-period-tabs' value={period} onChange={(v) => setPeriod(v as PeriodKey)}>
          {PERIODS.map((p) => (
            <Tabs.TabPane key={p.key} title={p.text} value={p.key} />
          ))}
        </Tabs>
        {err ? (
          <ErrorState text={err} onRetry={load} />
        ) : !s || !t ? (
          <Loading />
        ) : (
          <View>
            <View className='ws-card' id='ws-kpis'>
              <SectionTitle title='核心指标'>
                <Text className='ws-muted ws-t-xs'>
                  {s.from} 至 {s.to}
                </Text>
              </SectionTitle>
              <View className='ws-kpis'>
                <Kpi main v={pct(t.responseRate)} t='及时受理率' id='ws-kpi-response' />
                <Kpi main v={pct(t.onTimeRate)} t='按时办结率' id='ws-kpi-ontime' />
                <Kpi main v={pct(t.satisfactionRate)} t='满意率' id='ws-kpi-satisfaction' />
                <Kpi v={t.volume} t='受理量' id='ws-kpi-volume' />
                <Kpi v={t.resolved} t='已办结' id='ws-kpi-resolved' />
                <Kpi v={t.overdueNow} t='当前超时' red={t.overdueNow > 0} id='ws-kpi-overdue' />
                <Kpi v={t.unrated} t='未评价' />
                <Kpi v={t.sources?.own ?? 0} t='群众自评' id='ws-kpi-src-own' />
                <Kpi v={t.sources?.callback ?? 0} t='回访评价' id='ws-kpi-src-callback' />
                <Kpi v={t.sources?.overrides ?? 0} t='回访改判' id='ws-kpi-src-overrides' />
                <Kpi v={pct(t.returnRate)} t='回退率' />
                <Kpi v={pct(t.reopenRate)} t='重办率' />
                <Kpi v={t.urges} t='催办数' red={t.urges > 0} id='ws-kpi-urges' />
                <Kpi v={t.supervised} t='督办件数' id='ws-kpi-supervised' />
                <Kpi v={pct(t.supervisionReplyRate)} t='督办按时回复率' id='ws-kpi-supervise-rate' />
              </View>
              <View className='ws-muted ws-t-xs ws-mt8' id='ws-satisfaction-sources'>
                满意率来源：群众自评 {t.sources?.own ?? 0} 件 · 县级回访 {t.sources?.callback ?? 0} 件（其中改判 {t.sources?.overrides ?? 0} 件）· 未评价自动关闭 {t.unrated} 件（不计入）
              </View>
            </View>

            <View className='ws-card'>
              <SectionTitle title='分项对比' />
              <Tabs className='ws-tabs ws-tabs-flat' id='ws-dim-tabs' activeType='simple' value={dim} onChange={(v) => setDim(v as Dimension)}>
                {DIMS.map((d) => (
                  <Tabs.TabPane key={d.key} title={d.text} value={d.key} />
                ))}
              </Tabs>
              <View className='ws-row ws-wrap' style={{ gap: 0 }}>
                {METRICS.map((m) => (
                  <View key={m.key} className={`ws-chip-select ${metric === m.key ? 'on' : ''}`} onClick={() => setMetric(m.key)}>
                    {m.text}
                  </View>
                ))}
              </View>
              <ChartView kind='bar' data={bars} percent={metric !== 'volume'} height={210} />
            </View>

            <Channels s={s} from={s.from} to={s.to} />

            <View className='ws-card'>
              <SectionTitle title='受理量趋势' />
              <ChartView kind='line' data={trend} height={180} />
            </View>

            <View className='ws-card' id='ws-ranking'>
              <SectionTitle title={<>红黑榜（{DIMS.find((d) => d.key === s.ranking.dimension)?.text.slice(1)}）</>}>
                <Text className='ws-muted ws-t-xs'>受理量≥{s.ranking.minVolume}件参与排名</Text>
              </SectionTitle>
              <View className='ws-muted ws-t-xs' id='ws-score-label'>
                {RANKING_SCORE_LABEL}；有超时诉求的单位不上红榜。
              </View>
              <View className='ws-bold ws-mt8' style={{ color: '#c8161d' }}>
                红榜
              </View>
              <RankList rows={s.ranking.red} red />
              <View className='ws-bold ws-mt12'>黑榜</View>
              <RankList rows={s.ranking.black} red={false} />
            </View>

            <View className='ws-card' id='ws-overdue'>
              <SectionTitle title='超时诉求'>
                <Text className={s.overdue.length ? 'ws-danger' : 'ws-muted'}>{s.overdue.length} 件</Text>
              </SectionTitle>
              {s.overdue.length ? s.overdue.slice(0, 10).map((c) => <CaseCard key={c._id} c={c} url={`/pages-staff/case/index?id=${c._id}`} />) : <View className='ws-muted ws-t-s'>当前没有超时诉求</View>}
            </View>
          </View>
        )}
      </View>
    </View>
  )
}

export default function SummaryPage() {
  return (
    <PageShell tab='admin'>
      <RoleGate tile='summary'>
        <Dashboard />
      </RoleGate>
    </PageShell>
  )
}
