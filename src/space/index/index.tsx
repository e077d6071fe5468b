import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CredentialType } from '../../../types/space'
import { BrandHeader } from '../../components/BrandHeader'
import { Cell } from '../../components/Cell'
import { Loading } from '../../components/Loading'
import { useSpaceClaim } from '../../hooks/useSpaceClaim'
import { useSpaceHome, type SpaceHome } from '../../hooks/useSpaceHome'
import { SPACE_PAGES } from '../../services/space'
import { CredentialRow } from '../components/CredentialRow'
import { EmptyState } from '../components/EmptyState'
import { SpaceError } from '../components/SpaceError'
import { showRefusal } from '../outcome'
import '../components/space.scss'
import './index.scss'
import { control } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

const go = (url: string) => void Taro.navigateTo({ url })

function Counts({ counts }: { counts: SpaceHome['counts'] }) {
  const items: Array<[string, number, string?]> = [
    ['本人证照', counts.held],
    ['被监护人证照', counts.wardHeld],
    ['被监护人', counts.children, SPACE_PAGES.children],
    ['可申领', counts.missing],
  ]
  return (
    <View className='space-counts'>
      {items.map(([label, n, url]) => (
        <View {...(url ? control('button') : {})} key={label} className='space-counts__item' onClick={url ? () => go(url) : undefined}>
          <Text className='space-counts__n'>{n}</Text>
          <Text className='space-counts__label'>{label}</Text>
        </View>
      ))}
    </View>
  )
}

