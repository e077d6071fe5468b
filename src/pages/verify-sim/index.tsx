import { useRef, useState } from 'react'
import Taro, { useRouter, useUnload } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { SimulatedOutcome } from '../../../types/simulation'
import { Button } from '../../components/Button'
import { localRequest } from '../../services/localCloud'
import { simEvent, type SimReport } from '../../services/verify'
import './index.scss'
import { withTextScale } from '../../components/withTextScale'

type Choice = { outcome: SimulatedOutcome; label: string }

const CHOICES: Record<'face' | 'wxpay', Choice[]> = {
  face: [
    { outcome: 'pass', label: '模拟：验证通过' },
    { outcome: 'no_record', label: '模拟：系统未包含该身份信息' },
    { outcome: 'failed', label: '模拟：未能通过人脸检测' },
  ],
  wxpay: [
    { outcome: 'pass', label: '模拟：支付密码正确' },
    { outcome: 'failed', label: '模拟：认证未通过' },
  ],
}

/**
 * Local-cloud stand-in (H5, weapp over http) for wx.requestFacialVerify: the tester picks what WeChat's face service would
 * record for this verify id; the login page then asks the server, as in WeChat.
 */
function VerifySim() {
  const { params } = useRouter()
  const verifyId = decodeURIComponent(params.verifyId ?? '')
  const method = params.method === 'wxpay' ? 'wxpay' : 'face'
  const [sending, setSending] = useState<SimulatedOutcome | null>(null)
  const [error, setError] = useState<string | null>(null)
  const reported = useRef(false)

  const report = (r: SimReport) => {
    if (reported.current) return
    reported.current = true
    Taro.eventCenter.trigger(simEvent(verifyId), r)
  }

  // Leaving without choosing is a cancel, like closing WeChat's face screen.
  useUnload(() => report('cancelled'))

  const choose = async (outcome: SimulatedOutcome) => {
    setSending(outcome)
    setError(null)
    try {
      const res = await localRequest(`/sim/verify/${encodeURIComponent(verifyId)}`, { method: 'POST', body: { outcome } })
      if (res.status < 200 || res.status >= 300) throw new Error(String(res.status))
    } catch {
      setSending(null)
      setError('网络异常，请检查网络后重试')
      return
    }
    // Report before leaving: the unload handler would otherwise report a cancel first.
    report(outcome)
    await Taro.navigateBack()
  }

  return (
    <View className='page sim'>
      <View className='sim__camera'>
        <Text className='sim__camera-text'>{method === 'face' ? '请正对手机' : '请输入支付密码'}</Text>
      </View>
      <Text className='sim__note'>
        本地版本无法调用微信{method === 'face' ? '人脸核身' : '支付密码认证'}，此页面模拟其结果。请选择要模拟的认证结果：
      </Text>
      {error && <View className='error-text sim__error'>{error}</View>}
      <View className='sim__choices'>
        {CHOICES[method].map((c, i) => (
          <Button
            key={c.outcome}
            type={i === 0 ? 'primary' : 'default'}
            loading={sending === c.outcome}
            disabled={sending !== null && sending !== c.outcome}
            onClick={() => void choose(c.outcome)}
          >
            {c.label}
          </Button>
        ))}
      </View>
    </View>
  )
}

export default withTextScale(VerifySim)
