import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { ConsentView } from '../../../types/consentModels'
import { control } from '../../components/a11y'
import { callConsent } from '../../services/cloud'
import { isH5 } from '../../services/platform'
import { saveText, shareSaved, type SavedFile } from '../../services/openFile'
import { asCloudError, requireToken } from '../../services/space'

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved'; file: SavedFile } | { kind: 'error'; text: string }

/**
 * 保存授权凭证 (domain/consent/receipt.ts): the consent, its ledger records and their proofs as one
 * JSON file that a school or a court checks offline (`npm run verify-receipt`). H5: a download.
 * WeChat: saved under the mini-program's user folder, then 分享给好友 sends it into a chat
 * (wx.shareFileMessage works only from a tap, hence its own button once the file is saved).
 */
export function useReceipt(c: ConsentView): { actions: JSX.Element; note: JSX.Element | null } {
  const [state, setState] = useState<State>({ kind: 'idle' })

  const save = async () => {
    setState({ kind: 'busy' })
    try {
      const { receipt, fileName } = await callConsent({ action: 'receipt', sessionToken: requireToken(), consentId: c.consentId })
      const file = await saveText(fileName, 'json', `${JSON.stringify(receipt, null, 2)}\n`)
      // H5: the tap asked for the file: it goes to the browser's downloads at once.
      if (isH5) await shareSaved(file)
      setState({ kind: 'saved', file })
    } catch (e) {
      const err = asCloudError(e)
      setState({ kind: 'error', text: [err.message, err.hint].filter(Boolean).join('。') })
    }
  }
  const share = (file: SavedFile) => {
    shareSaved(file).catch((e) => {
      const err = asCloudError(e)
      setState({ kind: 'error', text: [err.message, err.hint].filter(Boolean).join('。') })
    })
  }

  // The buttons go in the card's row of actions; the note under it.
  const actions = (
    <>
      {state.kind === 'busy' ? (
        <Text className='cs-link' data-receipt='busy' {...control('button', { disabled: true })}>正在生成授权凭证…</Text>
      ) : (
        <Text {...control('button')} className='cs-link' data-receipt={state.kind} onClick={() => void save()}>{state.kind === 'saved' ? '重新保存凭证' : '保存授权凭证'}</Text>
      )}
      {state.kind === 'saved' && !isH5 && <Text {...control('button')} className='cs-link' onClick={() => share(state.file)}>分享给好友</Text>}
    </>
  )
  const note =
    state.kind === 'saved' ? (
      <View className='cs-receipt' aria-live='polite'>
        {isH5 ? '已保存授权凭证（JSON 文件，在浏览器的下载内容中）。' : '已保存授权凭证，可点“分享给好友”发送。'}
        凭证不含姓名和身份证号，学校或法院可用账本公钥离线核验。
      </View>
    ) : state.kind === 'error' ? (
      <View className='cs-receipt cs-receipt--bad' aria-live='assertive'>{state.text}</View>
    ) : null
  return { actions, note }
}
