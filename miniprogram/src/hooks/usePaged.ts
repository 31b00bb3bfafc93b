// A paginated list with pull-down refresh and load-more on reach-bottom (the loading, errors, refresh and the
// newest-load-wins guard are useLoaded's).
import { useReachBottom } from '@tarojs/taro'
import type { Page } from '../../../typings/api'
import { useLoaded } from './useLoaded'

export interface Paged<T> {
  items: T[]
  total: number
  loading: boolean
  error: string | null
  done: boolean
  reload: () => Promise<void>
  more: () => Promise<void>
}

/** The pages loaded so far: their items in order, and the last page's answer. */
interface Pages<T, P> {
  page: number
  items: T[]
  last: P
}

export function usePaged<T, P extends Page<T> = Page<T>>(
  fetchPage: (page: number) => Promise<P>,
  deps: unknown[],
  onPage?: (p: P) => void
): Paged<T> {
  const fetchAt = async (page: number, prev: Pages<T, P> | null): Promise<Pages<T, P>> => {
    const last = await fetchPage(page)
    return { page, last, items: page === 1 || !prev ? last.items : [...prev.items, ...last.items] }
  }
  const { data, loading, error, reload, run } = useLoaded(() => fetchAt(1, null), deps, { onData: (d) => onPage?.(d.last) })
  const items = data?.items ?? []
  const total = data?.last.total ?? 0
  const done = items.length >= total
  const more = () => run((prev) => fetchAt((prev?.page ?? 1) + 1, prev))
  useReachBottom(() => {
    if (!loading && !done) void more()
  })
  return { items, total, loading, error, done, reload, more }
}
