// 认领: cases the county took by phone (热线) or a grid member filed (代报) for this resident's number become theirs
// once WeChat vouches for the number (the getPhoneNumber button's code; the server exchanges it). In the local H5
// build there is no such button: the dev build sends the emulator's stand-in code `phone:<number>`.
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call } from '../api/client'
import { toast } from '../lib/toast'

export default function ClaimByPhone({ onClaimed }: { onClaimed: () => void }) {
  const [busy, setBusy] = useState(false)
  const [devPhone, setDevPhone] = useState('')
  const claim = async (code: string) => {
    setBusy(true)
    try {
      const r = await call('user', 'claimByPhone', { code })
      toast(r.claimed.length ? `已认领 ${r.claimed.length} 件诉求` : '没有找到登记了该手机号的诉求')
      if (r.claimed.length) onClaimed()
    } catch {
      // The client already showed the server's message.
    } finally {
      setBusy(false)
    }
  }
  const h5 = process.env.TARO_ENV === 'h5'
  return (
    <View className='ws-card ws-mt8' id='ws-claim'>
      <View className='ws-t-s'>
        <Text className='ws-bold'>打过热线或请网格员代报过？</Text>
        <Text className='ws-muted'>验证手机号后，登记了该号码的诉求会出现在这里，可查看进度并评价。</Text>
      </View>
      {h5 ? (
        __DEV_PERSONAS__ ? (
          <View className='ws-row ws-mt8'>
            <Input className='ws-input' type='number' maxlength={11} placeholder='本地调试：输入手机号' value={devPhone} onInput={(e) => setDevPhone(e.detail.value)} />
            <Button size='mini' disabled={busy || !/^1\d{10}$/.test(devPhone)} onClick={() => void claim(`phone:${devPhone}`)}>
              认领
            </Button>
          </View>
        ) : null
      ) : (
        <Button
          className='ws-mt8'
          size='mini'
          openType='getPhoneNumber'
          disabled={busy}
          onGetPhoneNumber={(e) => {
            const code = (e.detail as { code?: string }).code
            if (code) void claim(code)
            else toast('未授权手机号')
          }}
        >
          验证手机号并认领
        </Button>
      )}
    </View>
  )
}
