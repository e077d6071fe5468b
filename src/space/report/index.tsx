import Taro, { useRouter } from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { useSpaceHome } from '../../hooks/useSpaceHome'
import { useSpaceReportForm } from '../../hooks/useSpaceReportForm'
import { backToSpaceHome, SPACE_PAGES } from '../../services/space'
import { REPORT_FIELDS } from '../labels'
import { Check } from '../components/Check'
import { SpaceError } from '../components/SpaceError'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import '../components/space.scss'
import './index.scss'
import { fieldLabel } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

/** 纠错反馈 on one credential (seed 000: 个人数字空间证照、数据查看、纠错反馈). */
function ReportError() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const { home, error, reload } = useSpaceHome()
  const form = useSpaceReportForm(id)
  useSpaceScrollTop(form.sent)

  if (!home) return <View className='page'>{error ? <SpaceError error={error} onRetry={reload} /> : <Loading />}</View>
  const c = home.held.find((h) => h.credentialId === id)
  if (!c) {
    return (
      <View className='page'>
        <ErrorNotice message='未找到该证照' hint='请返回数字空间重新选择证照'>
          <Button onClick={backToSpaceHome}>返回数字空间</Button>
        </ErrorNotice>
      </View>
    )
  }

  if (form.sent) {
    return (
      <View className='page'>
        <View className='result-head'>
          <View className='result-head__icon'>✓</View>
          <Text className='result-head__title'>纠错反馈已提交</Text>
          <Text className='result-head__sub'>状态：{form.sent.state}。将转交证照签发部门核实，处理进度可在“我的纠错反馈”查看。</Text>
        </View>
        <View className='actions'>
          <Button onClick={() => Taro.redirectTo({ url: SPACE_PAGES.reports })}>查看我的纠错反馈</Button>
        </View>
      </View>
    )
  }

  return (
    <View className='page'>
      <View className='section-title'>{c.title} · {c.maskedSummary}</View>
      <View className='section-title'>请选择有误的项目（可多选）</View>
      <View className='section'>
        {REPORT_FIELDS[c.type].map((f) => (
          <Check key={f.key} square on={form.fields.includes(f.key)} onClick={() => form.toggle(f.key)}>{f.label}</Check>
        ))}
      </View>
      <View className='section-title'>问题描述</View>
      <View className='section report-form__box'>
        <Textarea
          className='report-form__text'
          {...fieldLabel('问题描述')}
          maxlength={200}
          placeholder='请说明哪里有误、正确的信息应为什么（5～200字）'
          value={form.description}
          onInput={(e) => form.setDescription(e.detail.value)}
        />
        <Text className='report-form__count'>{form.description.length}/200</Text>
      </View>
      {form.error && <View className='form-error'>{form.error}</View>}
      <View className='actions'>
        <Button loading={form.busy} onClick={() => void form.submit()}>提交</Button>
      </View>
    </View>
  )
}

export default withTextScale(ReportError)
