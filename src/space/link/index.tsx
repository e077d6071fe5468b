import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { RAW_ID_NUMBER_MAX } from '../../../types/auth'
import type { SpaceReason } from '../../../types/space'
import { ID_INPUT_TYPE } from '../../services/platform'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { useSpaceHome } from '../../hooks/useSpaceHome'
import { useSpaceLink } from '../../hooks/useSpaceLink'
import { backToSpaceHome, SPACE_PAGES } from '../../services/space'
import { PARENT_ROLE_TEXT } from '../labels'
import { Check } from '../components/Check'
import { CredentialRow } from '../components/CredentialRow'
import { ReasonView } from '../components/ReasonView'
import { SpaceError } from '../components/SpaceError'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import '../components/space.scss'
import './index.scss'
import { fieldLabel } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

/**
 * What a refusal offers first (the server's nextStep, domain/guardian/reasons): retyping only when
 * what was typed may be wrong; the other child's certificate when the number is that child's;
 * otherwise 返回数字空间, since no retyping changes a register that is not issued or not Guangdong.
 */
function RefusalActions(props: { reason: SpaceReason; retype: (renamed?: boolean) => void; fromCertificate: (id: string) => void }) {
  const { details } = props.reason
  const step = typeof details.nextStep === 'string' ? details.nextStep : 'retype'
  const other = typeof details.otherBirthCertificateId === 'string' ? details.otherBirthCertificateId : null
  if (step === 'other_certificate' && other) {
    return (
      <View className='actions'>
        <Button onClick={() => props.fromCertificate(other)}>从{String(details.otherNewbornName ?? '另一个孩子')}的出生医学证明关联</Button>
        <Button type='link' onClick={backToSpaceHome}>返回数字空间</Button>
      </View>
    )
  }
  if (step === 'renamed') {
    return (
      <View className='actions'>
        <Button onClick={() => props.retype(true)}>孩子改过名，输入现用名关联</Button>
        <Button type='default' onClick={() => props.retype()}>重新输入身份证号码</Button>
        <Button type='link' onClick={backToSpaceHome}>返回数字空间</Button>
      </View>
    )
  }
  if (step === 'retype') {
    return (
      <View className='actions'>
        <Button onClick={() => props.retype()}>重新输入</Button>
        <Button type='link' onClick={backToSpaceHome}>返回数字空间</Button>
      </View>
    )
  }
  return (
    <View className='actions'>
      <Button onClick={backToSpaceHome}>返回数字空间</Button>
      <Button type='link' onClick={() => props.retype()}>重新输入</Button>
    </View>
  )
}

/** The newborn's masked name from the certificate summary (`… · 新生儿 **涵`). */
const newbornOf = (summary: string) => /新生儿\s*(\S+)/.exec(summary)?.[1] ?? ''

/**
 * 关联被监护人 (seed 001 §2.1.2 e; seed 000 Q6): from the parent's own birth certificate, confirm
 * the child's name, type the child's ID number (and current name if renamed), 确认关联.
 */
