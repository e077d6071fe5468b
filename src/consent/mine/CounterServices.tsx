import { useCallback, useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { ServiceView } from '../../../types/counter'
import { control } from '../../components/a11y'
import { callCounter } from '../../services/cloud'
import { asCloudError, requireToken } from '../../services/space'
import { chinaTime } from '../../space/labels'
import { Row, StatusTag } from '../components/Row'
import { checkIntegrity } from '../integrity'
import { Badge, NoticeOfConsent, type Check } from './IntegrityBadge'

const STATE: Record<ServiceView['state'], string> = { confirmed: 'active', ended: 'revoked', expired: 'expired', refused: 'unavailable', awaiting: 'pending' }
const STATE_TEXT: Partial<Record<ServiceView['state'], string>> = { ended: '已结束', refused: '已拒绝' }

const WAY: Record<ServiceView['way'], string> = { scan: '扫码（出示政务码）', face: '刷脸办', card: '读卡（实体身份证）' }

/** The way in: 委托代办 when an agent showed the code, else 扫码 / 刷脸办 / 读卡. */
const wayText = (s: ServiceView) => (s.agentMasked ? '委托代办（代办人出示委托人身份码）' : WAY[s.way])

/** A refused request shows everything it asked for; a granted one what the counter could read. */
const asked = (s: ServiceView) => (s.state === 'refused' || !s.uses.some((u) => u.held) ? s.uses : s.uses.filter((u) => u.held))

/** Only a confirmed (or since ended) 服务授权 has a grant on the ledger: refused and lapsed requests have none to prove. */
const granted = (s: ServiceView) => s.state === 'confirmed' || s.state === 'ended'

/** The same check as a consent's, on the counter's own `proof` of the holder's case; no verdict on a transport failure. */
async function check(s: ServiceView): Promise<Check> {
  try {
    const sessionToken = requireToken()
    return await checkIntegrity(sessionToken, { consentId: `counter:${s.caseId}`, revoked: s.state === 'ended' }, (knownSize) =>
      callCounter({ action: 'proof', sessionToken, caseId: s.caseId, knownSize }),
    )
  } catch {
    return 'unavailable'
  }
}

/** One granted card: its badge, and 查看授权说明 once the device has checked the text against the grant leaf. */
function Proof({ integrity, onRecheck }: { integrity: Check | undefined; onRecheck: () => void }) {
  const [showNotice, setShowNotice] = useState(false)
  return (
    <>
      <Badge state={integrity} onRetry={onRecheck} />
      {showNotice && <NoticeOfConsent integrity={integrity} />}
      <View className='cs-consent__actions'>
        <Text {...control('button')} className='cs-link' onClick={() => setShowNotice(!showNotice)}>{showNotice ? '收起授权说明' : '查看授权说明'}</Text>
      </View>
    </>
  )
}

/**
 * 窗口办理 in 我的授权: every counter the holder authorized (or refused), what it could
 * read and until when; 结束授权 stops the counter's next read at once.
 */
export function CounterServices({ onCount }: { onCount: (n: number) => void }) {
  const [services, setServices] = useState<ServiceView[] | null>(null)
  const load = useCallback(() => {
    callCounter({ action: 'mine', sessionToken: requireToken() }).then(
      (r) => {
        setServices(r.services)
        onCount(r.services.length)
      },
      () => setServices(null),
    )
  }, [onCount])
  // Mounted once the page's own list has loaded, after the page showed: load now, and on every later show.
  useEffect(load, [load])
  useDidShow(load)

  const [integrity, setIntegrity] = useState<Record<string, Check>>({})
  // After the list renders, one proof per granted card, one at a time (checkIntegrity queues them
  // with the consents' own: each moves the device's last-seen checkpoint).
  useEffect(() => {
    if (!services) return
    let alive = true
    void (async () => {
      for (const s of services.filter(granted)) {
        if (!alive) return
        setIntegrity((m) => ({ ...m, [s.caseId]: 'checking' }))
        const r = await check(s)
        if (alive) setIntegrity((m) => ({ ...m, [s.caseId]: r }))
      }
    })()
    return () => {
      alive = false
    }
  }, [services])
  const recheck = async (s: ServiceView) => {
    setIntegrity((m) => ({ ...m, [s.caseId]: 'checking' }))
    const r = await check(s)
    setIntegrity((m) => ({ ...m, [s.caseId]: r }))
  }

  const end = async (s: ServiceView) => {
    const ok = await Taro.showModal({ title: '结束授权', content: `结束后，${s.counterName}将立即无法读取您的证照。确定结束吗？`, confirmText: '结束', confirmColor: '#b02f0b' })
    if (!ok.confirm) return
    try {
      await callCounter({ action: 'end', sessionToken: requireToken(), caseId: s.caseId })
      void Taro.showToast({ title: '已结束', icon: 'success' })
      load()
    } catch (e) {
      const err = asCloudError(e)
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
    }
  }

  if (!services || services.length === 0) return null
  return (
    <View className='cs-group' data-group='counter'>
      <View className='cs-group__head'>
        <Text className='cs-group__title'>窗口办理</Text>
        <Text className='cs-group__sub'>在办事窗口出示政务码后的授权</Text>
      </View>
      {services.map((s) => (
        <View key={s.caseId} className='cs-card' data-case={s.caseId}>
          <View className='cs-part__head' style={{ padding: 0, border: 'none' }}>
            <Text>{s.matterName}</Text>
            {STATE_TEXT[s.state] ? <Text className={`cs-tag cs-tag--${s.state === 'ended' ? 'red' : 'grey'}`}>{STATE_TEXT[s.state]}</Text> : <StatusTag status={STATE[s.state]} />}
          </View>
          <Row k='办理窗口'>{s.counterName}</Row>
          <Row k='办理方式'>{wayText(s)}</Row>
          <Row k='窗口人员'>{s.operatorName}</Row>
          {s.agentMasked && <Row k='代办人'>{s.agentMasked}</Row>}
          {s.deviceLabel && <Row k='评价器编号'>{s.deviceLabel}</Row>}
          <Row k={s.answeredAt !== null ? (s.state === 'refused' ? '拒绝时间' : '授权时间') : '申请时间'}>{chinaTime(s.answeredAt ?? s.createdAt)}</Row>
          {/* What was asked, even if refused or nothing was held: each credential on its own line, with the fields the counter would read. */}
          <View className='cs-row'>
            <Text className='cs-row__k'>{s.state === 'refused' ? '申请使用' : '证照'}</Text>
            <View className='cs-row__v'>
              {asked(s).map((u) => (
                <View key={u.type} className='cs-asked'>
                  <Text className='cs-asked__title'>{u.held ? u.title : `${u.title}（未领取）`}</Text>
                  <Text className='cs-asked__fields'>{u.fields.join('、')}</Text>
                </View>
              ))}
            </View>
          </View>
          {s.grantExpiresAt !== null && s.state !== 'ended' && <Row k='有效期至'>{chinaTime(s.grantExpiresAt)}</Row>}
          {granted(s) && <Proof integrity={integrity[s.caseId]} onRecheck={() => void recheck(s)} />}
          {s.state === 'confirmed' && (
            <View className='cs-consent__actions'>
              <Text {...control('button')} className='cs-link cs-link--danger' onClick={() => void end(s)}>结束授权</Text>
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
