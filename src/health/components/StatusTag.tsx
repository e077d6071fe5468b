import { Text } from '@tarojs/components'
import { DAY_STATUS_LABELS, type DayStatus } from '../../../types/health'
import './health.scss'

export function StatusTag({ status }: { status: DayStatus }) {
  return <Text className={`hl-tag hl-tag--${status}`}>{DAY_STATUS_LABELS[status]}</Text>
}

export function AbnormalTag({ text = '异常' }: { text?: string }) {
  return <Text className='hl-tag hl-tag--abnormal'>{text}</Text>
}
