import { View } from '@tarojs/components'
import { Button, Empty as NutEmpty, Skeleton } from '@nutui/nutui-react-taro'

export function Loading({ rows = 3 }: { rows?: number }) {
  return (
    <View className='ws-card ws-loading' aria-busy='true'>
      <Skeleton rows={rows * 3} animated />
    </View>
  )
}

export interface EmptyProps {
  text: string
  icon?: string
  action?: string
  onAction?: () => void
}

export function Empty({ text, icon = '○', action, onAction }: EmptyProps) {
  return (
    <View className='ws-state'>
      <NutEmpty image={<View className='ws-state-icon'>{icon}</View>} imageSize={56} description={text} />
      {action && (
        <Button className='ws-state-action' size='small' fill='outline' type='primary' onClick={onAction}>
          {action}
        </Button>
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
