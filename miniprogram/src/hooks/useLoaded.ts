// Data a page loads from the backend: runs the loader (again when `deps` change), keeps data / error / loading,
// reloads on Taro's pull-down refresh and then stops its indicator. Only the newest load lands: a late answer of an
// older one (a tab switched meanwhile, a refresh overtaken) is dropped, and so is one overtaken by setData (an
// action's answer). Data is kept while reloading; the error is the Chinese message (toApiError).
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState, type SetStateAction } from 'react'
import { toApiError } from '../api/envelope'

export interface Loaded<T> {
  data: T | null
  /** The Chinese message of the last load's failure; null while loading again and after a success. */
  error: string | null
  /** True from the first render until the newest load settles. */
  loading: boolean
  /** Run the loader again (a retry button, after an action, the pull-down refresh). */
  reload: () => Promise<void>
  /** Another load through the same guard (e.g. the next page): `next` gets the data it builds on. */
  run: (next: (prev: T | null) => Promise<T>) => Promise<void>
  /** Replace the data (an action answered with it): newer than any load still in flight. */
  setData: (v: SetStateAction<T | null>) => void
}

export interface LoadedOptions<T> {
  /** Called with the data of each load that lands (not with setData's). */
  onData?: (data: T) => void
}

export function useLoaded<T>(loader: () => Promise<T>, deps: unknown[], opts: LoadedOptions<T> = {}): Loaded<T> {
  const [data, setRaw] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const seq = useRef(0)
  const latest = useRef({ loader, opts, data })
  latest.current = { loader, opts, data }

  const run = useCallback(async (next: (prev: T | null) => Promise<T>) => {
    const my = ++seq.current
    setLoading(true)
    setError(null)
    try {
      const d = await next(latest.current.data)
      if (my !== seq.current) return
      setRaw(d)
      latest.current.opts.onData?.(d)
    } catch (e) {
      if (my === seq.current) setError(toApiError(e).message)
    } finally {
      if (my === seq.current) setLoading(false)
    }
  }, [])
  const reload = useCallback(() => run(() => latest.current.loader()), [run])
  const setData = useCallback((v: SetStateAction<T | null>) => {
    seq.current++
    setLoading(false)
    setRaw(v)
  }, [])

  useEffect(() => {
    void reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
  return { data, error, loading, reload, run, setData }
}
