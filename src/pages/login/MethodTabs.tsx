import { View } from '@tarojs/components'
import type { VerifyMethod } from '../../../types/auth'
import { METHOD_LABEL } from './labels'
import { control } from '../../components/a11y'

type Props = { value: VerifyMethod; isAvailable: (m: VerifyMethod) => boolean; onChange: (m: VerifyMethod) => void }

export function MethodTabs({ value, isAvailable, onChange }: Props) {
  const methods = (['face', 'wxpay'] as const).filter(isAvailable)
  return (
    <View className='tabs' role='tablist'>
      {methods.map((m) => (
        <View {...control('tab', { selected: m === value })} key={m} className={`tabs__item${m === value ? ' tabs__item--on' : ''}`} onClick={() => onChange(m)}>
          {METHOD_LABEL[m]}
        </View>
      ))}
    </View>
  )
}
