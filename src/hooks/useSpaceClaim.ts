import { useCallback, useState } from 'react'
import type { CredentialType, SpaceData, SpaceReason } from '../../types/space'
import { callSpace, CloudError } from '../services/cloud'
import { asCloudError, requireToken } from '../services/space'

export type ClaimOutcome =
  | { kind: 'claimed'; result: SpaceData['claim'] }
  /** Nothing new could be claimed online: the reasons, each with its fallback. */
  | { kind: 'refused'; reasons: SpaceReason[] }
  | { kind: 'failed'; error: CloudError }

/** A refusal the server raises as an error (not a parent on the certificate, no record …). */
const REFUSAL_CODES = new Set(['NOT_PARENT_ON_BIRTH_CERT', 'REGISTRY_NO_RECORD'])

/** 申领 one credential type (SPEC §2); a refusal is turned into reasons to explain, not a toast. */
export function useSpaceClaim() {
  const [busy, setBusy] = useState<CredentialType | null>(null)

  const claim = useCallback(async (type: CredentialType): Promise<ClaimOutcome> => {
    setBusy(type)
    try {
      const result = await callSpace({ action: 'claim', sessionToken: requireToken(), type })
      if (result.claimed.length === 0 && result.alreadyHeld.length === 0 && result.refused.length > 0) {
        return { kind: 'refused', reasons: result.refused }
      }
      return { kind: 'claimed', result }
    } catch (e) {
      const error = asCloudError(e)
      if (REFUSAL_CODES.has(error.code)) {
        return { kind: 'refused', reasons: [{ code: error.code, message: error.message, fallback: error.hint, details: {} }] }
      }
      return { kind: 'failed', error }
    } finally {
      setBusy(null)
    }
  }, [])

  return { busy, claim }
}
