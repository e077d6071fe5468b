import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { callConsent } from '../../services/cloud'
import { CONSENT_PAGES, typedCode, typedCodeProblem } from '../../services/consent'
import { PAGES } from '../../services/platform'
import { returnAfterLogin } from '../../services/returnAfterLogin'
import { asCloudError, requireToken } from '../../services/space'
import { requestPage } from '../hooks'
import { fieldLabel } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'
import '../consent.scss'
import './index.scss'

type Problem = { message: string; hint: string; code?: string }

/**
 * 输入授权码, beside scanning (seed 000: 提交后截屏保存授权码 … 请牢记授权码): the parent types the
 * code the enrolment system gave; its format is checked here, then the server finds the request
 * (its own words when the code is unknown or the request is not theirs), and the page a scanned
 * QR code opens takes over: 授权信息, then 签署授权.
 */
function EnterCodePage() {
  const [raw, setRaw] = useState('')
  const [problem, setProblem] = useState<Problem | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    if (busy) return
    const code = typedCode(raw)
    const wrong = typedCodeProblem(code)
    if (wrong) return setProblem(wrong)
    setProblem(null)
    setBusy(true)
    try {
      await callConsent({ action: 'open', sessionToken: requireToken(), code })
      // The same page and flow as a scanned code; 返回 from it comes back to 我的授权, not here.
      void Taro.redirectTo({ url: requestPage(code) })
    } catch (e) {
      const err = asCloudError(e)
      setProblem({ message: err.message, hint: err.hint, code: err.code })
    } finally {
      setBusy(false)
    }
  }
  const login = () => {
    returnAfterLogin(CONSENT_PAGES.enter)
    void Taro.navigateTo({ url: PAGES.login })
  }

  return (
    <View className='page'>
      <Text className='cs-enter__intro'>请输入报名系统提交申请后给出的授权码。有二维码时，也可以用微信扫描二维码授权。</Text>
      <View className='cs-enter__field'>
        <Text className='cs-enter__label'>授权码</Text>
        <Input
          className={`cs-enter__input${problem ? ' cs-enter__input--bad' : ''}`}
          {...fieldLabel('授权码')}
          maxlength={12}
          placeholder='8位字母或数字'
          value={raw}
          confirmType='go'
          data-testid='auth-code'
          onInput={(e) => {
            // Shown as the enrolment system prints it: upper case.
            setRaw(e.detail.value.toUpperCase())
            if (problem) setProblem(null)
          }}
          onConfirm={() => void submit()}
        />
      </View>
      {problem && (
        <View className='cs-enter__error' aria-live='assertive' data-testid='auth-code-error'>
          <Text className='cs-enter__error-title'>{problem.message}</Text>
          {problem.hint && <Text className='cs-enter__error-hint'>{problem.hint}</Text>}
        </View>
      )}
      <View className='cs-enter__actions'>
        {problem?.code === 'NOT_LOGGED_IN' ? (
          <Button onClick={login}>去登录</Button>
        ) : (
          <Button loading={busy} onClick={() => void submit()}>{busy ? '正在查询…' : '查询授权申请'}</Button>
        )}
      </View>
      <Text className='cs-enter__more'>授权码为8位大写字母或数字，不含I、O、0、1，可在报名系统提交成功页面或您保存的截图中找到。</Text>
    </View>
  )
}

export default withTextScale(EnterCodePage)
