import { Text, View } from '@tarojs/components'
import type { HealthData } from '../../../types/health'
import { chartText } from './chartText'

type Day = HealthData['stats']['days'][number]

/** Statistics over days as CSS bars: submitted share of members, missing and abnormal counts beside. */
export function StatsChart({ days }: { days: Day[] }) {
  return (
    <View className='wb-chart' data-testid='stats'>
      {days.map((d) => {
        const { pct, top, bottom } = chartText(d)
        return (
          <View key={d.day} className='wb-chart__col'>
            <Text className='wb-chart__pct'>{top}</Text>
            <View className='wb-chart__track'>
              <View className='wb-chart__bar' style={{ height: `${pct}%` }} />
            </View>
            <Text className='wb-chart__day'>{d.day.slice(5)}</Text>
            <Text className='wb-chart__miss'>{bottom}</Text>
          </View>
        )
      })}
    </View>
  )
}
