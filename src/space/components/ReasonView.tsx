import { Text, View } from '@tarojs/components'
import type { SpaceReason } from '../../../types/space'
import './space.scss'

type Comparison = { field: string; certificate: string; register: string }
const FIELD_TEXT: Record<string, string> = { name: '姓名', sex: '性别', birthDate: '出生日期' }

function comparisonsOf(reason: SpaceReason): Comparison[] {
  const list = reason.details.comparisons
  return Array.isArray(list) ? (list as Comparison[]).filter((c) => c && typeof c.field === 'string') : []
}

/**
 * One dead end explained (SPEC §3, seed 000 Q7–Q12): the precise reason, which fields differ
 * (masked), and the fallback every dead end names: 待审类（含未授权） and papers on site.
 */
export function ReasonView({ reason, showFallback = true }: { reason: SpaceReason; showFallback?: boolean }) {
  const comparisons = comparisonsOf(reason)
  const count = typeof reason.details.count === 'number' ? reason.details.count : null
  // Decided from the typed number alone (the register was not consulted): say so in the head.
  const otherSide = reason.details.source === 'id_number' ? '身份证号码' : '户口簿'
  return (
    <View className='reason'>
      <View className='reason__card'>
        <Text className='reason__label'>原因</Text>
        <Text className='reason__message'>{reason.message}</Text>
        {count !== null && <Text className='reason__extra'>共查到 {count} 本现行户口簿</Text>}
        {comparisons.length > 0 && (
          <View className='compare'>
            <View className='compare__row compare__row--head'>
              <Text className='compare__cell compare__cell--key'>核对项</Text>
              <Text className='compare__cell'>出生医学证明</Text>
              <Text className='compare__cell'>{otherSide}</Text>
            </View>
            {comparisons.map((c) => (
              <View key={c.field} className='compare__row'>
                <Text className='compare__cell compare__cell--key'>{FIELD_TEXT[c.field] ?? c.field}</Text>
                <Text className='compare__cell'>{c.certificate}</Text>
                <Text className='compare__cell compare__cell--diff'>{c.register}</Text>
              </View>
            ))}
          </View>
        )}
      </View>
      {showFallback && reason.fallback && (
        <View className='reason__fallback'>
          <Text className='reason__label reason__label--warn'>您仍可以这样办理</Text>
          <Text className='reason__fallback-text'>{reason.fallback}</Text>
        </View>
      )}
    </View>
  )
}
