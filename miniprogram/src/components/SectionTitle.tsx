import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'

/** A card's title row: the blue section bar, the title (a red * when required), and whatever goes on the right. */
export function SectionTitle({ title, required, children }: { title: ReactNode; required?: boolean; children?: ReactNode }) {
  return (
    <View className='ws-card-title'>
      <Text>
        <Text className='ws-section-bar' />
        {title}
        {required && <Text className='ws-required'>*</Text>}
      </Text>
      {children}
    </View>
  )
}
