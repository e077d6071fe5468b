import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'

type Props = PropsWithChildren<{
  type?: 'primary' | 'default' | 'link'
  loading?: boolean
  disabled?: boolean
  onClick?: () => void
}>

/** One primary green button per screen (WeChat #07c160); shows a spinner while waiting. */
export function Button({ type = 'primary', loading, disabled, onClick, children }: Props) {
  const off = loading || disabled
  const cls = `btn btn--${type}${off ? ' btn--disabled' : ''}`
  return (
    <View className={cls} hoverClass={off ? 'none' : 'btn--hover'} onClick={off ? undefined : onClick}>
      {loading && <View className={`spinner${type === 'primary' ? '' : ' spinner--dark'}`} />}
      {children}
    </View>
  )
}
