import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { SpaceData } from '../../types/space'
import { callSpace } from '../services/cloud'
import { asCloudError, VerificationCancelled, withFreshVerification } from '../services/space'

export type DetailSections = SpaceData['detail']['sections']

/** The full fields of one credential, fetched only when asked, after a fresh verification if needed. */
export function useSpaceDetail(credentialId: string) {
  const [sections, setSections] = useState<DetailSections | null>(null)
  const [busy, setBusy] = useState(false)

  const reveal = useCallback(async () => {
    setBusy(true)
    try {
      const d = await withFreshVerification((sessionToken) => callSpace({ action: 'detail', sessionToken, credentialId }))
      setSections(d.sections)
    } catch (e) {
      if (e instanceof VerificationCancelled) return
      const err = asCloudError(e)
      void Taro.showModal({ title: err.message, content: err.hint || '请稍后重试', showCancel: false, confirmText: '知道了' })
    } finally {
      setBusy(false)
    }
  }, [credentialId])

  return { sections, busy, reveal, hide: () => setSections(null) }
}
