import { useCallback, useEffect, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { ServiceView } from '../../../types/counter'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { callCounter, CloudError } from '../../services/cloud'
import { CONSENT_PAGES } from '../../services/consent'
import { PAGES } from '../../services/platform'
import { asCloudError, requireToken, SPACE_PAGES, VerificationCancelled, withFreshVerification } from '../../services/space'
import { ConsentError } from '../components/ConsentError'
import { Row } from '../components/Row'
import { NoticeText } from '../components/NoticeText'
import { control } from '../../components/a11y'
import '../consent.scss'
import '../../components/resultHead.scss'
import { withTextScale } from '../../components/withTextScale'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'

/**
 * The case this page was opened for: 刷脸办 (`?ticket=`, the counter's QR code: the holder verifies
 * by face and the case opens for them), or a case pushed by a scan, still waiting (pending) or
 * already answered (mine).
 */
async function loadService(caseId: string, ticketId: string): Promise<ServiceView> {
  if (ticketId) {
    const { service } = await withFreshVerification((token) => callCounter({ action: 'claimTicket', sessionToken: token, ticketId }))
    return service
  }
  const token = requireToken()
  const { service } = await callCounter({ action: 'pending', sessionToken: token })
  if (service?.caseId === caseId) return service
  const { services } = await callCounter({ action: 'mine', sessionToken: token })
  const found = services.find((s) => s.caseId === caseId)
  if (!found) throw new CloudError('CASE_NOT_FOUND', '授权请求已超时', '办事人未在5分钟内确认。请窗口工作人员重新扫描您当前的政务码。')
  return found
}

const mmss = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/**
 * 服务授权 (seed 004 §2(1) 3, 图3–4): which counter, which matter, which credentials and fields, for
 * how long; 确认授权 after a fresh face check, or 拒绝. One answer per request.
 */
function ServicePage() {
  const params = useRouter().params
  // ?ticket= from the H5 link; `scene=ticket=<id>` when WeChat opens a mini-program code.
  const ticketId = params.ticket ?? (params.scene ? decodeURIComponent(params.scene).replace(/^ticket=/, '') : '')
  const [caseId, setCaseId] = useState(params.caseId ?? '')
  const [service, setServiceView] = useState<ServiceView | null>(null)
  /** When the answer is due on this phone's clock (the server says how long is left). */
  const [dueAt, setDueAt] = useState(0)
  const setService = useCallback((s: ServiceView) => {
    setServiceView(s)
    setCaseId(s.caseId)
    setDueAt(Date.now() + s.answerWithinMs)
  }, [])
  const [error, setError] = useState<CloudError | null>(null)
  const [busy, setBusy] = useState<'confirm' | 'refuse' | null>(null)
  const [now, setNow] = useState(Date.now())

  const reload = useCallback(() => {
    setError(null)
    loadService(caseId, caseId ? '' : ticketId).then(setService, (e: unknown) => {
      if (e instanceof VerificationCancelled) setError(new CloudError('VERIFICATION_REQUIRED', '需要先验证本人身份', '刷脸办需要先完成人脸识别。请点击重试，按提示完成验证。'))
      else setError(asCloudError(e))
    })
  }, [caseId, ticketId, setService])
  useDidShow(reload)
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])

  const answer = async (decision: 'confirm' | 'refuse') => {
    if (decision === 'refuse') {
      const ok = await Taro.showModal({ title: '拒绝授权', content: '拒绝后，窗口将无法使用您的电子证照，需您提交纸质材料办理。确定拒绝吗？', confirmText: '拒绝', cancelText: '再想想' })
      if (!ok.confirm) return
    }
    setBusy(decision)
    try {
      const r = decision === 'confirm'
        // The hash of the 授权说明 shown: a case whose terms changed meanwhile (a credential claimed) is read again first.
        ? await withFreshVerification((token) => callCounter({ action: 'answer', sessionToken: token, caseId, decision, notice: service?.notice.hash }))
        : await callCounter({ action: 'answer', sessionToken: requireToken(), caseId, decision })
      setService(r.service)
    } catch (e) {
      if (e instanceof VerificationCancelled) return
      const err = asCloudError(e)
      if (err.code === 'CASE_ANSWERED' || err.code === 'CASE_EXPIRED' || err.code === 'NOTICE_CHANGED') reload()
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
    } finally {
      setBusy(null)
    }
  }

  // The answer's result replaces a long page: open it at the top, its ✓ under the title bar, not scrolled past.
  const answered = service?.state === 'confirmed' || service?.state === 'refused'
  useSpaceScrollTop(answered ? service?.state : null)

  /** 去领取: claim in 我的数字空间; its banner brings the holder back here, and this page reloads on show. */
  const goClaim = () => void Taro.navigateTo({ url: `${SPACE_PAGES.home}?from=service` })

  if (!caseId && !ticketId) return <View className='page'><ConsentError error={new CloudError('CASE_NOT_FOUND', '未找到该授权请求', '请在“政务码”页等待窗口扫码后自动打开。')} onRetry={reload} /></View>
  if (!service) return <View className='page'>{error ? <ConsentError error={error} onRetry={reload} returnTo={caseId ? `${CONSENT_PAGES.service}?caseId=${caseId}` : `${CONSENT_PAGES.service}?ticket=${ticketId}`} /> : <Loading text='正在加载授权信息…' />}</View>

  const held = service.uses.filter((u) => u.held)
  const missing = service.uses.filter((u) => !u.held)
  const live = service.state === 'awaiting' && now < dueAt

  if (service.state === 'confirmed' || service.state === 'refused') {
    const ok = service.state === 'confirmed'
    const agent = service.viewerIsAgent
    return (
      <View className='page'>
        <View className='result-head' data-testid={ok ? 'service-confirmed' : 'service-refused'}>
          <View className={`result-head__icon${ok ? '' : ' result-head__icon--warn'}`} aria-hidden='true'>{ok ? '✓' : '!'}</View>
          <Text className='result-head__title'>{ok ? '授权成功' : '已拒绝授权'}</Text>
          <Text className='result-head__sub'>
            {ok && agent
              ? `您已代${service.holderMasked}确认授权。${service.counterName}可在${service.grantMinutes}分钟内使用${service.holderMasked}的证照办理“${service.matterName}”，到期自动失效；委托人可在其“我的授权”中提前结束。`
              : ok
                ? `${service.counterName}可在${service.grantMinutes}分钟内使用以上证照办理“${service.matterName}”，到期自动失效；如需提前结束，可在“我的授权”中操作。`
                : agent
                  ? `窗口无法使用${service.holderMasked}的电子证照。如需继续办理，请向窗口提交纸质材料。`
                  : '窗口无法使用您的电子证照。如需继续办理，请向窗口提交纸质材料，或重新出示政务码。'}
          </Text>
        </View>
        <View className='cs-actions'>
          <Button onClick={() => void Taro.reLaunch({ url: PAGES.home })}>返回首页</Button>
          <View style={{ height: '24px' }} />
          {/* The agent has no authorization of their own in 我的授权: their delegations are where this one lives. */}
          {agent
            ? <Button type='default' onClick={() => void Taro.redirectTo({ url: CONSENT_PAGES.delegate })}>查看委托给我的</Button>
            : <Button type='default' onClick={() => void Taro.redirectTo({ url: CONSENT_PAGES.mine })}>我的授权</Button>}
        </View>
      </View>
    )
  }

  return (
    <View className='page'>
      <View className='cs-card'>
        <Text className='cs-card__title'>{service.counterName}</Text>
        <Row k='办理事项'>{service.matterName}</Row>
        <Row k='窗口人员'>{service.operatorName}</Row>
        {service.agentMasked && <Row k='委托人'>{service.holderMasked}</Row>}
        {service.agentMasked && <Row k='代办人'>{service.agentMasked}</Row>}
        <Row k='有效期'>{`确认后${service.grantMinutes}分钟内`}</Row>
      </View>
      {held.map((u) => (
        <View key={u.type} className='cs-part'>
          <View className='cs-part__head'><Text>{u.title}</Text></View>
          <View className='cs-part__body'>
            <Text className='cs-part__note'>窗口将读取：</Text>
            <View className='cs-fields'>
              {u.fields.map((f) => <Text key={f} className='cs-field cs-field--on'>{f}</Text>)}
            </View>
          </View>
        </View>
      ))}
      {held.length === 0 ? (
        // Nothing to authorize yet: what is missing, and the way forward (not a greyed 确认授权).
        <View className='cs-part' data-testid='service-nothing-held'>
          <View className='cs-part__head'><Text>{service.viewerIsAgent ? '委托人尚未领取所需证照' : '您尚未领取所需证照'}</Text></View>
          <View className='cs-part__body'>
            <Text className='cs-part__note'>{`本事项需要：${missing.map((u) => u.title).join('、')}。`}</Text>
            <Text className='cs-part__note'>
              {service.viewerIsAgent
                ? '请委托人先在“我的数字空间”领取，或向窗口提交纸质材料。'
                : '可先到“我的数字空间”领取，领取后返回本页确认授权；也可拒绝，向窗口提交纸质材料。'}
            </Text>
          </View>
        </View>
      ) : missing.length > 0 && (
        <View className='cs-next'>
          <Text className='cs-part__note'>{`${service.viewerIsAgent ? '委托人' : '您'}尚未领取${missing.map((u) => u.title).join('、')}，该部分需向窗口提交纸质材料。`}</Text>
          {live && !service.viewerIsAgent && <Text {...control('button')} className='cs-link' onClick={goClaim}>去领取</Text>}
        </View>
      )}
      {live && held.length > 0 && <NoticeText text={service.notice.text} />}
      {live ? (
        <>
          <View className='cs-next'><Text className='cs-part__note' aria-live='polite'>{held.length === 0 && !service.viewerIsAgent ? `窗口将等待 ${mmss(dueAt - now)}，请在此时间内领取并确认` : `请在 ${mmss(dueAt - now)} 内确认`}</Text></View>
          <View className='cs-actions'>
            {held.length === 0
              ? !service.viewerIsAgent && <Button disabled={busy !== null} onClick={goClaim}>去领取证照</Button>
              : <Button loading={busy === 'confirm'} disabled={busy !== null} onClick={() => void answer('confirm')}>确认授权</Button>}
            {!(held.length === 0 && service.viewerIsAgent) && <View style={{ height: '24px' }} />}
            <Button type='default' loading={busy === 'refuse'} disabled={busy !== null} onClick={() => void answer('refuse')}>拒绝</Button>
          </View>
        </>
      ) : (
        <View className='cs-result cs-result--pending'>
          <Text>{service.state === 'ended' ? '该授权已结束。' : '授权请求已超时。如需继续办理，请窗口工作人员重新扫描您当前的政务码。'}</Text>
        </View>
      )}
    </View>
  )
}

export default withTextScale(ServicePage)
