import { View } from '@tarojs/components'

export function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className='loading-block'>
      <View className='spinner spinner--dark' />
      {text}
    </View>
  )
}
