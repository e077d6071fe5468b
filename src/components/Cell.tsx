import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { control } from './a11y'

type Props = { label: ReactNode; value?: ReactNode; onClick?: () => void }

/** A settings-style row: label left, value right, an arrow when it opens something. */
export function Cell({ label, value, onClick }: Props) {
  return (
    <View {...(onClick ? control('button') : {})} className='cell' hoverClass={onClick ? 'cell--hover' : 'none'} onClick={onClick}>
      {/* Without a value the label has the whole row (an entry such as 政务码（免证办）). */}
      <Text className={value === undefined ? 'cell__label cell__label--wide' : 'cell__label'}>{label}</Text>
      {/* The arrow sits inside the value, so at large text it moves with the value and never stands alone on a line. */}
      <View className={value === undefined ? 'cell__value cell__value--none' : 'cell__value'}>
        {typeof value === 'string' || typeof value === 'number' ? <Text>{value}</Text> : value}
        {onClick && <Text className='cell__arrow' aria-hidden='true'>›</Text>}
      </View>
    </View>
  )
}
