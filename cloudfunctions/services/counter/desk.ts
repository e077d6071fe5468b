import { qrDataUrl as makeQr } from '../../adapters/qr/qrDataUrl'
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'
import { CREDENTIAL_TITLES } from '../../../types/spaceModels'
import type { DeskData, DeskEvent } from '../../../types/counter'
import { codeState, parseScanned } from '../../domain/counter/govCode'
import { allowedFields, matterById, MATTERS } from '../../domain/counter/matters'
import { AppError } from '../../domain/errors'
import { maskName } from '../../domain/mask'
import { sameName } from '../../domain/names'
import { validateIdNumber } from '../../domain/idNumber'
import { shanghaiDateTime, shanghaiYmd } from '../../domain/calendar'
import type { Counter, CounterCase, CounterOperator } from '../../ports/counterStores'
import { appendLedger, pseudonym } from '../consent/ledger'
import { readIdentity } from '../identityFields'
import { maskedSummary } from '../../domain/space/credentialView'
import { openCredential } from '../space/credentialRecords'
import { recordAccess } from '../space/recordAccess'
import type { CounterDeps } from './counterDeps'
import { codeSignature, settleCase } from './holder'
import { liveDelegation } from './delegation'
import { caseState, formFields, newCase, requireMatter, serviceView } from './views'

type E<A extends DeskEvent['action']> = Extract<DeskEvent, { action: A }>

/** Staff sessions last a working day. */
export const DESK_SESSION_MS = 9 * 3600_000

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
}

const mattersOf = (counter: Counter) => counter.matterIds.map((id) => matterById(id)).filter((m) => m !== undefined).map((m) => ({ id: m.id, name: m.name }))

/** 窗口账号登录: a counter account (never an openid) → a session token for the workstation. */
export async function signIn(deps: CounterDeps, e: E<'signIn'>): Promise<DeskData['signIn']> {
  const operator = await deps.counter.operators.get(e.operatorId)
  // An unknown account costs the same hashing as a wrong password.
  const ok = passwordMatches(e.password, operator?.passwordHash ?? `${'0'.repeat(32)}:${'0'.repeat(64)}`)
  const counter = operator ? await deps.counter.counters.get(operator.counterId) : null
  if (!operator || !ok || !counter) throw new AppError('COUNTER_UNAUTHORIZED', '窗口账号或密码不正确')
  const token = randomBytes(32).toString('base64url')
  const now = deps.clock.now()
  await deps.counter.sessions.create({ id: sha256(token), operatorId: operator.id, counterId: counter.id, createdAt: now, expiresAt: now + DESK_SESSION_MS })
  return { token, counterName: counter.name, operatorName: operator.name, matters: mattersOf(counter) }
}

/** The workstation's caller, from its Bearer token only. */
export async function authenticateDesk(deps: CounterDeps, authorization: string | undefined): Promise<Desk> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization?.trim() ?? '')
  const session = m ? await deps.counter.sessions.get(sha256(m[1])) : null
  if (!session || deps.clock.now() >= session.expiresAt) throw new AppError('COUNTER_UNAUTHORIZED')
  const [operator, counter] = await Promise.all([deps.counter.operators.get(session.operatorId), deps.counter.counters.get(session.counterId)])
  if (!operator || !counter || operator.counterId !== counter.id) throw new AppError('COUNTER_UNAUTHORIZED')
  return { operator, counter }
}

export async function deskMe(_deps: CounterDeps, desk: Desk): Promise<DeskData['me']> {
  return { counterName: desk.counter.name, operatorName: desk.operator.name, matters: mattersOf(desk.counter) }
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
  let kase = await newCase(deps, { counterId: desk.counter.id, operatorId: desk.operator.id }, matter, code.identityId, 'scan')
  if (code.delegationId) {
    // 委托代办 (seed 004 §3(4)): the agent showed the delegator's code; only for the delegated matter.
    const d = await liveDelegation(deps, code.delegationId)
    if (d.matterId !== matter.id) throw new AppError('MATTER_NOT_ALLOWED', `该委托只能办理“${requireMatter(d.matterId).name}”`)
    kase = { ...kase, agentId: d.agentId, delegationId: d.id, confirmBy: d.confirmBy }
  }
  if (!(await deps.counter.codes.spend(code.id, kase.id, now))) throw new AppError('CODE_USED')
  await deps.counter.cases.create(kase)
  return opened(deps, kase)
}

