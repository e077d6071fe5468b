import type { DeclarantView, HealthData, HealthEvent } from '../../../types/health'
import { AppError } from '../../domain/errors'
import { checkDocument, declarantKeyMaterial } from '../../domain/health/documents'
import { INVITE_TTL_MS, verifyTicket, type InvitePayload } from '../../domain/health/invite'
import { MAX_PROXIES } from '../../domain/health/proxies'
import { maskIdNumber, maskName } from '../../domain/mask'
import { sameName } from '../../domain/names'
import { healthIds, type Declarant, type Membership } from '../../ports/healthStores'
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

/** Who a join names and under which name: checked where it can be, and never against a stored name. */
interface Named {
  record: Declarant
  relation: 'self' | 'proxy'
  name: string
  /** The registry's name (mainland ID) or the caller's own real-name login: it names the declarant in every org joined through it. */
  verified: boolean
}

/**
 * 本人填报 (from the real-name session) or 代他人填报 (name + document). The name
 * is checked against what can vouch for it, never against what an earlier join stored:
 * - one's own document (本人填报, or 代他人填报 with one's own number): the session's verified name;
 * - a mainland ID: the registry's name for it (as guardian linking does), when it holds one;
 * - anything else (passports, permits, birth certificates, an ID the registry lacks): the name is
 *   the filer's own, on their binding; it never locks out or renames anyone else's.
 * Every refusal here depends on the typed input and the registry only, so none tells a stored name.
 */
async function nameTheDeclarant(deps: HealthDeps, caller: HealthCaller, join: E<'joinByInvite'>['join']): Promise<Named> {
  const input =
    join.as === 'self'
      ? { name: caller.name, docType: 'mainland_id' as const, docNumber: caller.idNumber }
      : { name: join.declarant.name.trim(), docType: join.declarant.docType, docNumber: join.declarant.docNumber }
  const doc = checkDocument(input.docType, input.docNumber, caller.today)
  if (!doc.ok) throw new AppError('DOC_NUMBER_INVALID', doc.message)
  const id = deps.cipher.keyedHash(declarantKeyMaterial(doc))
  const selfId = deps.cipher.keyedHash(declarantKeyMaterial({ docType: 'mainland_id', identity: caller.idNumber }))
  const relation = id === selfId ? 'self' : 'proxy'
  let name = input.name
  let verified = false
  if (relation === 'self') {
    if (!sameName(caller.name, input.name)) throw new AppError('DECLARANT_MISMATCH', '填写的姓名与您实名登录的姓名不一致', '这是您本人的证件号码，请选择“本人填报”，或按实名登录的姓名填写。')
    name = caller.name
    verified = true
  } else if (doc.docType === 'mainland_id') {
    const card = await deps.registry.idCardOf(doc.number)
    if (card) {
      if (!sameName(card.name, input.name)) throw new AppError('DECLARANT_MISMATCH')
      name = card.name
      verified = true
    }
  }
  return {
    relation, name, verified,
    record: {
      id, docType: doc.docType, nameCipher: deps.cipher.encrypt(name), docNumberCipher: deps.cipher.encrypt(doc.number),
      maskedName: maskName(name), maskedDocNumber: maskIdNumber(doc.number), createdAt: caller.now,
    },
  }
}

/**
 * The name this org's collector sees: the first join into the org names the
 * membership; a verified name replaces it; a differing typed name waits beside an unverified one
 * for the collector (never replacing it, never refusing anyone).
 */
async function nameTheMembership(deps: HealthDeps, membership: Membership, named: Named, declarant: Declarant): Promise<void> {
  const current = deps.cipher.decrypt(membership.nameCipher ?? declarant.nameCipher)
  const nameCipher = deps.cipher.encrypt(named.name)
  if (named.verified) {
    if (!membership.nameVerified || !sameName(current, named.name) || membership.altNameCipher !== null) {
      await deps.health.memberships.setVerifiedName(membership.id, { nameCipher, maskedName: maskName(named.name) })
    }
    return
  }
  if (membership.nameVerified || sameName(current, named.name)) return
  if (membership.altNameCipher !== null && sameName(deps.cipher.decrypt(membership.altNameCipher), named.name)) return
  await deps.health.memberships.flagOtherName(membership.id, { altNameCipher: nameCipher, altMaskedName: maskName(named.name) })
}

/**
 * Seed 002 flow: open the card → 本人填报 or 代他人填报 → the declarant joins the org and the
 * caller's list. Checks come first and write nothing: ticket, document, name (nameTheDeclarant),
 * re-joining after leaving (needs a card issued after leaving, FAQ 7), the proxy limit (FAQ 10,
 * claimed atomically by the store). Filing for one's own document is self filing.
 */
export async function joinByInvite(deps: HealthDeps, openid: string, e: E<'joinByInvite'>): Promise<HealthData['joinByInvite']> {
  const caller = await loadHealthCaller(deps, openid, e.sessionToken)
  const payload = checkTicket(deps, e.ticket, caller.now)
  const org = await deps.health.orgs.get(payload.orgId)
  if (!org) throw orgGone()
  const named = await nameTheDeclarant(deps, caller, e.join)
  const { record, relation, name } = named
  const membershipId = healthIds.membership(org.id, record.id)
  const membership = await deps.health.memberships.get(membershipId)
  if (membership?.state === 'left' && payload.exp - INVITE_TTL_MS <= (membership.leftAt ?? 0)) throw new AppError('INVITE_STALE')
  if (relation === 'proxy' && (await deps.health.proxySlots.claim(record.id, caller.identity.id, MAX_PROXIES)) === 'full') {
    throw new AppError('PROXY_LIMIT')
  }
  const declarant = (await deps.health.declarants.ensure(record)).stored
  const nameCipher = deps.cipher.encrypt(name)
  const ensured = membership
    ? { stored: membership, created: false }
    : await deps.health.memberships.ensure({
        id: membershipId, orgId: org.id, declarantId: declarant.id, maskedName: maskName(name), nameCipher, nameVerified: named.verified,
        altNameCipher: null, altMaskedName: null, docType: declarant.docType, state: 'active', joinedAt: caller.now, leftAt: null,
      })
  if (!ensured.created) {
    if (ensured.stored.state === 'left') await deps.health.memberships.rejoin(membershipId, caller.now)
    await nameTheMembership(deps, ensured.stored, named, declarant)
  }
  await deps.health.bindings.activate({
    id: healthIds.binding(caller.identity.id, declarant.id), filerIdentityId: caller.identity.id, filerOpenid: caller.openid,
    declarantId: declarant.id, relation, state: 'active', createdAt: caller.now, removedAt: null, nameCipher, maskedName: maskName(name),
  })
  if (relation === 'proxy') {
    await deps.health.reach.grant({
      id: healthIds.reach(caller.identity.id, org.id, declarant.id), filerIdentityId: caller.identity.id, orgId: org.id, declarantId: declarant.id, grantedAt: caller.now,
    })
  }
  const view: DeclarantView = await declarantView(deps, declarant, relation, caller.today, caller.identity.id, maskName(name))
  return { org: orgView(org, caller.identity.id), declarant: view }
}
