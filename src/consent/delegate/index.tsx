import { useCallback, useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import type { CounterData, DelegationView, ServiceView } from '../../../types/counter'
import { Button } from '../../components/Button'
import { Loading } from '../../components/Loading'
import { control, fieldLabel } from '../../components/a11y'
import { callCounter, CloudError } from '../../services/cloud'
import { CONSENT_PAGES } from '../../services/consent'
import { ID_INPUT_TYPE } from '../../services/platform'
import { asCloudError, requireToken, VerificationCancelled, withFreshVerification } from '../../services/space'
import { chinaTime } from '../../space/labels'
import { ConsentError } from '../components/ConsentError'
import { Row } from '../components/Row'
import { NoticeText } from '../components/NoticeText'
import { delegationNoticeOf, matterById } from '../../../cloudfunctions/domain/counter/matters'
import '../consent.scss'
import './index.scss'
import { withTextScale } from '../../components/withTextScale'

type Lists = CounterData['delegations']
const STATE: Record<DelegationView['state'], [string, string]> = {
  offered: ['待代办人接受', 'orange'], accepted: ['代办人已接受', 'green'], declined: ['代办人已拒绝', 'red'], ended: ['已结束', 'red'], expired: ['已过期', 'grey'],
}
/** The same delegation as its agent sees it. */
const RECEIVED: Record<DelegationView['state'], [string, string]> = {
  offered: ['待您接受', 'orange'], accepted: ['已接受', 'green'], declined: ['您已拒绝', 'grey'], ended: ['委托人已结束', 'red'], expired: ['已过期', 'grey'],
}
const DAYS = [1, 3, 7] as const

function Chip({ on, label, role = 'radio', onPick }: { on: boolean; label: string; role?: 'radio'; onPick: () => void }) {
  return <View {...control(role, { checked: on })} className={`dg-chip${on ? ' dg-chip--on' : ''}`} onClick={onPick}>{label}</View>
}

/**
 * 委托代办 (seed 004 §2(5), 图13–14): the holder delegates one matter to an agent, sees and ends
 * every delegation; an agent accepts what was delegated to them and shows the delegator's code.
 */
function DelegatePage() {
  const [lists, setLists] = useState<Lists | null>(null)
  const [error, setError] = useState<CloudError | null>(null)
  const [open, setOpen] = useState(false)
  const [form, setForm] = useState({ agentName: '', agentIdNumber: '', matterId: '', days: 3, confirmBy: 'holder' as 'holder' | 'agent' })
  const [formError, setFormError] = useState('')
  const [busy, setBusy] = useState(false)

  const load = useCallback(() => {
    callCounter({ action: 'delegations', sessionToken: requireToken() }).then(
      (r) => {
        setLists(r)
        setError(null)
        setForm((f) => (f.matterId ? f : { ...f, matterId: r.matters[0]?.id ?? '' }))
      },
      (e: unknown) => setError(asCloudError(e)),
    )
  }, [])
  useDidShow(load)

  // 本人远程确认 (seed 004 §2(5)): while this page is open, a counter waiting on the holder's answer shows here.
  const [waiting, setWaiting] = useState<ServiceView | null>(null)
  /** A delegation of hers still waiting on the agent: its card follows the agent's 接受 / 拒绝 without a reload. */
  const awaitingAgent = Boolean(lists?.given.some((d) => d.state === 'offered'))
  useEffect(() => {
    const poll = () => {
      void callCounter({ action: 'pending', sessionToken: requireToken() }).then((r) => setWaiting(r.service), () => undefined)
      if (awaitingAgent) load()
    }
    void poll()
    const t = setInterval(poll, 2000)
    return () => clearInterval(t)
  }, [awaitingAgent, load])

  const problem = (err: unknown) => {
    const e = asCloudError(err)
    void Taro.showModal({ title: e.message, content: e.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
  }

  const submit = async () => {
    if (!form.agentName.trim()) return setFormError('请填写代办人姓名')
    if (!form.agentIdNumber.trim()) return setFormError('请填写代办人身份证号码')
    setFormError('')
    setBusy(true)
    try {
      // The hash of the 授权说明 shown for these choices: the server builds it again and refuses another.
      await withFreshVerification((token) => callCounter({ action: 'delegate', sessionToken: token, ...form, notice: notice?.hash }))
      void Taro.showToast({ title: '已发起委托', icon: 'success' })
      setOpen(false)
      setForm((f) => ({ ...f, agentName: '', agentIdNumber: '' }))
      load()
    } catch (e) {
      if (e instanceof VerificationCancelled) return
      const err = asCloudError(e)
      setFormError(`${err.message}。${err.hint}`)
    } finally {
      setBusy(false)
    }
  }

  const end = async (d: DelegationView) => {
    const ok = await Taro.showModal({ title: '结束委托', content: `结束后，${d.agentMasked}将不能再出示您的身份码办理“${d.matterName}”。确定结束吗？`, confirmText: '结束', confirmColor: '#b02f0b' })
    if (!ok.confirm) return
    try {
      await callCounter({ action: 'endDelegation', sessionToken: requireToken(), delegationId: d.delegationId })
      void Taro.showToast({ title: '已结束', icon: 'success' })
      load()
    } catch (e) {
      problem(e)
    }
  }

  const decline = async (d: DelegationView) => {
    const ok = await Taro.showModal({ title: '拒绝委托', content: `拒绝后，您将不能代${d.holderMasked}办理“${d.matterName}”，${d.holderMasked}会看到您已拒绝。确定拒绝吗？`, confirmText: '拒绝', cancelText: '再想想', confirmColor: '#b02f0b' })
    if (!ok.confirm) return
    try {
      await callCounter({ action: 'declineDelegation', sessionToken: requireToken(), delegationId: d.delegationId })
      void Taro.showToast({ title: '已拒绝', icon: 'success' })
      load()
    } catch (e) {
      problem(e)
    }
  }

  const accept = async (d: DelegationView) => {
    try {
      await callCounter({ action: 'acceptDelegation', sessionToken: requireToken(), delegationId: d.delegationId })
      void Taro.showToast({ title: '已接受委托', icon: 'success' })
      load()
    } catch (e) {
      problem(e)
    }
  }

  const matter = matterById(form.matterId)
  const notice = matter ? delegationNoticeOf(matter, form.days, form.confirmBy) : null

  if (!lists) return <View className='page'>{error ? <ConsentError error={error} onRetry={load} returnTo={CONSENT_PAGES.delegate} /> : <Loading text='正在加载委托信息…' />}</View>

  const live = (d: DelegationView) => d.state === 'offered' || d.state === 'accepted'
  return (
    <View className='page'>
      {waiting && (
        <View {...control('button')} className='cs-badge cs-badge--bad dg-waiting' onClick={() => void Taro.navigateTo({ url: `${CONSENT_PAGES.service}?caseId=${waiting.caseId}` })}>
          {waiting.agentMasked ? `代办人${waiting.agentMasked}正在${waiting.counterName}办理，请确认授权 ›` : `${waiting.counterName}正在等待您确认授权 ›`}
        </View>
      )}
      <View className='cs-group'>
        <View className='cs-group__head'>
          <Text className='cs-group__title'>我委托的</Text>
          <Text className='cs-group__sub'>代办人出示您的身份码在窗口办理，您可随时结束委托</Text>
        </View>
        {lists.given.length === 0 && !open && <Text className='cs-part__note' style={{ margin: '16px 32px' }}>暂无委托。</Text>}
        {lists.given.map((d) => (
          <View key={d.delegationId} className='cs-card' data-delegation={d.delegationId}>
            <View className='cs-part__head' style={{ padding: 0, border: 'none' }}>
              <Text>{d.matterName}</Text>
              <Text className={`cs-tag cs-tag--${STATE[d.state][1]}`}>{STATE[d.state][0]}</Text>
            </View>
            <Row k='代办人'>{d.agentMasked}</Row>
            <Row k='确认方式'>{d.confirmBy === 'agent' ? '由代办人确认授权' : '由本人远程确认授权'}</Row>
            <Row k='有效期至'>{chinaTime(d.expiresAt)}</Row>
            {live(d) && (
              <View className='dg-actions'>
                <Text {...control('button')} className='cs-link cs-link--danger' onClick={() => void end(d)}>结束委托</Text>
              </View>
            )}
          </View>
        ))}
      </View>

      {open ? (
        <>
          <View className='dg-form'>
            <View className='dg-field'>
              <Text className='dg-field__label'>代办人姓名</Text>
              <Input className='dg-field__input' {...fieldLabel('代办人姓名')} maxlength={30} placeholder='与身份证一致' value={form.agentName} onInput={(e) => setForm({ ...form, agentName: e.detail.value })} />
            </View>
            <View className='dg-field'>
              <Text className='dg-field__label'>代办人身份证号码</Text>
              <Input className='dg-field__input' {...fieldLabel('代办人身份证号码')} type={ID_INPUT_TYPE} maxlength={24} placeholder='18位身份证号码' value={form.agentIdNumber} onInput={(e) => setForm({ ...form, agentIdNumber: e.detail.value })} />
            </View>
            <View className='dg-field' role='radiogroup' aria-label='办理事项'>
              <Text className='dg-field__label'>办理事项</Text>
              <View className='dg-chips'>
                {lists.matters.map((m) => <Chip key={m.id} on={form.matterId === m.id} label={m.name} onPick={() => setForm({ ...form, matterId: m.id })} />)}
              </View>
            </View>
            <View className='dg-field' role='radiogroup' aria-label='有效期'>
              <Text className='dg-field__label'>有效期</Text>
              <View className='dg-chips'>
                {DAYS.map((n) => <Chip key={n} on={form.days === n} label={`${n}天`} onPick={() => setForm({ ...form, days: n })} />)}
              </View>
            </View>
            <View className='dg-field' role='radiogroup' aria-label='确认方式'>
              <Text className='dg-field__label'>在窗口由谁确认授权</Text>
              <View className='dg-chips'>
                <Chip on={form.confirmBy === 'holder'} label='本人远程确认' onPick={() => setForm({ ...form, confirmBy: 'holder' })} />
                <Chip on={form.confirmBy === 'agent'} label='由代办人确认' onPick={() => setForm({ ...form, confirmBy: 'agent' })} />
              </View>
            </View>
          </View>
          {notice && <NoticeText text={notice.text} />}
          {formError && <View className='dg-error' aria-live='assertive'>{formError}</View>}
          <View className='cs-actions'>
            <Button loading={busy} onClick={() => void submit()}>确认委托</Button>
          </View>
        </>
      ) : (
        <View className='cs-actions' style={{ marginTop: '24px' }}>
          <Button onClick={() => setOpen(true)}>发起委托</Button>
        </View>
      )}

      <View className='cs-group'>
        <View className='cs-group__head'>
          <Text className='cs-group__title'>委托给我的</Text>
          <Text className='cs-group__sub'>家人委托您代办时，在这里接受并出示委托人身份码</Text>
        </View>
        {lists.received.length === 0 && <Text className='cs-part__note' style={{ margin: '16px 32px' }}>暂无委托给您的事项。</Text>}
        {lists.received.map((d) => (
          <View key={d.delegationId} className='cs-card' data-received={d.delegationId}>
            <View className='cs-part__head' style={{ padding: 0, border: 'none' }}>
              <Text>{d.matterName}</Text>
              <Text className={`cs-tag cs-tag--${RECEIVED[d.state][1]}`}>{RECEIVED[d.state][0]}</Text>
            </View>
            <Row k='委托人'>{d.holderMasked}</Row>
            <Row k='有效期至'>{chinaTime(d.expiresAt)}</Row>
            <Row k='确认方式'>{d.confirmBy === 'agent' ? '在窗口由您确认授权' : '由委托人远程确认授权'}</Row>
            {live(d) && (
              <View className='dg-actions'>
                {d.state === 'offered' && <Text {...control('button')} className='cs-link' onClick={() => void accept(d)}>接受委托</Text>}
                {d.state === 'accepted' && (
                  <Text {...control('button')} className='cs-link' onClick={() => void Taro.navigateTo({ url: `${CONSENT_PAGES.code}?delegation=${d.delegationId}` })}>出示委托人身份码</Text>
                )}
                <Text {...control('button')} className='cs-link cs-link--danger' onClick={() => void decline(d)}>拒绝委托</Text>
              </View>
            )}
          </View>
        ))}
      </View>
    </View>
  )
}

export default withTextScale(DelegatePage)
