// A paginated list with pull-down refresh and load-more on reach-bottom.
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Page } from '../../../typings/api'
import { toApiError } from '../api/envelope'

export interface Paged<T> {
  items: T[]
  total: number
  loading: boolean
  error: string | null
  done: boolean
  reload: () => Promise<void>
  more: () => Promise<void>
}

export function usePaged<T, P extends Page<T> = Page<T>>(
  fetchPage: (page: number) => Promise<P>,
  deps: unknown[],
  onPage?: (p: P) => void
): Paged<T> {
  const [items, setItems] = useState<T[]>([])
  const [total, setTotal] = useState(0)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const page = useRef(1)
  const seq = useRef(0)

  const load = useCallback(async (p: number) => {
    const my = ++seq.current
    setLoading(true)
    setError(null)
    try {
      const res = await fetchPage(p)
      if (my !== seq.current) return
      page.current = p
      setTotal(res.total)
      setItems((prev) => (p === 1 ? res.items : [...prev, ...res.items]))
      onPage?.(res)
    } catch (e) {
      if (my === seq.current) setError(toApiError(e).message)
    } finally {
      if (my === seq.current) setLoading(false)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)

  useEffect(() => {
    void load(1)
  }, [load])

  usePullDownRefresh(() => {
    void load(1).finally(() => Taro.stopPullDownRefresh())
  })
  const done = items.length >= total
  useReachBottom(() => {
    if (!loading && !done) void load(page.current + 1)
  })
  return { items, total, loading, error, done, reload: () => load(1), more: () => load(page.current + 1) }
}
