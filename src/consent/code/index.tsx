import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import type { CounterData } from '../../../types/counter'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { callCounter, CloudError } from '../../services/cloud'
import { CONSENT_PAGES } from '../../services/consent'
import { asCloudError, requireToken, VerificationCancelled, withFreshVerification } from '../../services/space'
import { ConsentError } from '../components/ConsentError'
import '../consent.scss'
import './index.scss'
import { withTextScale } from '../../components/withTextScale'

type Code = CounterData['code'] & { receivedAt: number }

/** How often the page asks whether a counter has scanned the code: the 服务授权 opens within 2 s. */
const POLL_MS = 1000

const grouped = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ')

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

  useDidShow(() => {
    visible.current = true
    void fetchCode(true)
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
      if (code && t >= code.receivedAt + (code.refreshAt - code.issuedAt)) void fetchCode(false)
      if (code && t - last >= POLL_MS) {
        last = t
        void callCounter({ action: 'pending', sessionToken: requireToken(), codes: shown.current })
          .then(({ service }) => {
            if (service && visible.current) {
              visible.current = false
              void Taro.navigateTo({ url: `${CONSENT_PAGES.service}?caseId=${service.caseId}` })
            }
          })
          .catch(() => undefined) // a missed poll is retried a second later
      }
    }, 250)
    return () => clearInterval(timer)
  }, [code, fetchCode])

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
        <Text className='gc-tip'>窗口扫码后，本页将自动打开“服务授权”，请核对办理事项和证照后确认。</Text>
        <Text className='gc-tip'>政务码每30秒自动刷新，只能使用一次，截图无效。请勿将政务码发给他人。</Text>
      </View>
    </View>
  )
}

export default withTextScale(GovCodePage)
