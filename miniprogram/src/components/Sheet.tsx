// A bottom sheet: NutUI's Popup, inside the page root so large-text mode applies to it.
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Popup } from '@nutui/nutui-react-taro'

export default function Sheet({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  return (
    <Popup visible={open} position='bottom' round closeable title={title} onClose={onClose} destroyOnClose className='ws-sheet'>
      <View className='ws-sheet-body'>{children}</View>
    </Popup>
  )
}
