import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import { control } from './a11y'

type Props = PropsWithChildren<{
  type?: 'primary' | 'default' | 'link'
  loading?: boolean
  disabled?: boolean
  onClick?: () => void
}>

/** One primary green button per screen (WeChat green, darkened to #067a3a for 4.5:1 contrast with white text); shows a spinner while waiting. */
export function Button({ type = 'primary', loading, disabled, onClick, children }: Props) {
  const off = loading || disabled
  const cls = `btn btn--${type}${off ? ' btn--disabled' : ''}`
  return (
    <View {...control('button', { disabled: off })} aria-busy={loading ? 'true' : undefined} className={cls} hoverClass={off ? 'none' : 'btn--hover'} onClick={off ? undefined : onClick}>
      {loading && <View aria-hidden='true' className={`spinner${type === 'primary' ? '' : ' spinner--dark'}`} />}
      {children}
    </View>
  )
}
