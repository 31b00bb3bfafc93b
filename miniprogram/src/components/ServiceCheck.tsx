// 服务连接: the thin slice. Calls the `hello` function through the typed client and shows the caller's identity
// and the time exactly as the function saw them (H5 → local gateway → function → SDK → emulator, or weapp → cloud).
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ActionRes } from '../../../typings/api'
import { call } from '../api/client'
import { toApiError } from '../api/envelope'
import { SectionTitle } from './SectionTitle'

type Hello = ActionRes<'hello', 'hello'>
type Status = { kind: 'loading' } | { kind: 'ok'; data: Hello; ms: number } | { kind: 'error'; message: string }

// The local H5 build talks to the local cloud only: show the openid in full there (the e2e tests read it).
const SHOW_FULL_ID = process.env.TARO_ENV === 'h5'

/** 'oAbC1234…wxyz' → 'oAbC****wxyz'. */
export function maskId(id: string): string {
  if (id.length <= 8) return `${id.slice(0, 2)}****`
  return `${id.slice(0, 4)}****${id.slice(-4)}`
}

/** ISO → 'YYYY-MM-DD HH:mm:ss' in Beijing time. */
export function beijingTime(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
}

export default function ServiceCheck() {
  const [s, setS] = useState<Status>({ kind: 'loading' })
  const alive = useRef(true)

  const check = useCallback(async () => {
    setS({ kind: 'loading' })
    const t0 = Date.now()
    try {
      const data = await call('hello', 'hello', {}, { toast: false })
      if (alive.current) setS({ kind: 'ok', data, ms: Date.now() - t0 })
    } catch (e) {
      if (alive.current) setS({ kind: 'error', message: toApiError(e).message })
    }
  }, [])

  useEffect(() => {
    alive.current = true
    void check()
    return () => {
      alive.current = false
    }
  }, [check])

  const openid = s.kind === 'ok' ? s.data.openid : null
  return (
    <View className='ws-card' id='ws-hello' data-state={s.kind}>
      <SectionTitle title='服务连接'>
        <Text className={`ws-t-s ${s.kind === 'ok' ? 'ws-ok' : s.kind === 'error' ? 'ws-danger' : 'ws-muted'}`} id='ws-hello-status'>
          {s.kind === 'ok' ? `● 已连接 · ${s.ms} ms` : s.kind === 'error' ? '● 连接失败' : '连接中…'}
        </Text>
      </SectionTitle>
      {s.kind === 'error' ? (
        <View className='ws-row-between'>
          <Text className='ws-sub ws-t-s ws-flex1' id='ws-hello-error'>
            {s.message}
          </Text>
          <Button size='small' type='primary' fill='outline' id='ws-hello-retry' onClick={() => void check()}>
            重试
          </Button>
        </View>
      ) : (
        <View>
          <View className='ws-kv'>
            <Text className='ws-kv-k'>身份标识</Text>
            <Text className='ws-kv-v' id='ws-hello-openid'>
              {s.kind === 'loading' ? '…' : openid ? (SHOW_FULL_ID ? openid : maskId(openid)) : '未识别（匿名访问）'}
            </Text>
          </View>
          <View className='ws-kv'>
            <Text className='ws-kv-k'>AppID</Text>
            <Text className='ws-kv-v' id='ws-hello-appid'>
              {s.kind === 'ok' ? (s.data.appid ?? '—') : '…'}
            </Text>
          </View>
          <View className='ws-kv'>
            <Text className='ws-kv-k'>服务器时间</Text>
            <Text className='ws-kv-v' id='ws-hello-at'>
              {s.kind === 'ok' ? beijingTime(s.data.at) : '…'}
            </Text>
          </View>
          {s.kind === 'ok' && (
            <View className='ws-row-between ws-mt8'>
              <Text className='ws-muted ws-t-xs ws-flex1'>以上为云函数看到的调用者身份和时间</Text>
              <Text className='ws-link ws-t-s' id='ws-hello-refresh' onClick={() => void check()}>
                重新检测
              </Text>
            </View>
          )}
        </View>
      )}
    </View>
  )
}
