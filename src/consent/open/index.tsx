import { useMemo, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { DECLINE_FOR_REFUSAL, DECLINE_REASONS, type PartView, type RequestView } from '../../../types/consentModels'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { callConsent, CloudError } from '../../services/cloud'
import { authCodeProblem, CONSENT_PAGES, codeFromParams } from '../../services/consent'
import { asCloudError, requireToken, VerificationCancelled, withFreshVerification } from '../../services/space'
import { ConsentError } from '../components/ConsentError'
import { PartCard, type Pick } from '../components/PartCard'
import { Row } from '../components/Row'
import { NoticeText } from '../components/NoticeText'
import { agreeLine } from '../../../cloudfunctions/domain/consent/notice'
import { requestPage, useRequest } from '../hooks'
import '../consent.scss'
import { control } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

/**
 * The signer's picks, kept across reloads (the page reloads on every show: after 注销 in 我的授权,
 * after the face check) but rebuilt from what the request now allows: parts no longer signable drop
 * out, parts newly signable (revoked, declared by a relative) come in preselected with every field.
 */
function reconcile(prev: Record<string, Pick>, r: RequestView): Record<string, Pick> {
  const out: Record<string, Pick> = {}
  if (r.status === 'expired') return out
  for (const p of r.parts) {
    if (p.status === 'signed' || p.eligibility.kind !== 'signable') continue
    const matching = p.eligibility.options.filter((o) => o.matches).map((o) => o.optionId)
    const old = prev[p.key]
    const asked = p.fields.map((f) => f.key)
    out[p.key] = old
      ? { on: old.on, optionId: old.optionId && matching.includes(old.optionId) ? old.optionId : matching[0], fields: old.fields.filter((f) => asked.includes(f)) }
      : { on: true, optionId: matching[0], fields: asked }
  }
  return out
}

/** A missing or malformed code never reaches the server; ConsentError offers 返回首页 for it. */
function codeProblem(code: string): CloudError | null {
  const p = authCodeProblem(code)
  return p ? new CloudError('BAD_REQUEST', p.message, p.hint) : null
}

/** 授权信息 (seed 001 §2.1.3 d–e, seed 000 §二.5): who asks and why, each credential and field, then 签署授权. */
function OpenRequestPage() {
  const code = codeFromParams(useRouter().params)
  const problem = codeProblem(code)
  const { data: request, setData, error, loading, reload } = useRequest(problem ? null : code)
  const [picks, setPicks] = useState<Record<string, Pick>>({})
  const [agreed, setAgreed] = useState(false)
  const [busy, setBusy] = useState(false)
  const current = useMemo(() => (request ? reconcile(picks, request) : {}), [picks, request])

  if (problem) return <View className='page'><ConsentError error={problem} onRetry={reload} /></View>
  if (!request) {
    return <View className='page'>{error ? <ConsentError error={error} onRetry={reload} returnTo={requestPage(code)} /> : <Loading text='正在加载授权信息…' />}</View>
  }

  const expired = request.status === 'expired'
  const signable = !expired && Object.keys(current).length > 0
  const chosen = Object.entries(current).filter(([, p]) => p.on)
  const empty = chosen.find(([, p]) => p.fields.length === 0)
  const why = chosen.length === 0 ? '请至少勾选一项证照' : empty ? '请至少勾选一项授权内容' : null

  const onSign = async () => {
    if (!agreed) return void Taro.showToast({ title: '请先勾选“我已认真阅读并同意”', icon: 'none' })
    setBusy(true)
    try {
      const parts = chosen.map(([part, p]) => ({ part: part as PartView['key'], optionId: p.optionId, fields: p.fields }))
      // The hash of the 授权说明 this page showed: the server refuses if it is no longer the one in force.
      const notice = request.notice.hash
      const done = await withFreshVerification((sessionToken) => callConsent({ action: 'sign', sessionToken, code, agreed: true, notice, parts }))
      setData(done.request)
      setPicks({})
      setAgreed(false)
      await Taro.showModal({ title: '授权成功', content: done.request.status === 'complete' ? '本次申请所需证照已全部授权，报名系统将自动获取。' : '您负责的证照已授权；其余证照需由对应的家人登录授权。', showCancel: false, confirmText: '返回' })
    } catch (e) {
      if (e instanceof VerificationCancelled) return
      const err = asCloudError(e)
      // A changed 授权说明 is read again before anyone agrees to it.
      if (err.code === 'NOTICE_CHANGED') setAgreed(false)
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
      void reload()
    } finally {
      setBusy(false)
    }
  }

  /** 无法在线授权: pick the reason; the application then goes in as 待审类（含未授权）. */
  const onDecline = async (part: PartView) => {
    // The reason that matches why this viewer cannot sign (e.g. property not at the register address) comes first.
    const fits = part.eligibility.kind !== 'signable' ? DECLINE_FOR_REFUSAL[part.eligibility.reason.code] : undefined
    const reasons = Object.entries(DECLINE_REASONS[part.key] as Record<string, string>).sort(([a], [b]) => Number(b === fits) - Number(a === fits))
    try {
      const { tapIndex } = await Taro.showActionSheet({ itemList: reasons.map(([, text]) => text) })
      const [reason, text] = reasons[tapIndex]
      const ok = await Taro.showModal({ title: `${part.title}无法在线授权`, content: `原因：${text}。报名将按“待审类（含未授权）”办理，现场报名时请携带纸质材料供学校核验。`, confirmText: '确定' })
      if (!ok.confirm) return
      const done = await callConsent({ action: 'decline', sessionToken: requireToken(), code, part: part.key, reason: reason as never })
      setData(done.request)
    } catch (e) {
      // Closing the action sheet rejects with a cancel: nothing to say.
      if (e && typeof e === 'object' && 'errMsg' in e) return
      const err = asCloudError(e)
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
      void reload()
    }
  }

  return (
    <View className='page'>
      {loading && <Text className='cs-part__note' style={{ textAlign: 'center' }}>正在刷新…</Text>}
      {request.viewer.notice && (
        <ErrorNotice message={request.viewer.notice.message} hint={request.viewer.notice.hint}>
          {request.viewer.role === 'unrelated' && <Button type='default' onClick={() => void Taro.navigateTo({ url: CONSENT_PAGES.mine })}>我的授权</Button>}
        </ErrorNotice>
      )}
      <View className='cs-card'>
        <Text className='cs-card__title'>{request.systemName}</Text>
        <Row k='申请事项'>{request.applicationType}</Row>
        <Row k='用途'>{request.purpose}</Row>
        <Row k='学生'>{request.studentMasked}</Row>
        <Row k='佐证'>{request.evidence}</Row>
        <Row k='授权码'>{request.code}</Row>
        <Row k='有效期至'>{request.expiresAtText}</Row>
      </View>

      <View className={`cs-result cs-result--${request.result === '网上证照已授权' ? 'ok' : 'pending'}`}>
        {request.status === 'complete' ? '授权完成' : expired ? '申请已过期' : '等待授权'} · 报名类型：{request.result}
      </View>
      {request.nextStep && <Text className='cs-part__note cs-next'>{request.nextStep}</Text>}

      {request.parts.map((p) => (
        <PartCard key={p.key} part={p} pick={current[p.key]} expired={expired} onChange={(next) => setPicks({ ...current, [p.key]: next })} onDecline={() => void onDecline(p)} />
      ))}

      {/* 授权说明: the text whose hash goes back with 签署授权 (its 同意声明 is the checkbox below, when there is one). */}
      <NoticeText text={request.notice.text} omitAgree={signable} />
      {signable && (
        <>
          <View {...control('checkbox', { checked: agreed })} className='cs-agree' onClick={() => setAgreed(!agreed)}>
            <View className={`cs-box${agreed ? ' cs-box--on' : ''}`}>{agreed ? '✓' : ''}</View>
            <Text>{agreeLine(request.notice.text)}</Text>
          </View>
          <View className='cs-actions'>
            <Button loading={busy} disabled={why !== null} onClick={onSign}>签署授权</Button>
            {why && <Text className='cs-part__note cs-part__note--bad' style={{ textAlign: 'center' }}>{why}</Text>}
          </View>
        </>
      )}
      <View className='cs-actions'>
        <Button type='default' onClick={() => Taro.navigateTo({ url: CONSENT_PAGES.mine })}>我的授权</Button>
      </View>
    </View>
  )
}

export default withTextScale(OpenRequestPage)
