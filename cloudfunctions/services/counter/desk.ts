import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import { CREDENTIAL_TITLES } from '../../../types/spaceModels'
import type { DeskData, DeskEvent } from '../../../types/counter'
import { codeState, parseScanned } from '../../domain/counter/govCode'
import { allowedFields, matterById } from '../../domain/counter/matters'
import { AppError } from '../../domain/errors'
import { maskName } from '../../domain/mask'
import type { Counter, CounterCase, CounterOperator } from '../../ports/counterStores'
import type { Identity } from '../../ports/stores'
import { appendLedger, pseudonym } from '../consent/ledger'
import { readIdentity } from '../identityFields'
import { maskedSummary } from '../../domain/space/credentialView'
import { openCredential } from '../space/credentialRecords'
import { recordAccess } from '../space/recordAccess'
import type { CounterDeps } from './counterDeps'
import { codeSignature } from './holder'
import { liveDelegation } from './delegation'
import { caseNow, caseState, DELEGATION_REASON, delegationRefusal, formFields, newCase, requireMatter } from './views'
import { failuresLeft, lockedForMs, SIGNIN_LIMITS } from '../../domain/counter/signInThrottle'
import { clearFailures, countFailure, lockedError, requireNotLocked, throttleKey } from './signInGuard'

/**
 * The counter workstation (seed 004 §3): staff accounts and sessions, 扫码 (the holder's 政务码 →
 * 免证清单 → the authorization pushed), the case's state and the 受理表单, and what every way in
 * shares (the case of this counter, what it may read, the refusal). The other ways in are in
 * deskWays.ts, the approver's side in department.ts.
 */
type E<A extends DeskEvent['action']> = Extract<DeskEvent, { action: A }>

/** Staff sessions last a working day, and end after 30 minutes without a call or at 退出. */
export const DESK_SESSION_MS = 9 * 3600_000
export const DESK_IDLE_MS = 30 * 60_000
/** A call moves the idle window at most once a minute: one write per minute of work, not per call. */
export const DESK_TOUCH_MS = 60_000

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