function LinkChild() {
  const params = useRouter().params
  const { home, error, reload } = useSpaceHome()
  const link = useSpaceLink()
  const [chosen, setChosen] = useState<string | null>(params.certId ? decodeURIComponent(params.certId) : null)
  useSpaceScrollTop(link.phase.kind)

  if (!home) return <View className='page'>{error ? <SpaceError error={error} onRetry={reload} /> : <Loading />}</View>

  const certs = home.held.filter((c) => c.type === 'birth_certificate' && c.subject.kind === 'self')
  const certId = chosen ?? (certs.length === 1 ? certs[0].credentialId : null)
  const cert = certs.find((c) => c.credentialId === certId)
  /** The child already linked through a certificate, if any (twins: which one is done). */
  const linkedThrough = (id: string) => home.children.find((ch) => ch.birthCertificateId === id)

  if (certs.length === 0) {
    return (
      <View className='page'>
        <ErrorNotice
          message='请先申领孩子的出生医学证明'
          hint='关联被监护人需要通过您本人申领的出生医学证明进行（只有证明上登记的父亲或母亲可以申领）。'
        >
          <Button onClick={backToSpaceHome}>去申领</Button>
        </ErrorNotice>
      </View>
    )
  }

  if (!cert) {
    // Several children (twins …): each is linked through their own certificate.
    return (
      <View className='page'>
        <View className='section-title'>请选择孩子的出生医学证明</View>
        <View className='section'>
          {certs.map((c) => {
            const done = linkedThrough(c.credentialId)
            return (
              <CredentialRow
                key={c.credentialId}
                credential={c}
                tag={done ? `已关联 ${done.maskedName}` : undefined}
                onClick={() => setChosen(c.credentialId)}
              />
            )
          })}
        </View>
        <Text className='tip'>有多个孩子时，请逐个关联：每个孩子通过自己的出生医学证明关联。</Text>
      </View>
    )
  }

  const newborn = newbornOf(cert.maskedSummary)
  const { phase } = link

  if (phase.kind === 'linked') {
    const c = phase.child
    const toChild = () => Taro.redirectTo({ url: `${SPACE_PAGES.child}?id=${encodeURIComponent(c.childLinkId)}` })
    return (
      <View className='page'>
        <View className='result-head'>
          <View className='result-head__icon'>✓</View>
          <Text className='result-head__title'>{phase.alreadyLinked ? '已关联' : '关联成功'}</Text>
          <Text className='result-head__sub'>
            {phase.alreadyLinked ? '您此前已关联被监护人' : '已关联被监护人'} {c.maskedName}（{c.sex}，{c.birthDate}出生），<Text className='keep'>您是其{PARENT_ROLE_TEXT[c.parentRole]}</Text>
            {c.renamed ? <Text className='keep'>，已通过曾用名核对</Text> : ''}
          </Text>
        </View>
        <View className='actions'>
          {c.credentialsClaimed ? (
            <Button onClick={toChild}>查看被监护人</Button>
          ) : (
            <>
              <Button onClick={toChild}>申领</Button>
              <Text className='tip'>下一步：申领孩子的<Text className='keep'>广东省居民身份电子凭证</Text>和<Text className='keep'>广东省居民户口簿</Text>。</Text>
            </>
          )}
        </View>
      </View>
    )
  }

  if (phase.kind === 'refused') {
    return (
      <View className='page'>
        <View className='result-head'>
          <View className='result-head__icon result-head__icon--warn'>!</View>
          <Text className='result-head__title'>关联未成功</Text>
        </View>
        <ReasonView reason={phase.reason} />
        <RefusalActions
          reason={phase.reason}
          retype={(renamed) => link.backToForm(renamed)}
          fromCertificate={(id) => {
            // The number typed stays in the form: it belongs to that certificate's child.
            setChosen(id)
            link.backToForm()
          }}
        />
      </View>
    )
  }

  const linking = phase.kind === 'linking'
  return (
    <View className='page link'>
      <View className='section-title'>通过出生医学证明关联</View>
      <View className='section'>
        <View className='link__confirm'>
          <Text className='link__label'>被监护人姓名（出生医学证明新生儿姓名）</Text>
          <Text className='link__name'>{newborn}</Text>
          <Text className='link__cert'>{cert.maskedSummary}</Text>
        </View>
      </View>

      {linkedThrough(cert.credentialId) && (
        <Text className='tip'>已通过这份出生医学证明关联 {linkedThrough(cert.credentialId)?.maskedName}，再次关联不会重复记录。</Text>
      )}

      <View className='section-title'>填写被监护人信息</View>
      <View className='section'>
        <View className='form-row'>
          <Text className='form-row__label'>被监护人身份证号码</Text>
          <Input
            className='form-row__input link__id-input'
            {...fieldLabel('被监护人身份证号码')}
            type={ID_INPUT_TYPE}
            // Not 18: a pasted "441302 2018 0914 0829" must not be cut before the server normalises it.
            maxlength={RAW_ID_NUMBER_MAX}
            placeholder='户口簿上的身份证号码'
            value={link.idNumber}
            onInput={(e) => link.setIdNumber(e.detail.value)}
          />
        </View>
        <Check square on={link.renamed} onClick={() => link.setRenamed(!link.renamed)}>
          孩子改过名字（户口簿现用名与出生医学证明不同）
        </Check>
        {link.renamed && (
          <View className='form-row'>
            <Text className='form-row__label'>孩子现在的姓名</Text>
            <Input
              className='form-row__input link__name-input'
              {...fieldLabel('孩子现在的姓名')}
              maxlength={30}
              placeholder='户口簿上的现用名'
              value={link.currentName}
              onInput={(e) => link.setCurrentName(e.detail.value)}
            />
          </View>
        )}
      </View>
      {link.formError && <View className='form-error'>{link.formError}</View>}
      <Text className='tip'>
        系统将用孩子户口簿上的姓名、性别、出生日期与出生医学证明的新生儿姓名、性别、出生时间逐项核对，三项一致即可关联。
        {link.renamed ? '改过名的孩子，将用户口簿上的曾用名核对新生儿姓名。' : ''}
      </Text>
      <View className='actions'>
        <Button loading={linking} onClick={() => void link.submit(cert.credentialId)}>
          {linking ? '正在核对…' : '确认关联'}
        </Button>
      </View>
    </View>
  )
}

export default withTextScale(LinkChild)
