import { CREDENTIAL_TITLES } from '../../../types/spaceModels'
import { COUNTER_FIELD_LABELS, type DelegationView, type ServiceView } from '../../../types/counter'
import { matterById, serviceNoticeOf, type Matter } from '../../domain/counter/matters'
import { noticeView } from '../../domain/consent/notice'
import { AppError } from '../../domain/errors'
import type { Counter, CounterCase, CounterOperator, Delegation } from '../../ports/counterStores'
import { maskName } from '../../domain/mask'
import { detailSections } from '../../domain/space/credentialView'
import type { CredentialPayload } from '../../domain/space/credential'
import type { CounterDeps } from './counterDeps'

/** Field labels as the credential's own detail rows name them (types/counter.ts). */
export function fieldLabel(type: CredentialPayload['type'], key: string): string {
  return COUNTER_FIELD_LABELS[type][key] ?? key
}

/** The allowed fields of one credential, with their values, from the holder's stored record. */
export function formFields(p: CredentialPayload, allowed: readonly string[]) {
  const all = detailSections(p).flatMap((s) => s.fields)
  return allowed.map((key) => ({ key, label: fieldLabel(p.type, key), value: all.find((f) => f.key === key)?.value ?? '—' }))
}

export function requireMatter(id: string): Matter {
  const m = matterById(id)
  if (!m) throw new AppError('MATTER_NOT_ALLOWED')
  return m
}

/** What the case is now: an unanswered request and a grant both run out on their own. */
export function caseState(c: CounterCase, now: number): ServiceView['state'] {
  if (c.state === 'awaiting') return now < c.answerBy ? 'awaiting' : 'expired'
  if (c.state === 'confirmed') return c.grantExpiresAt !== null && now < c.grantExpiresAt ? 'confirmed' : 'expired'
  return c.state
}

export function delegationState(d: Delegation, now: number): DelegationView['state'] {
  if (d.state === 'ended' || d.state === 'declined') return d.state
  return now < d.expiresAt ? d.state : 'expired'
}

/** Why a step under a delegation is refused now: the holder ended it, or its last day passed. */
export type DelegationRefusal = 'DELEGATION_ENDED' | 'DELEGATION_EXPIRED'
export const DELEGATION_REASON: Record<DelegationRefusal, string> = { DELEGATION_ENDED: '委托已结束', DELEGATION_EXPIRED: '委托已过期' }

/**
 * Whether the delegation a case was opened under still holds at this moment (null: it does, or
 * the case has none). Read at every step that acts under it: answer, form, print, materials, archive.
 */
export async function delegationRefusal(deps: CounterDeps, c: CounterCase): Promise<DelegationRefusal | null> {
  if (!c.delegationId) return null
  const d = await deps.counter.delegations.get(c.delegationId)
  const state = d ? delegationState(d, deps.clock.now()) : 'ended'
  // Declined by the agent counts as ended: nobody acts under it any more.
  return state === 'ended' || state === 'declined' ? 'DELEGATION_ENDED' : state === 'expired' ? 'DELEGATION_EXPIRED' : null
}

/**
 * The case as it stands now, with the delegation it was opened under: a case whose delegation
 * ended or expired is over ('ended' / 'expired') whatever its own grant says, and says why.
 */
export async function caseNow(deps: CounterDeps, c: CounterCase): Promise<{ state: ServiceView['state']; reason: string | null }> {
  const state = caseState(c, deps.clock.now())
  const refusal = await delegationRefusal(deps, c)
  const live = state === 'awaiting' || state === 'confirmed'
  // A case the delegation's end closed (endDelegation) reads 'ended' with that reason too.
  if (!refusal || !(live || (state === 'ended' && refusal === 'DELEGATION_ENDED'))) return { state, reason: null }
  return { state: refusal === 'DELEGATION_ENDED' ? 'ended' : 'expired', reason: DELEGATION_REASON[refusal] }
}

const maskedNameOf = async (deps: CounterDeps, identityId: string | null): Promise<string | null> => {
  const identity = identityId ? await deps.stores.identities.get(identityId) : null
  return identity ? maskName(deps.cipher.decrypt(identity.nameCipher)) : null
}

/** The 服务授权 as `viewer` sees it (the holder, or the agent of a delegated case). */
export type ServiceParts = [Counter | null, CounterOperator | null, string | null, string | null]

/** What a service view reads besides the case (counter, operator, masked names): one round trip. */
export function serviceParts(deps: CounterDeps, c: CounterCase): Promise<ServiceParts> {
  return Promise.all([deps.counter.counters.get(c.counterId), deps.counter.operators.get(c.operatorId), maskedNameOf(deps, c.holderId), maskedNameOf(deps, c.agentId)])
}

