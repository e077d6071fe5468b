import { AppError } from '../../domain/errors'
import { healthIds, type Membership, type Org } from '../../ports/healthStores'
import { requireOrg, type HealthCaller } from './caller'
import type { HealthDeps } from './healthDeps'

export interface FilingAccess {
  org: Org
  /** The collector filing from the workbench: no proxy slot, and may change a locked day. */
  asCollector: boolean
  /** The declarant's active membership (joinedAt: no day before it is theirs to file). */
  membership: Membership
}

/**
 * Who may read or file for a declarant in an org: the org's collector for a member (FAQ 17:
 * 由班主任直接在工作台为其代填报), or a filer with the declarant on their active list (self or
 * proxy). Anyone else learns nothing about the declarant, not even whether they exist.
 */
export async function requireFiling(deps: HealthDeps, caller: HealthCaller, orgId: string, declarantId: string): Promise<FilingAccess> {
  const org = await requireOrg(deps, orgId)
  const asCollector = org.collectorIdentityId === caller.identity.id
  if (!asCollector) {
    const binding = await deps.health.bindings.get(healthIds.binding(caller.identity.id, declarantId))
    if (!binding || binding.state !== 'active') throw new AppError('NOT_BOUND')
  }
  const membership = await deps.health.memberships.get(healthIds.membership(orgId, declarantId))
  if (!membership || membership.state !== 'active') throw new AppError('NOT_A_MEMBER')
  return { org, asCollector, membership }
}
