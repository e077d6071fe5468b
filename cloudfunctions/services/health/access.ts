import { AppError } from '../../domain/errors'
import { healthIds, type Binding, type Membership, type Org } from '../../ports/healthStores'
import type { HealthCaller } from './caller'
import type { HealthDeps } from './healthDeps'

export interface FilingAccess {
  org: Org
  /** The collector filing from the workbench: no proxy slot, and may change a locked day. */
  asCollector: boolean
  /** The declarant's active membership (joinedAt: no day before it is theirs to file). */
  membership: Membership
  /** The filer's active binding (self or proxy); null for the collector filing from the workbench. */
  binding: Binding | null
}

/**
 * A live binding that reaches this org: one's own (本人) in every org one belongs to; a proxy's only
 * in the orgs they joined the declarant through (the card of that org), never in another org the
 * declarant happens to belong to (found by the model-based test).
 */
export function reachesOrg(binding: Binding | null, reached: boolean): binding is Binding {
  return binding !== null && binding.state === 'active' && (binding.relation === 'self' || reached)
}

/**
 * Who may read or file for a declarant in an org: the org's collector for a member (FAQ 17:
 * 由班主任直接在工作台为其代填报), or a filer with the declarant on their active list (self, or a
 * proxy who joined them through this org's card). Anyone else learns nothing about the declarant, not even whether they exist.
 */
export async function requireFiling(deps: HealthDeps, caller: HealthCaller, orgId: string, declarantId: string): Promise<FilingAccess> {
  // One round trip for the three documents (each database call is a billed round trip on
  // CloudBase); the checks still run in their order, so a caller learns no more than before.
  const [org, binding, membership, reached] = await Promise.all([
    deps.health.orgs.get(orgId),
    deps.health.bindings.get(healthIds.binding(caller.identity.id, declarantId)),
    deps.health.memberships.get(healthIds.membership(orgId, declarantId)),
    deps.health.reach.has(caller.identity.id, orgId, declarantId),
  ])
  if (!org) throw new AppError('NOT_FOUND', '未找到该组织')
  const asCollector = org.collectorIdentityId === caller.identity.id
  if (!asCollector && !reachesOrg(binding, reached)) throw new AppError('NOT_BOUND')
  if (!membership || membership.state !== 'active') throw new AppError('NOT_A_MEMBER')
  return { org, asCollector, membership, binding: asCollector ? null : binding }
}
