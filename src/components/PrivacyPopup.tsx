import { useEffect, useState } from 'react'
import { Button as TaroButton, Text, View } from '@tarojs/components'
import { Button } from './Button'
import { control, scrollRegion } from './a11y'
import { agreePrivacy, AGREE_BUTTON_ID, openPrivacyGuide, privacyPopupShown, refusePrivacy, watchPrivacyAsks } from '../services/privacy'
import { GUIDE_NAME, PRIVACY_ITEMS, WITHOUT_AGREEING } from '../services/privacyGuide'
import './PrivacyPopup.scss'

/**
 * The privacy popup WeChat asks for (wx.onNeedPrivacyAuthorization): what is collected and why,
 * the guide, 同意 and 不同意. Shown only while an ask is pending; pages that collect personal
 * data render it. In WeChat 同意 must be <button open-type="agreePrivacyAuthorization">.
 */
/** WeChat reads aria-role (bound by config/weapp-a11y); H5 the ARIA role. */
const dialogRole = process.env.TARO_ENV === 'weapp' ? { 'aria-role': 'dialog' } : { role: 'dialog', 'aria-modal': 'true' }

export function PrivacyPopup() {
  const [open, setOpen] = useState(false)
  const [guideShown, setGuideShown] = useState(false)

  useEffect(
    () =>
      watchPrivacyAsks(
        () => setOpen(true),
        () => {
          setOpen(false)
          setGuideShown(false)
        },
      ),
    [],
  )
  useEffect(() => {
    if (open) privacyPopupShown()
  }, [open])

  if (!open) return null
  const showGuide = () => {
    if (openPrivacyGuide() === 'inline') setGuideShown(true)
  }
  return (
    <View className='privacy-mask'>
      <View className='privacy' {...dialogRole} aria-label='用户隐私保护提示' data-testid='privacy-popup'>
        <Text className='privacy__title'>用户隐私保护提示</Text>
        <View className='privacy__body' {...scrollRegion('收集的信息')}>
          <Text className='privacy__text'>在您实名登录和办理业务前，请仔细阅读{GUIDE_NAME}。我们将收集以下信息：</Text>
          {PRIVACY_ITEMS.map((item) => (
            <View key={item.info} className='privacy__item'>
              <Text className='privacy__info'>{item.info}</Text>
              {guideShown && <Text className='privacy__purpose'>用于{item.purpose}</Text>}
            </View>
          ))}
          {guideShown && (
            <Text className='privacy__note'>个人信息加密保存，在页面上脱敏显示，不用于上述以外的用途。</Text>
          )}
          {!guideShown && (
            <View {...control('link')} className='privacy__link' hoverClass='cell--hover' onClick={showGuide}>
              查看{GUIDE_NAME} ›
            </View>
          )}
          <Text className='privacy__text privacy__warn'>如不同意，将无法{WITHOUT_AGREEING}，您仍可浏览首页。</Text>
        </View>
        {process.env.TARO_ENV === 'weapp' ? (
          <TaroButton id={AGREE_BUTTON_ID} className='btn btn--primary' openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={agreePrivacy}>
            同意
          </TaroButton>
        ) : (
          <Button onClick={agreePrivacy}>同意</Button>
        )}
        <Button type='default' onClick={refusePrivacy}>不同意</Button>
      </View>
    </View>
  )
}
