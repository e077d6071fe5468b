import { Text, View } from '@tarojs/components'
import { control } from '../../components/a11y'
import type { Integrity } from '../integrity'
import { NoticeText } from '../components/NoticeText'

/** The check could not run (network, server busy): no verdict, so no claim of tampering. */
export type Check = Integrity | 'checking' | 'unavailable'

/** 记录完整性: checked on this device against the ledger's signed checkpoint (SPEC §4). */
export function Badge({ state, onRetry }: { state: Check | undefined; onRetry: () => void }) {
  if (!state || state === 'checking') return <View className='cs-badge cs-badge--wait'>正在校验授权记录…</View>
  if (state === 'unavailable') {
    return (
      <View className='cs-badge cs-badge--wait'>
        暂时无法校验，请稍后重试 <Text {...control('button')} className='cs-link' onClick={onRetry}>重试</Text>
      </View>
    )
  }
  // Promised by the ledger's signature, not yet in its tree: checked again after the promised time.
  if (state.ok && state.waitMs > 0) return <View className='cs-badge cs-badge--wait' data-ledger='pending'>已记录，等待入账（账本已签名承诺入账，稍后自动校验）</View>
  // The record checks out, and the 授权说明 kept for it is not the one its grant names: as loud as a changed record.
  if (state.ok && (state.notice.check === 'mismatch' || state.notice.check === 'missing')) {
    return <View className='cs-badge cs-badge--bad' data-notice-check='bad'>⚠ 警告：授权说明与账本记录不符，可能被改动。请勿继续使用，请截图保存本页，并向报名学校或12345政务服务热线反映。</View>
  }
  if (state.ok) {
    // Who confirmed this ledger, by the names built into the app (never the server's word).
    const names = state.witnesses.map((w) => w.label)
    return (
      <View className='cs-badge cs-badge--ok cs-badge--stack' data-ledger='verified'>
        <Text>✓ 记录完整性已验证</Text>
        {names.length > 0 && (
          <Text className='cs-badge__witness' data-witnesses={names.length}>
            已由 {names.length} 个见证方确认：{names.join('、')}
          </Text>
        )}
      </View>
    )
  }
  // Who to tell, concretely: the mini-program has no support desk of its own (seed 000 names the school and 12345).
  return <View className='cs-badge cs-badge--bad'>⚠ 警告：授权记录完整性校验未通过——{state.reason}。请勿继续使用，请截图保存本页，并向报名学校或12345政务服务热线反映。</View>
}

/** 查看授权说明: the text kept for this consent, once the device has checked it against the proven grant. */
export function NoticeOfConsent({ integrity }: { integrity: Check | undefined }) {
  if (typeof integrity !== 'object') return <Text className='cs-part__note' data-notice-state='wait'>正在校验授权记录，校验完成后显示授权说明。</Text>
  if (!integrity.ok) return <Text className='cs-part__note cs-part__note--bad' data-notice-state='bad'>授权记录校验未通过，无法确认授权说明。</Text>
  const { check, text } = integrity.notice
  if (check === 'missing' || !text) return <Text className='cs-part__note cs-part__note--bad' data-notice-state='bad'>未找到您同意时的授权说明，与账本记录不符。</Text>
  return (
    <View data-notice-state={check}>
      {check === 'mismatch' && <Text className='cs-part__note cs-part__note--bad'>以下为系统现存的授权说明，与您同意时账本记录的不一致：</Text>}
      {check === 'ok' && <Text className='cs-part__note'>以下为您同意时阅读的授权说明，已与账本记录核对一致。</Text>}
      <NoticeText text={text} inset />
    </View>
  )
}

