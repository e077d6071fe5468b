import { Text, View } from '@tarojs/components'
import { control } from '../../components/a11y'

/** Consent before verification (seed 000 step 4); required. */
export function Agreement({ checked, onToggle }: { checked: boolean; onToggle: () => void }) {
  return (
    <View {...control('checkbox', { checked })} className='agree' onClick={onToggle}>
      <View aria-hidden='true' className={`agree__box${checked ? ' agree__box--on' : ''}`}>{checked ? '✓' : ''}</View>
      <Text className='agree__text'>
        阅读并同意遵循<Text className='agree__link'>《用户服务协议》</Text>和<Text className='agree__link'>《个人信息保护政策》</Text>
      </Text>
    </View>
  )
}
