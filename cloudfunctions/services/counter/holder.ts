import { qrDataUrl as makeQr } from '../../adapters/qr/qrDataUrl'
import { randomBytes } from 'node:crypto'
import type { CounterData, CounterEvent, ScannedView } from '../../../types/counter'
import { codeDigitsFrom, GOV_CODE_ROTATE_MS, GOV_CODE_TTL_MS, qrPayload, signedPart } from '../../domain/counter/govCode'
import { AppError } from '../../domain/errors'
import { maskName } from '../../domain/mask'
import type { Counter, CounterCase } from '../../ports/counterStores'
import { pseudonym, appendLedger, proofBundle } from '../consent/ledger'
import { requireSameNotice, storeNotice } from '../consent/notices'
import { serviceNoticeOf } from '../../domain/counter/matters'
import { readLeaf } from '../../domain/consent/receipt'
import { requireRecentVerification } from '../requireRecentVerification'
import { loadCaller } from '../space/caller'
import { recordAccess } from '../space/recordAccess'
import type { CounterDeps } from './counterDeps'
import { caseState, delegationRefusal, ledgerFields, newCase, requireMatter, serviceParts, serviceView, withNewClaims } from './views'
import { liveDelegation } from './delegation'

type E<A extends CounterEvent['action']> = Extract<CounterEvent, { action: A }>

/** The server's signature over a code's digits and expiry (a keyed hash; nothing personal in it). */
export const codeSignature = (deps: CounterDeps, digits: string, expiresAt: number) => deps.cipher.keyedHash(`govcode|${signedPart(digits, expiresAt)}`).slice(0, 32)

/** 政务码 (seed 004 §2(1)): a fresh code bound to the caller, after a recent face check. */
export async function issueCode(deps: CounterDeps, openid: string, e: E<'code'>): Promise<CounterData['code']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  requireRecentVerification(deps, caller.session)
  // 委托人身份码 (seed 004 §2(5) 图14): the agent shows the delegator's code for the delegated matter.
  const delegation = e.delegationId ? await liveDelegation(deps, e.delegationId, caller.identity.id) : null
  const identityId = delegation ? delegation.holderId : caller.identity.id
  const now = deps.clock.now()
  const expiresAt = now + GOV_CODE_TTL_MS
  for (let attempt = 0; attempt < 5; attempt++) {
    const digits = codeDigitsFrom((n) => randomBytes(n))
    const issued = await deps.counter.codes.issue({ id: digits, identityId, issuedAt: now, expiresAt, usedAt: null, caseId: null, delegationId: delegation?.id ?? null })
    if (!issued) continue
    const qr = qrPayload(digits, expiresAt, codeSignature(deps, digits, expiresAt))
    const qrDataUrl = await makeQr(qr, { width: 360, errorCorrectionLevel: 'M' })
    const holder = delegation ? await deps.stores.identities.get(delegation.holderId) : null
    const forWhom = delegation
      ? { holderMasked: holder ? maskName(deps.cipher.decrypt(holder.nameCipher)) : '委托人', matterName: requireMatter(delegation.matterId).name, confirmBy: delegation.confirmBy }
      : null
    return { digits, qr, qrDataUrl, issuedAt: now, expiresAt, refreshAt: now + GOV_CODE_ROTATE_MS, delegation: forWhom }
  }
  throw new AppError('CONFLICT')
}

async function ownCase(deps: CounterDeps, holderId: string, caseId: string): Promise<CounterCase> {
  const c = await deps.counter.cases.get(caseId)
  // Someone else's case answers like a missing one.
  if (!c || c.holderId !== holderId) throw new AppError('CASE_NOT_FOUND')
  return c
}

/** The case this caller answers: the holder's own (unless the agent was given that), or the agent's where the delegation says so. */
function caseToAnswer(callerId: string, c: CounterCase | null): CounterCase {
  const mine = c && (c.confirmBy === 'agent' ? c.agentId === callerId : c.holderId === callerId)
  if (!c || !mine || c.way === 'card') throw new AppError('CASE_NOT_FOUND')
  return c
}

