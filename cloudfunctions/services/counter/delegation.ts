import type { CounterData, CounterEvent, DelegationView } from '../../../types/counter'
import { delegationNoticeOf, matterById, MATTERS } from '../../domain/counter/matters'
import { requireSameNotice, storeNotice } from '../consent/notices'
import { AppError } from '../../domain/errors'
import { shanghaiYmd } from '../../domain/calendar'
import { validateIdNumber } from '../../domain/idNumber'
import { maskName } from '../../domain/mask'
import { sameName } from '../../domain/names'
import type { CounterCase, Delegation } from '../../ports/counterStores'
import { appendLedger, pseudonym } from '../consent/ledger'
import { readIdentity } from '../identityFields'
import { requireRecentVerification } from '../requireRecentVerification'
import { loadCaller, type Caller } from '../space/caller'
import { recordAccess } from '../space/recordAccess'
import type { CounterDeps } from './counterDeps'
import { delegationState, ledgerFields, requireMatter } from './views'

export { delegationState }

type E<A extends CounterEvent['action']> = Extract<CounterEvent, { action: A }>
const DAY = 24 * 3600_000

/** What a delegation covers on the ledger: every field the matter may read (no values). */
const delegationFields = (matterId: string) => requireMatter(matterId).uses.flatMap((u) => u.fields.map((f) => `${u.type}.${f}`))

async function view(deps: CounterDeps, d: Delegation): Promise<DelegationView> {
  const holder = await deps.stores.identities.get(d.holderId)
  return {
    delegationId: d.id, matterId: d.matterId, matterName: matterById(d.matterId)?.name ?? d.matterId, agentMasked: d.agentMasked,
    holderMasked: holder ? maskName(readIdentity(deps.cipher, holder).name) : '委托人',
    confirmBy: d.confirmBy, state: delegationState(d, deps.clock.now()), createdAt: d.createdAt, expiresAt: d.expiresAt,
  }
}

/** The caller is this delegation's agent: their own ID number and name, proven at login. */
const isAgent = (deps: CounterDeps, caller: Caller, d: Delegation) =>
  d.agentRef === deps.cipher.keyedHash(caller.idNumber) && sameName(deps.cipher.decrypt(d.agentNameCipher), caller.name)

/**
 * 发起委托 (seed 004 §2(5) 图13): the holder names the agent (name and ID number), the matter, how
 * long, and who confirms at the counter. A recent face check; the grant is on the ledger.
 */
export async function delegate(deps: CounterDeps, openid: string, e: E<'delegate'>): Promise<CounterData['delegate']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  const matter = requireMatter(e.matterId)
  const agent = validateIdNumber(e.agentIdNumber, shanghaiYmd(deps.clock.now()))
  if (!agent.ok) throw new AppError('ID_NUMBER_INVALID', `代办人${agent.reason}`)
  if (agent.idNumber === caller.idNumber) throw new AppError('DELEGATION_SELF')
  requireRecentVerification(deps, caller.session)
  // The 授权说明 the form showed for these choices, or NOTICE_CHANGED before anything is written.
  const notice = delegationNoticeOf(matter, e.days, e.confirmBy)
  requireSameNotice(notice, e.notice)
  const now = deps.clock.now()
  const d: Delegation = {
    id: `dg_${deps.ids.id()}`, holderId: caller.identity.id, agentRef: deps.cipher.keyedHash(agent.idNumber),
    agentNameCipher: deps.cipher.encrypt(e.agentName), agentMasked: maskName(e.agentName), matterId: matter.id, confirmBy: e.confirmBy,
    state: 'offered', createdAt: now, expiresAt: now + e.days * DAY, acceptedAt: null, endedAt: null, agentId: null, version: 1,
  }
  await deps.counter.delegations.create(d)
  await Promise.all([
    appendLedger(deps, { consent: `delegation:${d.id}`, action: 'grant', fields: delegationFields(d.matterId), actor: pseudonym(deps, 'person', caller.identity.id), notice: notice.hash }),
    storeNotice(deps, notice),
  ])
  await recordAccess(deps, {
    identityId: caller.identity.id, actorLabel: caller.maskedName, action: 'authorize', credentialTypes: matter.uses.map((u) => u.type),
    note: `委托 ${d.agentMasked} 代办“${matter.name}”，${e.days}天内有效（${e.confirmBy === 'agent' ? '由代办人确认授权' : '由本人远程确认授权'}）`,
  })
  return { delegation: await view(deps, d) }
}

