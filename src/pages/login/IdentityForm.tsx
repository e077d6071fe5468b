import { Input, Text, View } from '@tarojs/components'
import { Cell } from '../../components/Cell'

type Props = {
  name: string
  idNumber: string
  idError?: string
  onName: (v: string) => void
  onIdNumber: (v: string) => void
}

/** 证件类型 / 姓名 / 身份证号码 (seed 000); the checksum is the server's rule, shown inline. */
export function IdentityForm({ name, idNumber, idError, onName, onIdNumber }: Props) {
  return (
    <View className='section'>
      <Cell label='证件类型' value='居民身份证' />
      <View className='cell'>
        <Text className='cell__label'>姓名</Text>
        <Input className='field' value={name} placeholder='请输入姓名' maxlength={30} onInput={(e) => onName(e.detail.value)} />
      </View>
      <View className={`cell${idError ? ' cell--error' : ''}`}>
        <Text className='cell__label'>身份证号码</Text>
        <Input
          className='field'
          type='idcard'
          value={idNumber}
          placeholder='请输入身份证号码'
          maxlength={18}
          onInput={(e) => onIdNumber(e.detail.value)}
        />
      </View>
      {idError && <View className='field-error error-text'>{idError}</View>}
    </View>
  )
}
