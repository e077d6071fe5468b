import Taro from '@tarojs/taro'
import { Input, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { FREQUENCY_LABELS } from '../../../types/health'
import { Button } from '../../components/Button'
import { callHealth } from '../../services/cloud'
import { asCloudError, HEALTH_PAGES, healthToken } from '../../services/health'
import '../components/health.scss'
import { fieldLabel } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

const FREQUENCIES = ['daily', 'weekdays'] as const

/** A collector (班主任、辅导员) creates an organization: name, daily deadline, frequency. */
function CreateOrg() {
  const [name, setName] = useState('')
  const [deadline, setDeadline] = useState('22:00')
  const [freq, setFreq] = useState<(typeof FREQUENCIES)[number]>('daily')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async () => {
    const token = healthToken()
    if (name.trim().length < 2) return setError('请输入组织名称（至少2个字），例如“三年级二班”')
    if (!token) return setError('请先实名认证登录')
    setBusy(true)
    try {
      const { org } = await callHealth({ action: 'createOrg', sessionToken: token, name: name.trim(), deadline, frequency: freq })
      await Taro.redirectTo({ url: `${HEALTH_PAGES.workbench}?orgId=${org.orgId}&share=1` })
    } catch (e) {
      const err = asCloudError(e)
      setError(`${err.message}${err.hint ? `：${err.hint}` : ''}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='page'>
      <View className='section'>
        <View className='hl-field'>
          <Text className='hl-field__label'>组织名称</Text>
          <Input className='hl-field__input' {...fieldLabel('组织名称')} placeholder='例如：三年级二班' value={name} maxlength={40} onInput={(e) => setName(e.detail.value)} />
        </View>
        <Picker mode='time' value={deadline} onChange={(e) => setDeadline(String(e.detail.value))}>
          <View className='hl-field'>
            <Text className='hl-field__label'>每日截止时间</Text>
            <Text className='hl-field__input'>{deadline} ›</Text>
          </View>
        </Picker>
        <Picker mode='selector' range={FREQUENCIES.map((f) => FREQUENCY_LABELS[f])} value={FREQUENCIES.indexOf(freq)} onChange={(e) => setFreq(FREQUENCIES[Number(e.detail.value)])}>
          <View className='hl-field'>
            <Text className='hl-field__label'>填报频率</Text>
            <Text className='hl-field__input'>{FREQUENCY_LABELS[freq]} ›</Text>
          </View>
        </Picker>
      </View>
      {error && <Text className='hl-error'>{error}</Text>}
      <Text className='hl-note'>截止时间按北京时间计算。截止前成员可多次申报，系统只统计最新一次；您提交当日数据后，当日不能再申报。</Text>
      <View className='hl-bottom'>
        <Button loading={busy} onClick={() => void submit()}>创建并邀请成员</Button>
      </View>
    </View>
  )
}

export default withTextScale(CreateOrg)
