// The body of a paged list (usePaged): the error with 重新加载 while nothing is shown, the skeleton while the first
// page loads, the empty state, or the items followed by the load-more footer. Pull-down refresh and load-more on
// reach-bottom are usePaged's; a later page's loading and end show in the footer.
import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { Paged } from '../hooks/usePaged'
import { Empty, ErrorState, ListFooter, Loading, type EmptyProps } from './States'

export interface PagedListProps<T> {
  list: Paged<T>
  /** What shows when the list has no items (text, icon and an optional action button). */
  empty: EmptyProps
  /** The id and class of the element that holds the items (the e2e tests find lists by it). */
  id?: string
  className?: string
  /** Shown above the items, inside the list element (a count, a section title). */
  head?: ReactNode
  /** Skeleton rows while the first page loads. */
  loadingRows?: number
  /** One item; the element it returns carries its key. */
  children: (item: T) => ReactNode
}

export default function PagedList<T>({ list, empty, id, className, head, loadingRows, children }: PagedListProps<T>) {
  if (list.error && !list.items.length) return <ErrorState text={list.error} onRetry={list.reload} />
  if (list.loading && !list.items.length) return <Loading rows={loadingRows} />
  if (!list.items.length) return <Empty {...empty} />
  return (
    <View id={id} className={className}>
      {head}
      {list.items.map((item) => children(item))}
      <ListFooter loading={list.loading} done={list.done} count={list.items.length} />
    </View>
  )
}
