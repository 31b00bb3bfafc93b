import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CaseSummary } from '../../../typings/api'
import { CHANNEL_LABEL } from '../../../typings/api'
import { formatTime } from '../lib/countdown'
import { CountdownChip, StatusChip } from './Chips'

export default function CaseCard({ c, url }: { c: CaseSummary; url: string }) {
  const running = c.activeDeadline && (c.state === 'dispatched' || c.state === 'accepted')
  return (
    <View className='ws-case' data-case={c.no} onClick={() => Taro.navigateTo({ url })}>
      <View className='ws-case-top'>
        <Text className='ws-case-cat'>{c.categoryName}</Text>
        <StatusChip state={c.state} overdue={c.overdue} reopenCount={c.reopenCount} />
      </View>
      <View className='ws-case-text'>{c.excerpt}</View>
      <View className='ws-case-foot'>
        <Text>
          {c.no} · {c.townshipName}
          {c.departmentName ? ` · ${c.departmentName}` : ''}
          {c.channel && c.channel.type !== 'miniprogram' ? ` · ${CHANNEL_LABEL[c.channel.type]}` : c.proxy ? ' · 代报' : ''}
          {c.instructed ? ' · 批示件' : ''}
          {c.supervisionOpen ? ' · 督办中' : ''}
          {c.urgeCount ? ` · 催办${c.urgeCount}次` : ''}
          {c.followerCount ? ` · 附议${c.followerCount}人` : ''}
        </Text>
        {running ? <CountdownChip at={c.activeDeadline!.at} kind={c.activeDeadline!.kind} /> : <Text>{formatTime(c.submittedAt)}</Text>}
      </View>
    </View>
  )
}
