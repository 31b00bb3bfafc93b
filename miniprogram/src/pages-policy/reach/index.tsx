// 政策触达 (管理): read counts per notice, per township and per audience tag, notices few have read, and the
// cases filed 在外地 (from a home village, without a map point) — of which by 外出务工 residents.
import { Text, View } from '@tarojs/components'
import { Tabs } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { PolicyReachRow } from '../../../../typings/api'
import { call } from '../../api/client'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { SectionTitle } from '../../components/SectionTitle'
import { ErrorState, Loading } from '../../components/States'
import { useLoaded } from '../../hooks/useLoaded'
import { PERIODS, periodRange, type PeriodKey } from '../../lib/period'
import PolicyCard from '../components/PolicyCard'
import { useTags } from '../components/useTags'
import '../components/policy.css'

function Bars({ rows, unit = '人' }: { rows: PolicyReachRow[]; unit?: string }) {
  if (!rows.length) return <View className='ws-muted ws-t-s'>暂无数据</View>
  const max = Math.max(1, ...rows.map((r) => r.reads))
  return (
    <View>
      {rows.map((r) => (
        <View key={r.key} className='ws-policy-row'>
          <Text className='ws-policy-row-name ws-t-s'>{r.name}</Text>
          <View className='ws-flex1'>
            <View className='ws-policy-bar' style={{ width: `${Math.max(2, (r.reads / max) * 100)}%` }} />
          </View>
          <Text className='ws-t-s'>
            {r.reads}
            {unit}
          </Text>
        </View>
      ))}
    </View>
  )
}

function Reach() {
  const [period, setPeriod] = useState<PeriodKey>('month')
  const { names } = useTags()
  const { data: r, error: err, reload: load } = useLoaded(() => {
    const p = periodRange(period)
    return call('policy', 'reach', { from: p.from, to: p.to }, { toast: false })
  }, [period])
  const low = r?.notices.filter((n) => n.lowReach) ?? []
  return (
    <View className='ws-body'>
      <Tabs className='ws-tabs' value={period} onChange={(v) => setPeriod(v as PeriodKey)}>
        {PERIODS.map((p) => (
          <Tabs.TabPane key={p.key} value={p.key} title={p.text} />
        ))}
      </Tabs>
      {err ? (
        <ErrorState text={err} onRetry={load} />
      ) : !r ? (
        <Loading rows={3} />
      ) : (
        <View id='ws-policy-reach'>
          <View className='ws-card'>
            <SectionTitle title='在外地反映的诉求' />
            <View className='ws-row'>
              <View className='ws-flex1'>
                <View className='ws-t-l ws-bold' id='ws-afar-total'>{r.fromAfar.total}</View>
                <View className='ws-muted ws-t-xs'>件（按家乡村居提交）</View>
              </View>
              <View className='ws-flex1'>
                <View className='ws-t-l ws-bold'>{r.fromAfar.migrant}</View>
                <View className='ws-muted ws-t-xs'>件来自外出务工人员</View>
              </View>
            </View>
            <View className='ws-mt8'>
              <Bars rows={r.fromAfar.byTownship} unit='件' />
            </View>
          </View>
          <View className='ws-card'>
            <SectionTitle title='各镇街阅读人数' />
            <Bars rows={r.byTownship} />
          </View>
          <View className='ws-card'>
            <SectionTitle title='各受众标签阅读人数' />
            <Bars rows={r.byTag} />
          </View>
          <SectionTitle title={`触达偏低（发布 3 天以上且不足 ${r.lowReachThreshold} 人阅读）：${low.length} 条`} />
          {low.map((n) => (
            <PolicyCard key={n._id} p={n} tagNames={names} lowReach />
          ))}
          <SectionTitle title={`本期发布 ${r.notices.length} 条`} />
          {r.notices
            .filter((n) => !n.lowReach)
            .map((n) => (
              <PolicyCard key={n._id} p={n} tagNames={names} />
            ))}
        </View>
      )}
    </View>
  )
}

export default function PolicyReachPage() {
  return (
    <PageShell>
      <RoleGate tile='policy_reach'>
        <Reach />
      </RoleGate>
    </PageShell>
  )
}
