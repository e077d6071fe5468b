import { Text, View } from '@tarojs/components'
import './BrandHeader.scss'

/** The 粤省事 personal-space banner (seed 000: 点亮数据生活，引领数字时代). */
export function BrandHeader({ children }: { children?: React.ReactNode }) {
  return (
    <View className='brand'>
      <Text className='brand__title'>个人数字空间</Text>
      <Text className='brand__slogan'>点亮数据生活，引领数字时代</Text>
      {children}
    </View>
  )
}
