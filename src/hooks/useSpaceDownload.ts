import { useCallback, useState } from 'react'
import { callSpace } from '../services/cloud'
import { asCloudError, savePdf, VerificationCancelled, withFreshVerification, type SavedPdf } from '../services/space'

/**
 * PDF download (SPEC §2): the purpose goes into the watermark; a stale verification is renewed
 * (the user's default method) and the same request retried, so the chosen purpose is never lost.
 */
export function useSpaceDownload(credentialId: string) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState<SavedPdf | null>(null)

  const download = useCallback(
    async (purpose: string) => {
      setError(null)
      if (purpose.trim().length < 2) return setError('请选择或填写下载用途（至少2个字）')
      setBusy(true)
      try {
        const pdf = await withFreshVerification((sessionToken) => callSpace({ action: 'download', sessionToken, credentialId, purpose: purpose.trim() }))
        setSaved(await savePdf(pdf))
      } catch (e) {
        if (e instanceof VerificationCancelled) return
        const err = asCloudError(e)
        setError([err.message, err.hint].filter(Boolean).join('。'))
      } finally {
        setBusy(false)
      }
    },
    [credentialId],
  )

  return { busy, error, saved, download }
}
