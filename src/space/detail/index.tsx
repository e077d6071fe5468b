import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { Cell } from '../../components/Cell'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { useSpaceDetail } from '../../hooks/useSpaceDetail'
import { useSpaceHome } from '../../hooks/useSpaceHome'
import { backToSpaceHome, SPACE_PAGES } from '../../services/space'
import { chinaTime } from '../labels'
import { SpaceError } from '../components/SpaceError'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import '../components/space.scss'
import './index.scss'
import { control } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

const go = (url: string) => void Taro.navigateTo({ url })

type Section = { title: string; fields: ReadonlyArray<{ key: string; label: string; value: string }> }

/** A credential's fields by section: in full after the fresh check, masked before it (same rows). */
function Sections({ sections, masked }: { sections: readonly Section[]; masked?: boolean }) {
  return (
    <>
      {sections.map((s) => (
        <View key={s.title} data-masked-section={masked ? s.title : undefined}>
          <View className='section-title'>{s.title}</View>
          <View className='section'>
            {s.fields.map((f) => (
              <View key={f.key} className='kv'>
                <Text className='kv__label'>{f.label}</Text>
                <Text className='kv__value'>{f.value}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </>
  )
}

/** One credential: masked until a fresh face check (SPEC §1–§2); download, 纠错反馈, 关联被监护人. */
function CredentialDetail() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const { home, error, reload } = useSpaceHome()
  const detail = useSpaceDetail(id)
  useSpaceScrollTop()

  if (!home) return <View className='page'>{error ? <SpaceError error={error} onRetry={reload} /> : <Loading />}</View>
  const c = home.held.find((h) => h.credentialId === id)
  if (!c) {
    return (
      <View className='page'>
        <ErrorNotice message='未找到该证照' hint='证照可能已不在您的空间中，请返回数字空间查看'>
          <Button onClick={backToSpaceHome}>返回数字空间</Button>
        </ErrorNotice>
      </View>
    )
  }
  const ward = c.subject.kind === 'ward' ? c.subject : null
  const canLink = c.type === 'birth_certificate' && !ward
  const q = `id=${encodeURIComponent(c.credentialId)}`

  return (
    <View className='page detail'>
      <View className={`detail__card detail__card--${c.type}`}>
        <Text className='detail__title'>广东省{c.title}</Text>
        <Text className='detail__summary'>
          {c.maskedSummary.split(' · ').map((part, i) => (
            <Text key={part} className='detail__part'>{i > 0 ? ` · ${part}` : part}</Text>
          ))}
        </Text>
        <Text className='detail__meta'>
          {ward ? `${ward.label} ${ward.maskedName} · ` : '本人 · '}申领于 {chinaTime(c.claimedAt)}
        </Text>
      </View>

      {detail.sections ? (
        <>
          <Sections sections={detail.sections} />
          <View {...control('button')} className='detail__toggle' onClick={detail.hide}>隐藏完整信息</View>
        </>
      ) : (
        <>
          <Sections sections={c.maskedSections} masked />
          <View className='section detail__locked'>
            <Text className='detail__locked-text'>为保护个人隐私，以上信息已部分屏蔽。查看完整信息需先验证本人身份。</Text>
            <View {...control('button')} className='detail__toggle detail__toggle--inline' onClick={detail.busy ? undefined : detail.reveal}>
              {detail.busy ? '正在验证…' : '验证身份后查看完整信息 ›'}
            </View>
          </View>
        </>
      )}

      <View className='section-title'>证照操作</View>
      <View className='section'>
        <Cell label='下载PDF' value='加盖水印' onClick={() => go(`${SPACE_PAGES.download}?${q}`)} />
        <Cell label='纠错反馈' value='信息有误时提交' onClick={() => go(`${SPACE_PAGES.report}?${q}`)} />
      </View>

      {canLink && (
        <View className='actions'>
          <Button onClick={() => go(`${SPACE_PAGES.link}?certId=${encodeURIComponent(c.credentialId)}`)}>关联被监护人</Button>
          <Text className='tip'>通过出生医学证明关联孩子后，可申领孩子的居民身份电子凭证和户口簿，并代孩子授权（未满14周岁须由监护人授权）。</Text>
        </View>
      )}
    </View>
  )
}

export default withTextScale(CredentialDetail)
