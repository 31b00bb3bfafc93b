// 惠民政策: notices for the resident's home village and tags first, full-text search (expired ones included),
// and the subscription with its waiting count (WeChat's one-time rule: one message per authorization).
import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, SearchBar } from '@nutui/nutui-react-taro'
import { useCallback, useState } from 'react'
import type { PolicySubscription, PolicySummary } from '../../../../typings/api'
import { call } from '../../api/client'
import PagedList from '../../components/PagedList'
import PageShell from '../../components/PageShell'
import { useMe } from '../../hooks/useMe'
import { usePaged } from '../../hooks/usePaged'
import { authorizeOne, pendingText } from '../../lib/policy'
import PolicyCard from '../components/PolicyCard'
import { useTags } from '../components/useTags'
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/style.css'
import '../components/policy.css'

export default function PolicyListPage() {
  const { me } = useMe()
  const { tags, names } = useTags()
  const [q, setQ] = useState('')
  const [query, setQuery] = useState('')
  const [tag, setTag] = useState('')
  const [sub, setSub] = useState<PolicySubscription | null>(null)
  const [busy, setBusy] = useState(false)
  const list = usePaged<PolicySummary>((page) => call('policy', 'list', { page, pageSize: 10, ...(query ? { q: query } : {}), ...(tag ? { tag } : {}) }, { toast: false }), [query, tag])
  const loadSub = useCallback(() => {
    call('policy', 'subscription', {}, { toast: false }).then(setSub).catch(() => {})
  }, [])
  useDidShow(loadSub)

  const authorize = async () => {
    setBusy(true)
    const r = await authorizeOne()
    setBusy(false)
    if (r) setSub(r)
  }
  const home = me?.profile?.home
  const waiting = pendingText(sub)
  return (
    <PageShell>
      <View className='ws-hero' style={{ paddingBottom: '30px' }}>
        <View className='ws-hero-title'>惠民政策</View>
        <View className='ws-hero-motto'>
          {home ? `家乡：${home.townshipName}${home.villageName} · 与您相关的政策优先显示` : '设置“我的家乡”，优先看到家乡的政策'}
        </View>
      </View>
      <View className='ws-body'>
        <SearchBar id='ws-policy-search' placeholder='搜索政策标题或正文' value={q} onChange={setQ} onSearch={(v) => setQuery(v.trim())} onClear={() => setQuery('')} />
        <View className='ws-card ws-mt8' id='ws-policy-sub'>
          {waiting ? (
            <View className='ws-policy-pending'>
              <Text id='ws-policy-pending'>{waiting}</Text>
              <Button size='small' type='primary' id='ws-policy-authorize' loading={busy} onClick={() => !busy && authorize()}>
                接收下一条
              </Button>
            </View>
          ) : null}
          <View className='ws-row' style={{ justifyContent: 'space-between' }}>
            <View className='ws-flex1'>
              <View className='ws-bold'>{sub?.active ? '已订阅政策推送' : '订阅政策推送'}</View>
              <View className='ws-muted ws-t-xs'>
                {sub?.active ? `每次授权可接收 1 条通知${sub.credits ? `，剩余 ${sub.credits} 次` : ''}` : '按家乡和身份标签推送新政策'}
              </View>
            </View>
            {sub?.active && !waiting && !sub.credits ? (
              <Button size='small' id='ws-policy-authorize' loading={busy} onClick={() => !busy && authorize()}>
                开启提醒
              </Button>
            ) : null}
            <Button size='small' fill='none' id='ws-policy-profile' onClick={() => Taro.navigateTo({ url: '/pages-policy/profile/index' })}>
              {sub?.active ? '设置 ›' : '去订阅 ›'}
            </Button>
          </View>
        </View>
        <View className='ws-row ws-wrap ws-mt8' style={{ gap: 0 }}>
          <View className={`ws-chip-select ${!tag ? 'on' : ''}`} onClick={() => setTag('')}>
            全部
          </View>
          {tags.map((t) => (
            <View key={t._id} className={`ws-chip-select ${tag === t._id ? 'on' : ''}`} data-tag={t.name} onClick={() => setTag(t._id)}>
              {t.name}
            </View>
          ))}
        </View>
        {query && <View className='ws-muted ws-t-s ws-mt8'>“{query}”的搜索结果（含已过期政策）</View>}
        <PagedList list={list} id='ws-policy-list' empty={{ text: query ? '没有找到相关政策' : '暂无政策通知', icon: '☷' }}>
          {(p) => <PolicyCard key={p._id} p={p} tagNames={names} />}
        </PagedList>
      </View>
    </PageShell>
  )
}
