import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { control } from './a11y'

type Props = { label: ReactNode; value?: ReactNode; onClick?: () => void }

/** A settings-style row: label left, value right, an arrow when it opens something. */
export function Cell({ label, value, onClick }: Props) {
  return (
    <View {...(onClick ? control('button') : {})} className='cell' hoverClass={onClick ? 'cell--hover' : 'none'} onClick={onClick}>
      <Text className='cell__label'>{label}</Text>
      <View className='cell__value'>{value}</View>
      {onClick && <Text className='cell__arrow' aria-hidden='true'>›</Text>}
    </View>
  )
}
