import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import type { CounterData, ScannedView } from '../../../types/counter'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { callCounter, CloudError } from '../../services/cloud'
import { CONSENT_PAGES } from '../../services/consent'
import { asCloudError, requireToken, VerificationCancelled, withFreshVerification } from '../../services/space'
import { ConsentError } from '../components/ConsentError'
import { Row } from '../components/Row'
import { PAGES } from '../../services/platform'
import '../consent.scss'
import './index.scss'
import '../../components/resultHead.scss'
import { withTextScale } from '../../components/withTextScale'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'

type Code = CounterData['code'] & { receivedAt: number }

/** How often the page asks whether a counter has scanned the code: the 服务授权 opens within 2 s. */
const POLL_MS = 1000

const grouped = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ')

/** What the one who showed the code sees once a counter scanned it, by who answers and how it ended. */
function scannedText(s: ScannedView): { title: string; note: string; tone: 'wait' | 'ok' | 'bad' } {
  if (s.state === 'awaiting') {
    return s.confirmBy === 'holder'
      ? { title: '等待委托人确认授权', note: `已推送到委托人${s.holderMasked}的手机，请稍候。委托人确认后，窗口即可办理。`, tone: 'wait' }
      : { title: '请您确认授权', note: '正在打开“服务授权”，请核对办理事项和证照后确认。', tone: 'wait' }
  }
  if (s.state === 'confirmed') return { title: s.confirmBy === 'holder' ? '委托人已确认授权' : '已确认授权', note: '窗口工作人员将为您办理。', tone: 'ok' }
  if (s.state === 'refused') return { title: s.confirmBy === 'holder' ? '委托人已拒绝授权' : '已拒绝授权', note: '窗口无法使用电子证照，如需继续办理，请向窗口提交纸质材料。', tone: 'bad' }
  if (s.state === 'ended') return { title: '授权已结束', note: '窗口已不能再使用该授权。', tone: 'bad' }
  return { title: '授权请求已超时', note: '未在5分钟内确认。如需继续办理，请重新出示并请窗口再次扫描。', tone: 'bad' }
}

