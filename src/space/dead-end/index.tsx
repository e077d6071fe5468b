import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { backToSpaceHome, SPACE_PAGES } from '../../services/space'
import { ReasonView } from '../components/ReasonView'
import { takeRefusal } from '../outcome'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import '../components/space.scss'
import { withTextScale } from '../../components/withTextScale'

const back = () => {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else backToSpaceHome()
}

/**
 * A claim that cannot be done (wholly) online: what did succeed, each reason, and the on-site
 * fallback (seed 000 Q7).
 */
function DeadEnd() {
  const refusal = takeRefusal()
  useSpaceScrollTop()
  const partly = Boolean(refusal?.done)
  useEffect(() => {
    // Part of it succeeded: "无法在线办理" (the page's title) would say otherwise.
    if (partly) void Taro.setNavigationBarTitle({ title: '申领结果' })
  }, [partly])
  if (!refusal) {
    return (
      <View className='page'>
        <View className='result-head'>
          <View className='result-head__icon result-head__icon--warn'>!</View>
          <Text className='result-head__title'>页面已过期</Text>
          <Text className='result-head__sub'>请返回数字空间重新操作</Text>
        </View>
        <View className='actions'>
          <Button onClick={backToSpaceHome}>返回数字空间</Button>
        </View>
      </View>
    )
  }
  // Every reason names the same fallback: show it once, after the reasons.
  const fallback = refusal.reasons.find((r) => r.fallback)?.fallback
  return (
    <View className='page'>
      <View className='result-head'>
        <View className={`result-head__icon${refusal.done ? '' : ' result-head__icon--warn'}`}>{refusal.done ? '✓' : '!'}</View>
        <Text className='result-head__title'>{refusal.title}</Text>
        {refusal.done && <Text className='result-head__sub'>{refusal.done}</Text>}
      </View>
      {refusal.reasons.map((r, i) => (
        <ReasonView key={i} reason={r} showFallback={false} />
      ))}
      {fallback && (
        <View className='reason'>
          <View className='reason__fallback'>
            <Text className='reason__label reason__label--warn'>您仍可以这样办理</Text>
            <Text className='reason__fallback-text'>{fallback}</Text>
          </View>
        </View>
      )}
      <View className='actions'>
        <Button onClick={back}>我知道了</Button>
      </View>
    </View>
  )
}

export default withTextScale(DeadEnd)
