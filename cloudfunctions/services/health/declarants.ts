import type { HealthData, HealthEvent } from '../../../types/health'
import { AppError } from '../../domain/errors'
import { healthIds } from '../../ports/healthStores'
import { reachesOrg } from './access'
import { loadHealthCaller } from './caller'
import type { HealthDeps } from './healthDeps'
import { myDeclarantViews } from './views'

type E<A extends HealthEvent['action']> = Extract<HealthEvent, { action: A }>

/** A proxy sees only the declarants bound to them (SPEC §5). */
export async function myDeclarants(deps: HealthDeps, openid: string, e: E<'myDeclarants'>): Promise<HealthData['myDeclarants']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  return { items: await myDeclarantViews(deps, caller.identity.id, caller.today) }
}

/**
 * 删除申报人: off the caller's list and, for a proxy, the slot is freed for another proxy (FAQ 10).
 * The declarant stays an org member; filing for them again needs the card (seed 002).
 */
export async function removeDeclarant(deps: HealthDeps, openid: string, e: E<'removeDeclarant'>): Promise<HealthData['removeDeclarant']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const id = healthIds.binding(caller.identity.id, e.declarantId)
  const binding = await deps.health.bindings.get(id)
  if (!binding || binding.state !== 'active') throw new AppError('NOT_BOUND')
  await deps.health.bindings.remove(id, caller.now)
  if (binding.relation === 'proxy') await deps.health.proxySlots.release(e.declarantId, caller.identity.id)
  return { removed: true }
}

/** 退出组织 for a declarant on the caller's list: re-joining needs a card issued after this (FAQ 7). */
export async function leaveOrgFor(deps: HealthDeps, openid: string, e: E<'leaveOrgFor'>): Promise<HealthData['leaveOrgFor']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const [binding, reached] = await Promise.all([
    deps.health.bindings.get(healthIds.binding(caller.identity.id, e.declarantId)),
    deps.health.reach.has(caller.identity.id, e.orgId, e.declarantId),
  ])
  // A proxy takes the declarant out only of an org they joined them through.
  if (!reachesOrg(binding, reached)) throw new AppError('NOT_BOUND')
  if (!(await deps.health.memberships.leave(healthIds.membership(e.orgId, e.declarantId), caller.now))) throw new AppError('NOT_A_MEMBER')
  return { left: true }
}
