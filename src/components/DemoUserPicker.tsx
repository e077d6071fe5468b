import { Text, View } from '@tarojs/components'
import type { DemoUser } from '../../types/simulation'
import { Button } from './Button'
import { Loading } from './Loading'
import './DemoUserPicker.scss'
import { control } from './a11y'

type Props = { users: DemoUser[] | null; error: string | null; onPick: (u: DemoUser) => void; onRetry: () => void }

/** "陈家长（演示·普通关联）" → the person and the case their family demonstrates, shown on two lines. */
function splitNickname(nickname: string): { name: string; scenario: string | null } {
  const m = /^(.+?)（演示·(.+)）$/.exec(nickname)
  return m ? { name: m[1], scenario: m[2] } : { name: nickname, scenario: null }
}

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
          {users.map((u) => {
            const { name, scenario } = splitNickname(u.nickname)
            return (
              <View {...control('button')} key={u.openid} className='demo-user' hoverClass='cell--hover' onClick={() => onPick(u)}>
                <View className='demo-user__main'>
                  <Text className='demo-user__name'>{name}</Text>
                  {scenario && <Text className='demo-user__case'>{scenario}</Text>}
                </View>
                <Text className='muted'>{u.suggested ? '已实名' : '未实名'}</Text>
                <Text className='cell__arrow'>›</Text>
              </View>
            )
          })}
        </View>
      )}
    </View>
  )
}
