import Taro from '@tarojs/taro'
import { Button as TaroButton, Text, View } from '@tarojs/components'
import { Button } from '../../components/Button'

/**
 * The invitation card. WeChat: the share button opens the chat picker and onShareAppMessage
 * (the page) sends the card with the ticket in its path. H5 has no chat: the sheet shows the link.
 */
export function ShareSheet({ path, title, expiresAt, onClose }: { path: string; title: string; expiresAt: number; onClose: () => void }) {
  const days = Math.max(1, Math.round((expiresAt - Date.now()) / 86_400_000))
  if (process.env.TARO_ENV === 'weapp') {
    return (
      <View className='hl-sheet-mask' onClick={onClose}>
        <View className='hl-sheet' onClick={(e) => e.stopPropagation()}>
          <Text className='hl-sheet__title'>邀请成员</Text>
          <Text className='hl-note'>“{title}”，卡片 {days} 天内有效。成员点击卡片后实名登录，选择“本人填报”或“代他人填报”。</Text>
          <TaroButton className='btn btn--primary' openType='share'>发送邀请卡片到微信聊天</TaroButton>
        </View>
      </View>
    )
  }
  const link = `${window.location.origin}${window.location.pathname}#${path}`
  return (
    <View className='hl-sheet-mask' onClick={onClose}>
      <View className='hl-sheet' data-testid='share-sheet' onClick={(e) => e.stopPropagation()}>
        <Text className='hl-sheet__title'>邀请卡片</Text>
        <Text className='hl-note'>“{title}”。在微信中会以卡片形式发送到聊天；网页版请复制下面的链接发给成员，{days} 天内有效。</Text>
        <Text className='hl-sheet__link' data-testid='invite-link' userSelect>{link}</Text>
        <Button onClick={() => void Taro.setClipboardData({ data: link })}>复制链接</Button>
        <Button type='link' onClick={onClose}>关闭</Button>
      </View>
    </View>
  )
}