/** The 服务授权 a counter pushed to this holder and still waiting for an answer (the phone polls). */
export async function pendingService(deps: CounterDeps, openid: string, e: E<'pending'>): Promise<CounterData['pending']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  const now = deps.clock.now()
  if (e.codes?.length) {
    // The 政务码 page's poll: the codes it showed, by id (one round trip); a scanned one names its case.
    const codes = await Promise.all(e.codes.map((id) => deps.counter.codes.get(id)))
    for (const code of codes) {
      if (!code?.caseId) continue
      const c = await deps.counter.cases.get(code.caseId)
      if (!c) continue
      const answerer = c.confirmBy === 'agent' ? c.agentId : c.holderId
      const state = caseState(c, now)
      const scanned = await scannedView(deps, c, state)
      if (answerer === caller.identity.id && c.way !== 'card' && state === 'awaiting') return { service: await stillWaiting(deps, c, caller.identity.id), scanned }
      // Whoever showed the code (the holder, or the agent showing the delegator's) is told what became of it.
      if ((c.agentId ?? c.holderId) === caller.identity.id) return { service: null, scanned }
    }
    return { service: null, scanned: null }
  }
  // A 读卡 case waits on the counter's 评价器, not on the phone (the holder came without one); an
  // agent's case waits on whoever the delegation names.
  const own = (await deps.counter.cases.listByHolder(caller.identity.id, 5)).filter((c) => c.way !== 'card' && c.confirmBy === 'holder')
  const asAgent = (await deps.counter.cases.listByAgent(caller.identity.id, 5)).filter((c) => c.confirmBy === 'agent')
  const waiting = [...own, ...asAgent].sort((a, b) => b.createdAt - a.createdAt).find((c) => caseState(c, now) === 'awaiting')
  // Back from 去领取: the holder's own waiting case offers what was claimed meanwhile.
  const current = waiting && waiting.holderId === caller.identity.id ? await withNewClaims(deps, waiting) : waiting
  return { service: current ? await stillWaiting(deps, current, caller.identity.id) : null }
}

/** The view of a waiting case, unless the delegation it came under has ended or expired since (nothing left to confirm). */
async function stillWaiting(deps: CounterDeps, c: CounterCase, viewer: string) {
  const view = await serviceView(deps, c, viewer)
  return view.state === 'awaiting' ? view : null
}

/** What became of a scanned code, for the one who showed it (names masked, nothing read). */
async function scannedView(deps: CounterDeps, c: CounterCase, state: ScannedView['state']): Promise<ScannedView> {
  const [counter, operator, holder] = await Promise.all([deps.counter.counters.get(c.counterId), deps.counter.operators.get(c.operatorId), deps.stores.identities.get(c.holderId)])
  return {
    caseId: c.id, counterName: counter?.name ?? '办事窗口', operatorName: operator?.name ?? '窗口工作人员', matterName: requireMatter(c.matterId).name,
    holderMasked: holder ? maskName(deps.cipher.decrypt(holder.nameCipher)) : '办事人', confirmBy: c.confirmBy, state,
  }
}

/** Who answered: the holder on their phone, or at the counter's 评价器 after staff read their card. */
export interface Answerer {
  identityId: string
  label: string
  where: 'phone' | 'kiosk'
  /** On the 评价器: which device (评价器编号) and which staff member's case. */
  kiosk?: { deviceNo: string; operatorId: string; operatorName: string }
  /** SHA-256 hex of the 授权说明 the answerer's screen showed; a stale one refuses a confirm (NOTICE_CHANGED). */
  notice?: string
}

/**
 * 确认授权 / 拒绝 (seed 004 §2(1) 3, §2(4)): one answer per case (compare-and-set). A confirm is a
 * grant on the ledger and in the holder's 数字档案袋. Who may answer is the caller's check.
 */
