import type { DeclarantView, HealthData, HealthEvent } from '../../../types/health'
import { AppError } from '../../domain/errors'
import { checkDocument, declarantKeyMaterial } from '../../domain/health/documents'
import { INVITE_TTL_MS, verifyTicket, type InvitePayload } from '../../domain/health/invite'
import { MAX_PROXIES } from '../../domain/health/proxies'
import { maskIdNumber, maskName } from '../../domain/mask'
import { sameName } from '../../domain/names'
import { healthIds, type Declarant } from '../../ports/healthStores'
import { loadHealthCaller, type HealthCaller } from './caller'
import type { HealthDeps } from './healthDeps'
import { declarantView, myDeclarantViews, orgView } from './views'

type E<A extends HealthEvent['action']> = Extract<HealthEvent, { action: A }>

const orgGone = () => new AppError('INVITE_INVALID', '该组织已不存在', '请联系采集员在微信聊天界面重新发送邀请卡片。')

/** The card is the only way in (seed 002): every join and preview starts by checking it. */
function checkTicket(deps: HealthDeps, ticket: string, now: number): InvitePayload {
  const r = verifyTicket(ticket, deps.inviteKey, now)
  if (r.ok) return r.payload
  throw new AppError(r.reason === 'expired' ? 'INVITE_EXPIRED' : 'INVITE_INVALID', r.message, r.hint)
}

/**
 * The card before login: a parent who taps it in the chat sees which org invites them
 * before being asked to log in. Only what the card already shows; a forged or expired card is refused.
 */
export async function inviteCard(deps: HealthDeps, _openid: string, e: E<'inviteCard'>): Promise<HealthData['inviteCard']> {
  const payload = checkTicket(deps, e.ticket, deps.clock.now())
  const org = await deps.health.orgs.get(payload.orgId)
  if (!org) throw orgGone()
  return { orgName: org.name, collectorMaskedName: org.collectorMaskedName, deadline: org.deadline, frequency: org.frequency, expiresAt: payload.exp }
}

export async function previewInvite(deps: HealthDeps, openid: string, e: E<'previewInvite'>): Promise<HealthData['previewInvite']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const payload = checkTicket(deps, e.ticket, caller.now)
  const org = await deps.health.orgs.get(payload.orgId)
  if (!org) throw orgGone()
  const mine = (await myDeclarantViews(deps, caller.identity.id, caller.today)).filter((d) => d.orgs.some((o) => o.orgId === org.id))
  return { org: orgView(org, caller.identity.id), expiresAt: payload.exp, mine }
}

/** The declarant record for 本人填报 (from the real-name session) or 代他人填报 (name + document). */
function declarantFrom(deps: HealthDeps, caller: HealthCaller, join: E<'joinByInvite'>['join']): { record: Declarant; name: string } {
  const input =
    join.as === 'self'
      ? { name: caller.name, docType: 'mainland_id' as const, docNumber: caller.idNumber }
      : { name: join.declarant.name.trim(), docType: join.declarant.docType, docNumber: join.declarant.docNumber }
  const doc = checkDocument(input.docType, input.docNumber, caller.today)
  if (!doc.ok) throw new AppError('DOC_NUMBER_INVALID', doc.message)
  const id = deps.cipher.keyedHash(declarantKeyMaterial(doc))
  return {
    name: input.name,
    record: {
      id, docType: doc.docType, nameCipher: deps.cipher.encrypt(input.name), docNumberCipher: deps.cipher.encrypt(doc.number),
      maskedName: maskName(input.name), maskedDocNumber: maskIdNumber(doc.number), createdAt: caller.now,
    },
  }
}

/**
 * Seed 002 flow: open the card → 本人填报 or 代他人填报 → the declarant joins the org and the
 * caller's list. Checks come first and write nothing: ticket, document, name against the stored
 * declarant, re-joining after leaving (needs a card issued after leaving, FAQ 7), the proxy
 * limit (FAQ 10, claimed atomically by the store). Filing for one's own document is self filing.
 */
export async function joinByInvite(deps: HealthDeps, openid: string, e: E<'joinByInvite'>): Promise<HealthData['joinByInvite']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const payload = checkTicket(deps, e.ticket, caller.now)
  const org = await deps.health.orgs.get(payload.orgId)
  if (!org) throw orgGone()
  const { record, name } = declarantFrom(deps, caller, e.join)
  const selfId = deps.cipher.keyedHash(declarantKeyMaterial({ docType: 'mainland_id', identity: caller.idNumber }))
  const relation = record.id === selfId ? 'self' : 'proxy'
  const existing = await deps.health.declarants.get(record.id)
  if (existing && relation === 'proxy' && !sameName(deps.cipher.decrypt(existing.nameCipher), name)) throw new AppError('DECLARANT_MISMATCH')
  const membershipId = healthIds.membership(org.id, record.id)
  const membership = await deps.health.memberships.get(membershipId)
  if (membership?.state === 'left' && payload.exp - INVITE_TTL_MS <= (membership.leftAt ?? 0)) throw new AppError('INVITE_STALE')
  if (relation === 'proxy' && (await deps.health.proxySlots.claim(record.id, caller.identity.id, MAX_PROXIES)) === 'full') {
    throw new AppError('PROXY_LIMIT')
  }
  const declarant = (await deps.health.declarants.ensure(record)).stored
  if (!membership) {
    await deps.health.memberships.ensure({
      id: membershipId, orgId: org.id, declarantId: declarant.id, maskedName: declarant.maskedName, docType: declarant.docType,
      state: 'active', joinedAt: caller.now, leftAt: null,
    })
  } else if (membership.state === 'left') {
    await deps.health.memberships.rejoin(membershipId, caller.now)
  }
  await deps.health.bindings.activate({
    id: healthIds.binding(caller.identity.id, declarant.id), filerIdentityId: caller.identity.id, filerOpenid: caller.openid,
    declarantId: declarant.id, relation, state: 'active', createdAt: caller.now, removedAt: null,
  })
  const view: DeclarantView = await declarantView(deps, declarant, relation, caller.today, caller.identity.id)
  return { org: orgView(org, caller.identity.id), declarant: view }
}
