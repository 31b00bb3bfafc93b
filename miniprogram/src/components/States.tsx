import { Text, View } from '@tarojs/components'

export function Loading({ rows = 3 }: { rows?: number }) {
  return (
    <View className='ws-card' aria-busy='true'>
      {Array.from({ length: rows }).map((_, i) => (
        <View key={i}>
          <View className='ws-skel' style={{ width: '40%' }} />
          <View className='ws-skel' style={{ width: '92%' }} />
          <View className='ws-skel' style={{ width: '70%' }} />
        </View>
      ))}
    </View>
  )
}

export function Empty({ text, icon = '○', action, onAction }: { text: string; icon?: string; action?: string; onAction?: () => void }) {
  return (
    <View className='ws-state'>
      <View className='ws-state-icon'>{icon}</View>
      <Text className='ws-state-text'>{text}</Text>
      {action && (
        <View>
          <View className='ws-btn-sm ghost' onClick={onAction}>
            {action}
          </View>
        </View>
      )}
    </View>
  )
}

export function ErrorState({ text, onRetry }: { text: string; onRetry?: () => void }) {
  return <Empty icon='!' text={text} action={onRetry ? '重新加载' : undefined} onAction={onRetry} />
}

export function ListFooter({ loading, done, count }: { loading: boolean; done: boolean; count: number }) {
  if (!count) return null
  return <View className='ws-more'>{loading ? '加载中…' : done ? '没有更多了' : '上拉加载更多'}</View>
}