/** What the workstation shows once a case is open: whose, which matter, the 免证清单. */
async function opened(deps: CounterDeps, c: CounterCase): Promise<DeskData['scan']> {
  const matter = requireMatter(c.matterId)
  const identity = await deps.stores.identities.get(c.holderId)
  const holderMasked = identity ? maskName(readIdentity(deps.cipher, identity).name) : '办事人'
  const agent = c.agentId ? await deps.stores.identities.get(c.agentId) : null
  const held = new Set(c.offered.map((o) => o.type))
  return {
    caseId: c.id, holderMasked, agentMasked: agent ? maskName(readIdentity(deps.cipher, agent).name) : null, matterName: matter.name,
    list: matter.uses.map((u) => ({ type: u.type, title: CREDENTIAL_TITLES[u.type], fields: [...u.fields], held: held.has(u.type) })),
  }
}

/** 刷脸办 tickets live 3 minutes: long enough to scan and verify by face at the window. */
export const TICKET_TTL_MS = 3 * 60_000

/**
 * 刷脸办 (seed 004 §3(2) 1–3): a one-time ticket in a QR code that opens the mini-program; the
 * holder verifies by face there and the case opens (holder.ts claimTicket).
 */
export async function faceTicket(deps: CounterDeps, desk: Desk, e: E<'faceTicket'>): Promise<DeskData['faceTicket']> {
  if (!desk.counter.matterIds.includes(e.matterId)) throw new AppError('MATTER_NOT_ALLOWED')
  requireMatter(e.matterId)
  const now = deps.clock.now()
  const ticket = { id: `tk_${deps.ids.id()}`, counterId: desk.counter.id, operatorId: desk.operator.id, matterId: e.matterId, createdAt: now, expiresAt: now + TICKET_TTL_MS, usedAt: null, caseId: null }
  await deps.counter.tickets.create(ticket)
  const path = `consent/service/index?ticket=${ticket.id}`
  const link = deps.consentConfig.appBaseUrl ? `${deps.consentConfig.appBaseUrl}/#/${path}` : path
  const qrDataUrl = await makeQr(link, { width: 280 })
  return { ticketId: ticket.id, link, qrDataUrl, expiresAt: ticket.expiresAt }
}

export async function ticketStatus(deps: CounterDeps, desk: Desk, e: E<'ticket'>): Promise<DeskData['ticket']> {
  const ticket = await deps.counter.tickets.get(e.ticketId)
  if (!ticket || ticket.counterId !== desk.counter.id) throw new AppError('TICKET_INVALID')
  if (ticket.caseId) {
    const c = await deps.counter.cases.get(ticket.caseId)
    return { state: 'used', opened: c ? await opened(deps, c) : null }
  }
  return { state: deps.clock.now() < ticket.expiresAt ? 'waiting' : 'expired', opened: null }
}

/**
 * 读卡 (seed 004 §3(3)): the ID-card reader's name and number (a CardReader on the workstation; the
 * local page has a simulated one) find the holder's space; the holder then confirms on the 评价器.
 */
export async function cardRead(deps: CounterDeps, desk: Desk, e: E<'cardRead'>): Promise<DeskData['cardRead']> {
  if (!desk.counter.matterIds.includes(e.matterId)) throw new AppError('MATTER_NOT_ALLOWED')
  const matter = requireMatter(e.matterId)
  const id = validateIdNumber(e.card.idNumber, shanghaiYmd(deps.clock.now()))
  if (!id.ok) throw new AppError('ID_NUMBER_INVALID', `读卡结果：${id.reason}`)
  const identity = await deps.stores.identities.get(deps.cipher.keyedHash(id.idNumber))
  // The same answer whether there is no space or the name differs: a card says nothing more.
  if (!identity || !sameName(readIdentity(deps.cipher, identity).name, e.card.name)) throw new AppError('CARD_NOT_IN_SPACE')
  const kase = await newCase(deps, { counterId: desk.counter.id, operatorId: desk.operator.id }, matter, identity.id, 'card')
  await deps.counter.cases.create(kase)
  return opened(deps, kase)
}

/** 评价器: the card case of this counter still waiting for the holder, newest first. */
export async function kiosk(deps: CounterDeps, desk: Desk): Promise<DeskData['kiosk']> {
  const now = deps.clock.now()
  const waiting = (await deps.counter.cases.listByCounter(desk.counter.id, 10)).find((c) => c.way === 'card' && caseState(c, now) === 'awaiting')
  return { service: waiting ? await serviceView(deps, waiting) : null }
}

/** The holder's answer on the 评价器 (no phone: seed 004 §2(4)); only for card cases of this counter. */
export async function kioskAnswer(deps: CounterDeps, desk: Desk, e: E<'kioskAnswer'>): Promise<DeskData['kioskAnswer']> {
  const c = await deskCase(deps, desk, e.caseId)
  if (c.way !== 'card') throw new AppError('CASE_NOT_FOUND')
  const identity = await deps.stores.identities.get(c.holderId)
  const label = identity ? maskName(readIdentity(deps.cipher, identity).name) : '办事人'
  const settled = await settleCase(deps, c, e.decision, { identityId: c.holderId, label, where: 'kiosk' })
  return { service: await serviceView(deps, settled) }
}

