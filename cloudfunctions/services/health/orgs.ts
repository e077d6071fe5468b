import type { HealthData, HealthEvent } from '../../../types/health'
import { INVITE_PAGE } from '../../../types/health'
import { INVITE_TTL_MS, issueTicket } from '../../domain/health/invite'
import { loadHealthCaller, requireCollector } from './caller'
import type { HealthDeps } from './healthDeps'
import { myDeclarantViews, orgView } from './views'

type E<A extends HealthEvent['action']> = Extract<HealthEvent, { action: A }>

/** A collector (班主任、辅导员) creates an organization with a daily deadline and a frequency. */
export async function createOrg(deps: HealthDeps, openid: string, e: E<'createOrg'>): Promise<HealthData['createOrg']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const org = {
    id: deps.ids.id(), name: e.name, deadline: e.deadline, frequency: e.frequency,
    collectorIdentityId: caller.identity.id, collectorMaskedName: caller.maskedName, createdAt: caller.now,
  }
  await deps.health.orgs.create(org)
  return { org: orgView(org, caller.identity.id) }
}

/** The invitation card: a signed, expiring ticket in the page path (domain/health/invite.ts). */
export async function issueInvite(deps: HealthDeps, openid: string, e: E<'issueInvite'>): Promise<HealthData['issueInvite']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const org = await requireCollector(deps, caller, e.orgId)
  const exp = caller.now + INVITE_TTL_MS
  const ticket = issueTicket({ orgId: org.id, issuedBy: caller.identity.id, exp, nonce: deps.ids.secret() }, deps.inviteKey)
  return { ticket, path: `${INVITE_PAGE}?t=${encodeURIComponent(ticket)}`, expiresAt: exp, title: `${org.name}邀请您进行健康申报` }
}

/** The declaration home: orgs I collect for (with member counts) and my declarants. */
export async function healthHome(deps: HealthDeps, openid: string, e: E<'home'>): Promise<HealthData['home']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const orgs = await deps.health.orgs.listByCollector(caller.identity.id)
  const collectorOrgs = await Promise.all(
    orgs.map(async (o) => ({
      ...orgView(o, caller.identity.id),
      members: (await deps.health.memberships.listByOrg(o.id)).filter((m) => m.state === 'active').length,
    })),
  )
  return { collectorOrgs, declarants: await myDeclarantViews(deps, caller.identity.id, caller.today) }
}
