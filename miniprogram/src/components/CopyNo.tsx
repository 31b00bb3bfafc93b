// The 工单号 with a 复制 button: residents quote it on the phone or at a counter.
import Taro from '@tarojs/taro'
import { Text } from '@tarojs/components'
import { toast } from '../lib/toast'

export async function copyText(data: string, done = '已复制'): Promise<void> {
  try {
    await Taro.setClipboardData({ data })
    // weapp shows its own “内容已复制” toast; H5 does not.
    if (process.env.TARO_ENV !== 'weapp') toast(done, 'success')
  } catch {
    toast('复制失败，请长按编号手动复制')
  }
}

export default function CopyButton({ no, id, className }: { no: string; id?: string; className?: string }) {
  return (
    <Text
      className={`ws-copy ${className ?? ''}`}
      id={id}
      data-copy={no}
      onClick={(e) => {
        e.stopPropagation?.()
        void copyText(no, '工单号已复制')
      }}
    >
      复制
    </Text>
  )
}