async function deskCase(deps: CounterDeps, desk: Desk, caseId: string): Promise<CounterCase> {
  const c = await deps.counter.cases.get(caseId)
  // Another counter's case answers like a missing one.
  if (!c || c.counterId !== desk.counter.id) throw new AppError('CASE_NOT_FOUND')
  return c
}

export async function caseStatus(deps: CounterDeps, desk: Desk, e: E<'case'>): Promise<DeskData['case']> {
  const c = await deskCase(deps, desk, e.caseId)
  return { caseId: c.id, state: caseState(c, deps.clock.now()), answeredAt: c.answeredAt, grantExpiresAt: c.grantExpiresAt }
}

/**
 * 受理表单 (seed 004 §3(1) 3): name, ID number and each offered credential's allowed fields, only
 * inside a live authorization. Every read, allowed or refused, is on the ledger and in the
 * holder's 数字档案袋, naming the counter and the operator.
 */
export async function fillForm(deps: CounterDeps, desk: Desk, e: E<'form'>): Promise<DeskData['form']> {
  const c = await deskCase(deps, desk, e.caseId)
  const matter = requireMatter(c.matterId)
  const actor = pseudonym(deps, 'system', `counter:${desk.counter.id}`)
  const types = c.offered.map((o) => o.type)
  const note = (what: string) => `${what}：${desk.counter.name}（${desk.operator.name}）办理“${matter.name}”`
  if (caseState(c, deps.clock.now()) !== 'confirmed') {
    await appendLedger(deps, { consent: `counter:${c.id}`, action: 'read_refused', fields: [], actor })
    if (c.state !== 'awaiting') await recordAccess(deps, { identityId: c.holderId, actorKind: 'business_system', actorLabel: desk.counter.name, operator: desk.operator.name, action: 'read', credentialTypes: types, note: note('已拒绝读取') })
    throw new AppError('COUNTER_READ_REFUSED')
  }
  const identity = await deps.stores.identities.get(c.holderId)
  if (!identity) throw new AppError('CASE_NOT_FOUND')
  const credentials = (await usableMaterials(deps, c)).materials.map(({ type, title, fields }) => ({ type, title, fields }))
  for (const x of credentials) await appendLedger(deps, { consent: `counter:${c.id}`, action: 'read', fields: x.fields.map((f) => `${x.type}.${f.key}`), actor })
  await recordAccess(deps, {
    identityId: c.holderId, actorKind: 'business_system', actorLabel: desk.counter.name, operator: desk.operator.name, action: 'read', credentialTypes: credentials.map((x) => x.type),
    fields: credentials.flatMap((x) => x.fields.map((f) => `${x.type}.${f.key}`)), note: note('窗口读取'),
  })
  return { caseId: c.id, matterName: matter.name, applicant: readIdentity(deps.cipher, identity), credentials }
}

/** The credentials a live case may use, with the matter's fields filled from the holder's records. */
async function usableMaterials(deps: CounterDeps, c: CounterCase) {
  const matter = requireMatter(c.matterId)
  const out = []
  for (const o of c.offered) {
    const held = await deps.stores.credentials.get(o.credentialId)
    const allowed = allowedFields(matter, o.type)
    if (!held || held.holderIdentityId !== c.holderId || allowed.length === 0) continue
    const payload = openCredential(deps, held)
    out.push({ type: o.type, title: CREDENTIAL_TITLES[o.type], summary: maskedSummary(payload), fields: formFields(payload, allowed) })
  }
  return { matter, materials: out }
}

/** Refused unless the case is confirmed and running: the refusal is recorded like a read. */
async function requireLive(deps: CounterDeps, desk: Desk, c: CounterCase): Promise<void> {
  if (caseState(c, deps.clock.now()) === 'confirmed') return
  await appendLedger(deps, { consent: `counter:${c.id}`, action: 'read_refused', fields: [], actor: pseudonym(deps, 'system', `counter:${desk.counter.id}`) })
  throw new AppError('COUNTER_READ_REFUSED')
}

/**
 * 证照查看 (seed 004 §4(1)): the approver's list of the case's materials (titles and masked
 * summaries; the values are read only by 受理表单, 打印 and 预归档). Every call is on the ledger.
 */