/** Back to 委托代办 where the agent came from (not a second copy of it on the stack). */
function backToDelegations() {
  const pages = Taro.getCurrentPages()
  const prev = pages[pages.length - 2]?.route ?? ''
  if (prev && `/${prev}`.replace(/^\/\//, '/').startsWith(CONSENT_PAGES.delegate)) void Taro.navigateBack()
  else void Taro.redirectTo({ url: CONSENT_PAGES.delegate })
}

function Scanned({ scanned, delegated, onAgain }: { scanned: ScannedView; delegated: boolean; onAgain: () => void }) {
  const text = scannedText(scanned)
  useSpaceScrollTop(scanned.state)
  const done = scanned.state !== 'awaiting'
  return (
    <View className='page'>
      <View className='result-head' data-testid='gov-scanned'>
        <View className={`result-head__icon${text.tone === 'ok' ? '' : text.tone === 'wait' ? ' gc-wait' : ' result-head__icon--warn'}`} aria-hidden='true'>{text.tone === 'ok' ? '✓' : text.tone === 'wait' ? '···' : '!'}</View>
        <Text className='result-head__title'>已被窗口扫描</Text>
        <Text className='result-head__sub' aria-live='polite'>{`${text.title}。${text.note}`}</Text>
      </View>
      <View className='cs-card'>
        <Row k='办理窗口'>{scanned.counterName}</Row>
        <Row k='窗口人员'>{scanned.operatorName}</Row>
        <Row k='办理事项'>{scanned.matterName}</Row>
        {delegated && <Row k='委托人'>{scanned.holderMasked}</Row>}
        <Row k='确认授权'>{scanned.confirmBy === 'holder' ? (delegated ? '由委托人在其手机上确认' : '由本人确认') : '由您（代办人）确认'}</Row>
      </View>
      <View className='cs-actions'>
        {delegated
          ? <Button onClick={backToDelegations}>返回委托代办</Button>
          : <Button onClick={() => void Taro.reLaunch({ url: PAGES.home })}>返回首页</Button>}
        {done && (
          <>
            <View style={{ height: '24px' }} />
            <Button type='default' onClick={onAgain}>重新出示</Button>
          </>
        )}
      </View>
    </View>
  )
}

/**
 * 政务码 (seed 004 §2(1)): the holder's code for a service counter. It is fetched after a recent
 * face check, replaced every 30 s while shown, and the page watches for the counter's scan: the
 * 服务授权 then opens by itself.
 */
function GovCodePage() {
  /** 委托人身份码: an agent shows the delegator's code under this delegation. */
  const delegationId = useRouter().params.delegation || undefined
  const [code, setCode] = useState<Code | null>(null)
  const [error, setError] = useState<CloudError | null>(null)
  /** The fresh check was declined, or a rotation needed one: the code is paused until asked again. */
  const [paused, setPaused] = useState(false)
  const [now, setNow] = useState(Date.now())
  const visible = useRef(false)
  const fetching = useRef(false)
  /** The codes shown (the current one and the one before, still scannable): what the poll asks about. */
  const shown = useRef<string[]>([])
  /** A counter scanned the code and someone else answers (the delegator, for an agent): what became of it. */
  const [scanned, setScanned] = useState<ScannedView | null>(null)

  const fetchCode = useCallback(async (interactive: boolean) => {
    if (fetching.current) return
    fetching.current = true
    try {
      const c = interactive
        ? await withFreshVerification((token) => callCounter({ action: 'code', sessionToken: token, delegationId }))
        : await callCounter({ action: 'code', sessionToken: requireToken(), delegationId })
      const at = Date.now()
      shown.current = [c.digits, ...shown.current].slice(0, 2)
      setNow(at)
      setCode({ ...c, receivedAt: at })
      setError(null)
      setPaused(false)
    } catch (e) {
      if (e instanceof VerificationCancelled || (e instanceof CloudError && e.code === 'VERIFICATION_REQUIRED')) {
        setCode(null)
        setPaused(true)
      } else setError(asCloudError(e))
    } finally {
      fetching.current = false
    }
  }, [delegationId])

  const showAgain = useCallback(() => {
    // Back on this page (after answering, or 重新出示): a new code, nothing scanned yet.
    shown.current = []
    setScanned(null)
    void fetchCode(true)
  }, [fetchCode])
  useDidShow(() => {
    visible.current = true
    showAgain()
  })
  useDidHide(() => {
    visible.current = false
  })

  // One clock for the countdown, the rotation and the watch for a scan.
  useEffect(() => {
    let last = 0
    const timer = setInterval(() => {
      if (!visible.current) return
      const t = Date.now()
      setNow(t)
      // A scanned code is spent: no new one, and the watch goes on only until the answer is in.
      if (code && !scanned && t >= code.receivedAt + (code.refreshAt - code.issuedAt)) void fetchCode(false)
      if (code && (!scanned || scanned.state === 'awaiting') && t - last >= POLL_MS) {
        last = t
        void callCounter({ action: 'pending', sessionToken: requireToken(), codes: shown.current })
          .then(({ service, scanned: seen }) => {
            if (!visible.current) return
            if (service) {
              visible.current = false
              void Taro.navigateTo({ url: `${CONSENT_PAGES.service}?caseId=${service.caseId}` })
            } else if (seen) setScanned(seen)
          })
          .catch(() => undefined) // a missed poll is retried a second later
      }
    }, 250)
    return () => clearInterval(timer)
  }, [code, fetchCode, scanned])

  if (error) return <View className='page'><ConsentError error={error} onRetry={() => void fetchCode(true)} returnTo={delegationId ? `${CONSENT_PAGES.code}?delegation=${delegationId}` : CONSENT_PAGES.code} /></View>
  if (paused) {
    return (
      <View className='page'>
        <View className='gc-card'>
          <Text className='gc-title'>政务码已暂停</Text>
          <Text className='gc-note'>为保护您的证照信息，出示政务码前需验证本人身份。</Text>
        </View>
        <View className='cs-actions'>
          <Button onClick={() => void fetchCode(true)}>验证身份后出示</Button>
        </View>
      </View>
    )
  }
  if (!code) return <View className='page'><Loading text='正在生成政务码…' /></View>

  if (scanned) return <Scanned scanned={scanned} delegated={Boolean(code.delegation)} onAgain={showAgain} />

  const left = Math.max(0, Math.ceil((code.receivedAt + (code.refreshAt - code.issuedAt) - now) / 1000))
  return (
    <View className='page'>
      <View className='gc-card'>
        {code.delegation && <Text className='gc-for' data-testid='gov-for'>{`委托人身份码：代${code.delegation.holderMasked}办理“${code.delegation.matterName}”`}</Text>}
        <Text className='gc-title'>请向窗口工作人员出示</Text>
        <Image className='gc-qr' src={code.qrDataUrl} aria-label='政务码二维码' nativeProps={{ alt: '政务码二维码，请向窗口工作人员出示' }} />
        <Text className='gc-digits' data-testid='gov-digits' aria-label={`政务码数字 ${code.digits.split('').join(' ')}`}>{grouped(code.digits)}</Text>
        <Text className='gc-note' aria-live='polite'>{left > 0 ? `${left} 秒后自动刷新` : '正在刷新…'}</Text>
      </View>
      <View className='gc-tips'>
        <Text className='gc-tip'>
          {code.delegation?.confirmBy === 'holder'
            ? `窗口扫码后，由委托人${code.delegation.holderMasked}在其手机上确认授权，本页将显示办理进度。`
            : '窗口扫码后，本页将自动打开“服务授权”，请核对办理事项和证照后确认。'}
        </Text>
        <Text className='gc-tip'>政务码每30秒自动刷新，只能使用一次，截图无效。请勿将政务码发给他人。</Text>
      </View>
    </View>
  )
}

export default withTextScale(GovCodePage)
