import { useMemo, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { DECLINE_REASONS, type PartView } from '../../../types/consentModels'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { callConsent } from '../../services/cloud'
import { CONSENT_PAGES, codeFromParams } from '../../services/consent'
import { asCloudError, requireToken, VerificationCancelled, withFreshVerification } from '../../services/space'
import { ConsentError } from '../components/ConsentError'
import { Row, StatusTag } from '../components/Row'
import { useRequest } from '../hooks'
import '../consent.scss'

type Pick = { on: boolean; optionId?: string; fields: string[] }

/** What the signer may tick: parts they can sign now, preselected with every field asked for. */
function initialPicks(parts: PartView[]): Record<string, Pick> {
  const out: Record<string, Pick> = {}
  for (const p of parts) {
    if (p.status === 'signed' || p.eligibility.kind !== 'signable') continue
    const match = p.eligibility.options.find((o) => o.matches)
    out[p.key] = { on: true, optionId: match?.optionId, fields: p.fields.map((f) => f.key) }
  }
  return out
}

function PartCard({ part, pick, onChange, onDecline }: { part: PartView; pick?: Pick; onChange: (p: Pick) => void; onDecline: () => void }) {
  const e = part.eligibility
  const toggleField = (key: string) => {
    if (!pick) return
    const fields = pick.fields.includes(key) ? pick.fields.filter((f) => f !== key) : [...pick.fields, key]
    onChange({ ...pick, fields })
  }
  return (
    <View className='cs-part' data-part={part.key}>
      <View className='cs-part__head' onClick={pick ? () => onChange({ ...pick, on: !pick.on }) : undefined}>
        <View style={{ display: 'flex', alignItems: 'center' }}>
          {pick && <View className={`cs-box${pick.on ? ' cs-box--on' : ''}`}>{pick.on ? '✓' : ''}</View>}
          <Text>{part.title}</Text>
        </View>
        <StatusTag status={part.status} />
      </View>
      <View className='cs-part__body'>
        {part.status === 'signed' && <Text className='cs-part__note'>{part.signedByMe ? '您已授权' : `已由 ${part.signedBy ?? '家人'} 授权`}</Text>}
        {part.status !== 'signed' && e.kind === 'unsignable' && (
          <Text className='cs-part__note cs-part__note--bad'>{e.reason.message}。报名时将按“待审类（含未授权）”办理，现场出示纸质材料核验。</Text>
        )}
        {part.status !== 'signed' && e.kind === 'not_signer' && <Text className='cs-part__note cs-part__note--warn'>{e.reason.message}</Text>}
        {pick && e.kind === 'signable' && e.options.length > 1 && (
          <View>
            <Text className='cs-part__note'>有多套房产的，请选择与学生户口簿地址一致的房产：</Text>
            {e.options.map((o) => (
              <View key={o.optionId} className={`cs-option${o.matches ? '' : ' cs-option--off'}`} onClick={o.matches ? () => onChange({ ...pick, optionId: o.optionId }) : undefined}>
                <View className={`cs-radio${pick.optionId === o.optionId ? ' cs-radio--on' : ''}`} />
                <Text>{o.label}{o.matches ? ' · 与户口簿地址一致' : ' · 与户口簿地址不一致，不可选'}</Text>
              </View>
            ))}
          </View>
        )}
        {pick && e.kind === 'signable' && e.options.length === 1 && <Text className='cs-part__note'>{e.options[0].label}</Text>}
        <Text className='cs-part__note'>{pick ? '授权内容（可取消不需要的项，最小化授权）：' : '申请的内容：'}</Text>
        <View className='cs-fields'>
          {part.fields.map((f) => {
            const on = pick ? pick.on && pick.fields.includes(f.key) : false
            return (
              <Text key={f.key} className={`cs-field${on ? ' cs-field--on' : ''}`} onClick={pick ? () => toggleField(f.key) : undefined}>
                {f.label}
              </Text>
            )
          })}
        </View>
        {part.status === 'pending' && (
          <View className='cs-decline'>
            <Text className='cs-link' onClick={onDecline}>无法在线授权？</Text>
          </View>
        )}
      </View>
    </View>
  )
}

/** 授权信息 (seed 001 §2.1.3 d–e, seed 000 §二.5): who asks and why, each credential and field, then 签署授权. */
export default function OpenRequestPage() {
  const code = codeFromParams(useRouter().params)
  const { data: request, setData, error, loading, reload } = useRequest(code)
  const [picks, setPicks] = useState<Record<string, Pick> | null>(null)
  const [agreed, setAgreed] = useState(false)
  const [busy, setBusy] = useState(false)
  const current = useMemo(() => picks ?? (request ? initialPicks(request.parts) : {}), [picks, request])

  if (!request) {
    return <View className='page'>{error ? <ConsentError error={error} onRetry={reload} /> : <Loading text='正在加载授权信息…' />}</View>
  }

  const chosen = Object.entries(current).filter(([, p]) => p.on)
  const canSign = request.status === 'open' && chosen.length > 0 && chosen.every(([, p]) => p.fields.length > 0)

  const onSign = async () => {
    if (!agreed) return void Taro.showToast({ title: '请先勾选“我已认真阅读并同意”', icon: 'none' })
    setBusy(true)
    try {
      const parts = chosen.map(([part, p]) => ({ part: part as PartView['key'], optionId: p.optionId, fields: p.fields }))
      const done = await withFreshVerification((sessionToken) => callConsent({ action: 'sign', sessionToken, code, agreed: true, parts }))
      setData(done.request)
      setPicks(initialPicks(done.request.parts))
      setAgreed(false)
      await Taro.showModal({ title: '授权成功', content: done.request.status === 'complete' ? '本次申请所需证照已全部授权，报名系统将自动获取。' : '您负责的证照已授权；其余证照需由对应的家人登录授权。', showCancel: false, confirmText: '返回' })
    } catch (e) {
      if (e instanceof VerificationCancelled) return
      const err = asCloudError(e)
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
      void reload()
    } finally {
      setBusy(false)
    }
  }

  /** 无法在线授权: pick the reason; the application then goes in as 待审类（含未授权）. */
  const onDecline = async (part: PartView) => {
    const reasons = Object.entries(DECLINE_REASONS[part.key] as Record<string, string>)
    try {
      const { tapIndex } = await Taro.showActionSheet({ itemList: reasons.map(([, text]) => text) })
      const [reason, text] = reasons[tapIndex]
      const ok = await Taro.showModal({ title: `${part.title}无法在线授权`, content: `原因：${text}。报名将按“待审类（含未授权）”办理，现场报名时请携带纸质材料供学校核验。`, confirmText: '确定' })
      if (!ok.confirm) return
      const done = await callConsent({ action: 'decline', sessionToken: requireToken(), code, part: part.key, reason: reason as never })
      setData(done.request)
      setPicks(initialPicks(done.request.parts))
    } catch (e) {
      // Closing the action sheet rejects with a cancel: nothing to say.
      if (e && typeof e === 'object' && 'errMsg' in e) return
      const err = asCloudError(e)
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
    }
  }

  return (
    <View className='page'>
      {loading && <Text className='cs-part__note' style={{ textAlign: 'center' }}>正在刷新…</Text>}
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
        {request.status === 'complete' ? '授权完成' : request.status === 'expired' ? '申请已过期' : '等待授权'} · 报名类型：{request.result}
      </View>

      {request.parts.map((p) => (
        <PartCard key={p.key} part={p} pick={current[p.key]} onChange={(next) => setPicks({ ...current, [p.key]: next })} onDecline={() => void onDecline(p)} />
      ))}

      {request.status === 'open' && Object.keys(current).length > 0 && (
        <>
          <View className='cs-agree' onClick={() => setAgreed(!agreed)}>
            <View className={`cs-box${agreed ? ' cs-box--on' : ''}`}>{agreed ? '✓' : ''}</View>
            <Text>我已认真阅读并同意以上授权内容</Text>
          </View>
          <View className='cs-actions'>
            <Button loading={busy} disabled={!canSign} onClick={onSign}>签署授权</Button>
          </View>
        </>
      )}
      <View className='cs-actions'>
        <Button type='default' onClick={() => Taro.navigateTo({ url: CONSENT_PAGES.mine })}>我的授权</Button>
      </View>
    </View>
  )
}