export async function listDelegations(deps: CounterDeps, openid: string, e: E<'delegations'>): Promise<CounterData['delegations']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  const given = await deps.counter.delegations.listByHolder(caller.identity.id)
  const received = (await deps.counter.delegations.listByAgentRef(deps.cipher.keyedHash(caller.idNumber))).filter((d) => isAgent(deps, caller, d))
  return {
    given: await Promise.all(given.map((d) => view(deps, d))),
    received: await Promise.all(received.map((d) => view(deps, d))),
    matters: MATTERS.map((m) => ({ id: m.id, name: m.name })),
  }
}

/** 接收代办信息 (seed 004 §2(5)): in the agent's own mini-program, once. */
export async function acceptDelegation(deps: CounterDeps, openid: string, e: E<'acceptDelegation'>): Promise<CounterData['acceptDelegation']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  const d = await deps.counter.delegations.get(e.delegationId)
  if (!d || !isAgent(deps, caller, d)) throw new AppError('DELEGATION_NOT_FOUND')
  const state = delegationState(d, deps.clock.now())
  if (state === 'accepted' && d.agentId === caller.identity.id) return { delegation: await view(deps, d) }
  if (state !== 'offered') throw new AppError('DELEGATION_NOT_FOUND')
  const accepted: Delegation = { ...d, state: 'accepted', acceptedAt: deps.clock.now(), agentId: caller.identity.id, version: d.version + 1 }
  if (!(await deps.counter.delegations.replace(accepted, d.version))) throw new AppError('CONFLICT')
  await appendLedger(deps, { consent: `delegation:${d.id}`, action: 'grant', fields: delegationFields(d.matterId), actor: pseudonym(deps, 'person', caller.identity.id) })
  return { delegation: await view(deps, accepted) }
}

/**
 * The holder ends a delegation: no new 委托人身份码 after this, and the cases opened under it that
 * still wait or run close with it (every later answer or read checks the delegation anyway; this
 * makes the holder's and the counter's lists say so). Each close is a compare-and-set, retried if
 * a concurrent answer moved the case first.
 */
export async function endDelegation(deps: CounterDeps, openid: string, e: E<'endDelegation'>): Promise<CounterData['endDelegation']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  const d = await deps.counter.delegations.get(e.delegationId)
  if (!d || d.holderId !== caller.identity.id) throw new AppError('DELEGATION_NOT_FOUND')
  if (d.state === 'ended' || d.state === 'declined') return { delegation: await view(deps, d) }
  const ended: Delegation = { ...d, state: 'ended', endedAt: deps.clock.now(), version: d.version + 1 }
  if (!(await deps.counter.delegations.replace(ended, d.version))) throw new AppError('CONFLICT')
  await appendLedger(deps, { consent: `delegation:${d.id}`, action: 'revoke', fields: delegationFields(d.matterId), actor: pseudonym(deps, 'person', caller.identity.id) })
  const closed = await closeCasesOf(deps, ended, caller.identity.id)
  await recordAccess(deps, {
    identityId: caller.identity.id, actorLabel: caller.maskedName, action: 'revoke', credentialTypes: requireMatter(d.matterId).uses.map((u) => u.type),
    note: `已结束对 ${d.agentMasked} 的委托（${requireMatter(d.matterId).name}）${closed ? `，${closed}件办理中的授权随之结束` : ''}`,
  })
  return { delegation: await view(deps, ended) }
}

