import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { ScrollView, Text, View } from '@tarojs/components'
import { Button } from '../../components/Button'
import { Cell } from '../../components/Cell'
import { ErrorNotice } from '../../components/ErrorNotice'
import { Loading } from '../../components/Loading'
import { useSpaceChildClaim } from '../../hooks/useSpaceChildClaim'
import { useSpaceHome } from '../../hooks/useSpaceHome'
import { backToSpaceHome, SPACE_PAGES } from '../../services/space'
import { PARENT_ROLE_TEXT } from '../labels'
import { Check } from '../components/Check'
import { CredentialRow } from '../components/CredentialRow'
import { SpaceError } from '../components/SpaceError'
import { useSpaceScrollTop } from '../../hooks/useSpaceScrollTop'
import '../components/space.scss'
import './index.scss'
import { control, scrollRegion } from '../../components/a11y'
import { withTextScale } from '../../components/withTextScale'

const WARD_CREDENTIALS = ['广东省居民身份电子凭证', '广东省居民户口簿']

/** 数据申领同意书: what is fetched, why, and who may do it (PIPL art. 31; seed 000 Q5). */
function ConsentSheet({ name, busy, onAgree, onCancel }: { name: string; busy: boolean; onAgree: () => void; onCancel: () => void }) {
  return (
    <View className='sheet-mask'>
      <View className='sheet'>
        <Text className='sheet__title'>数据申领同意书</Text>
        <ScrollView scrollY className='sheet__body' {...scrollRegion('数据申领同意书全文')}>
          <Text className='sheet__p'>
            本人作为被监护人{name}的监护人（已通过出生医学证明关联），同意广东省个人数字空间从广东省电子证照库申领被监护人的以下数据，存入本人的个人数字空间：
          </Text>
          <Text className='sheet__p'>1. 广东省居民身份电子凭证（姓名、性别、出生日期、公民身份号码）；</Text>
          <Text className='sheet__p'>2. 广东省居民户口簿（被监护人本人的常住人口登记卡及户号、户别、住址）。</Text>
          <Text className='sheet__p'>
            依据《中华人民共和国个人信息保护法》第三十一条，不满十四周岁未成年人的个人信息须经其父母或其他监护人同意后方可处理。上述数据仅用于本人查看，以及本人为被监护人办理入学报名等业务时的授权；每次查看、下载、授权均记入数字档案袋，可随时查询。
          </Text>
          <Text className='sheet__p'>本人承诺所填信息真实，并对以监护人身份申领、使用上述数据负责。</Text>
        </ScrollView>
        <View className='sheet__actions'>
          <View {...control('button')} className='sheet__btn' hoverClass='cell--hover' onClick={busy ? undefined : onCancel}>不同意</View>
          <View {...control('button')} className='sheet__btn sheet__btn--primary' hoverClass='cell--hover' onClick={busy ? undefined : onAgree}>
            {busy ? '申领中…' : '同意'}
          </View>
        </View>
      </View>
    </View>
  )
}

/** One linked child: who, and their credentials claimed after the 数据申领同意书 (seed 001 §2.1.2 f). */
function ChildPage() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const { home, error, reload } = useSpaceHome()
  const claim = useSpaceChildClaim(id)
  const [consentOpen, setConsentOpen] = useState(false)
  useSpaceScrollTop()

  if (!home) return <View className='page'>{error ? <SpaceError error={error} onRetry={reload} /> : <Loading />}</View>
  const child = claim.result?.child ?? home.children.find((c) => c.childLinkId === id)
  if (!child) {
    return (
      <View className='page'>
        <ErrorNotice message='未找到该被监护人' hint='请返回数字空间，通过出生医学证明关联孩子'>
          <Button onClick={backToSpaceHome}>返回数字空间</Button>
        </ErrorNotice>
      </View>
    )
  }
  const held = home.held.filter((h) => h.subject.kind === 'ward' && h.subject.childLinkId === id)
  const credentials = claim.result?.credentials ?? held

  const agree = async () => {
    if (await claim.claim()) {
      setConsentOpen(false)
      void Taro.showToast({ title: '申领成功', icon: 'success' })
      void reload()
    } else {
      setConsentOpen(false)
    }
  }

  return (
    <View className='page child'>
      <View className='child__card'>
        <View className='child__name'>
          <Text>{child.maskedName}</Text>
          <Text className='tag tag--blue'>被监护人</Text>
          {child.renamed && <Text className='tag tag--grey'>曾用名核对关联</Text>}
        </View>
        <Text className='child__meta'>{child.sex} · {child.birthDate}出生</Text>
      </View>
      <View className='section'>
        <Cell label='关联关系' value={`您是其${PARENT_ROLE_TEXT[child.parentRole]}`} />
        <Cell label='关联方式' value='出生医学证明' />
      </View>
      {child.underFourteen && (
        <Text className='tip'>孩子未满14周岁，不能自己授权；需由您作为监护人代为申领和授权（《个人信息保护法》第三十一条）。</Text>
      )}

      {credentials.length > 0 ? (
        <>
          <View className='section-title'>被监护人证照</View>
          <View className='section'>
            {credentials.map((c) => (
              <CredentialRow key={c.credentialId} credential={c} onClick={() => Taro.navigateTo({ url: `${SPACE_PAGES.detail}?id=${encodeURIComponent(c.credentialId)}` })} />
            ))}
          </View>
          <Text className='tip'>孩子的证照已存入您的数字空间，标注为“被监护人”。办理入学报名时，可连同您本人的证照一起授权。</Text>
          <View className='actions'>
            <Button type='default' onClick={backToSpaceHome}>返回数字空间</Button>
          </View>
        </>
      ) : (
        <>
          <View className='section-title'>申领被监护人证照</View>
          <View className='section'>
            {WARD_CREDENTIALS.map((t) => (
              <Check key={t} square on>{t}</Check>
            ))}
          </View>
          {claim.error && (
            <View className='form-error'>{[claim.error.message, claim.error.hint].filter(Boolean).join('。')}</View>
          )}
          <View className='actions'>
            <Button loading={claim.busy} onClick={() => setConsentOpen(true)}>申领</Button>
          </View>
        </>
      )}
      {consentOpen && <ConsentSheet name={child.maskedName} busy={claim.busy} onAgree={() => void agree()} onCancel={() => setConsentOpen(false)} />}
    </View>
  )
}

export default withTextScale(ChildPage)
