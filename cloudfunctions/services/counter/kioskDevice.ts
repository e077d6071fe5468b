import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { DeskData, DeskEvent, KioskDeviceView } from '../../../types/counter'
import { qrDataUrl as makeQr } from '../../adapters/qr/qrDataUrl'
import { SIGNIN_LIMITS } from '../../domain/counter/signInThrottle'
import { AppError } from '../../domain/errors'
import type { Counter, KioskDevice } from '../../ports/counterStores'
import type { CounterDeps } from './counterDeps'
import type { Desk } from './desk'
import { countFailure, requireNotLocked, throttleKey } from './signInGuard'

/**
 * The counter's 评价器 as a device of its own (seed 004 §2(4): the holder confirms on a device
 * facing them, not on the staff member's session). Paired once to one counter with a one-time
 * code shown at the workstation; it then calls with its own credential (only its hash is stored),
 * until 解除配对 at the workstation.
 */
type E<A extends DeskEvent['action']> = Extract<DeskEvent, { action: A }>

/** 配对码 live 5 minutes: long enough to walk to the 评价器 and type 8 digits. */
export const PAIR_CODE_TTL_MS = 5 * 60_000

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const pairingId = (deps: CounterDeps, code: string) => deps.cipher.keyedHash(`kiosk-pair|${code}`)
/** 评价器编号: PJQ- and 6 letters or digits without the look-alikes (0/O, 1/I). */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const deviceNumber = () => `PJQ-${Array.from(randomBytes(6), (b) => ALPHABET[b % 32]).join('')}`

export interface Kiosk {
  device: KioskDevice
  counter: Counter
}

/** 配对评价器 (staff): a fresh one-time code for this counter. */
export async function pairCode(deps: CounterDeps, desk: Desk): Promise<DeskData['pairCode']> {
  const code = String(randomInt(0, 100_000_000)).padStart(8, '0')
  const now = deps.clock.now()
  await deps.counter.pairings.create({ id: pairingId(deps, code), counterId: desk.counter.id, operatorId: desk.operator.id, createdAt: now, expiresAt: now + PAIR_CODE_TTL_MS, usedAt: null, deviceNo: null })
  // The QR code holds the digits alone: a scanner on the 评价器 types them into its code field.
  return { code, expiresAt: now + PAIR_CODE_TTL_MS, qrDataUrl: await makeQr(code, { width: 200 }) }
}

/**
 * 评价器 (no credential yet): the code → a device of that counter and its credential. The code is
 * spent by one conditional write, so of two devices typing it one pairs; wrong codes are limited
 * per address like wrong passwords.
 */
export async function pair(deps: CounterDeps, e: E<'pair'>, address?: string): Promise<DeskData['pair']> {
  const addressKey = address ? throttleKey(deps, 'pair', address) : null
  if (addressKey) await requireNotLocked(deps, [addressKey])
  const now = deps.clock.now()
  const pairing = await deps.counter.pairings.get(pairingId(deps, e.code))
  const counter = pairing ? await deps.counter.counters.get(pairing.counterId) : null
  const refuse = async () => {
    if (addressKey) await countFailure(deps, addressKey, SIGNIN_LIMITS.pairAddress)
    return new AppError('KIOSK_PAIR_INVALID')
  }
  if (!pairing || !counter || pairing.usedAt !== null || now >= pairing.expiresAt) throw await refuse()
  const deviceNo = deviceNumber()
  if (!(await deps.counter.pairings.spend(pairing.id, deviceNo, now))) throw await refuse()
  const credential = randomBytes(32).toString('base64url')
  await deps.counter.devices.create({ id: sha256(credential), deviceNo, counterId: counter.id, pairedAt: now, pairedBy: pairing.operatorId, revokedAt: null, revokedBy: null })
  return { credential, deviceNo, counterName: counter.name }
}

/** The 评价器's caller, from its device credential only: paired, not 解除, to a counter that exists. */
export async function authenticateKiosk(deps: CounterDeps, authorization: string | undefined): Promise<Kiosk> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization?.trim() ?? '')
  const device = m ? await deps.counter.devices.get(sha256(m[1])) : null
  if (!device || device.revokedAt !== null) throw new AppError('KIOSK_NOT_PAIRED')
  const counter = await deps.counter.counters.get(device.counterId)
  if (!counter) throw new AppError('KIOSK_NOT_PAIRED')
  return { device, counter }
}

async function viewOf(deps: CounterDeps, d: KioskDevice): Promise<KioskDeviceView> {
  const by = await deps.counter.operators.get(d.pairedBy)
  return { deviceNo: d.deviceNo, pairedAt: d.pairedAt, pairedBy: by?.name ?? '窗口工作人员', state: d.revokedAt === null ? 'paired' : 'revoked', revokedAt: d.revokedAt }
}

export async function listDevices(deps: CounterDeps, desk: Desk): Promise<DeskData['devices']> {
  const devices = await deps.counter.devices.listByCounter(desk.counter.id)
  return { devices: await Promise.all(devices.map((d) => viewOf(deps, d))) }
}

/** 解除配对: the device's credential is refused from its next call on. */
export async function unpair(deps: CounterDeps, desk: Desk, e: E<'unpair'>): Promise<DeskData['unpair']> {
  const device = (await deps.counter.devices.listByCounter(desk.counter.id)).find((d) => d.deviceNo === e.deviceNo)
  if (!device) throw new AppError('KIOSK_DEVICE_NOT_FOUND')
  const now = deps.clock.now()
  if (device.revokedAt === null) await deps.counter.devices.revoke(device.id, desk.operator.id, now)
  const stored = (await deps.counter.devices.get(device.id)) ?? device
  return { device: await viewOf(deps, stored) }
}
