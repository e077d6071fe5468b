import type { PropsWithChildren } from 'react'
import { Text, View } from '@tarojs/components'
import './ErrorNotice.scss'

type Props = PropsWithChildren<{ message: string; hint?: string; note?: string }>

/** A failure with the server's message and next step, plus the actions for that step. */
export function ErrorNotice({ message, hint, note, children }: Props) {
  return (
    <View className='error-notice'>
      <View className='error-notice__icon'>!</View>
      <Text className='error-notice__message'>{message}</Text>
      {/* Actions come right after the message in DOM order (shown last via CSS `order`), so a
          search for a button's words finds the button before a hint that repeats them. */}
      <View className='error-notice__actions'>{children}</View>
      {hint && <Text className='error-notice__hint'>{hint}</Text>}
      {note && <Text className='error-notice__note'>{note}</Text>}
    </View>
  )
}
