import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { BoardItem } from '../../../../typings/api'
import { RATING_LABELS } from '../../../../typings/api'
import { call } from '../../api/client'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import Sheet from '../../components/Sheet'
import { useCatalog } from '../../hooks/useCatalog'
import { usePaged } from '../../hooks/usePaged'
import { formatTime } from '../../lib/countdown'

function BoardCard({ b, onOpen }: { b: BoardItem; onOpen: () => void }) {
  return (
    <View className='ws-case' data-board={b.no} onClick={onOpen}>
      <View className='ws-case-top'>
        <Text className='ws-case-cat'>{b.categoryName}</Text>
        <Text className='ws-chip' style={{ color: '#1a7f37', background: '#e6f4ea' }}>
          已办结
        </Text>
      </View>
      <View className='ws-sub ws-t-s ws-mt8 ws-board-meta'>
        {b.reporter} · {b.townshipName} · {formatTime(b.submittedAt)}
      </View>
      <View className='ws-mt8 ws-break ws-board-summary ws-clamp3'>{b.summary}</View>
      {b.departmentName && <View className='ws-sub ws-t-s ws-mt8'>承办部门：{b.departmentName}</View>}
      {!!b.followerCount && <View className='ws-sub ws-t-s ws-mt8 ws-board-followers'>{b.followerCount} 人附议</View>}
      <View className='ws-case-foot'>
        <Text>
          {b.no} · 办结于 {formatTime(b.resolvedAt)}
        </Text>
        {b.rating && <Text>群众评价：{RATING_LABELS[b.rating]}</Text>}
      </View>
    </View>
  )
}

/** One published item in full: the whole summary and every date, and what the public sees and why. */
export function BoardDetail({ b }: { b: BoardItem }) {
  const rows: Array<[string, string]> = [
    ['工单号', b.no],
    ['类别', b.categoryName],
    ['所在镇街', b.townshipName],
    ['反映人', b.reporter],
    ...(b.departmentName ? ([['承办部门', b.departmentName]] as Array<[string, string]>) : []),
    ['提交时间', formatTime(b.submittedAt, true)],
    ['办结时间', formatTime(b.resolvedAt, true)],
    ['公开时间', formatTime(b.publishedAt, true)],
    ['群众评价', b.rating ? RATING_LABELS[b.rating] : '暂未评价']
  ]
  return (
    <View id='ws-board-detail'>
      <View className='ws-break ws-board-detail-summary'>{b.summary}</View>
      <View className='ws-mt8'>
        {rows.map(([k, v]) => (
          <View key={k} className='ws-kv'>
            <Text className='ws-kv-k'>{k}</Text>
            <Text className='ws-kv-v'>{v}</Text>
          </View>
        ))}
      </View>
      <View className='ws-notice ws-mt8'>公开摘要经群众同意或县级审核后发布，已隐去姓名、电话、证件号、车牌与门牌。</View>
    </View>
  )
}

export default function BoardPage() {
  const catalog = useCatalog()
  const [categoryId, setCategoryId] = useState('')
  const [townshipId, setTownshipId] = useState('')
  const [sheet, setSheet] = useState<'cat' | 'town' | null>(null)
  const [open, setOpen] = useState<BoardItem | null>(null)
  const list = usePaged<BoardItem>(
    (page) => call('petition', 'board', { page, pageSize: 10, ...(categoryId ? { categoryId } : {}), ...(townshipId ? { townshipId } : {}) }, { toast: false }),
    [categoryId, townshipId]
  )
  const catName = catalog?.categories.find((c) => c._id === categoryId)?.name
  const townName = catalog?.townships.find((t) => t._id === townshipId)?.name
  const opts = sheet === 'cat' ? (catalog?.categories ?? []).map((c) => ({ id: c._id, name: c.name })) : (catalog?.townships ?? []).map((t) => ({ id: t._id, name: t.name }))
  const cur = sheet === 'cat' ? categoryId : townshipId
  const pick = (id: string) => {
    if (sheet === 'cat') setCategoryId(id)
    else setTownshipId(id)
    setSheet(null)
  }
  return (
    <PageShell tab='board'>
      <View className='ws-hero' style={{ paddingBottom: '30px' }}>
        <View className='ws-hero-title'>办理公开栏</View>
        <View className='ws-hero-motto'>经群众同意或县级审核公开的办理摘要，已隐去姓名、电话、证件号与门牌</View>
      </View>
      <View className='ws-body'>
        <View className='ws-card ws-row' id='ws-board-policy' style={{ justifyContent: 'space-between' }} onClick={() => Taro.navigateTo({ url: '/pages-policy/list/index' })}>
          <Text className='ws-bold ws-flex1'>惠民政策 · 家乡政策早知道</Text>
          <Text className='ws-link'>查看 ›</Text>
        </View>
        <View className='ws-seg'>
          <View className={`ws-seg-item ${categoryId ? 'on' : ''}`} onClick={() => setSheet('cat')}>
            {catName ?? '全部类别'} ▾
          </View>
          <View className={`ws-seg-item ${townshipId ? 'on' : ''}`} onClick={() => setSheet('town')}>
            {townName ?? '全部镇街'} ▾
          </View>
        </View>
        <PagedList list={list} id='ws-board-list' empty={{ text: '暂无公开的办理摘要', icon: '◎' }}>
          {(b) => <BoardCard key={b._id} b={b} onOpen={() => setOpen(b)} />}
        </PagedList>
      </View>
      <Sheet open={!!open} title={open ? `办理详情 · ${open.categoryName}` : ''} onClose={() => setOpen(null)}>
        {open && <BoardDetail b={open} />}
      </Sheet>
      <Sheet open={!!sheet} title={sheet === 'cat' ? '按类别筛选' : '按镇街筛选'} onClose={() => setSheet(null)}>
        <View className='ws-row ws-wrap' style={{ gap: 0 }}>
          <View className={`ws-chip-select ${!cur ? 'on' : ''}`} onClick={() => pick('')}>
            全部
          </View>
          {opts.map((o) => (
            <View key={o.id} className={`ws-chip-select ${cur === o.id ? 'on' : ''}`} onClick={() => pick(o.id)}>
              {o.name}
            </View>
          ))}
        </View>
      </Sheet>
    </PageShell>
  )
}