export async function settleCase(deps: CounterDeps, c: CounterCase, decision: 'confirm' | 'refuse', by: Answerer, counterRead?: Promise<Counter | null>): Promise<CounterCase> {
  // Under a delegation, the delegation must hold at this very step: ended or expired, no answer.
  // The counter's name (for the 档案袋 note) is read beside it: one round trip.
  const [refusal, counter] = await Promise.all([delegationRefusal(deps, c), counterRead ?? deps.counter.counters.get(c.counterId)])
  if (refusal) throw new AppError(refusal)
  const now = deps.clock.now()
  if (c.state === 'awaiting' && now >= c.answerBy) throw new AppError('CASE_EXPIRED')
  if (c.state !== 'awaiting') throw new AppError('CASE_ANSWERED')
  const matter = requireMatter(c.matterId)
  const counterName = counter?.name ?? '办事窗口'
  const types = c.offered.map((o) => o.type)
  const where = by.where === 'kiosk' ? `（在窗口评价器${by.kiosk ? ` ${by.kiosk.deviceNo} 上，窗口工作人员${by.kiosk.operatorName}` : '上'}）` : ''
  const operator = by.kiosk?.operatorName ?? null
  // The ledger names the device and the staff member by id and pseudonym only.
  const via = by.kiosk ? `kiosk:${by.kiosk.deviceNo};staff:${pseudonym(deps, 'system', `counter-operator:${by.kiosk.operatorId}`)}` : undefined
  // What the confirm agrees to: the 授权说明 of this case as it stands (the page showed its hash).
  const notice = serviceNoticeOf(counterName, matter, new Set(types))
  if (decision === 'confirm') requireSameNotice(notice, by.notice)
  if (decision === 'refuse') {
    const refused: CounterCase = { ...c, state: 'refused', answeredAt: now, deviceLabel: by.kiosk?.deviceNo ?? null, version: c.version + 1 }
    if (!(await deps.counter.cases.replace(refused, c.version))) throw new AppError('CASE_ANSWERED')
    await recordAccess(deps, { identityId: c.holderId, actorLabel: by.label, operator, action: 'authorize', credentialTypes: types, note: `${where}已拒绝 ${counterName} 使用证照（${matter.name}）` })
    return refused
  }
  // 我的授权 names the 评价器 the holder answered on.
  const confirmed: CounterCase = { ...c, state: 'confirmed', answeredAt: now, grantExpiresAt: now + matter.grantMs, deviceLabel: by.kiosk?.deviceNo ?? null, version: c.version + 1 }
  if (!(await deps.counter.cases.replace(confirmed, c.version))) throw new AppError('CASE_ANSWERED')
  const [{ index: grantIndex, ref: grantRef }] = await Promise.all([
    appendLedger(deps, { consent: `counter:${c.id}`, action: 'grant', fields: ledgerFields(matter, c), actor: pseudonym(deps, 'person', by.identityId), via, notice: notice.hash }),
    storeNotice(deps, notice),
  ])
  const recorded: CounterCase = { ...confirmed, grantIndex, grantRef: grantRef ?? null, noticeHash: notice.hash, version: confirmed.version + 1 }
  // Both follow the grant's ledger entry and neither needs the other: one round trip.
  await Promise.all([
    deps.counter.cases.replace(recorded, confirmed.version),
    recordAccess(deps, {
      identityId: c.holderId, actorLabel: by.label, operator, action: 'authorize', credentialTypes: types,
      note: `${where}授权 ${counterName} 办理“${matter.name}”使用证照，${Math.round(matter.grantMs / 60_000)}分钟内有效`,
    }),
  ])
  return recorded
}

/** The holder answers on their phone; a confirm needs a fresh face check. */
export async function answerService(deps: CounterDeps, openid: string, e: E<'answer'>): Promise<CounterData['answer']> {
  // The case named by the event is read beside the session; whose it is is checked once both are in.
  const [caller, read] = await Promise.all([loadCaller(deps, openid, e.sessionToken), deps.counter.cases.get(e.caseId)])
  const c = caseToAnswer(caller.identity.id, read)
  if (e.decision === 'confirm' && c.state === 'awaiting') requireRecentVerification(deps, caller.session)
  const label = c.agentId === caller.identity.id ? `代办人${caller.maskedName}` : caller.maskedName
  // The view's counter, operator and names are read with the settle's own counter read.
  const parts = serviceParts(deps, c)
  parts.catch(() => undefined)
  const settled = await settleCase(deps, c, e.decision, { identityId: caller.identity.id, label, where: 'phone', notice: e.notice }, parts.then((p) => p[0]))
  return { service: await serviceView(deps, settled, caller.identity.id, await parts) }
}

/**
 * 刷脸办 (seed 004 §3(2)): the holder scanned the counter's QR code and verified by face (a recent
 * check); the ticket is spent once and the counter's case opens for this holder, who then
 * confirms on the phone as with 扫码.
 */
