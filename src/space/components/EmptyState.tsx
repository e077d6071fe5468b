import { Text, View } from '@tarojs/components'
import './space.scss'

export function EmptyState({ text, hint }: { text: string; hint?: string }) {
  return (
    <View className='empty'>
      <Text className='empty__text'>{text}</Text>
      {hint && <Text className='empty__hint'>{hint}</Text>}
    </View>
  )
}