/** 个人数字空间 (SPEC §2; seed 001 §2.1.2 d): held, missing with 申领, children, records. */
function SpaceHomePage() {
  /** Opened from a counter's 服务授权 (去领取): the way back to it stays in view. */
  const fromService = useRouter().params.from === 'service'
  const { home, error, loading, reload } = useSpaceHome()
  const { busy, claim } = useSpaceClaim()

  const onClaim = async (type: CredentialType, title: string) => {
    const outcome = await claim(type)
    if (outcome.kind === 'claimed') {
      const { claimed, alreadyHeld, refused } = outcome.result
      const n = claimed.length
      if (refused.length > 0) {
        // Some were claimed, others are outside coverage: both in one title, the success not lost.
        const got = n > 0 ? `已申领${n}份` : `${alreadyHeld.length}份已在您的空间中`
        showRefusal(`${got}，另有${refused.length}份无法在线申领`, refused, `${n > 0 ? '已申领' : '已持有'}的${title}在“我的证照”中；另外${refused.length}份的原因和办理办法如下。`)
        go(SPACE_PAGES.deadEnd)
      } else {
        void Taro.showToast({ title: n > 0 ? '申领成功' : '已在您的空间中', icon: n > 0 ? 'success' : 'none' })
      }
      void reload()
    } else if (outcome.kind === 'refused') {
      showRefusal(`无法在线申领${title}`, outcome.reasons)
      go(SPACE_PAGES.deadEnd)
    } else {
      void Taro.showModal({ title: outcome.error.message, content: outcome.error.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
    }
  }

  if (!home) {
    return (
      <View className='page'>
        {error ? <SpaceError error={error} onRetry={reload} /> : <Loading text='正在加载您的数字空间…' />}
      </View>
    )
  }

  const own = home.held.filter((c) => c.subject.kind === 'self')
  const wards = home.held.filter((c) => c.subject.kind === 'ward')
  const birthCerts = own.filter((c) => c.type === 'birth_certificate')

  return (
    <View className='page space-home'>
      <BrandHeader>
        <Counts counts={home.counts} />
      </BrandHeader>
      {loading && <View className='space-home__refresh'>正在刷新…</View>}
      {fromService && (
        <View className='space-return' data-testid='space-return'>
          <Text className='space-return__text'>窗口正在等待您确认授权。领取所需证照后，请返回“服务授权”确认。</Text>
          <Text {...control('button')} className='space-return__back' onClick={() => void Taro.navigateBack()}>返回服务授权 ›</Text>
        </View>
      )}

      <View className='section-title'>我的证照</View>
      <View className='section'>
        {own.length === 0 ? (
          <EmptyState
            text='您的空间还没有证照'
            // Nothing claimable (a child under 14, or none in the registry): do not send her to a 申领 that is not there.
            hint={home.missing.some((m) => m.claimable) ? '请在下方“证照数据管理”中申领' : '暂无可在线申领的证照，原因和办理办法见下方“证照数据管理”'}
          />
        ) : (
          own.map((c) => <CredentialRow key={c.credentialId} credential={c} onClick={() => go(`${SPACE_PAGES.detail}?id=${encodeURIComponent(c.credentialId)}`)} />)
        )}
      </View>

      {home.missing.length > 0 && (
        <>
          <View className='section-title'>证照数据管理（未持有的证照）</View>
          <View className='section'>
            {home.missing.map((m) => (
              <View key={m.type} className='missing'>
                <View className='missing__main'>
                  <Text className='missing__title'>{m.title}</Text>
                  <Text className={m.claimable ? 'missing__note' : 'missing__note missing__note--warn'}>
                    {m.claimable ? `证照库中有${m.available}份可申领` : m.reasons[0]?.message ?? '暂不能在线申领'}
                  </Text>
                  {!m.claimable && m.reasons.length > 0 && (
                    <Text {...control('button')} className='missing__why' onClick={() => { showRefusal(`无法在线申领${m.title}`, m.reasons); go(SPACE_PAGES.deadEnd) }}>
                      查看原因和办理办法 ›
                    </Text>
                  )}
                  {m.claimable && m.reasons.length > 0 && (
                    <Text {...control('button')} className='missing__why' onClick={() => { showRefusal(`部分${m.title}无法在线申领`, m.reasons); go(SPACE_PAGES.deadEnd) }}>
                      另有{m.reasons.length}份无法在线申领，查看原因 ›
                    </Text>
                  )}
                </View>
                {m.claimable && (
                  <View
                    {...control('button', { label: `申领${m.title}`, disabled: Boolean(busy) })}
                    id={`claim-${m.type}`}
                    className={`mini-btn${busy ? ' mini-btn--off' : ''}`}
                    hoverClass='btn--hover'
                    onClick={busy ? undefined : () => void onClaim(m.type, m.title)}
                  >
                    {busy === m.type ? '申领中…' : '申领'}
                  </View>
                )}
              </View>
            ))}
          </View>
        </>
      )}

      <View className='section-title'>被监护人</View>
      <View className='section'>
        {home.children.map((c) => (
          <Cell
            key={c.childLinkId}
            label={c.maskedName}
            value={
              <Text className={`tag ${c.credentialsClaimed ? 'tag--green' : 'tag--orange'}`}>
                {c.credentialsClaimed ? '已申领证照' : '待申领证照'}
              </Text>
            }
            onClick={() => go(`${SPACE_PAGES.child}?id=${encodeURIComponent(c.childLinkId)}`)}
          />
        ))}
        {home.children.length === 0 && (
          <EmptyState
            text='尚未关联被监护人'
            hint={birthCerts.length > 0 ? '通过孩子的出生医学证明关联，关联后可申领孩子的身份证和户口簿' : '请先申领孩子的出生医学证明，再通过它关联孩子'}
          />
        )}
        {birthCerts.length > 0 && (
          <Cell label='关联被监护人' value='通过出生医学证明' onClick={() => go(SPACE_PAGES.link)} />
        )}
      </View>

      {wards.length > 0 && (
        <>
          <View className='section-title'>被监护人证照</View>
          <View className='section'>
            {wards.map((c) => (
              <CredentialRow key={c.credentialId} credential={c} onClick={() => go(`${SPACE_PAGES.detail}?id=${encodeURIComponent(c.credentialId)}`)} />
            ))}
          </View>
        </>
      )}

      <View className='section-title'>记录</View>
      <View className='section'>
        <Cell label='数字档案袋' value='访问记录' onClick={() => go(SPACE_PAGES.history)} />
        <Cell
          label='纠错反馈'
          value={home.counts.openReports > 0 ? `${home.counts.openReports}条处理中` : '我的反馈'}
          onClick={() => go(SPACE_PAGES.reports)}
        />
      </View>
      <Text className='tip'>证照数据来自广东省电子证照库。个人信息已加密存储，列表中的姓名、号码均已屏蔽；查看详情需人脸识别验证。</Text>
    </View>
  )
}

export default withTextScale(SpaceHomePage)
