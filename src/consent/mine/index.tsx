import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { ConsentView } from '../../../types/consentModels'
import { Cell } from '../../components/Cell'
import { Loading } from '../../components/Loading'
import { callConsent } from '../../services/cloud'
import { CONSENT_PAGES } from '../../services/consent'
import { checkIntegrity } from '../integrity'
import { asCloudError, requireToken, VerificationCancelled, withFreshVerification } from '../../services/space'
import { ConsentError } from '../components/ConsentError'
import { Row, StatusTag } from '../components/Row'
import { useMyConsents } from '../hooks'
import { groupConsents } from './group'
import '../consent.scss'
import { control } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'
import { CounterServices } from './CounterServices'
import { Badge, NoticeOfConsent, type Check } from './IntegrityBadge'
import { useReceipt } from './ReceiptAction'

/** Transport or server failure means nothing was verified either way: 'unavailable', not a warning. */
async function check(c: ConsentView): Promise<Check> {
  try {
    return await checkIntegrity(requireToken(), { consentId: c.consentId, revoked: c.state === 'revoked' })
  } catch {
    return 'unavailable'
  }
}

interface CardProps {
  c: ConsentView
  integrity?: Check
  onRevoke: () => void
  onReauthorize: () => void
  onRecheck: () => void
}

function ConsentCard({ c, integrity, onRevoke, onReauthorize, onRecheck }: CardProps) {
  const [showNotice, setShowNotice] = useState(false)
  // A revocation that did not reach the ledger is finished by 注销 again (the server completes it).
  const failed = typeof integrity === 'object' && !integrity.ok
  const unfinished = c.state === 'revoked' && failed && integrity.code === 'revoke-missing'
  const receipt = useReceipt(c)
  return (
    <View className='cs-card' data-consent={c.consentId}>
      <View style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Text className='cs-card__title'>{c.title}</Text>
        <StatusTag status={c.state} />
      </View>
      <Row k='授权给'>{c.systemName}</Row>
      <Row k='授权码'>{c.code}</Row>
      <Row k='证照'>{c.item}</Row>
      <Row k='授权内容'>{c.fields.map((f) => f.label).join('、')}</Row>
      <Row k='授权时间'>{c.grantedAtText}</Row>
      <Row k='有效期至'>{c.expiresAtText}</Row>
      {c.revokedAtText && <Row k='注销时间'>{c.revokedAtText}</Row>}
      <Badge state={integrity} onRetry={onRecheck} />
      {showNotice && <NoticeOfConsent integrity={integrity} />}
      <View className='cs-consent__actions'>
        {c.noticeHash && <Text {...control('button')} className='cs-link' onClick={() => setShowNotice(!showNotice)}>{showNotice ? '收起授权说明' : '查看授权说明'}</Text>}
        {c.state === 'active' && <Text {...control('button')} className='cs-link cs-link--danger' onClick={onRevoke}>注销授权</Text>}
        {unfinished && <Text {...control('button')} className='cs-link cs-link--danger' onClick={onRevoke}>重新提交注销</Text>}
        {/* Not while the record fails verification: a new grant on a log that does not check out proves nothing. */}
        {c.canReauthorize && !failed && <Text {...control('button')} className='cs-link' onClick={onReauthorize}>重新授权</Text>}
        <Text {...control('button')} className='cs-link' onClick={() => Taro.navigateTo({ url: `${CONSENT_PAGES.open}?code=${c.code}` })}>查看申请</Text>
        {/* Not while the record fails verification: the server would refuse (LEDGER_TAMPERED) and the warning above says what to do. */}
        {!failed && receipt.actions}
      </View>
      {!failed && receipt.note}
    </View>
  )
}