export async function caseMaterials(deps: CounterDeps, desk: Desk, e: E<'materials'>): Promise<DeskData['materials']> {
  const c = await deskCase(deps, desk, e.caseId)
  await requireLive(deps, desk, c)
  const { matter, materials } = await usableMaterials(deps, c)
  // A view is a read like any other (seed 004 §4: 证照查看): on the ledger, naming what was shown.
  await appendLedger(deps, { consent: `counter:${c.id}`, action: 'read', fields: materials.map((m) => `${m.type}.summary`), actor: pseudonym(deps, 'system', `counter:${desk.counter.id}`) })
  const identity = await deps.stores.identities.get(c.holderId)
  return {
    caseId: c.id, matterName: matter.name, holderMasked: identity ? maskName(readIdentity(deps.cipher, identity).name) : '办事人',
    state: caseState(c, deps.clock.now()), materials: materials.map(({ type, title, summary }) => ({ type, title, summary })),
    archive: c.archive ? { archivedAt: c.archive.archivedAt, materials: c.archive.materials } : null,
  }
}

/**
 * 证照打印 (seed 004 §4(2)): one credential of a live case as a PDF with only the matter's fields,
 * watermarked with the counter, the operator, the matter and the time. A ledger read like any other.
 */
export async function printMaterial(deps: CounterDeps, desk: Desk, e: E<'print'>): Promise<DeskData['print']> {
  const c = await deskCase(deps, desk, e.caseId)
  await requireLive(deps, desk, c)
  const { matter, materials } = await usableMaterials(deps, c)
  const m = materials.find((x) => x.type === e.type)
  if (!m) throw new AppError('COUNTER_READ_REFUSED', '该证照不在本次授权范围内')
  const now = deps.clock.now()
  const when = shanghaiDateTime(now)
  const bytes = await deps.pdf.render({
    title: m.title,
    sections: [{ title: `用于“${matter.name}”的信息`, fields: m.fields.map((f) => ({ label: f.label, value: f.value })) }],
    watermark: [`办理窗口：${desk.counter.name}`, `经办人：${desk.operator.name}`, `事项：${matter.name}`, `时间：${when}（北京时间）`, '仅限本事项办理使用'],
    createdAt: now,
  })
  await appendLedger(deps, { consent: `counter:${c.id}`, action: 'read', fields: m.fields.map((f) => `${m.type}.${f.key}`), actor: pseudonym(deps, 'system', `counter:${desk.counter.id}`) })
  await recordAccess(deps, {
    identityId: c.holderId, actorKind: 'business_system', actorLabel: desk.counter.name, operator: desk.operator.name, action: 'read',
    credentialTypes: [m.type], fields: m.fields.map((f) => `${m.type}.${f.key}`), note: `窗口打印证照：办理“${matter.name}”`,
  })
  return { filename: `${m.title}_${when.slice(0, 10).replace(/-/g, '')}.pdf`, contentType: 'application/pdf', base64: Buffer.from(bytes).toString('base64') }
}

/** The fingerprint of one material: SHA-256 of its fields as canonical JSON (key order as listed). */
export const materialHash = (type: string, fields: Array<{ key: string; value: string }>): string =>
  createHash('sha256').update(JSON.stringify({ type, fields: fields.map((f) => [f.key, f.value]) }), 'utf8').digest('hex')

/**
 * 预归档 (seed 004 §4(3)): after checking, the case keeps a record of each material used by its
 * hash, so the archive can later prove what was relied on without holding a copy. Once per case.
 */
export async function archiveCase(deps: CounterDeps, desk: Desk, e: E<'archive'>): Promise<DeskData['archive']> {
  const c = await deskCase(deps, desk, e.caseId)
  if (c.archive) return { archive: { archivedAt: c.archive.archivedAt, materials: c.archive.materials } }
  await requireLive(deps, desk, c)
  const { materials } = await usableMaterials(deps, c)
  const archive = { archivedAt: deps.clock.now(), operatorId: desk.operator.id, materials: materials.map((m) => ({ type: m.type, title: m.title, sha256: materialHash(m.type, m.fields) })) }
  if (!(await deps.counter.cases.replace({ ...c, archive, version: c.version + 1 }, c.version))) {
    const now = await deskCase(deps, desk, e.caseId)
    if (now.archive) return { archive: { archivedAt: now.archive.archivedAt, materials: now.archive.materials } }
    throw new AppError('CONFLICT')
  }
  await appendLedger(deps, { consent: `counter:${c.id}`, action: 'read', fields: materials.flatMap((m) => m.fields.map((f) => `${m.type}.${f.key}`)), actor: pseudonym(deps, 'system', `counter:${desk.counter.id}`) })
  return { archive: { archivedAt: archive.archivedAt, materials: archive.materials } }
}

/** Every matter known to the platform (the counter registration checks against it). */
export const KNOWN_MATTERS = MATTERS.map((m) => m.id)
