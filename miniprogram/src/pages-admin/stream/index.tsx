// The county leader's stream: new and overdue cases across the county, read-only, with search and filters.
// A case opens on the case page, where the only action offered is 批示.
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { CaseSummary } from '../../../../typings/api'
import { call } from '../../api/client'
import CaseCard from '../../components/CaseCard'
import FilterTabs, { type FilterTab } from '../../components/FilterTabs'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import RoleGate from '../../components/RoleGate'
import { useCatalog } from '../../hooks/useCatalog'
import { usePaged } from '../../hooks/usePaged'
import '../components/admin.css'

type Kind = 'new' | 'overdue'
const KINDS: Array<FilterTab<Kind>> = [
  { key: 'new', text: '最新诉求' },
  { key: 'overdue', text: '超时诉求' }
]

function Stream() {
  const catalog = useCatalog()
  const [kind, setKind] = useState<Kind>('new')
  const [q, setQ] = useState('')
  const [typed, setTyped] = useState('')
  const [townshipId, setTownshipId] = useState('')
  const [categoryId, setCategoryId] = useState('')
  const list = usePaged<CaseSummary>(
    (page) =>
      call(
        'admin',
        'stream',
        { kind, page, pageSize: 10, ...(q ? { q } : {}), ...(townshipId ? { townshipId } : {}), ...(categoryId ? { categoryId } : {}) },
        { toast: false }
      ),
    [kind, q, townshipId, categoryId]
  )
  return (
    <View className='ws-body'>
      <FilterTabs id='ws-stream-tabs' tabs={KINDS} value={kind} onChange={setKind} />
      <View className='ws-row ws-mt8'>
        <Input
          className='ws-input'
          id='ws-stream-search'
          placeholder='搜索编号或内容'
          value={typed}
          clearable
          onChange={(v) => {
            setTyped(v)
            if (!v.trim()) setQ('')
          }}
          onConfirm={() => setQ(typed.trim())}
        />
        <Button size='small' type='primary' id='ws-stream-go' onClick={() => setQ(typed.trim())}>
          搜索
        </Button>
      </View>
      <View className='ws-hscroll' id='ws-stream-townships'>
        <View className={`ws-chip-select ${townshipId ? '' : 'on'}`} onClick={() => setTownshipId('')}>
          全县
        </View>
        {(catalog?.townships ?? []).map((t) => (
          <View key={t._id} className={`ws-chip-select ${townshipId === t._id ? 'on' : ''}`} onClick={() => setTownshipId(townshipId === t._id ? '' : t._id)}>
            {t.name}
          </View>
        ))}
      </View>
      <View className='ws-hscroll' id='ws-stream-categories'>
        <View className={`ws-chip-select ${categoryId ? '' : 'on'}`} onClick={() => setCategoryId('')}>
          全部类别
        </View>
        {(catalog?.categories ?? []).map((c) => (
          <View key={c._id} className={`ws-chip-select ${categoryId === c._id ? 'on' : ''}`} onClick={() => setCategoryId(categoryId === c._id ? '' : c._id)}>
            {c.name}
          </View>
        ))}
      </View>
      <View className='ws-muted ws-t-s ws-mt8'>
        <Text>只读浏览全县诉求；点开诉求可作出批示，承办单位和督办人员将第一时间收到。</Text>
      </View>
      <PagedList list={list} id='ws-stream-list' empty={{ text: kind === 'overdue' ? '当前没有超时诉求' : '没有符合条件的诉求', icon: '◎' }}>
        {(c) => <CaseCard key={c._id} c={c} url={`/pages-staff/case/index?id=${c._id}`} />}
      </PagedList>
    </View>
  )
}

export default function StreamPage() {
  return (
    <PageShell>
      <RoleGate tile='stream'>
        <Stream />
      </RoleGate>
    </PageShell>
  )
}
