import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'

export function Row({ k, children }: { k: string; children: ReactNode }) {
  return (
    <View className='cs-row'>
      <Text className='cs-row__k'>{k}</Text>
      <Text className='cs-row__v'>{children}</Text>
    </View>
  )
}

const STATUS: Record<string, [string, string]> = {
  pending: ['待授权', 'orange'],
  signed: ['已授权', 'green'],
  revoked: ['已注销', 'red'],
  unavailable: ['无法在线授权', 'grey'],
  active: ['有效', 'green'],
  expired: ['已过期', 'grey'],
}

export function StatusTag({ status }: { status: string }) {
  const [label, color] = STATUS[status] ?? [status, 'grey']
  return <Text className={`cs-tag cs-tag--${color}`}>{label}</Text>
}