/** `parts`: read earlier (serviceParts) by a caller that already needed them; none of them changes when a case is answered. */
export async function serviceView(deps: CounterDeps, c: CounterCase, viewer?: string, parts?: ServiceParts): Promise<ServiceView> {
  const matter = requireMatter(c.matterId)
  const [counter, operator, holderMasked, agentMasked] = parts ?? (await serviceParts(deps, c))
  const answerer = c.confirmBy === 'agent' ? c.agentId : c.holderId
  const held = new Set(c.offered.map((o) => o.type))
  const now = await caseNow(deps, c)
  return {
    caseId: c.id,
    counterName: counter?.name ?? '办事窗口',
    operatorName: operator?.name ?? '窗口工作人员',
    matterName: matter.name,
    uses: matter.uses.map((u) => ({ type: u.type, title: CREDENTIAL_TITLES[u.type], fields: u.fields.map((f) => fieldLabel(u.type, f)), held: held.has(u.type) })),
    grantMinutes: Math.round(matter.grantMs / 60_000),
    state: now.state,
    createdAt: c.createdAt,
    answerBy: c.answerBy,
    answerWithinMs: Math.max(0, c.answerBy - deps.clock.now()),
    grantExpiresAt: c.grantExpiresAt,
    agentMasked,
    holderMasked: holderMasked ?? '办事人',
    mineToAnswer: viewer === undefined ? c.way !== 'card' : viewer === answerer,
    way: c.way,
    answeredAt: c.answeredAt,
    // 评价器编号: filled once counters pair their devices; a case from before knows none.
    deviceLabel: c.deviceLabel ?? null,
    viewerIsAgent: viewer !== undefined && c.agentId !== null && viewer === c.agentId && viewer !== c.holderId,
    notice: noticeView(serviceNoticeOf(counter?.name ?? '办事窗口', matter, held)),
  }
}

/** Ledger field keys of a case: `<type>.<field>` for every credential offered (no values). */
export function ledgerFields(matter: Matter, c: CounterCase): string[] {
  const types = new Set(c.offered.map((o) => o.type))
  return matter.uses.filter((u) => types.has(u.type)).flatMap((u) => u.fields.map((f) => `${u.type}.${f}`))
}

/** The 免证清单 of a matter for a holder: their claimed credentials of its types, one per type, their own before a ward's. */
export async function offeredTo(deps: CounterDeps, matter: Matter, holderId: string): Promise<CounterCase['offered']> {
  const types = new Set(matter.uses.map((u) => u.type))
  const held = (await deps.stores.credentials.listByHolder(holderId)).filter((c) => types.has(c.type))
  const offered = new Map<string, CounterCase['offered'][number]>()
  for (const c of [...held].sort((a, b) => (a.subjectKind === b.subjectKind ? a.claimedAt - b.claimedAt : a.subjectKind === 'self' ? -1 : 1))) {
    if (!offered.has(c.type)) offered.set(c.type, { credentialId: c.id, type: c.type })
  }
  return [...offered.values()]
}

/**
 * 去领取: a holder who claims a credential while the counter waits comes back to the same
 * 服务授权; the 免证清单 of the waiting case grows by what was claimed (one compare-and-set; what was
 * offered before stays). Only while it is waiting: an answered case keeps what was answered.
 */
export async function withNewClaims(deps: CounterDeps, c: CounterCase): Promise<CounterCase> {
  if (caseState(c, deps.clock.now()) !== 'awaiting') return c
  const had = new Set(c.offered.map((o) => o.type))
  const added = (await offeredTo(deps, requireMatter(c.matterId), c.holderId)).filter((o) => !had.has(o.type))
  if (added.length === 0) return c
  const next: CounterCase = { ...c, offered: [...c.offered, ...added], version: c.version + 1 }
  return (await deps.counter.cases.replace(next, c.version)) ? next : ((await deps.counter.cases.get(c.id)) ?? c)
}

/** The holder has this long to answer a pushed authorization. */
export const ANSWER_WITHIN_MS = 5 * 60_000

/**
 * A new case for one holder and matter: the 免证清单 is the holder's claimed credentials of the
 * matter's types, one per type, their own before a ward's. Not yet stored (the caller spends the
 * code or ticket first).
 */
export async function newCase(deps: CounterDeps, at: { counterId: string; operatorId: string }, matter: Matter, holderId: string, way: CounterCase['way']): Promise<CounterCase> {
  const now = deps.clock.now()
  return {
    id: `cc_${deps.ids.id()}`, counterId: at.counterId, operatorId: at.operatorId, matterId: matter.id, way, holderId,
    offered: await offeredTo(deps, matter, holderId), state: 'awaiting', createdAt: now, answerBy: now + ANSWER_WITHIN_MS,
    answeredAt: null, grantExpiresAt: null, grantIndex: null, endIndex: null, agentId: null, delegationId: null, confirmBy: 'holder', archive: null, version: 1,
  }
}
