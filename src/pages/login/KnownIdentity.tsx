import { View } from '@tarojs/components'
import type { AuthData } from '../../../types/auth'
import { Cell } from '../../components/Cell'
import { control } from '../../components/a11y'

type Props = { identity: NonNullable<AuthData['options']['knownIdentity']>; onNotMe: () => void }

/** The identity this WeChat account used last time, masked (SPEC §1), with a way out. */
export function KnownIdentity({ identity, onNotMe }: Props) {
  return (
    <>
      <View className='section-title'>确认身份信息</View>
      <View className='section'>
        <Cell label='证件类型' value='居民身份证' />
        <Cell label='姓名' value={identity.maskedName} />
        <Cell label='身份证号码' value={identity.maskedIdNumber} />
      </View>
      <View {...control('button')} className='not-me' onClick={onNotMe}>
        不是本人？
      </View>
    </>
  )
}
