import Taro, { useRouter } from '@tarojs/taro'
import { Input, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { checkDocument } from '../../../cloudfunctions/domain/health/documents'
import { DOC_TYPE_LABELS, DocType } from '../../../types/health'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import { callHealth, CloudError } from '../../services/cloud'
import { asCloudError, chinaToday, HEALTH_PAGES, healthToken } from '../../services/health'
import '../components/health.scss'
import { fieldLabel } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

const TYPES = DocType.options
const PLACEHOLDER: Record<DocType, string> = {
  mainland_id: '18位身份证号码',
  foreign_passport: '护照号码',
  hk_macau_permit: '如 H12345678',
  taiwan_permit: '8位数字',
  birth_certificate: '如 Q440123456',
}

/** 代他人填报 (seed 002): the declarant's name, document type and number, checked here and again on the server. */
function AddDeclarant() {
  const ticket = decodeURIComponent(useRouter().params.t ?? '')
  const [name, setName] = useState('')
  const [docType, setDocType] = useState<DocType>('mainland_id')
  const [docNumber, setDocNumber] = useState('')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [refusal, setRefusal] = useState<CloudError | null>(null)
  const [busy, setBusy] = useState(false)

  /** A message about what was typed goes once the field is changed. */
  const edited = (apply: () => void) => {
    apply()
    setFieldError(null)
    setRefusal(null)
  }
  const next = async () => {
    setRefusal(null)
    if (!name.trim()) return setFieldError('请输入申报人姓名')
    const doc = checkDocument(docType, docNumber, chinaToday())
    if (!doc.ok) return setFieldError(doc.message)
    setFieldError(null)
    const token = healthToken()
    if (!token) return setRefusal(new CloudError('NOT_LOGGED_IN', '请先实名认证登录', ''))
    setBusy(true)
    try {
      const r = await callHealth({ action: 'joinByInvite', sessionToken: token, ticket, join: { as: 'proxy', declarant: { name: name.trim(), docType, docNumber } } })
      await Taro.redirectTo({ url: `${HEALTH_PAGES.form}?orgId=${r.org.orgId}&declarantId=${r.declarant.declarantId}` })
    } catch (e) {
      setRefusal(asCloudError(e))
    } finally {
      setBusy(false)
    }
  }

  // The registry (mainland ID) or one's own real-name login disagrees with the typed name: the name is what to check first.
  const nameRefused = refusal?.code === 'DECLARANT_MISMATCH'

  if (!ticket) {
    return <View className='page'><ErrorNotice message='请通过邀请卡片添加申报人' hint='添加申报人需要点击相应组织采集员在微信聊天界面发送的邀请卡片，不能直接从小程序入口添加。' /></View>
  }

  return (
    <View className='page'>
      <View className='section-title'>填写申报人（即需上报信息的学生、教职工）信息</View>
      <View className='section'>
        <View className='hl-field'>
          <Text className='hl-field__label'>姓名</Text>
          <Input className='hl-field__input' {...fieldLabel('申报人姓名')} aria-invalid={nameRefused || undefined} placeholder='申报人姓名' value={name} maxlength={30} onInput={(e) => edited(() => setName(e.detail.value))} />
        </View>
        <Picker mode='selector' range={TYPES.map((t) => DOC_TYPE_LABELS[t])} value={TYPES.indexOf(docType)} onChange={(e) => { setDocType(TYPES[Number(e.detail.value)]); setFieldError(null) }}>
          <View className='hl-field' data-testid='doc-type'>
            <Text className='hl-field__label'>证件类型</Text>
            <Text className='hl-field__input'>{DOC_TYPE_LABELS[docType]} ›</Text>
          </View>
        </Picker>
        <View className='hl-field'>
          <Text className='hl-field__label'>证件号码</Text>
          <Input className='hl-field__input' {...fieldLabel('证件号码')} type={docType === 'mainland_id' ? 'idcard' : 'text'} placeholder={PLACEHOLDER[docType]} value={docNumber} maxlength={40} onInput={(e) => edited(() => setDocNumber(e.detail.value))} />
        </View>
      </View>
      {fieldError && <Text className='hl-error'>{fieldError}</Text>}
      {refusal && <ErrorNotice message={refusal.message} hint={refusal.hint} />}
      <Text className='hl-note'>港澳台学生、外国留学生、没有身份证的幼儿，请选择相应证件类型。为避免信息泄露，请勿随意泄露个人身份信息由他人代填。</Text>
      <View className='hl-bottom'>
        {refusal?.code === 'PROXY_LIMIT' ? (
          // No retyping lifts the limit: the way out is back, until one proxy removes the declarant (FAQ 10).
          <Button onClick={() => void Taro.navigateBack().catch(() => Taro.reLaunch({ url: HEALTH_PAGES.home }))}>返回</Button>
        ) : (
          <Button loading={busy} onClick={() => void next()}>下一步</Button>
        )}
      </View>
    </View>
  )
}

export default withTextScale(AddDeclarant)