/** Closes the waiting and running cases opened under an ended delegation; a running grant's end is on the ledger. */
async function closeCasesOf(deps: CounterDeps, d: Delegation, holderId: string): Promise<number> {
  if (!d.agentId) return 0
  let closed = 0
  const now = deps.clock.now()
  for (const listed of (await deps.counter.cases.listByAgent(d.agentId, 100)).filter((c) => c.delegationId === d.id)) {
    let c: CounterCase | null = listed
    for (let attempt = 0; c && attempt < 5; attempt++) {
      const live = (c.state === 'awaiting' && now < c.answerBy) || (c.state === 'confirmed' && c.grantExpiresAt !== null && now < c.grantExpiresAt)
      if (!live) break
      const ended: CounterCase = { ...c, state: 'ended', version: c.version + 1 }
      if (await deps.counter.cases.replace(ended, c.version)) {
        closed++
        if (c.state === 'confirmed') {
          const { index: endIndex, ref: endRef } = await appendLedger(deps, { consent: `counter:${c.id}`, action: 'revoke', fields: ledgerFields(requireMatter(c.matterId), c), actor: pseudonym(deps, 'person', holderId) })
          await deps.counter.cases.replace({ ...ended, endIndex, endRef: endRef ?? null, version: ended.version + 1 }, ended.version)
        }
        break
      }
      c = await deps.counter.cases.get(c.id)
    }
  }
  return closed
}

/**
 * 拒绝委托: the named agent turns down a delegation, before or after accepting it; no
 * 委托人身份码 after this. On the ledger (revoke, by the agent), and in the holder's 数字档案袋 and
 * 委托代办 (代办人已拒绝). Anyone else gets DELEGATION_NOT_FOUND, as for a missing one.
 */
export async function declineDelegation(deps: CounterDeps, openid: string, e: E<'declineDelegation'>): Promise<CounterData['declineDelegation']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  const d = await deps.counter.delegations.get(e.delegationId)
  if (!d || !isAgent(deps, caller, d) || (d.agentId !== null && d.agentId !== caller.identity.id)) throw new AppError('DELEGATION_NOT_FOUND')
  const state = delegationState(d, deps.clock.now())
  if (state === 'declined') return { delegation: await view(deps, d) }
  if (state !== 'offered' && state !== 'accepted') throw new AppError('DELEGATION_NOT_FOUND')
  const declined: Delegation = { ...d, state: 'declined', endedAt: deps.clock.now(), version: d.version + 1 }
  if (!(await deps.counter.delegations.replace(declined, d.version))) throw new AppError('CONFLICT')
  await appendLedger(deps, { consent: `delegation:${d.id}`, action: 'revoke', fields: delegationFields(d.matterId), actor: pseudonym(deps, 'person', caller.identity.id) })
  // Declined after accepting: what it brought to a counter closes as if the holder had ended it.
  await closeCasesOf(deps, declined, caller.identity.id)
  const matter = requireMatter(d.matterId)
  await recordAccess(deps, {
    identityId: d.holderId, actorLabel: `代办人${d.agentMasked}`, action: 'revoke', credentialTypes: matter.uses.map((u) => u.type),
    note: `代办人${d.agentMasked}已拒绝您的委托（${matter.name}）`,
  })
  return { delegation: await view(deps, declined) }
}

/** A delegation an agent may still act under, or DELEGATION_NOT_FOUND. */
export async function liveDelegation(deps: CounterDeps, id: string, agentId?: string): Promise<Delegation> {
  const d = await deps.counter.delegations.get(id)
  if (!d || delegationState(d, deps.clock.now()) !== 'accepted' || (agentId !== undefined && d.agentId !== agentId)) throw new AppError('DELEGATION_NOT_FOUND')
  return d
}
