import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { BrandHeader } from '../../components/BrandHeader'
import { Button } from '../../components/Button'
import { Cell } from '../../components/Cell'
import { DemoUserPicker } from '../../components/DemoUserPicker'
import { Loading } from '../../components/Loading'
import { useDemoUsers } from '../../hooks/useDemoUsers'
import { useMe } from '../../hooks/useMe'
import { PAGES } from '../../services/platform'
import { SPACE_PAGES } from '../../services/space'
import { HEALTH_PAGES } from '../../services/health'
import { CONSENT_PAGES } from '../../services/consent'
import './index.scss'
import { withTextScale } from '../../components/withTextScale'

/** Entries not built yet; shown so the home page reads like the real service list. */
const ENTRIES = ['我的数字空间', '政务码（免证办）', '委托代办', '我的授权', '健康申报']
/** Entries that are live, by label, with the page they open. */
const LIVE: Record<string, string> = { 我的数字空间: SPACE_PAGES.home, '政务码（免证办）': CONSENT_PAGES.code, 委托代办: CONSENT_PAGES.delegate, 我的授权: CONSENT_PAGES.mine, 健康申报: HEALTH_PAGES.home }

function Home() {
  const demo = useDemoUsers()
  const { me, loading, error, reload } = useMe()

  if (demo.needsPick) {
    return <DemoUserPicker users={demo.users} error={demo.error} onPick={(u) => { demo.pick(u); void reload() }} onRetry={demo.reload} />
  }

  return (
    <View className='page home'>
      <BrandHeader>
        {me && (
          <View className='home__who'>
            <Text className='home__hello'>您好，{me.maskedName}</Text>
            <Text className='home__id'>居民身份证 {me.maskedIdNumber}</Text>
          </View>
        )}
      </BrandHeader>

      {loading ? (
        <Loading />
      ) : me ? (
        <>
          <View className='section-title'>学校服务</View>
          <View className='section'>
            {ENTRIES.map((e) => (
              <Cell
                key={e}
                label={e}
                value={LIVE[e] ? undefined : <Text className='home__soon'>即将上线</Text>}
                onClick={LIVE[e] ? () => Taro.navigateTo({ url: LIVE[e] }) : undefined}
              />
            ))}
          </View>
          <View className='section'>
            <Cell label='个人中心' onClick={() => Taro.navigateTo({ url: PAGES.profile })} />
          </View>
        </>
      ) : error && error.code === 'NETWORK' ? (
        <View className='home__login'>
          <Text className='error-text'>{error.message}</Text>
          <Button type='default' onClick={reload}>重新加载</Button>
        </View>
      ) : (
        <View className='home__login'>
          <Text className='home__tip'>登录后可使用个人数字空间、健康申报等学校服务</Text>
          <Button onClick={() => Taro.navigateTo({ url: PAGES.login })}>请登录</Button>
        </View>
      )}

      <View className='footer-note'>主办单位：广东省政务服务和数据管理局</View>
    </View>
  )
}

export default withTextScale(Home)
