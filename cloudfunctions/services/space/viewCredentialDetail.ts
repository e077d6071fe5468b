import type { SpaceData } from '../../../types/space'
import { detailSections } from '../../domain/space/credentialView'
import { requireRecentVerification } from '../requireRecentVerification'
import { loadCaller } from './caller'
import { openCredential, ownCredential, summarize } from './credentialRecords'
import { recordCredentialAccess } from './recordCredentialAccess'
import type { SpaceDeps } from './spaceDeps'

/** The holder's own detail page, in full, only right after a fresh check (SPEC §1–§2). */
export async function viewCredentialDetail(deps: SpaceDeps, openid: string, token: string, credentialId: string): Promise<SpaceData['detail']> {
  const caller = await loadCaller(deps, openid, token)
  const credential = await ownCredential(deps, caller.identity.id, credentialId)
  requireRecentVerification(deps, caller.session)
  const sections = detailSections(openCredential(deps, credential))
  await recordCredentialAccess(deps, caller, credential, { action: 'view' })
  return { credential: summarize(deps, credential), sections }
}
