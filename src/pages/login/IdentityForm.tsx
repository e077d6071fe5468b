import { Input, Text, View } from '@tarojs/components'
import { Cell } from '../../components/Cell'
import { maskIdNumber, maskName } from '../../../cloudfunctions/domain/mask'
import { RAW_ID_NUMBER_MAX } from '../../../types/auth'
import { control, fieldLabel } from '../../components/a11y'
import { ID_INPUT_TYPE } from '../../services/platform'

type Props = {
  /** True while the form holds the account's real-name info untouched: shown masked (SPEC §1). */
  prefilled?: boolean
  onTypeOther?: () => void
  name: string
  idNumber: string
  idError?: string
  onName: (v: string) => void
  onIdNumber: (v: string) => void
}

/** 证件类型 / 姓名 / 身份证号码 (seed 000); the checksum is the server's rule, shown inline. */
export function IdentityForm({ prefilled, onTypeOther, name, idNumber, idError, onName, onIdNumber }: Props) {
  if (prefilled) {
    return (
      <>
        <View className='section'>
          <Cell label='证件类型' value='居民身份证' />
          <Cell label='姓名' value={maskName(name)} />
          <Cell label='身份证号码' value={maskIdNumber(idNumber)} />
        </View>
        {idError && <View className='field-error error-text'>{idError}</View>}
        <View {...control('button')} className='not-me' onClick={onTypeOther}>
          使用其他身份信息
        </View>
      </>
    )
  }
  return (
    <View className='section'>
      <Cell label='证件类型' value='居民身份证' />
      <View className='cell'>
        <Text className='cell__label'>姓名</Text>
        <Input className='field' {...fieldLabel('姓名')} value={name} placeholder='请输入姓名' maxlength={30} onInput={(e) => onName(e.detail.value)} />
      </View>
      <View className={`cell${idError ? ' cell--error' : ''}`}>
        <Text className='cell__label'>身份证号码</Text>
        <Input
          className='field'
          {...fieldLabel('身份证号码')}
          type={ID_INPUT_TYPE}
          value={idNumber}
          placeholder='请输入身份证号码'
          // Not 18: a pasted "441302 19850612 0324" would be cut before the server normalises it.
          maxlength={RAW_ID_NUMBER_MAX}
          onInput={(e) => onIdNumber(e.detail.value)}
        />
      </View>
      {idError && <View className='field-error error-text'>{idError}</View>}
    </View>
  )
}
