import type { HeldCredential } from '../../ports/spaceStores'
import type { Caller } from './caller'
import { recordAccess, type AccessFacts } from './recordAccess'
import type { SpaceDeps } from './spaceDeps'

type Facts = Pick<AccessFacts, 'action' | 'fields' | 'note'>

/**
 * A use of one credential goes into the holder's history and, for a ward's credential, into the
 * child's own history too, as done by their guardian (SPEC §2: every use of one's data is seen).
 */
export async function recordCredentialAccess(deps: SpaceDeps, caller: Caller, credential: HeldCredential, facts: Facts): Promise<void> {
  const base = { ...facts, actorLabel: caller.maskedName, credentialTypes: [credential.type] }
  await recordAccess(deps, { ...base, identityId: caller.identity.id })
  if (credential.subjectKind !== 'ward' || !credential.childLinkId) return
  const link = await deps.stores.childLinks.get(credential.childLinkId)
  if (link) await recordAccess(deps, { ...base, identityId: link.childIdentityId, actorKind: 'guardian' })
}
