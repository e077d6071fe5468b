import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import './space.scss'

/** A tappable choice row (radio or checkbox look), big enough for a thumb. */
export function Check({ on, square, onClick, children }: { on: boolean; square?: boolean; onClick?: () => void; children: ReactNode }) {
  return (
    <View className='check' hoverClass={onClick ? 'cell--hover' : 'none'} onClick={onClick}>
      <View className={`check__box${on ? ' check__box--on' : ''}${square ? ' check__box--square' : ''}`}>{on ? '✓' : ''}</View>
      <Text>{children}</Text>
    </View>
  )
}