export async function claimTicket(deps: CounterDeps, openid: string, e: E<'claimTicket'>): Promise<CounterData['claimTicket']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  requireRecentVerification(deps, caller.session)
  const ticket = await deps.counter.tickets.get(e.ticketId)
  const now = deps.clock.now()
  if (ticket?.caseId) {
    // The same holder coming back to the page sees their case; anyone else, an invalid code.
    const mine = await deps.counter.cases.get(ticket.caseId)
    if (mine && mine.holderId === caller.identity.id) return { service: await serviceView(deps, mine) }
  }
  if (!ticket || ticket.usedAt !== null || now >= ticket.expiresAt) throw new AppError('TICKET_INVALID')
  const counter = await deps.counter.counters.get(ticket.counterId)
  if (!counter || !counter.matterIds.includes(ticket.matterId)) throw new AppError('TICKET_INVALID')
  const kase = await newCase(deps, { counterId: counter.id, operatorId: ticket.operatorId }, requireMatter(ticket.matterId), caller.identity.id, 'face')
  if (!(await deps.counter.tickets.spend(ticket.id, kase.id, now))) throw new AppError('TICKET_INVALID')
  await deps.counter.cases.create(kase)
  return { service: await serviceView(deps, kase) }
}

export async function myServices(deps: CounterDeps, openid: string, e: E<'mine'>): Promise<CounterData['mine']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  const cases = (await deps.counter.cases.listByHolder(caller.identity.id, 50)).filter((c) => c.state !== 'awaiting')
  return { services: await Promise.all(cases.map((c) => serviceView(deps, c))) }
}

/** The holder ends a counter's authorization early: the next read is refused (and recorded). */
export async function endService(deps: CounterDeps, openid: string, e: E<'end'>): Promise<CounterData['end']> {
  const caller = await loadCaller(deps, openid, e.sessionToken)
  const c = await ownCase(deps, caller.identity.id, e.caseId)
  if (c.state !== 'confirmed') return { service: await serviceView(deps, c) }
  const ended: CounterCase = { ...c, state: 'ended', version: c.version + 1 }
  if (!(await deps.counter.cases.replace(ended, c.version))) return { service: await serviceView(deps, (await deps.counter.cases.get(c.id)) ?? c) }
  const matter = requireMatter(c.matterId)
  const { index: endIndex, ref: endRef } = await appendLedger(deps, { consent: `counter:${c.id}`, action: 'revoke', fields: ledgerFields(matter, c), actor: pseudonym(deps, 'person', caller.identity.id) })
  const recorded: CounterCase = { ...ended, endIndex, endRef: endRef ?? null, version: ended.version + 1 }
  await deps.counter.cases.replace(recorded, ended.version)
  await recordAccess(deps, { identityId: caller.identity.id, actorLabel: caller.maskedName, action: 'revoke', credentialTypes: c.offered.map((o) => o.type), note: `已结束窗口授权（${matter.name}）` })
  return { service: await serviceView(deps, recorded) }
}

/**
 * The record of the holder's own counter grant, for the phone to check itself (as consent's
 * `proof`): the ledger's signed, witnessed checkpoint with the grant's (and the end's) inclusion,
 * and the 授权说明 the grant leaf names, as stored. Only the case's holder: the agent, anyone else
 * and a case with no grant answer CASE_NOT_FOUND, and nothing is read from the ledger.
 */
export async function serviceProof(deps: CounterDeps, openid: string, e: E<'proof'>): Promise<CounterData['proof']> {
  const [caller, read] = await Promise.all([loadCaller(deps, openid, e.sessionToken), deps.counter.cases.get(e.caseId)])
  if (!read || read.holderId !== caller.identity.id) throw new AppError('CASE_NOT_FOUND')
  const c = read
  const granted = c.grantIndex !== null || !!c.grantRef
  if (!granted || (c.state !== 'confirmed' && c.state !== 'ended')) throw new AppError('CASE_NOT_FOUND')
  const entries = [
    { index: c.grantIndex, ref: c.grantRef ?? null },
    ...(c.endIndex !== null || c.endRef ? [{ index: c.endIndex, ref: c.endRef ?? null }] : []),
  ]
  const [bundle, kept] = await Promise.all([proofBundle(deps, entries, e.knownSize), c.noticeHash ? deps.consent.notices.get(c.noticeHash) : null])
  // A case confirmed before its notice hash was kept: the hash its grant leaf names (one more read,
  // those cases only). The device checks the text against the proven leaf either way.
  const grantLeaf = bundle.records.find((r) => r.index === c.grantIndex)?.leaf
  const older = !c.noticeHash && grantLeaf ? readLeaf(grantLeaf)?.notice ?? null : null
  const notice = kept ?? (older ? await deps.consent.notices.get(older) : null)
  return { caseId: c.id, bundle, notice: notice ? { hash: notice.id, text: notice.text } : null }
}
