import type { SpaceData } from '../../../types/space'
import { AppError } from '../../domain/errors'
import { maskName } from '../../domain/mask'
import { registerRefusal } from '../../domain/space/claimRefusal'
import type { CredentialPayload } from '../../domain/space/credential'
import { loadCaller } from './caller'
import { openLink, summarizeLink } from './childSummary'
import { sealCredential, summarize } from './credentialRecords'
import { recordAccess } from './recordAccess'
import type { SpaceDeps } from './spaceDeps'

/**
 * After the 数据申领同意书 (the event schema demands consentAccepted: true), the linked child's ID
 * e-certificate and register entry join the parent's space as the child's (SPEC §3). The register
 * is fetched by the child's name + ID number and reduced to the child's own page.
 */
export async function claimChildCredentials(deps: SpaceDeps, openid: string, token: string, childLinkId: string): Promise<SpaceData['claimChildCredentials']> {
  const caller = await loadCaller(deps, openid, token)
  const link = await deps.stores.childLinks.get(childLinkId)
  // Another family's link id answers exactly like a missing one.
  if (!link || link.parentIdentityId !== caller.identity.id) throw new AppError('NOT_FOUND', '未找到该被监护人')
  const child = openLink(deps, link)
  const payloads: CredentialPayload[] = []
  const card = await deps.registry.idCardOf(child.childIdNumber)
  if (card) payloads.push({ type: 'id_card', data: card })
  const registers = await deps.registry.registerEntryByNameAndId(child.childName, child.childIdNumber)
  const usable = registers.filter((r) => registerRefusal(r) === null)
  if (usable.length === 1) {
    const page = usable[0].members.filter((m) => m.idNumber === child.childIdNumber)
    payloads.push({ type: 'household_register', data: { ...usable[0], members: page } })
  }
  if (payloads.length === 0) throw new AppError('CHILD_RECORDS_UNAVAILABLE')
  const credentials = []
  for (const p of payloads) {
    const sealed = sealCredential(deps, caller.identity.id, p, { idNumber: child.childIdNumber, childLinkId: link.id })
    credentials.push(summarize(deps, (await deps.stores.credentials.ensure(sealed)).stored))
  }
  const first = await deps.stores.childLinks.markWardClaimed(link.id, deps.clock.now())
  if (first) {
    const types = payloads.map((p) => p.type)
    const note = `已同意《数据申领同意书》，申领被监护人${maskName(child.childName)}的证照`
    await recordAccess(deps, { identityId: caller.identity.id, actorLabel: caller.maskedName, action: 'claim_ward', credentialTypes: types, note })
    await recordAccess(deps, { identityId: link.childIdentityId, actorKind: 'guardian', actorLabel: caller.maskedName, action: 'claim_ward', credentialTypes: types, note })
  }
  const updated = (await deps.stores.childLinks.get(link.id)) ?? link
  return { child: summarizeLink(deps, updated), credentials }
}
