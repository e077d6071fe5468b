import { useCallback, useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { ServiceView } from '../../../types/counter'
import { control } from '../../components/a11y'
import { callCounter } from '../../services/cloud'
import { asCloudError, requireToken } from '../../services/space'
import { chinaTime } from '../../space/labels'
import { Row, StatusTag } from '../components/Row'

const STATE: Record<ServiceView['state'], string> = { confirmed: 'active', ended: 'revoked', expired: 'expired', refused: 'unavailable', awaiting: 'pending' }
const STATE_TEXT: Partial<Record<ServiceView['state'], string>> = { ended: '已结束', refused: '已拒绝' }

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
          <Row k={s.state === 'refused' ? '申请使用' : '证照'}>{s.uses.filter((u) => u.held).map((u) => u.title).join('、')}</Row>
          {s.grantExpiresAt !== null && <Row k='有效期至'>{chinaTime(s.grantExpiresAt)}</Row>}
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
