import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { withTextScale } from '../../components/withTextScale'
import { FAQ, HOTLINE } from './faq'
import './index.scss'

/** A question is a heading for screen readers (H5 role; WeChat reads the text as it is). */
const heading = process.env.TARO_ENV === 'weapp' ? {} : { role: 'heading', 'aria-level': 2 }

/**
 * 帮助与反馈 (seed 002 FAQ 18: 个人中心 → 帮助与反馈 查看常见问题，或反馈问题): the common questions,
 * answered with the next step, and the hotline to call for anything else.
 */
function Help() {
  const call = () => void Taro.makePhoneCall({ phoneNumber: HOTLINE.number }).catch(() => undefined)
  return (
    <View className='page help'>
      <View className='section-title'>常见问题</View>
      <View className='section' data-testid='faq'>
        {FAQ.map((f) => (
          <View key={f.q} className='help__item'>
            <Text className='help__q' {...heading}>{f.q}</Text>
            {f.a.map((a, i) => <Text key={i} className='help__a'>{i === 0 ? `答：${a}` : a}</Text>)}
          </View>
        ))}
      </View>
      <View className='section-title'>意见反馈</View>
      <View className='section help__feedback' data-testid='feedback'>
        <Text>如仍有疑问，或需反馈问题，请拨打</Text>
        {/* The number stays whole on one line; the name may wrap at large text. */}
        <View className='help__line'>
          <Text className='help__hotline'>{HOTLINE.number}</Text>
          <Text className='help__hotline-name'>{HOTLINE.name}</Text>
        </View>
        <Text className='help__note'>反馈时请说明使用的服务（如健康申报、我的授权）和页面上的提示。报名、入学政策请咨询报名学校。</Text>
      </View>
      <View className='help__actions'>
        <Button onClick={call}>拨打 {HOTLINE.number}</Button>
      </View>
    </View>
  )
}

export default withTextScale(Help)
