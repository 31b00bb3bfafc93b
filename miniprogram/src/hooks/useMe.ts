// user.me → role and tabs, loaded once and shared by every page.
import { useEffect } from 'react'
import type { Me } from '../../../typings/api'
import { call } from '../api/client'
import { toApiError } from '../api/envelope'
import { getState, setState } from '../lib/store'
import { useStore } from './useStore'

let loading: Promise<Me | null> | null = null

export function loadMe(force = false): Promise<Me | null> {
  if (!force && getState().me) return Promise.resolve(getState().me)
  if (!force && loading) return loading
  loading = call('user', 'me', {}, { toast: false })
    .then((me) => {
      setState({ me, meError: null })
      return me
    })
    .catch((e) => {
      setState({ meError: toApiError(e).message })
      return null
    })
    .finally(() => (loading = null))
  return loading
}

export function useMe(): { me: Me | null; error: string | null; reload: () => Promise<Me | null> } {
  const me = useStore((s) => s.me)
  const error = useStore((s) => s.meError)
  useEffect(() => {
    if (!getState().me) void loadMe()
  }, [])
  return { me, error, reload: () => loadMe(true) }
}

/** The hero's name: the user's own, a neutral 微信用户 for a new resident without one, 加载中… only while loading. */
export function displayName(me: { name?: string; role: string } | null, error: string | null): string {
  if (me) return me.name?.trim() || (me.role === 'resident' ? '微信用户' : '工作人员')
  return error ? '未登录' : '加载中…'
}