/** 我的授权: every authorization given, its state, 注销 and 重新授权, and the integrity of its record. */
function MyConsentsPage() {
  const { data: consents, error, loading, reload } = useMyConsents()
  const [integrity, setIntegrity] = useState<Record<string, Check>>({})
  /** Counter authorizations shown above: the empty state is only for no authorization at all. */
  const [counterCount, setCounterCount] = useState(0)

  // A record waiting to be integrated is checked again once its merge deadline has passed: then it
  // shows its inclusion proof, or the loud warning (merge-overdue).
  useEffect(() => {
    const waiting = (consents ?? []).filter((c) => { const r = integrity[c.consentId]; return typeof r === 'object' && r.ok && r.waitMs > 0 })
    if (waiting.length === 0) return
    const ms = Math.max(...waiting.map((c) => (integrity[c.consentId] as { waitMs: number }).waitMs)) + 500
    const timer = setTimeout(() => waiting.forEach((c) => void recheck(c)), ms)
    return () => clearTimeout(timer)
  }, [integrity, consents])

  useEffect(() => {
    if (!consents) return
    let alive = true
    void (async () => {
      // One at a time: each check moves the device's last-seen checkpoint forward.
      for (const c of consents) {
        if (!alive) return
        setIntegrity((m) => ({ ...m, [c.consentId]: 'checking' }))
        const r = await check(c)
        if (alive) setIntegrity((m) => ({ ...m, [c.consentId]: r }))
      }
    })()
    return () => {
      alive = false
    }
  }, [consents])

  const recheck = async (c: ConsentView) => {
    setIntegrity((m) => ({ ...m, [c.consentId]: 'checking' }))
    const r = await check(c)
    setIntegrity((m) => ({ ...m, [c.consentId]: r }))
  }

  const act = async (run: () => Promise<unknown>, success: string) => {
    try {
      await run()
      void Taro.showToast({ title: success, icon: 'success' })
      void reload()
    } catch (e) {
      if (e instanceof VerificationCancelled) return
      const err = asCloudError(e)
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
    }
  }

  const revoke = async (c: ConsentView) => {
    if (c.state === 'revoked') return act(() => callConsent({ action: 'revoke', sessionToken: requireToken(), consentId: c.consentId }), '已注销')
    const ok = await Taro.showModal({ title: '注销授权', content: `注销后，${c.systemName}将立即无法读取您的${c.title}信息。确定注销吗？`, confirmText: '注销', confirmColor: '#b02f0b' })
    if (!ok.confirm) return
    await act(() => callConsent({ action: 'revoke', sessionToken: requireToken(), consentId: c.consentId }), '已注销')
  }
  const reauthorize = async (c: ConsentView) => {
    const fields = c.fields.map((f) => f.label).join('、')
    const ok = await Taro.showModal({ title: '重新授权', content: `重新授权后，${c.systemName}可再次读取您的${c.title}（${fields}），有效期至${c.expiresAtText}。确定重新授权吗？`, confirmText: '重新授权' })
    if (!ok.confirm) return
    await act(() => withFreshVerification((sessionToken) => callConsent({ action: 'reauthorize', sessionToken, consentId: c.consentId, agreed: true })), '已重新授权')
  }

  if (!consents) {
    return <View className='page'>{error ? <ConsentError error={error} onRetry={reload} returnTo={CONSENT_PAGES.mine} /> : <Loading text='正在加载我的授权…' />}</View>
  }
  return (
    <View className='page'>
      {/* Always in the tree, shown or hidden: inserting it first would shift every node after it, and
          WeChat's setData would resend the whole page (3 kB) twice per refresh instead of one style. */}
      <Text className='cs-part__note' style={{ textAlign: 'center', display: loading ? 'block' : 'none' }}>正在刷新…</Text>
      {/* Beside scanning: a parent who kept the 授权码 (请牢记授权码) types it. */}
      <View className='section'>
        <Cell label='输入授权码' value='无法扫码时使用' onClick={() => void Taro.navigateTo({ url: CONSENT_PAGES.enter })} />
      </View>
      <CounterServices onCount={setCounterCount} />
      {consents.length === 0 && counterCount > 0 ? null : consents.length === 0 ? (
        // Two blocks, not '\n': an H5 <div> folds a line break into a space.
        <View className='cs-empty'>
          <View>您还没有授权记录。</View>
          <View>在报名系统提交申请后，用微信扫描二维码，或点击上方“输入授权码”即可授权。</View>
        </View>
      ) : (
        groupConsents(consents).map((g) => (
          <View key={g.key} className='cs-group' data-group={g.applicationType}>
            <View className='cs-group__head'>
              <Text className='cs-group__title'>{g.applicationType}</Text>
              <Text className='cs-group__sub'>学生 {g.studentMasked} · {g.consents.length} 项授权</Text>
            </View>
            {g.consents.map((c) => (
              <ConsentCard key={c.consentId} c={c} integrity={integrity[c.consentId]} onRevoke={() => void revoke(c)} onReauthorize={() => void reauthorize(c)} onRecheck={() => void recheck(c)} />
            ))}
          </View>
        ))
      )}
    </View>
  )
}

export default withTextScale(MyConsentsPage)
