import { qrDataUrl as makeQr } from '../../adapters/qr/qrDataUrl'
import type { DeskData, DeskEvent } from '../../../types/counter'
import { shanghaiYmd } from '../../domain/calendar'
import { AppError } from '../../domain/errors'
import { validateIdNumber } from '../../domain/idNumber'
import { maskName } from '../../domain/mask'
import { sameName } from '../../domain/names'
import { readIdentity } from '../identityFields'
import type { CounterDeps } from './counterDeps'
import { deskCase, opened, type Desk } from './desk'
import type { Kiosk } from './kioskDevice'
import { settleCase } from './holder'
import { caseState, newCase, requireMatter, serviceView } from './views'

/**
 * The counter's other ways in (seed 004 §3(2)–(3)) beside 扫码 (desk.ts): 刷脸办, the counter's
 * one-time QR code the holder scans and verifies with by face; 读卡, the ID-card reader, with the
 * holder's answer on the counter's 评价器.
 */
type E<A extends DeskEvent['action']> = Extract<DeskEvent, { action: A }>

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
  const { link, qrDataUrl } = await ticketQr(deps, ticket.id)
  return { ticketId: ticket.id, link, qrDataUrl, expiresAt: ticket.expiresAt }
}

/** The QR images of the last few tickets: the 评价器 asks every second for the same one. */
const qrCache = new Map<string, { link: string; qrDataUrl: string }>()
async function ticketQr(deps: CounterDeps, ticketId: string): Promise<{ link: string; qrDataUrl: string }> {
  const had = qrCache.get(ticketId)
  if (had) return had
  const path = `consent/service/index?ticket=${ticketId}`
  const link = deps.consentConfig.appBaseUrl ? `${deps.consentConfig.appBaseUrl}/#/${path}` : path
  const made = { link, qrDataUrl: await makeQr(link, { width: 280 }) }
  qrCache.set(ticketId, made)
  if (qrCache.size > 20) qrCache.delete(qrCache.keys().next().value!)
  return made
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

/**
 * 评价器 (its own device credential, kioskDevice.ts): the card case of this counter still waiting
 * for the holder, newest first; and the counter's 刷脸办 code still waiting, pushed here too
 * (seed 004 §3(2) 3).
 */
export async function kiosk(deps: CounterDeps, k: Kiosk): Promise<DeskData['kiosk']> {
  const now = deps.clock.now()
  const waiting = (await deps.counter.cases.listByCounter(k.counter.id, 10)).find((c) => c.way === 'card' && caseState(c, now) === 'awaiting')
  const ticket = (await deps.counter.tickets.listByCounter(k.counter.id, 3)).find((t) => t.usedAt === null && now < t.expiresAt)
  const face = ticket ? { ticketId: ticket.id, qrDataUrl: (await ticketQr(deps, ticket.id)).qrDataUrl, expiresAt: ticket.expiresAt } : null
  return { deviceNo: k.device.deviceNo, counterName: k.counter.name, service: waiting ? await serviceView(deps, waiting) : null, face }
}

/**
 * The holder's answer on the 评价器 (no phone: seed 004 §2(4)); only for card cases of the device's
 * counter. The ledger and her 数字档案袋 name the device and the staff member who read the card.
 */
export async function kioskAnswer(deps: CounterDeps, k: Kiosk, e: E<'kioskAnswer'>): Promise<DeskData['kioskAnswer']> {
  const c = await deskCase(deps, k, e.caseId)
  if (c.way !== 'card') throw new AppError('CASE_NOT_FOUND')
  const [identity, operator] = await Promise.all([deps.stores.identities.get(c.holderId), deps.counter.operators.get(c.operatorId)])
  const label = identity ? maskName(readIdentity(deps.cipher, identity).name) : '办事人'
  const kioskVia = { deviceNo: k.device.deviceNo, operatorId: c.operatorId, operatorName: operator?.name ?? '窗口工作人员' }
  const settled = await settleCase(deps, c, e.decision, { identityId: c.holderId, label, where: 'kiosk', kiosk: kioskVia, notice: e.notice })
  return { service: await serviceView(deps, settled) }
}
