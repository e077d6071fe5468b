import { useCallback, useState } from 'react'
import type { SpaceData } from '../../types/space'
import { callSpace, CloudError } from '../services/cloud'
import { asCloudError, requireToken } from '../services/space'

/** After 数据申领同意书 (seed 001 §2.1.2 f): the child's ID e-certificate and register entry. */
export function useSpaceChildClaim(childLinkId: string) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<CloudError | null>(null)
  const [result, setResult] = useState<SpaceData['claimChildCredentials'] | null>(null)

  const claim = useCallback(async () => {
    setBusy(true)
    setError(null)
    try {
      setResult(await callSpace({ action: 'claimChildCredentials', sessionToken: requireToken(), childLinkId, consentAccepted: true }))
      return true
    } catch (e) {
      setError(asCloudError(e))
      return false
    } finally {
      setBusy(false)
    }
  }, [childLinkId])

  return { busy, error, result, claim }
}
