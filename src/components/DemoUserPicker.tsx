import { Text, View } from '@tarojs/components'
import type { DemoUser } from '../../types/simulation'
import { Button } from './Button'
import { Cell } from './Cell'
import { Loading } from './Loading'
import './DemoUserPicker.scss'

type Props = { users: DemoUser[] | null; error: string | null; onPick: (u: DemoUser) => void; onRetry: () => void }

/** H5 only: stands in for "which WeChat account opened the mini-program". */
export function DemoUserPicker({ users, error, onPick, onRetry }: Props) {
  return (
    <View className='page'>
      <View className='picker-title'>选择演示微信用户</View>
      <View className='muted picker-note'>
        本地版本没有微信账号，请选择一位演示用户代替打开小程序的微信账号（openid）。之后可在“个人中心”切换。
      </View>
      {error ? (
        <View className='picker-error'>
          <View className='error-text picker-note'>{error}</View>
          <Button type='default' onClick={onRetry}>重新加载</Button>
        </View>
      ) : !users ? (
        <Loading />
      ) : (
        <View className='section'>
          {users.map((u) => (
            <Cell
              key={u.openid}
              label={u.nickname}
              value={<Text className='muted'>{u.suggested ? '已绑定实名信息' : '未实名'}</Text>}
              onClick={() => onPick(u)}
            />
          ))}
        </View>
      )}
    </View>
  )
}
