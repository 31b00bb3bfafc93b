// A bottom sheet (own, light: no animation library in the main package).
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { useStore } from '../hooks/useStore'

export default function Sheet({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const large = useStore((s) => s.largeText)
  if (!open) return null
  return (
    <View className={`ws-mask ${large ? 'ws-large' : ''}`} onClick={onClose} catchMove>
      <View className='ws-sheet' onClick={(e) => e.stopPropagation()}>
        <View className='ws-sheet-title'>{title}</View>
        {children}
      </View>
    </View>
  )
}
