import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { useSpaceHome } from '../../hooks/useSpaceHome'
import { SPACE_PAGES } from '../../services/space'
import { PARENT_ROLE_TEXT } from '../labels'
import { EmptyState } from '../components/EmptyState'
import { SpaceError } from '../components/SpaceError'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import '../components/space.scss'
import { control } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

/** Every linked child (SPEC §3: several children, each linked separately). */
function Children() {
  const { home, error, reload } = useSpaceHome()
  useSpaceScrollTop()
  if (!home) return <View className='page'>{error ? <SpaceError error={error} onRetry={reload} /> : <Loading />}</View>
  return (
    <View className='page'>
      <View className='section'>
        {home.children.length === 0 && <EmptyState text='尚未关联被监护人' hint='通过孩子的出生医学证明关联' />}
        {home.children.map((c) => (
          <View {...control('button')} key={c.childLinkId} className='cred' hoverClass='cell--hover' onClick={() => Taro.navigateTo({ url: `${SPACE_PAGES.child}?id=${encodeURIComponent(c.childLinkId)}` })}>
            <View className='cred__main'>
              <View className='cred__title'>
                <Text>{c.maskedName}</Text>
                <Text className={`tag ${c.credentialsClaimed ? 'tag--green' : 'tag--orange'}`}>{c.credentialsClaimed ? '已申领证照' : '待申领证照'}</Text>
              </View>
              <Text className='cred__summary'>{c.sex} · {c.birthDate}出生 · 您是其{PARENT_ROLE_TEXT[c.parentRole]}</Text>
            </View>
            <Text className='cell__arrow'>›</Text>
          </View>
        ))}
      </View>
      <View className='actions'>
        <Button onClick={() => Taro.navigateTo({ url: SPACE_PAGES.link })}>关联被监护人</Button>
      </View>
    </View>
  )
}

export default withTextScale(Children)
