import type { CredentialSummary, CredentialType, SpaceData } from '../../../types/space'
import { AppError } from '../../domain/errors'
import { minorClaimRefusal, noRecordRefusal } from '../../domain/space/claimRefusal'
import { callerAge, loadCaller } from './caller'
import { sealCredential, summarize } from './credentialRecords'
import { recordAccess } from './recordAccess'
import { registryCandidates } from './registryCandidates'
import type { SpaceDeps } from './spaceDeps'

/**
 * 申领 (SPEC §2): fetches every record of this type the registry holds for the caller into their
 * space. Ids are deterministic, so a retried or repeated claim neither duplicates nor loses one.
 */
export async function claimCredential(deps: SpaceDeps, openid: string, token: string, type: CredentialType): Promise<SpaceData['claim']> {
  const caller = await loadCaller(deps, openid, token)
  // PIPL art. 31 (seed 000 Q5): under 14, a parent links the child and claims for them; the registry is not asked.
  const minor = minorClaimRefusal(type, callerAge(deps, caller))
  if (minor) throw new AppError(minor.code === 'GUARDIAN_REQUIRED' ? 'GUARDIAN_REQUIRED' : 'NOT_PARENT_ON_BIRTH_CERT', minor.message, minor.fallback)
  const { payloads, refused } = await registryCandidates(deps, caller, type)
  if (payloads.length === 0 && refused.length === 0) {
    // Said as the home page says it (a child under 14 is sent to the parents), the way out per type.
    const why = noRecordRefusal(type, callerAge(deps, caller))
    throw new AppError(why.code === 'NOT_PARENT_ON_BIRTH_CERT' ? 'NOT_PARENT_ON_BIRTH_CERT' : 'REGISTRY_NO_RECORD', why.message, why.fallback)
  }
  const claimed: CredentialSummary[] = []
  const alreadyHeld: CredentialSummary[] = []
  for (const p of payloads) {
    const sealed = sealCredential(deps, caller.identity.id, p, { idNumber: caller.idNumber, childLinkId: null })
    const { stored, created } = await deps.stores.credentials.ensure(sealed)
    ;(created ? claimed : alreadyHeld).push(summarize(deps, stored))
  }
  await recordAccess(deps, {
    identityId: caller.identity.id,
    actorLabel: caller.maskedName,
    action: 'claim',
    credentialTypes: [type],
    note: `新申领${claimed.length}份，已持有${alreadyHeld.length}份，不可在线申领${refused.length}份`,
  })
  return { type, claimed, alreadyHeld, refused }
}
