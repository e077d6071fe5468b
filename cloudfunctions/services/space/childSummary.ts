import { z } from 'zod'
import type { ChildLinkSummary } from '../../../types/space'
import { canAuthorizeForSelf } from '../../domain/guardian/age'
import type { GuardianLink } from '../../domain/guardian/matchGuardian'
import { maskName } from '../../domain/mask'
import type { ChildLink } from '../../ports/spaceStores'
import type { SpaceDeps } from './spaceDeps'

/** The link's encrypted facts, parsed when read back (STYLE.md: zod at the edge). */
const LinkFacts: z.ZodType<GuardianLink, z.ZodTypeDef, unknown> = z.object({
  childIdNumber: z.string(),
  childName: z.string(),
  sex: z.enum(['男', '女']),
  birthDate: z.string(),
  parentRole: z.enum(['mother', 'father']),
  birthCertificateNumber: z.string(),
  renamed: z.boolean(),
  householdNumber: z.string(),
  collective: z.boolean(),
  headIdNumber: z.string().nullable(),
})

export function openLink(deps: SpaceDeps, link: ChildLink): GuardianLink {
  return LinkFacts.parse(JSON.parse(deps.cipher.decrypt(link.payloadCipher)))
}

export function summarizeLink(deps: SpaceDeps, link: ChildLink): ChildLinkSummary {
  const facts = openLink(deps, link)
  return {
    childLinkId: link.id,
    birthCertificateId: link.birthCertificateId,
    maskedName: maskName(facts.childName),
    sex: facts.sex,
    birthDate: facts.birthDate,
    parentRole: facts.parentRole,
    renamed: facts.renamed,
    linkedAt: link.linkedAt,
    credentialsClaimed: link.wardClaimedAt !== null,
    underFourteen: !canAuthorizeForSelf(facts.birthDate, deps.clock.now()),
  }
}

export async function childSummaries(deps: SpaceDeps, parentIdentityId: string): Promise<ChildLinkSummary[]> {
  const links = await deps.stores.childLinks.listByParent(parentIdentityId)
  return links.map((l) => summarizeLink(deps, l))
}
