import { maskName } from '../../domain/mask'
import { AppError } from '../../domain/errors'
import { dayOf } from '../../domain/health/calendar'
import type { Org } from '../../ports/healthStores'
import type { Identity } from '../../ports/stores'
import { readIdentity } from '../identityFields'
import { requireSession } from '../requireSession'
import type { HealthDeps } from './healthDeps'

export interface HealthCaller {
  openid: string
  identity: Identity
  name: string
  idNumber: string
  maskedName: string
  now: number
  /** China day of `now` (calendar.ts), whatever the server zone. */
  today: string
}

/** The real-name logged-in filer or collector (seed 002: 实名认证登录 first). */
export async function loadHealthCaller(deps: HealthDeps, openid: string, token: string): Promise<HealthCaller> {
  const { identity } = await requireSession(deps, openid, token)
  const { name, idNumber } = readIdentity(deps.cipher, identity)
  const now = deps.clock.now()
  return { openid, identity, name, idNumber, maskedName: maskName(name), now, today: dayOf(now) }
}

export async function requireOrg(deps: HealthDeps, orgId: string): Promise<Org> {
  const org = await deps.health.orgs.get(orgId)
  if (!org) throw new AppError('NOT_FOUND', '未找到该组织')
  return org
}

/** SPEC §5: a collector sees only their own organization's members. */
export async function requireCollector(deps: HealthDeps, caller: HealthCaller, orgId: string): Promise<Org> {
  const org = await requireOrg(deps, orgId)
  if (org.collectorIdentityId !== caller.identity.id) throw new AppError('NOT_COLLECTOR')
  return org
}
