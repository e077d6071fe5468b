import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import './space.scss'
import { control } from '../../components/a11y'

/** A tappable choice row (radio or checkbox look), big enough for a thumb. */
export function Check({ on, square, onClick, children }: { on: boolean; square?: boolean; onClick?: () => void; children: ReactNode }) {
  return (
    <View {...(onClick ? control(square ? 'checkbox' : 'radio', { checked: on }) : {})} className='check' hoverClass={onClick ? 'cell--hover' : 'none'} onClick={onClick}>
      <View aria-hidden='true' className={`check__box${on ? ' check__box--on' : ''}${square ? ' check__box--square' : ''}`}>{on ? '✓' : ''}</View>
      <Text>{children}</Text>
    </View>
  )
}
