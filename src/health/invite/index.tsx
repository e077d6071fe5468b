import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { FREQUENCY_LABELS, type HealthData } from '../../../types/health'
import { Button } from '../../components/Button'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { callHealth, CloudError } from '../../services/cloud'
import { asCloudError, forgetTicket, HEALTH_PAGES, rememberTicket, useHealthQuery } from '../../services/health'
import { PAGES } from '../../services/platform'
import { returnAfterLogin } from '../../services/returnAfterLogin'
import { HealthError } from '../components/HealthError'
import '../components/health.scss'
import { control } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

type Way = 'self' | 'proxy'

/**
 * A card that cannot be used (unreadable, tampered, expired, stale): trying again changes nothing,
 * only a new card from the collector does (FAQ 7), so the way out is the home page, not 重试.
 */
function CardRefused({ error }: { error: CloudError }) {
  return (
    <View className='page'>
      <ErrorNotice message={error.message} hint={error.hint || '请联系采集员在微信聊天界面重新发送邀请卡片。'}>
        <Button type='default' onClick={() => void Taro.reLaunch({ url: PAGES.home })}>返回首页</Button>
      </ErrorNotice>
    </View>
  )
}

/** The invitation card's landing page (seed 002 填报方式选择): the org, then 本人填报 or 代他人填报. */
function InviteLanding() {
  const ticket = decodeURIComponent(useRouter().params.t ?? '')
  const q = useHealthQuery(async (token) => ({ token, preview: await callHealth({ action: 'previewInvite', sessionToken: token, ticket }) }), [ticket])
  const [way, setWay] = useState<Way>('self')
  const [busy, setBusy] = useState(false)
  const loggedOut = q.error?.code === 'NOT_LOGGED_IN'
  // Before login the card still says which org invites: the signed card's own content only.
  const [card, setCard] = useState<HealthData['inviteCard'] | null>(null)
  useEffect(() => {
    if (!loggedOut || !ticket) return
    callHealth({ action: 'inviteCard', ticket }).then(setCard, () => setCard(null))
  }, [loggedOut, ticket])
  useEffect(() => {
    if (!loggedOut || !ticket) return
    // Kept for the 健康申报 banner, and the login comes back to this card (services/returnAfterLogin).
    rememberTicket(ticket)
    returnAfterLogin(`${HEALTH_PAGES.invite}?t=${encodeURIComponent(ticket)}`)
  }, [loggedOut, ticket])

  if (!ticket) {
    return <CardRefused error={new CloudError('INVITE_INVALID', '邀请卡片无法识别', '请点击采集员在微信聊天界面发送的邀请卡片；添加申报人不能直接从小程序入口进入。')} />
  }
  if (q.loading && !q.data) return <Loading />
  if (q.error?.code.startsWith('INVITE_')) return <CardRefused error={q.error} />
  if (q.error || !q.data) {
    return (
      <View className='page'>
        {loggedOut && card && (
          <View className='hl-card' data-testid='card-before-login'>
            <Text className='hl-card__sub'>邀请您加入组织</Text>
            <Text className='hl-card__title'>{card.orgName}</Text>
            <Text className='hl-card__sub'>采集员 {card.collectorMaskedName} · {FREQUENCY_LABELS[card.frequency]}申报 · 每日 {card.deadline} 截止</Text>
          </View>
        )}
        {q.error && <HealthError error={q.error} onRetry={q.reload} />}
      </View>
    )
  }
  const { preview, token } = q.data
  const org = preview.org

  const next = async () => {
    forgetTicket()
    if (way === 'proxy') return void Taro.navigateTo({ url: `${HEALTH_PAGES.add}?t=${encodeURIComponent(ticket)}` })
    setBusy(true)
    try {
      const r = await callHealth({ action: 'joinByInvite', sessionToken: token, ticket, join: { as: 'self' } })
      await Taro.redirectTo({ url: `${HEALTH_PAGES.form}?orgId=${r.org.orgId}&declarantId=${r.declarant.declarantId}` })
    } catch (e) {
      const err = asCloudError(e)
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='page'>
      <View className='hl-card'>
        <Text className='hl-card__sub'>邀请您加入组织</Text>
        <Text className='hl-card__title'>{org.name}</Text>
        <Text className='hl-card__sub'>采集员 {org.collectorMaskedName} · {FREQUENCY_LABELS[org.frequency]}申报 · 每日 {org.deadline} 截止</Text>
      </View>
      {org.role === 'collector' && (
        <View {...control('button')} className='hl-banner' onClick={() => void Taro.navigateTo({ url: `${HEALTH_PAGES.workbench}?orgId=${org.orgId}` })}>
          这是您创建的组织，点击进入采集员工作台 ›
        </View>
      )}
      {preview.mine.length > 0 && (
        <View className='hl-card'>
          <Text className='hl-card__sub'>已在该组织的申报人</Text>
          {preview.mine.map((d) => (
            <View {...control('button')} key={d.declarantId} className='hl-row' onClick={() => void Taro.navigateTo({ url: `${HEALTH_PAGES.form}?orgId=${org.orgId}&declarantId=${d.declarantId}` })}>
              <Text>{d.maskedName}（{d.relation === 'self' ? '本人' : '代填'}）</Text>
              <Text className='hl-actions'>再次申报 ›</Text>
            </View>
          ))}
        </View>
      )}
      <View className='section-title'>请选择填报方式</View>
      <View className='section'>
        {([['self', '本人填报', '学生/教职工本人登录并申报'], ['proxy', '代他人填报', '家长、亲友、老师等代学生/教职工申报']] as const).map(([w, label, sub]) => (
          <View {...control('button')} key={w} className='hl-way' hoverClass='cell--hover' onClick={() => setWay(w)}>
            <View className='hl-way__text'>
              <Text className='hl-way__label'>{label}</Text>
              <Text className='hl-way__sub'>{sub}</Text>
            </View>
            <View className={`hl-way__radio${way === w ? ' hl-way__radio--on' : ''}`} />
          </View>
        ))}
      </View>
      <Text className='hl-note'>请确认组织信息无误。如组织名称与所在学校不符，请联系采集员重新发送邀请卡片。</Text>
      <View className='hl-bottom'>
        <Button loading={busy} onClick={() => void next()}>下一步</Button>
      </View>
    </View>
  )
}

export default withTextScale(InviteLanding)
