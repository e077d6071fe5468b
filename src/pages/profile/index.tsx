import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { VerifyMethod } from '../../../types/auth'
import { Button } from '../../components/Button'
import { Cell } from '../../components/Cell'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { useMe } from '../../hooks/useMe'
import { useProfile } from '../../hooks/useProfile'
import { getDemoUser } from '../../services/demoUser'
import { PAGES, usesLocalCloud } from '../../services/platform'
import { largeTextOn, setLargeText } from '../../services/textScale'
import { METHOD_LABEL } from '../login/labels'
import './index.scss'
import { control } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

const METHODS: VerifyMethod[] = ['face', 'wxpay']

function Profile() {
  const { me, setMe, loading, error, reload } = useMe()
  const p = useProfile((defaultMethod) => setMe((m) => (m ? { ...m, defaultMethod } : m)))
  const [largeText, setLargeTextState] = useState(largeTextOn)

  if (loading && !me) return <View className='page'><Loading /></View>
  if (!me) {
    return (
      <View className='page'>
        <ErrorNotice message={error?.message ?? '请先登录'} hint={error?.hint}>
          <Button onClick={reload}>重新加载</Button>
        </ErrorNotice>
      </View>
    )
  }

  const chooseMethod = async () => {
    const res = await Taro.showActionSheet({ itemList: METHODS.map((m) => METHOD_LABEL[m]) }).catch(() => null)
    if (res) void p.setDefaultMethod(METHODS[res.tapIndex])
  }

  return (
    <View className='page profile'>
      <View className='section-title'>身份信息</View>
      <View className='section'>
        <Cell label='姓名' value={p.revealed ? p.revealed.name : me.maskedName} />
        <Cell label='身份证号码' value={p.revealed ? p.revealed.idNumber : me.maskedIdNumber} />
      </View>
      {p.revealed ? (
        <View {...control('button')} className='profile__reveal' onClick={p.hide}>隐藏身份信息</View>
      ) : (
        <View {...control('button')} className='profile__reveal' onClick={p.busy ? undefined : p.reveal}>
          {p.busy === 'reveal' ? '正在验证…' : '查看完整身份信息'}
        </View>
      )}
      <Text className='profile__tip'>为保护个人隐私，查看完整信息需先验证本人身份</Text>

      <View className='section-title'>账号与安全</View>
      <View className='section'>
        <Cell
          label='默认登录方式'
          value={p.busy === 'method' ? '保存中…' : METHOD_LABEL[me.defaultMethod]}
          onClick={p.busy ? undefined : chooseMethod}
        />
        <Cell
          label='长辈模式（大字）'
          value={largeText ? '已开启' : '未开启'}
          onClick={() => {
            setLargeText(!largeText)
            setLargeTextState(!largeText)
          }}
        />
        {usesLocalCloud && (
          <Cell label='切换演示用户' value={getDemoUser()?.nickname} onClick={p.switchDemoUser} />
        )}
      </View>

      <View className='section-title'>服务与支持</View>
      <View className='section'>
        <Cell label='帮助与反馈' value='常见问题、服务热线' onClick={() => void Taro.navigateTo({ url: PAGES.help })} />
      </View>

      <View className='profile__logout'>
        <Button type='default' loading={p.busy === 'logout'} onClick={p.logout}>
          退出登录
        </Button>
      </View>
    </View>
  )
}

export default withTextScale(Profile)
