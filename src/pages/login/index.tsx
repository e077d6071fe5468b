import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { useLoginFlow } from '../../hooks/useLoginFlow'
import { usePrivacyGate } from '../../hooks/usePrivacyGate'
import { PrivacyPopup } from '../../components/PrivacyPopup'
import { WITHOUT_AGREEING } from '../../services/privacyGuide'
import { PAGES } from '../../services/platform'
import { Agreement } from './Agreement'
import { IdentityForm } from './IdentityForm'
import { KnownIdentity } from './KnownIdentity'
import { LoginFailure } from './LoginFailure'
import { MethodTabs } from './MethodTabs'
import { PURPOSE_LINE, START_LABEL } from './labels'
import './index.scss'
import { withTextScale } from '../../components/withTextScale'

function Login() {
  const privacy = usePrivacyGate()
  const f = useLoginFlow()
  const { phase } = f

  // Name, ID number and face are collected here: nothing is shown to fill in before the
  // privacy agreement (WeChat: wx.requirePrivacyAuthorize → onNeedPrivacyAuthorization).
  if (privacy.state !== 'agreed') {
    return (
      <View className='page'>
        {privacy.state === 'refused' ? (
          <ErrorNotice message={`您未同意用户隐私保护指引，暂时无法${WITHOUT_AGREEING}`} hint='同意后即可继续实名登录；不登录也可浏览首页'>
            <Button onClick={privacy.ask}>查看并同意</Button>
            <Button type='default' onClick={() => void Taro.reLaunch({ url: PAGES.home })}>返回首页</Button>
          </ErrorNotice>
        ) : (
          <Loading />
        )}
        <PrivacyPopup />
      </View>
    )
  }

  if (phase.kind === 'loading') return <View className='page'><Loading /></View>
  if (phase.kind === 'loadFailed') {
    return (
      <View className='page'>
        <ErrorNotice message={phase.error.message} hint={phase.error.hint}>
          <Button onClick={f.reload}>重试</Button>
        </ErrorNotice>
      </View>
    )
  }
  if (phase.kind === 'failed') {
    return (
      <View className='page'>
        <LoginFailure error={phase.error} canUse={f.isAvailable} onRetry={f.retry} onSwitch={f.switchMethod} onBack={f.backToForm} />
      </View>
    )
  }

  return (
    <View className='page login'>
      <View className='section-title'>选择登录方式</View>
      <MethodTabs value={f.method} isAvailable={f.isAvailable} onChange={f.switchMethod} />
      <View className='login__purpose'>{PURPOSE_LINE[f.method]}</View>

      {f.known ? (
        <KnownIdentity identity={f.known} onNotMe={f.notMe} />
      ) : (
        <IdentityForm
          prefilled={f.prefilled}
          onTypeOther={f.typeOther}
          name={f.name}
          idNumber={f.idNumber}
          idError={f.fieldError.idNumber}
          onName={f.setName}
          onIdNumber={f.setIdNumber}
        />
      )}

      <Agreement checked={f.agreed} onToggle={f.toggleAgreed} />
      {f.fieldError.form && <View className='login__form-error error-text'>{f.fieldError.form}</View>}
      <Button loading={phase.kind === 'busy'} onClick={f.start}>
        {START_LABEL[f.method]}
      </Button>
      <Text className='footer-note login__note'>登录后可在“个人中心”修改默认登录方式</Text>
      {/* WeChat may ask again on this page (e.g. a guide updated with new items). */}
      <PrivacyPopup />
    </View>
  )
}

export default withTextScale(Login)
