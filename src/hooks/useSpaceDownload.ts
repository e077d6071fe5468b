import { useCallback, useState } from 'react'
import { callSpace } from '../services/cloud'
import { openSaved, opensAtOnce, saveBase64, type SavedFile } from '../services/openFile'
import { asCloudError, VerificationCancelled, withFreshVerification } from '../services/space'

const message = (e: unknown) => {
  const err = asCloudError(e)
  return [err.message, err.hint].filter(Boolean).join('。')
}

/**
 * PDF download (SPEC §2): the purpose goes into the watermark; a stale verification is renewed
 * (the user's default method) and the same request retried, so the chosen purpose is never lost.
 * The file is then kept for 打开文件 (WeChat opens it at once, as its own downloads do).
 */
export function useSpaceDownload(credentialId: string) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState<SavedFile | null>(null)

  const download = useCallback(
    async (purpose: string) => {
      setError(null)
      if (purpose.trim().length < 2) return setError('请选择或填写下载用途（至少2个字）')
      setBusy(true)
      try {
        const pdf = await withFreshVerification((sessionToken) => callSpace({ action: 'download', sessionToken, credentialId, purpose: purpose.trim() }))
        const file = await saveBase64(pdf.filename, 'pdf', pdf.base64)
        setSaved(file)
        if (opensAtOnce()) await openSaved(file).catch((e) => setError(message(e)))
      } catch (e) {
        if (e instanceof VerificationCancelled) return
        setError(message(e))
      } finally {
        setBusy(false)
      }
    },
    [credentialId],
  )

  /** 打开文件 on the result page: call from the tap (H5 opens a tab only from a user's tap). */
  const open = useCallback(() => {
    if (!saved) return
    setError(null)
    openSaved(saved).catch((e) => setError(message(e)))
  }, [saved])

  return { busy, error, saved, download, open }
}