/** scrypt `salt:hash` (hex) of a counter account's password; compared in constant time. */
export function passwordHash(password: string, salt = randomBytes(16)): string {
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32).toString('hex')}`
}
function passwordMatches(password: string, stored: string): boolean {
  const [salt, hash] = stored.split(':')
  if (!salt || !hash) return false
  const a = scryptSync(password, Buffer.from(salt, 'hex'), 32)
  const b = Buffer.from(hash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

export interface Desk {
  operator: CounterOperator
  counter: Counter
  /** The session's id (hash of its token), for 退出. */
  sessionId: string
}

const mattersOf = (counter: Counter) => counter.matterIds.map((id) => matterById(id)).filter((m) => m !== undefined).map((m) => ({ id: m.id, name: m.name }))

/**
 * 窗口账号登录: a counter account (never an openid) → a session token for the workstation. Wrong
 * passwords are limited per account and per client address (signInGuard.ts).
 */
export async function signIn(deps: CounterDeps, e: E<'signIn'>, address?: string): Promise<DeskData['signIn']> {
  const accountKey = throttleKey(deps, 'account', e.operatorId.toLowerCase())
  const addressKey = address ? throttleKey(deps, 'address', address) : null
  await requireNotLocked(deps, addressKey ? [accountKey, addressKey] : [accountKey])
  const operator = await deps.counter.operators.get(e.operatorId)
  // An unknown account costs the same hashing as a wrong password, and counts the same.
  const ok = passwordMatches(e.password, operator?.passwordHash ?? `${'0'.repeat(32)}:${'0'.repeat(64)}`)
  const counter = operator ? await deps.counter.counters.get(operator.counterId) : null
  if (!operator || !ok || !counter) {
    const [account, fromAddress] = await Promise.all([
      countFailure(deps, accountKey, SIGNIN_LIMITS.account),
      addressKey ? countFailure(deps, addressKey, SIGNIN_LIMITS.address) : null,
    ])
    const now = deps.clock.now()
    const wait = Math.max(lockedForMs(account, now), lockedForMs(fromAddress, now))
    if (wait > 0) throw lockedError(wait)
    const left = failuresLeft(account, SIGNIN_LIMITS.account)
    throw new AppError('COUNTER_UNAUTHORIZED', '窗口账号或密码不正确', `请核对后重新输入。再输错${left}次，需等待15分钟才能登录。`)
  }
  await clearFailures(deps, accountKey)
  const token = randomBytes(32).toString('base64url')
  const now = deps.clock.now()
  await deps.counter.sessions.create({ id: sha256(token), operatorId: operator.id, counterId: counter.id, createdAt: now, expiresAt: now + DESK_SESSION_MS, lastSeenAt: now, endedAt: null })
  return { token, counterName: counter.name, operatorName: operator.name, matters: mattersOf(counter), idleMinutes: DESK_IDLE_MS / 60_000 }
}

/**
 * The workstation's caller, from its Bearer token only: a staff session not ended (退出), within
 * the working day and used in the last 30 minutes. A 评价器's credential is not a session.
 */
export async function authenticateDesk(deps: CounterDeps, authorization: string | undefined): Promise<Desk> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization?.trim() ?? '')
  const session = m ? await deps.counter.sessions.get(sha256(m[1])) : null
  const now = deps.clock.now()
  if (!session || session.endedAt !== null || now >= session.expiresAt) throw new AppError('COUNTER_UNAUTHORIZED')
  if (now >= session.lastSeenAt + DESK_IDLE_MS) throw new AppError('COUNTER_UNAUTHORIZED', `已超过${DESK_IDLE_MS / 60_000}分钟未操作，已自动退出`)
  const [operator, counter] = await Promise.all([deps.counter.operators.get(session.operatorId), deps.counter.counters.get(session.counterId)])
  if (!operator || !counter || operator.counterId !== counter.id) throw new AppError('COUNTER_UNAUTHORIZED')
  if (now - session.lastSeenAt >= DESK_TOUCH_MS) await deps.counter.sessions.touch(session.id, now)
  return { operator, counter, sessionId: session.id }
}

/** 退出: the token is refused from now on, whoever still holds it. */
export async function signOut(deps: CounterDeps, desk: Desk): Promise<DeskData['signOut']> {
  await deps.counter.sessions.end(desk.sessionId, deps.clock.now())
  return { signedOut: true }
}

export async function deskMe(_deps: CounterDeps, desk: Desk): Promise<DeskData['me']> {
  return { counterName: desk.counter.name, operatorName: desk.operator.name, matters: mattersOf(desk.counter), idleMinutes: DESK_IDLE_MS / 60_000 }
}

/**
 * 办事码核验 (seed 004 §3(1)): the holder's code for one of this counter's matters → the 免证清单
 * (which of the matter's credentials they hold) and the authorization pushed to their phone. The
 * code is spent by the first counter (one use); expired or spent codes are refused.
 */
export async function scanCode(deps: CounterDeps, desk: Desk, e: E<'scan'>): Promise<DeskData['scan']> {
  if (!desk.counter.matterIds.includes(e.matterId)) throw new AppError('MATTER_NOT_ALLOWED')
  const matter = requireMatter(e.matterId)
  const scanned = parseScanned(e.code)
  if (!scanned.ok) throw new AppError('CODE_UNREADABLE')
  const code = await deps.counter.codes.get(scanned.digits)
  if (!code) throw new AppError('CODE_NOT_FOUND')
  if (scanned.kind === 'qr') {
    const expected = Buffer.from(codeSignature(deps, code.id, code.expiresAt))
    const given = Buffer.from(scanned.signature)
    if (scanned.expiresAt !== code.expiresAt || expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('CODE_NOT_FOUND')
  }
  const now = deps.clock.now()
  const state = codeState(code, now)
  if (state === 'used') throw new AppError('CODE_USED')
  if (state === 'expired') throw new AppError('CODE_EXPIRED')
  // The holder's record (for the masked name shown) and a delegated code's delegation are read
  // beside the 免证清单, not after the writes.
  const [fresh, holder, d] = await Promise.all([
    newCase(deps, { counterId: desk.counter.id, operatorId: desk.operator.id }, matter, code.identityId, 'scan'),
    deps.stores.identities.get(code.identityId),
    code.delegationId ? liveDelegation(deps, code.delegationId) : null,
  ])
  let kase = fresh
  if (d) {
    // 委托代办 (seed 004 §3(4)): the agent showed the delegator's code; only for the delegated matter.
    if (d.matterId !== matter.id) throw new AppError('MATTER_NOT_ALLOWED', `该委托只能办理“${requireMatter(d.matterId).name}”`)
    kase = { ...kase, agentId: d.agentId, delegationId: d.id, confirmBy: d.confirmBy }
  }
  // The agent's record is read beside the spend; shown only once the spend and the case are in.
  const agent = kase.agentId ? deps.stores.identities.get(kase.agentId) : Promise.resolve(null)
  agent.catch(() => undefined)
  if (!(await deps.counter.codes.spend(code.id, kase.id, now))) throw new AppError('CODE_USED')
  await deps.counter.cases.create(kase)
  return opened(deps, kase, holder, await agent)
}

/** What the workstation shows once a case is open: whose, which matter, the 免证清单. */
export async function opened(deps: CounterDeps, c: CounterCase, holderRead?: Identity | null, agentRead?: Identity | null): Promise<DeskData['scan']> {
  const matter = requireMatter(c.matterId)
  const [identity, agentRecord] = await Promise.all([
    holderRead !== undefined ? holderRead : deps.stores.identities.get(c.holderId),
    agentRead !== undefined ? agentRead : c.agentId ? deps.stores.identities.get(c.agentId) : null,
  ])
  const holderMasked = identity ? maskName(readIdentity(deps.cipher, identity).name) : '办事人'
  // 委托代办 (seed 004 §3(4)): staff check the person in front of them against their ID card, so the
  // counter holding the case sees the agent's full name and the last four digits of the number.
  const agentId = agentRecord ? readIdentity(deps.cipher, agentRecord) : null
  const held = new Set(c.offered.map((o) => o.type))
  return {
    caseId: c.id, holderMasked, agentMasked: agentId ? maskName(agentId.name) : null,
    agent: agentId ? { name: agentId.name, idLast4: agentId.idNumber.slice(-4) } : null, confirmBy: c.confirmBy, matterName: matter.name,
    list: matter.uses.map((u) => ({ type: u.type, title: CREDENTIAL_TITLES[u.type], fields: [...u.fields], held: held.has(u.type) })),
  }
}

export async function deskCase(deps: CounterDeps, desk: Pick<Desk, 'counter'>, caseId: string): Promise<CounterCase> {
  const c = await deps.counter.cases.get(caseId)
  // Another counter's case answers like a missing one.
  if (!c || c.counterId !== desk.counter.id) throw new AppError('CASE_NOT_FOUND')
  return c
}

export async function caseStatus(deps: CounterDeps, desk: Desk, e: E<'case'>): Promise<DeskData['case']> {
  const c = await deskCase(deps, desk, e.caseId)
  const { state, reason } = await caseNow(deps, c)
  return { caseId: c.id, state, reason, answeredAt: c.answeredAt, grantExpiresAt: c.grantExpiresAt }
}

/**
 * 受理表单 (seed 004 §3(1) 3): name and ID number (only when the authorization covers the ID card's
 * name and number) and each offered credential's allowed fields, only inside a live authorization.
 * One read: one ledger entry and one 档案袋 item naming the counter, the operator and the way in.
 */
export async function fillForm(deps: CounterDeps, desk: Desk, e: E<'form'>): Promise<DeskData['form']> {
  const c = await deskCase(deps, desk, e.caseId)
  await requireLive(deps, desk, c)
  const matter = requireMatter(c.matterId)
  // The holder's record and the offered credentials are independent reads: one round trip.
  const [identity, usable] = await Promise.all([deps.stores.identities.get(c.holderId), usableMaterials(deps, c)])
  if (!identity) throw new AppError('CASE_NOT_FOUND')
  const credentials = usable.materials.map(({ type, title, fields }) => ({ type, title, fields }))
  // The applicant's name and number are the ID card's: handed over only where it was authorized.
  const card = credentials.find((x) => x.type === 'id_card')
  const covered = card !== undefined && ['name', 'idNumber'].every((k) => card.fields.some((f) => f.key === k))
  await recordRead(deps, desk, c, {
    what: covered ? '窗口读取受理表单（含姓名、公民身份号码）' : '窗口读取受理表单',
    credentialTypes: credentials.map((x) => x.type),
    fields: credentials.flatMap((x) => x.fields.map((f) => `${x.type}.${f.key}`)),
  })
  return { caseId: c.id, matterName: matter.name, applicant: covered ? readIdentity(deps.cipher, identity) : null, credentials }
}

/** The credentials a live case may use, with the matter's fields filled from the holder's records. */
export async function usableMaterials(deps: CounterDeps, c: CounterCase) {
  const matter = requireMatter(c.matterId)
  const out = []
  const records = await Promise.all(c.offered.map((o) => deps.stores.credentials.get(o.credentialId)))
  for (const [i, o] of c.offered.entries()) {
    const held = records[i]
    const allowed = allowedFields(matter, o.type)
    if (!held || held.holderIdentityId !== c.holderId || allowed.length === 0) continue
    const payload = openCredential(deps, held)
    out.push({ type: o.type, title: CREDENTIAL_TITLES[o.type], summary: maskedSummary(payload), fields: formFields(payload, allowed) })
  }
  return { matter, materials: out }
}

/** How the holder came to the counter, and where they answered, as the 数字档案袋 says it. */
export function wayIn(c: CounterCase): string {
  if (c.delegationId) return c.confirmBy === 'agent' ? '委托代办（代办人出示委托人身份码，代办人确认）' : '委托代办（代办人出示委托人身份码，本人远程确认）'
  if (c.way === 'card') return `读卡（本人在窗口评价器${c.deviceLabel ? ` ${c.deviceLabel} ` : ''}上确认）`
  if (c.way === 'face') return '刷脸办（本人扫描窗口二维码并刷脸）'
  return '扫码（本人出示政务码）'
}

/** How a counter's read reads in the holder's 数字档案袋: what, which counter and operator, which matter, which way in. */
const readNote = (desk: Desk, c: CounterCase, what: string) => `${what}：${desk.counter.name}（${desk.operator.name}）办理“${requireMatter(c.matterId).name}”，方式：${wayIn(c)}`

/**
 * One read of a holder's data by a counter (受理表单, 证照查看, 打印, 预归档): exactly one ledger
 * entry and one 档案袋 item, with the same fields, after the data is ready and before it leaves.
 */
export async function recordRead(deps: CounterDeps, desk: Desk, c: CounterCase, read: { what: string; credentialTypes: CounterCase['offered'][number]['type'][]; fields: string[] }): Promise<void> {
  await appendLedger(deps, { consent: `counter:${c.id}`, action: 'read', fields: read.fields, actor: pseudonym(deps, 'system', `counter:${desk.counter.id}`) })
  await recordAccess(deps, {
    identityId: c.holderId, actorKind: 'business_system', actorLabel: desk.counter.name, operator: desk.operator.name, action: 'read',
    credentialTypes: read.credentialTypes, fields: read.fields, note: readNote(desk, c, read.what),
  })
}

/**
 * Refused unless the case is confirmed and running and, for a delegated case, the delegation still
 * holds at this moment (受理表单, 证照查看, 打印, 预归档 alike). What a refusal writes, and nothing
 * else: one `read_refused` ledger entry, and one 档案袋 item once the case has been answered (or
 * closed); the error says why (DELEGATION_ENDED / DELEGATION_EXPIRED, or COUNTER_READ_REFUSED).
 */
export async function requireLive(deps: CounterDeps, desk: Desk, c: CounterCase): Promise<void> {
  const refusal = await delegationRefusal(deps, c)
  if (!refusal && caseState(c, deps.clock.now()) === 'confirmed') return
  await refuseRead(deps, desk, c, refusal ?? 'COUNTER_READ_REFUSED')
}

export async function refuseRead(deps: CounterDeps, desk: Desk, c: CounterCase, code: 'COUNTER_READ_REFUSED' | 'DELEGATION_ENDED' | 'DELEGATION_EXPIRED', detail?: string): Promise<never> {
  await appendLedger(deps, { consent: `counter:${c.id}`, action: 'read_refused', fields: [], actor: pseudonym(deps, 'system', `counter:${desk.counter.id}`) })
  if (c.state !== 'awaiting') {
    const why = code === 'COUNTER_READ_REFUSED' ? '已拒绝读取' : `已拒绝读取（${DELEGATION_REASON[code]}）`
    await recordAccess(deps, {
      identityId: c.holderId, actorKind: 'business_system', actorLabel: desk.counter.name, operator: desk.operator.name, action: 'read',
      credentialTypes: c.offered.map((o) => o.type), note: readNote(desk, c, why),
    })
  }
  throw new AppError(code, detail)
}
