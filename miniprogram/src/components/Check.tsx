import type { ReactNode } from 'react'
import { View } from '@tarojs/components'

export default function Check({ checked, onChange, children, id }: { checked: boolean; onChange: (v: boolean) => void; children: ReactNode; id?: string }) {
  return (
    <View className='ws-check' id={id} onClick={() => onChange(!checked)} role='checkbox' aria-checked={checked}>
      <View className={`ws-check-box ${checked ? 'on' : ''}`}>{checked ? '✓' : ''}</View>
      <View className='ws-flex1'>{children}</View>
    </View>
  )
}
