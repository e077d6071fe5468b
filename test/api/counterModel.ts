import fc from 'fast-check'
import { fieldSetHash } from '../../cloudfunctions/domain/ledger/leaf'
import { matterById } from '../../cloudfunctions/domain/counter/matters'
import { COUNTERS, makeCounterWorld, PEOPLE, type CounterKey, type CounterWorld, type PersonKey, type StoreKind } from './counterWorld'

/**
 * The counter's model-based test: random sequences of the holder's, the agent's, a
 * stranger's and two counters' steps, with the clock moved between them, against a plain model of
 * what should be. After every step four invariants are checked on the real stores:
 *
 * - I1: a form, print, material list or archive returns data only if the case belongs to that
 *   counter, is confirmed and running, was confirmed by the right party (the holder, the agent of
 *   a delegation that names the agent, or the holder at the counter's own paired, unrevoked
 *   评价器) after a fresh check, the delegation it was opened under (if any) is accepted and not
 *   ended or expired, and the staff session asking is live (not signed out, idle or expired), now.
 * - I2: every successful read is exactly one ledger entry (`read`, this case) and one 档案袋 item of
 *   the holder (counter, staff member, the same fields, the way in).
 * - I3: every 政务码 and 刷脸办 ticket is spent at most once, by the case the model saw open with it.
 * - I4: a refused step writes nothing, with one deliberate exception: a read refused at a case of
 *   this counter (no live grant, an ended or expired delegation, a credential outside the grant)
 *   writes exactly one `read_refused` ledger entry for that case and, once the case has been
 *   answered or closed, exactly one 档案袋 item for its holder. (A session's lastSeenAt touch is
 *   the login's bookkeeping, not the step's, and is left out.)
 *
 * - I5: a case's stored state is the model's after every step: nobody (a staff token on the
 *   评价器, another counter's device, a stranger) moves it but the party the rules name.
 *
 * Then the step's outcome must be the one the model predicts (ok, or the error code), so a model
 * and a system drifting apart fail at once. Commands are plain `StepDef`s in `STEPS`: a new one
 * (pairing a 评价器, staff sign-in / sign-out / idle) is one more entry with its parameters, its
 * prediction and its call.
 */

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const VERIFY_WINDOW_MS = 300_000
const CODE_TTL_MS = MIN
const TICKET_TTL_MS = 3 * MIN
const ANSWER_WITHIN_MS = 5 * MIN
const PERSONS = Object.keys(PEOPLE) as PersonKey[]
const COUNTER_KEYS = Object.keys(COUNTERS) as CounterKey[]
const MATTER_IDS = ['enrol-review', 'household-settle'] as const
const CREDENTIAL_TYPES = ['id_card', 'household_register', 'birth_certificate', 'property'] as const
const REFUSED_READ_CODES = new Set(['COUNTER_READ_REFUSED', 'DELEGATION_ENDED', 'DELEGATION_EXPIRED'])

// ---------------------------------------------------------------- the model

interface MCode { digits: string; qr: string; holder: PersonKey; delegationId: string | null; expiresAt: number; caseId: string | null }
interface MTicket { id: string; counter: CounterKey; matterId: string; expiresAt: number; caseId: string | null }
interface MDelegation { id: string; holder: PersonKey; agent: PersonKey; named: boolean; matterId: string; confirmBy: 'holder' | 'agent'; state: 'offered' | 'accepted' | 'ended'; acceptedBy: PersonKey | null; expiresAt: number }
interface MCase {
  id: string; counter: CounterKey; matterId: string; way: 'scan' | 'face' | 'card'; holder: PersonKey; agent: PersonKey | null
  delegationId: string | null; confirmBy: 'holder' | 'agent'; offered: string[]
  /** As stored. */
  state: 'awaiting' | 'confirmed' | 'refused' | 'ended'
  answerBy: number; grantExpiresAt: number | null
  /** Who confirmed, and whether after a fresh check (a 评价器 confirm is the holder in person). */
  confirmedBy: 'holder-fresh' | 'agent-fresh' | 'kiosk' | null
  archived: boolean
}

/** A staff session (index = the world's staffTokens index). */
interface MStaff { counter: CounterKey; createdAt: number; lastSeen: number; ended: boolean }
/** A paired 评价器 (index = the world's deviceCredentials index). */
interface MDevice { counter: CounterKey; deviceNo: string; revoked: boolean }

export interface Model {
  now: number
  verifiedAt: Record<PersonKey, number>
  codes: MCode[]
  tickets: MTicket[]
  delegations: MDelegation[]
  cases: MCase[]
  staff: MStaff[]
  /** The session each counter works with (an index into `staff`). */
  current: Record<CounterKey, number>
  devices: MDevice[]
}

const STAFF_SESSION_MS = 9 * HOUR
const STAFF_IDLE_MS = 30 * MIN
const STAFF_TOUCH_MS = MIN

/** Whether a staff session still opens the desk now. */
function staffLive(m: Model, i: number): boolean {
  const s = m.staff[i]
  return !!s && !s.ended && m.now < s.createdAt + STAFF_SESSION_MS && m.now < s.lastSeen + STAFF_IDLE_MS
}
/**
 * The desk's staff check, as the model sees it before a call: null when the session is live (and
 * the call keeps it alive, at most once a minute, whatever the step then decides), else the refusal.
 */
function staffGate(m: Model, i: number): 'COUNTER_UNAUTHORIZED' | null {
  if (!staffLive(m, i)) return 'COUNTER_UNAUTHORIZED'
  const s = m.staff[i]
  if (m.now - s.lastSeen >= STAFF_TOUCH_MS) s.lastSeen = m.now
  return null
}

const fresh = (m: Model, p: PersonKey) => m.now >= m.verifiedAt[p] && m.now - m.verifiedAt[p] < VERIFY_WINDOW_MS
const matter = (id: string) => matterById(id)!
/** The i-th newest (small i, which fast-check favours, picks what was just opened). */
const pick = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[xs.length - 1 - (i % xs.length)] : undefined)

function delegationNow(m: Model, d: MDelegation): 'offered' | 'accepted' | 'ended' | 'expired' {
  if (d.state === 'ended') return 'ended'
  return m.now < d.expiresAt ? d.state : 'expired'
}
/** The delegation a case was opened under, when it no longer holds. */
function delegationRefusal(m: Model, c: MCase): 'DELEGATION_ENDED' | 'DELEGATION_EXPIRED' | null {
  if (!c.delegationId) return null
  const s = delegationNow(m, m.delegations.find((d) => d.id === c.delegationId)!)
  return s === 'ended' ? 'DELEGATION_ENDED' : s === 'expired' ? 'DELEGATION_EXPIRED' : null
}
function caseBase(m: Model, c: MCase): 'awaiting' | 'confirmed' | 'refused' | 'ended' | 'expired' {
  if (c.state === 'awaiting') return m.now < c.answerBy ? 'awaiting' : 'expired'
  if (c.state === 'confirmed') return c.grantExpiresAt !== null && m.now < c.grantExpiresAt ? 'confirmed' : 'expired'
  return c.state
}
/** What the counter's case status should say: state and reason. */
function caseView(m: Model, c: MCase): { state: string; reason: string | null } {
  const state = caseBase(m, c)
  const refusal = delegationRefusal(m, c)
  if (!refusal || !(state === 'awaiting' || state === 'confirmed' || (state === 'ended' && refusal === 'DELEGATION_ENDED'))) return { state, reason: null }
  return refusal === 'DELEGATION_ENDED' ? { state: 'ended', reason: '委托已结束' } : { state: 'expired', reason: '委托已过期' }
}

/** I1, stated on the model: may this counter read this case's data now? (`why`: the first reason not.) */
export function readAllowed(m: Model, caseId: string, at: CounterKey): { ok: boolean; why: string } {
  const c = m.cases.find((x) => x.id === caseId)
  if (!c || c.counter !== at) return { ok: false, why: 'not this counter’s case' }
  if (c.state !== 'confirmed') return { ok: false, why: `case ${c.state}` }
  if (c.grantExpiresAt === null || m.now >= c.grantExpiresAt) return { ok: false, why: 'grant expired' }
  const rightParty = c.way === 'card' ? 'kiosk' : c.confirmBy === 'agent' ? 'agent-fresh' : 'holder-fresh'
  if (c.confirmedBy !== rightParty) return { ok: false, why: `confirmed by ${c.confirmedBy}, not ${rightParty}` }
  const refusal = delegationRefusal(m, c)
  if (refusal) return { ok: false, why: refusal }
  if (!staffLive(m, m.current[at])) return { ok: false, why: 'the staff session ended, idled or expired' }
  return { ok: true, why: '' }
}

// ---------------------------------------------------------------- steps

type Json = any
/** What the real system answered: 'ok' or the error code, and the data. */
interface Got { code: string; data?: Json }
const fromHolder = (r: Json): Got => (r.ok ? { code: 'ok', data: r.data } : { code: r.error.code })
const fromDesk = (r: { status: number; body: Json }): Got => (r.body.ok ? { code: 'ok', data: r.body.data } : { code: r.body.error.code })

/**
 * One planned step: the model's prediction, made before the call, and how to check and apply it.
 * `read`: the step reads a holder's data (I1, I2; a refusal may write as I4 says). `ledger`: the
 * exact ledger actions a success appends (reads aside). `commit`: the model after a success.
 * `verify`: further checks of a success's data (a message when wrong).
 */
interface Plan {
  expect: string
  read?: { caseId: string; counter: CounterKey; kind: 'form' | 'print' | 'materials' | 'archive' }
  ledger?: string[]
  call: (w: CounterWorld) => Promise<Got>
  commit?: (data: Json) => void
  verify?: (data: Json) => string | null
}

export interface StepDef<P> {
  name: string
  weight: number
  params: fc.Arbitrary<P>
  /** Null: nothing to do in this model state (the step is skipped). */
  plan?: (m: Model, p: P) => Plan | null
  /**
   * A visit: a short script of other steps (index 0 picks what the previous step opened), each
   * planned and checked like any step. Reaches deep states (a delegated, confirmed case) often
   * enough; the single steps around it do the rest.
   */
  chain?: (p: P, m: Model) => Array<[name: string, params: unknown]> | null
}

const person = fc.constantFrom(...PERSONS)
const counter = fc.constantFrom(...COUNTER_KEYS)
/** Small steps of the clock more often than large ones. */
const ADVANCES = [20_000, 20_000, 2 * MIN, 2 * MIN, 6 * MIN, HOUR + 1, 2 * HOUR + 1, 23 * HOUR, DAY, 3 * DAY]
const matterId = fc.constantFrom(...MATTER_IDS)
const decision = fc.constantFrom<'confirm' | 'refuse'>('confirm', 'confirm', 'refuse')

function newCase(m: Model, id: string, at: CounterKey, matterIdOf: string, way: MCase['way'], holder: PersonKey, offered: string[], d: MDelegation | null): MCase {
  return {
    id, counter: at, matterId: matterIdOf, way, holder, agent: d ? d.acceptedBy : null, delegationId: d?.id ?? null, confirmBy: d?.confirmBy ?? 'holder', offered,
    state: 'awaiting', answerBy: m.now + ANSWER_WITHIN_MS, grantExpiresAt: null, confirmedBy: null, archived: false,
  }
}
const heldTypes = (list: Array<{ type: string; held: boolean }>) => list.filter((u) => u.held).map((u) => u.type)

/** The answer (phone or 评价器) as settleCase decides it, after the caller checks. */
function settle(m: Model, c: MCase, dec: 'confirm' | 'refuse', by: MCase['confirmedBy']): Pick<Plan, 'expect' | 'ledger' | 'commit'> {
  const refusal = delegationRefusal(m, c)
  if (refusal) return { expect: refusal }
  if (c.state === 'awaiting' && m.now >= c.answerBy) return { expect: 'CASE_EXPIRED' }
  if (c.state !== 'awaiting') return { expect: 'CASE_ANSWERED' }
  if (dec === 'refuse') return { expect: 'ok', ledger: [], commit: () => void (c.state = 'refused') }
  return { expect: 'ok', ledger: ['grant'], commit: () => Object.assign(c, { state: 'confirmed', grantExpiresAt: m.now + matter(c.matterId).grantMs, confirmedBy: by }) }
}

/** A desk read (form / print / materials / archive) as requireLive and the read decide it. */
function readPlan(m: Model, at: CounterKey, c: MCase, kind: NonNullable<Plan['read']>['kind'], call: (w: CounterWorld) => Promise<Got>, printType?: string): Plan {
  if (c.counter !== at) return { expect: 'CASE_NOT_FOUND', call }
  // A second 预归档 returns the kept record (hashes only): no read, nothing written.
  if (kind === 'archive' && c.archived) return { expect: 'ok', ledger: [], call }
  const read = { caseId: c.id, counter: at, kind }
  const refusal = delegationRefusal(m, c)
  if (refusal) return { expect: refusal, read, call }
  if (caseBase(m, c) !== 'confirmed') return { expect: 'COUNTER_READ_REFUSED', read, call }
  if (kind === 'print' && !c.offered.includes(printType!)) return { expect: 'COUNTER_READ_REFUSED', read, call }
  return { expect: 'ok', read, call, commit: kind === 'archive' ? () => void (c.archived = true) : undefined }
}

const caseIdx = fc.nat({ max: 50 })

/** What a visit ends with: maybe a wait, then maybe the counter's read of the case just answered. */
const afterVisit = fc.record({ wait: fc.constantFrom(0, 0, 2 * MIN, HOUR + 1), read: fc.constantFrom(null, 'form', 'form', 'materials', 'print', 'archive') })
type AfterVisit = { wait: number; read: string | null }
const thenRead = ({ wait, read }: AfterVisit): Array<[string, unknown]> => [
  // After a long wait the counter's staff session has idled: a new one, as staff would sign in again.
  ...(wait ? ([['advance', wait], ...(wait >= 30 * MIN ? [['staffSignInForCase', 0]] : [])] as Array<[string, unknown]>) : []),
  ...(read ? ([[read, { r: 'own', i: 0, type: 'household_register' }]] as Array<[string, unknown]>) : []),
]

/**
 * Who acts, relative to the case or delegation picked: the party the step is meant for most of
 * the time, else its holder, its agent or a stranger to it (so refusals are as common as they are
 * useful, and successful reads are not rare).
 */
type Role = 'right' | 'holder' | 'agent' | 'stranger'
const role = fc.constantFrom<Role>('right', 'right', 'right', 'right', 'holder', 'agent', 'stranger')
function actor(r: Role, right: PersonKey, holder: PersonKey, agent: PersonKey | null, seed: number): PersonKey {
  if (r === 'right') return right
  if (r === 'holder') return holder
  if (r === 'agent' && agent) return agent
  const others = PERSONS.filter((p) => p !== holder && p !== agent)
  return others.length ? others[seed % others.length] : PERSONS[seed % PERSONS.length]
}
/** The counter acting on a case: its own most of the time. */
const atRole = fc.constantFrom<'own' | 'other'>('own', 'own', 'own', 'own', 'other')
const counterFor = (c: MCase, r: 'own' | 'other'): CounterKey => (r === 'own' ? c.counter : c.counter === 'A' ? 'B' : 'A')

/** Every step the model knows. Add one here to drive a new path (see the module comment). */
export const STEPS: Array<StepDef<any>> = [
  {
    name: 'advance', weight: 3,
    params: fc.constantFrom(...ADVANCES),
    plan: (m, ms: number) => ({ expect: 'ok', ledger: [], call: async (w) => (w.advance(ms), { code: 'ok' }), commit: () => void (m.now += ms) }),
  },
  {
    name: 'reverify', weight: 3, params: person,
    plan: (m, p: PersonKey) => ({ expect: 'ok', ledger: [], call: async (w) => (await w.reverify(p), { code: 'ok' }), commit: () => void (m.verifiedAt[p] = m.now) }),
  },
  {
    name: 'code', weight: 4, params: fc.record({ p: person, d: fc.option(fc.nat({ max: 20 }), { freq: 2 }), r: role, n: fc.nat() }),
    plan: (m, { p: own, d, r, n }: { p: PersonKey; d: number | null; r: Role; n: number }) => {
      const dl = d === null ? null : pick(m.delegations, d) ?? null
      // 委托人身份码: mostly asked for by the delegation's agent.
      const p = dl ? actor(r, dl.agent, dl.holder, dl.agent, n) : own
      const call = async (w: CounterWorld) => fromHolder(await w.holder(p, 'code', dl ? { delegationId: dl.id } : {}))
      if (!fresh(m, p)) return { expect: 'VERIFICATION_REQUIRED', call }
      if (dl && !(delegationNow(m, dl) === 'accepted' && dl.acceptedBy === p)) return { expect: 'DELEGATION_NOT_FOUND', call }
      return {
        expect: 'ok', ledger: [], call,
        commit: (data) => void m.codes.push({ digits: data.digits, qr: data.qr, holder: dl ? dl.holder : p, delegationId: dl?.id ?? null, expiresAt: data.expiresAt, caseId: null }),
        verify: (data) => (data.expiresAt === m.now + CODE_TTL_MS ? null : 'code lifetime'),
      }
    },
  },
  {
    name: 'scan', weight: 5, params: fc.record({ at: counter, i: fc.nat({ max: 20 }), matterId, qr: fc.boolean() }),
    plan: (m, { at, i, matterId: asked, qr }: { at: CounterKey; i: number; matterId: string | null; qr: boolean }) => {
      const code = pick(m.codes, i)
      if (!code) return null
      // null: the matter of the code's delegation (a visit under it), else 户口迁入.
      const mid = asked ?? m.delegations.find((d) => d.id === code.delegationId)?.matterId ?? 'household-settle'
      const call = async (w: CounterWorld) => fromDesk(await w.desk(at, 'scan', { matterId: mid, code: qr ? code.qr : code.digits }))
      if (!(COUNTERS[at].matterIds as readonly string[]).includes(mid)) return { expect: 'MATTER_NOT_ALLOWED', call }
      if (code.caseId) return { expect: 'CODE_USED', call }
      if (m.now >= code.expiresAt) return { expect: 'CODE_EXPIRED', call }
      const d = code.delegationId ? m.delegations.find((x) => x.id === code.delegationId)! : null
      if (d && delegationNow(m, d) !== 'accepted') return { expect: 'DELEGATION_NOT_FOUND', call }
      if (d && d.matterId !== mid) return { expect: 'MATTER_NOT_ALLOWED', call }
      return {
        expect: 'ok', ledger: [], call,
        commit: (data) => {
          code.caseId = data.caseId
          m.cases.push(newCase(m, data.caseId, at, mid, 'scan', code.holder, heldTypes(data.list), d))
        },
      }
    },
  },
  {
    name: 'faceTicket', weight: 2, params: fc.record({ at: counter, matterId }),
    plan: (m, { at, matterId: mid }: { at: CounterKey; matterId: string }) => {
      const call = async (w: CounterWorld) => fromDesk(await w.desk(at, 'faceTicket', { matterId: mid }))
      if (!(COUNTERS[at].matterIds as readonly string[]).includes(mid)) return { expect: 'MATTER_NOT_ALLOWED', call }
      return {
        expect: 'ok', ledger: [], call,
        commit: (data) => void m.tickets.push({ id: data.ticketId, counter: at, matterId: mid, expiresAt: data.expiresAt, caseId: null }),
        verify: (data) => (data.expiresAt === m.now + TICKET_TTL_MS ? null : 'ticket lifetime'),
      }
    },
  },
  {
    name: 'claimTicket', weight: 3, params: fc.record({ p: person, i: fc.nat({ max: 20 }) }),
    plan: (m, { p, i }: { p: PersonKey; i: number }) => {
      const t = pick(m.tickets, i)
      if (!t) return null
      const call = async (w: CounterWorld) => fromHolder(await w.holder(p, 'claimTicket', { ticketId: t.id }))
      if (!fresh(m, p)) return { expect: 'VERIFICATION_REQUIRED', call }
      if (t.caseId) {
        // The same holder coming back sees their case again (nothing written); anyone else, an invalid code.
        const c = m.cases.find((x) => x.id === t.caseId)!
        return c.holder === p ? { expect: 'ok', ledger: [], call, verify: (data) => (data.service.caseId === c.id ? null : 'another case') } : { expect: 'TICKET_INVALID', call }
      }
      if (m.now >= t.expiresAt) return { expect: 'TICKET_INVALID', call }
      return {
        expect: 'ok', ledger: [], call,
        commit: (data) => {
          t.caseId = data.service.caseId
          m.cases.push(newCase(m, data.service.caseId, t.counter, t.matterId, 'face', p, heldTypes(data.service.uses), null))
        },
      }
    },
  },
  {
    name: 'cardRead', weight: 1, params: fc.record({ at: counter, p: person, matterId }),
    plan: (m, { at, p, matterId: mid }: { at: CounterKey; p: PersonKey; matterId: string }) => {
      const call = async (w: CounterWorld) => fromDesk(await w.desk(at, 'cardRead', { matterId: mid, card: { name: w.people[p].name, idNumber: w.people[p].idNumber } }))
      if (!(COUNTERS[at].matterIds as readonly string[]).includes(mid)) return { expect: 'MATTER_NOT_ALLOWED', call }
      return { expect: 'ok', ledger: [], call, commit: (data) => void m.cases.push(newCase(m, data.caseId, at, mid, 'card', p, heldTypes(data.list), null)) }
    },
  },
  {
    name: 'cardReadWrongName', weight: 1, params: fc.record({ at: counter, p: person }),
    plan: (_m, { at, p }: { at: CounterKey; p: PersonKey }) => ({
      expect: 'CARD_NOT_IN_SPACE',
      call: async (w) => fromDesk(await w.desk(at, 'cardRead', { matterId: 'household-settle', card: { name: '王某某', idNumber: w.people[p].idNumber } })),
    }),
  },
  {
    name: 'answer', weight: 6, params: fc.record({ r: role, i: caseIdx, dec: decision, n: fc.nat() }),
    plan: (m, { r, i, dec, n }: { r: Role; i: number; dec: 'confirm' | 'refuse'; n: number }) => {
      const c = pick(m.cases, i)
      if (!c) return null
      const p = actor(r, c.confirmBy === 'agent' && c.agent ? c.agent : c.holder, c.holder, c.agent, n)
      const call = async (w: CounterWorld) => fromHolder(await w.holder(p, 'answer', { caseId: c.id, decision: dec }))
      const answerer = c.confirmBy === 'agent' ? c.agent : c.holder
      if (answerer !== p || c.way === 'card') return { expect: 'CASE_NOT_FOUND', call }
      if (dec === 'confirm' && c.state === 'awaiting' && !fresh(m, p)) return { expect: 'VERIFICATION_REQUIRED', call }
      return { ...settle(m, c, dec, c.confirmBy === 'agent' ? 'agent-fresh' : 'holder-fresh'), call }
    },
  },
  {
    // The 评价器's answer, with a device credential: the counter's own paired one mostly, else any
    // device ever paired (another counter's, a revoked one) or the staff member's own token.
    name: 'kioskAnswer', weight: 3,
    params: fc.record({ r: atRole, i: caseIdx, dec: decision, dev: fc.constantFrom<'own' | 'any' | 'staff'>('own', 'own', 'own', 'any', 'staff'), j: fc.nat({ max: 10 }) }),
    plan: (m, { r, i, dec, dev, j }: { r: 'own' | 'other'; i: number; dec: 'confirm' | 'refuse'; dev: 'own' | 'any' | 'staff'; j: number }) => {
      const c = pick(m.cases, i)
      if (!c) return null
      if (dev === 'staff') {
        const at = counterFor(c, r)
        return { expect: 'KIOSK_NOT_PAIRED', call: async (w) => fromDesk(await w.deskAs(m.current[at], 'kioskAnswer', { caseId: c.id, decision: dec })) }
      }
      const mine = m.devices.map((d, k) => [d, k] as const).filter(([d]) => d.counter === counterFor(c, r) && !d.revoked)
      const chosen = dev === 'own' ? mine[mine.length - 1] : m.devices.length ? ([m.devices[j % m.devices.length], j % m.devices.length] as const) : undefined
      if (!chosen) return null
      const [d, k] = chosen
      const call = async (w: CounterWorld) => fromDesk(await w.kioskAs(k, 'kioskAnswer', { caseId: c.id, decision: dec }))
      if (d.revoked) return { expect: 'KIOSK_NOT_PAIRED', call }
      if (c.counter !== d.counter || c.way !== 'card') return { expect: 'CASE_NOT_FOUND', call }
      return { ...settle(m, c, dec, 'kiosk'), call }
    },
  },
  {
    // 配对评价器 at the workstation, the code typed on a new device; `again`: a second device types the same code.
    name: 'pairDevice', weight: 2, params: fc.record({ at: counter, onlyIfNone: fc.boolean(), again: fc.boolean() }),
    plan: (m, { at, onlyIfNone, again }: { at: CounterKey; onlyIfNone: boolean; again: boolean }) => {
      if (onlyIfNone && m.devices.some((d) => d.counter === at && !d.revoked)) return null
      const call = async (w: CounterWorld): Promise<Got> => {
        const code = fromDesk(await w.desk(at, 'pairCode'))
        if (code.code !== 'ok') return code
        const paired = fromDesk(await w.deskWith(undefined, 'pair', { code: code.data.code }))
        if (paired.code !== 'ok') return paired
        w.deviceCredentials.push(paired.data.credential)
        if (again) {
          const second = fromDesk(await w.deskWith(undefined, 'pair', { code: code.data.code }))
          if (second.code !== 'KIOSK_PAIR_INVALID') return { code: `I3: a pairing code paired twice (${second.code})` }
        }
        return paired
      }
      const gate = staffGate(m, m.current[at])
      if (gate) return { expect: gate, call }
      return { expect: 'ok', ledger: [], call, commit: (data) => void m.devices.push({ counter: at, deviceNo: data.deviceNo, revoked: false }) }
    },
  },
  {
    // 解除配对, by the device's own counter mostly, else by the other one (which cannot see it).
    name: 'unpairDevice', weight: 1, params: fc.record({ j: fc.nat({ max: 10 }), r: atRole }),
    plan: (m, { j, r }: { j: number; r: 'own' | 'other' }) => {
      if (!m.devices.length) return null
      const d = m.devices[j % m.devices.length]
      const at: CounterKey = r === 'own' ? d.counter : d.counter === 'A' ? 'B' : 'A'
      const call = async (w: CounterWorld) => fromDesk(await w.desk(at, 'unpair', { deviceNo: d.deviceNo }))
      const gate = staffGate(m, m.current[at])
      if (gate) return { expect: gate, call }
      if (at !== d.counter) return { expect: 'KIOSK_DEVICE_NOT_FOUND', call }
      return { expect: 'ok', ledger: [], call, commit: () => void (d.revoked = true) }
    },
  },
  {
    // A new staff session for the counter (the password check is the auth tests' matter); the old one stays as it was.
    name: 'staffSignIn', weight: 3, params: counter,
    plan: (m, at: CounterKey) => ({
      expect: 'ok', ledger: [],
      call: async (w) => (await w.openStaffSession(at), { code: 'ok' }),
      commit: () => {
        m.staff.push({ counter: at, createdAt: m.now, lastSeen: m.now, ended: false })
        m.current[at] = m.staff.length - 1
      },
    }),
  },
  {
    // Staff sign in again only if the counter's session no longer holds (a visit's first step).
    name: 'staffEnsure', weight: 0, params: counter,
    plan: (m, at: CounterKey) => (staffLive(m, m.current[at]) ? null : STEPS.find((d) => d.name === 'staffSignIn')!.plan!(m, at)),
  },
  {
    // A new staff session at the counter of the case just opened (a visit's read after a long wait).
    name: 'staffSignInForCase', weight: 0, params: fc.constant(0),
    plan: (m) => {
      const c = pick(m.cases, 0)
      return c ? STEPS.find((d) => d.name === 'staffSignIn')!.plan!(m, c.counter) : null
    },
  },
  {
    // 退出: the session is dead at once, whoever still holds the token.
    name: 'staffSignOut', weight: 1, params: counter,
    plan: (m, at: CounterKey) => {
      const i = m.current[at]
      const call = async (w: CounterWorld) => fromDesk(await w.deskAs(i, 'signOut'))
      const gate = staffGate(m, i)
      if (gate) return { expect: gate, call }
      return { expect: 'ok', ledger: [], call, commit: () => void (m.staff[i].ended = true) }
    },
  },
  {
    // Any staff session ever opened (signed out, idle, expired or live) asks who it is.
    name: 'staffWithAnySession', weight: 1, params: fc.nat({ max: 10 }),
    plan: (m, k: number) => {
      const i = k % m.staff.length
      const call = async (w: CounterWorld) => fromDesk(await w.deskAs(i, 'me'))
      const gate = staffGate(m, i)
      return gate ? { expect: gate, call } : { expect: 'ok', ledger: [], call }
    },
  },
  {
    name: 'delegate', weight: 3,
    params: fc.record({ p: person, q: person, matterId, confirmBy: fc.constantFrom<'holder' | 'agent'>('holder', 'agent'), days: fc.integer({ min: 1, max: 7 }), named: fc.integer({ min: 0, max: 9 }).map((n) => n > 0) }),
    plan: (m, { p, q, matterId: mid, confirmBy, days, named }: { p: PersonKey; q: PersonKey; matterId: string; confirmBy: 'holder' | 'agent'; days: number; named: boolean }) => {
      const call = async (w: CounterWorld) =>
        fromHolder(await w.holder(p, 'delegate', { agentName: named ? w.people[q].name : '王某某', agentIdNumber: w.people[q].idNumber, matterId: mid, confirmBy, days }))
      if (p === q) return { expect: 'DELEGATION_SELF', call }
      if (!fresh(m, p)) return { expect: 'VERIFICATION_REQUIRED', call }
      return {
        expect: 'ok', ledger: ['grant'], call,
        commit: (data) => void m.delegations.push({ id: data.delegation.delegationId, holder: p, agent: q, named, matterId: mid, confirmBy, state: 'offered', acceptedBy: null, expiresAt: m.now + days * DAY }),
      }
    },
  },
  {
    name: 'acceptDelegation', weight: 3, params: fc.record({ r: role, i: fc.nat({ max: 20 }), n: fc.nat() }),
    plan: (m, { r, i, n }: { r: Role; i: number; n: number }) => {
      const d = pick(m.delegations, i)
      if (!d) return null
      const p = actor(r, d.agent, d.holder, d.agent, n)
      const call = async (w: CounterWorld) => fromHolder(await w.holder(p, 'acceptDelegation', { delegationId: d.id }))
      if (d.agent !== p || !d.named) return { expect: 'DELEGATION_NOT_FOUND', call }
      const s = delegationNow(m, d)
      if (s === 'accepted' && d.acceptedBy === p) return { expect: 'ok', ledger: [], call }
      if (s !== 'offered') return { expect: 'DELEGATION_NOT_FOUND', call }
      return { expect: 'ok', ledger: ['grant'], call, commit: () => Object.assign(d, { state: 'accepted', acceptedBy: p }) }
    },
  },
  {
    name: 'endDelegation', weight: 3, params: fc.record({ r: role, i: fc.nat({ max: 20 }), n: fc.nat() }),
    plan: (m, { r, i, n }: { r: Role; i: number; n: number }) => {
      const d = pick(m.delegations, i)
      if (!d) return null
      const p = actor(r, d.holder, d.holder, d.agent, n)
      const call = async (w: CounterWorld) => fromHolder(await w.holder(p, 'endDelegation', { delegationId: d.id }))
      if (d.holder !== p) return { expect: 'DELEGATION_NOT_FOUND', call }
      if (d.state === 'ended') return { expect: 'ok', ledger: [], call }
      // Its waiting and running cases close with it; a running grant's end is on the ledger.
      const closing = m.cases.filter((c) => c.delegationId === d.id && (caseBase(m, c) === 'awaiting' || caseBase(m, c) === 'confirmed'))
      return {
        expect: 'ok', ledger: ['revoke', ...closing.filter((c) => c.state === 'confirmed').map(() => 'revoke')], call,
        commit: () => {
          d.state = 'ended'
          for (const c of closing) c.state = 'ended'
        },
      }
    },
  },
  {
    name: 'end', weight: 2, params: fc.record({ r: role, i: caseIdx, n: fc.nat() }),
    plan: (m, { r, i, n }: { r: Role; i: number; n: number }) => {
      const c = pick(m.cases, i)
      if (!c) return null
      const p = actor(r, c.holder, c.holder, c.agent, n)
      const call = async (w: CounterWorld) => fromHolder(await w.holder(p, 'end', { caseId: c.id }))
      if (c.holder !== p) return { expect: 'CASE_NOT_FOUND', call }
      if (c.state !== 'confirmed') return { expect: 'ok', ledger: [], call }
      return { expect: 'ok', ledger: ['revoke'], call, commit: () => void (c.state = 'ended') }
    },
  },
  {
    name: 'case', weight: 2, params: fc.record({ r: atRole, i: caseIdx }),
    plan: (m, { r, i }: { r: 'own' | 'other'; i: number }) => {
      const c = pick(m.cases, i)
      if (!c) return null
      const at = counterFor(c, r)
      const call = async (w: CounterWorld) => fromDesk(await w.desk(at, 'case', { caseId: c.id }))
      if (c.counter !== at) return { expect: 'CASE_NOT_FOUND', call }
      const want = caseView(m, c)
      return { expect: 'ok', ledger: [], call, verify: (data) => (data.state === want.state && data.reason === want.reason ? null : `case status ${JSON.stringify([data.state, data.reason])}, model ${JSON.stringify(want)}`) }
    },
  },
  {
    name: 'form', weight: 5, params: fc.record({ r: atRole, i: caseIdx }),
    plan: (m, { r, i }: { r: 'own' | 'other'; i: number }) => {
      const c = pick(m.cases, i)
      if (!c) return null
      const at = counterFor(c, r)
      const plan = readPlan(m, at, c, 'form', async (w) => fromDesk(await w.desk(at, 'form', { caseId: c.id })))
      // The name and ID number only where the ID card was authorized.
      return { ...plan, verify: (data) => ((data.applicant !== null) === c.offered.includes('id_card') ? null : `applicant ${data.applicant ? 'handed over' : 'missing'} (offered ${c.offered.join(',')})`) }
    },
  },
  {
    name: 'print', weight: 3, params: fc.record({ r: atRole, i: caseIdx, type: fc.constantFrom(...CREDENTIAL_TYPES) }),
    plan: (m, { r, i, type }: { r: 'own' | 'other'; i: number; type: string }) => {
      const c = pick(m.cases, i)
      const at = c && counterFor(c, r)
      return c && at ? readPlan(m, at, c, 'print', async (w) => fromDesk(await w.desk(at, 'print', { caseId: c.id, type })), type) : null
    },
  },
  {
    name: 'materials', weight: 3, params: fc.record({ r: atRole, i: caseIdx }),
    plan: (m, { r, i }: { r: 'own' | 'other'; i: number }) => {
      const c = pick(m.cases, i)
      const at = c && counterFor(c, r)
      return c && at ? readPlan(m, at, c, 'materials', async (w) => fromDesk(await w.desk(at, 'materials', { caseId: c.id }))) : null
    },
  },
  {
    name: 'archive', weight: 2, params: fc.record({ r: atRole, i: caseIdx }),
    plan: (m, { r, i }: { r: 'own' | 'other'; i: number }) => {
      const c = pick(m.cases, i)
      const at = c && counterFor(c, r)
      return c && at ? readPlan(m, at, c, 'archive', async (w) => fromDesk(await w.desk(at, 'archive', { caseId: c.id }))) : null
    },
  },
  {
    name: 'visitByCode', weight: 4, params: fc.record({ p: person, at: counter, matterId, qr: fc.boolean(), dec: decision, after: afterVisit }),
    chain: ({ p, at, matterId: mid, qr, dec, after }: { p: PersonKey; at: CounterKey; matterId: string; qr: boolean; dec: string; after: AfterVisit }) => [
      ['staffEnsure', at], ['reverify', p], ['code', { p, d: null, r: 'right', n: 0 }], ['scan', { at, i: 0, matterId: mid, qr }], ['answer', { r: 'right', i: 0, dec, n: 0 }], ...thenRead(after),
    ],
  },
  {
    name: 'visitAsAgent', weight: 4,
    params: fc.record({ p: person, k: fc.integer({ min: 1, max: PERSONS.length - 1 }), at: counter, matterId, confirmBy: fc.constantFrom('holder', 'agent'), days: fc.integer({ min: 1, max: 7 }), late: fc.nat({ max: 2 }).map((n) => n === 0), dec: decision, after: afterVisit }),
    // late: the visit comes in the delegation's last hour (its end then falls inside the grant).
    chain: ({ p, k, at, matterId: mid, confirmBy, days, late, dec, after }: { p: PersonKey; k: number; at: CounterKey; matterId: string; confirmBy: string; days: number; late: boolean; dec: string; after: AfterVisit }) => {
      const q = PERSONS[(PERSONS.indexOf(p) + k) % PERSONS.length]
      return [
        ['staffEnsure', at], ['reverify', p], ['reverify', q], ['delegate', { p, q, matterId: mid, confirmBy, days, named: true }], ['acceptDelegation', { r: 'right', i: 0, n: 0 }],
        ...(late ? ([['advance', days * DAY - HOUR + MIN], ['reverify', p], ['reverify', q]] as Array<[string, unknown]>) : []),
        ['code', { p: q, d: 0, r: 'right', n: 0 }], ['scan', { at, i: 0, matterId: mid, qr: true }], ['answer', { r: 'right', i: 0, dec, n: 0 }], ...thenRead(after),
      ]
    },
  },
  {
    // Back under a delegation given earlier (maybe near its end): the agent shows the code again.
    name: 'visitUnderDelegation', weight: 3, params: fc.record({ i: fc.nat({ max: 5 }), at: counter, dec: decision, after: afterVisit }),
    chain: ({ i, at, dec, after }: { i: number; at: CounterKey; dec: string; after: AfterVisit }, m) => {
      const d = pick(m.delegations, i)
      if (!d) return null
      return [
        ['staffEnsure', at], ['reverify', d.agent], ['reverify', d.holder], ['code', { p: d.agent, d: i, r: 'right', n: 0 }], ['scan', { at, i: 0, matterId: null, qr: false }], ['answer', { r: 'right', i: 0, dec, n: 0 }], ...thenRead(after),
      ]
    },
  },
  {
    name: 'visitByFace', weight: 2, params: fc.record({ p: person, at: counter, matterId, dec: decision, after: afterVisit }),
    chain: ({ p, at, matterId: mid, dec, after }: { p: PersonKey; at: CounterKey; matterId: string; dec: string; after: AfterVisit }) => [
      ['staffEnsure', at], ['faceTicket', { at, matterId: mid }], ['reverify', p], ['claimTicket', { p, i: 0 }], ['answer', { r: 'right', i: 0, dec, n: 0 }], ...thenRead(after),
    ],
  },
  {
    name: 'visitByCard', weight: 2, params: fc.record({ p: person, at: counter, matterId, dec: decision, after: afterVisit }),
    chain: ({ p, at, matterId: mid, dec, after }: { p: PersonKey; at: CounterKey; matterId: string; dec: string; after: AfterVisit }) => [
      ['staffEnsure', at], ['pairDevice', { at, onlyIfNone: true, again: false }], ['cardRead', { at, p, matterId: mid }], ['kioskAnswer', { r: 'own', i: 0, dec, dev: 'own', j: 0 }], ...thenRead(after),
    ],
  },
  {
    // The hostile staff member: reads a card, then taps 确认授权 on the 评价器 page with her own
    // token (or another counter's device), and asks for the form.
    name: 'staffTapsForHolder', weight: 2, params: fc.record({ p: person, at: counter, dev: fc.constantFrom<'staff' | 'any'>('staff', 'staff', 'any'), j: fc.nat({ max: 10 }) }),
    chain: ({ p, at, dev, j }: { p: PersonKey; at: CounterKey; dev: 'staff' | 'any'; j: number }) => [
      ['staffEnsure', at], ['cardRead', { at, p, matterId: 'household-settle' }], ['kioskAnswer', { r: 'own', i: 0, dec: 'confirm', dev, j }],
      ['form', { r: 'own', i: 0 }],
    ],
  },
]

/**
 * Steps that call the desk with the counter's current staff session: the staff check comes first
 * (a dead session is refused before anything is read or written), then the step's own plan.
 */
const DESK_COUNTER: Record<string, (m: Model, p: any) => CounterKey | null> = {
  scan: (_m, p) => p.at,
  faceTicket: (_m, p) => p.at,
  cardRead: (_m, p) => p.at,
  cardReadWrongName: (_m, p) => p.at,
  case: (m, p) => (pick(m.cases, p.i) ? counterFor(pick(m.cases, p.i)!, p.r) : null),
  form: (m, p) => (pick(m.cases, p.i) ? counterFor(pick(m.cases, p.i)!, p.r) : null),
  print: (m, p) => (pick(m.cases, p.i) ? counterFor(pick(m.cases, p.i)!, p.r) : null),
  materials: (m, p) => (pick(m.cases, p.i) ? counterFor(pick(m.cases, p.i)!, p.r) : null),
  archive: (m, p) => (pick(m.cases, p.i) ? counterFor(pick(m.cases, p.i)!, p.r) : null),
}
for (const def of STEPS) {
  const at = DESK_COUNTER[def.name]
  const own = def.plan
  if (!at || !own) continue
  def.plan = (m, p) => {
    const plan = own(m, p)
    if (!plan) return null
    const gate = staffGate(m, m.current[at(m, p)!])
    return gate ? { expect: gate, call: plan.call } : plan
  }
}

// ---------------------------------------------------------------- invariants

/** What a read's 档案袋 item must say of the way in. */
function wayWords(c: MCase): string[] {
  if (c.delegationId) return ['委托代办']
  if (c.way === 'card') return ['读卡', '评价器']
  return c.way === 'face' ? ['刷脸办'] : ['扫码']
}

async function checkCodesAndTickets(w: CounterWorld, m: Model): Promise<void> {
  for (const code of m.codes) {
    const stored = await w.deps.counter.codes.get(code.digits)
    if ((stored?.caseId ?? null) !== code.caseId || (stored?.usedAt === null) !== (code.caseId === null)) {
      throw new Error(`I3: code …${code.digits.slice(-4)} spent by ${stored?.caseId ?? 'nothing'}, the model saw ${code.caseId ?? 'nothing'}`)
    }
  }
  for (const t of m.tickets) {
    const stored = await w.deps.counter.tickets.get(t.id)
    if ((stored?.caseId ?? null) !== t.caseId) throw new Error(`I3: ticket ${t.id} spent by ${stored?.caseId ?? 'nothing'}, the model saw ${t.caseId ?? 'nothing'}`)
  }
  // I5: a case moves only by a step the model allows (the holder's, the agent's, its own 评价器's
  // answer; an end): its stored state is the model's after every step, whoever tried what.
  for (const c of m.cases) {
    const stored = await w.deps.counter.cases.get(c.id)
    if (stored?.state !== c.state) throw new Error(`I5: case ${c.id} is ${stored?.state ?? 'missing'} in the store, ${c.state} in the model`)
  }
}

/** Outcomes seen, `<step>:<ok|code>` → count (which paths the random sequences reached). */
export type Coverage = Map<string, number>
let coverage: Coverage = new Map()
/**
 * Strict (the default): every outcome must be the model's, and a success's ledger actions too.
 * Not strict (COUNTER_MODEL_STRICT=0): I1–I4 only, the model staying where it says things should
 * be when the system goes elsewhere; for seeing which invariant a re-inserted hole breaks.
 */
let strict = true
/** Milliseconds spent in each step's call (COUNTER_MODEL_COVERAGE=1 prints them). */
export const timing = new Map<string, number>()

class Step<P> implements fc.AsyncCommand<Model, CounterWorld> {
  constructor(readonly def: StepDef<P>, readonly p: P) {}
  check = () => true
  toString = () => `${this.def.name}(${JSON.stringify(this.p)})`

  async run(m: Model, w: CounterWorld): Promise<void> {
    if (this.def.chain) {
      for (const [name, params] of this.def.chain(this.p, m) ?? []) await new Step(STEPS.find((d) => d.name === name)!, params).run(m, w)
      return
    }
    const plan = this.def.plan!(m, this.p)
    if (!plan) return
    const allowed = plan.read ? readAllowed(m, plan.read.caseId, plan.read.counter) : null
    const kase = plan.read ? m.cases.find((c) => c.id === plan.read!.caseId)! : null
    const holderId = kase ? w.people[kase.holder].identityId : null
    // The whole-store snapshot (I4) is taken where the model expects a refusal; an unexpected one
    // fails as a mismatch below anyway, after the ledger and 档案袋 counts are checked.
    const before = plan.expect !== 'ok' ? w.snapshot() : null
    const [ledger0, history0] = [await w.ledgerSize(), holderId ? (await w.history(holderId)).length : 0]
    const t0 = performance.now()
    const got = await plan.call(w)
    timing.set(this.def.name, (timing.get(this.def.name) ?? 0) + performance.now() - t0)
    const key = `${this.def.name}:${got.code}${plan.read && got.code === 'ok' && kase?.delegationId ? ' (delegated)' : ''}`
    coverage.set(key, (coverage.get(key) ?? 0) + 1)
    const entries = await w.ledgerSince(ledger0)
    const changed = before ? w.changedTables(before, w.snapshot()) : []
    const history = holderId ? await w.history(holderId) : []
    const fail = (what: string) => {
      throw new Error(`${what} — at ${this.toString()}: got ${got.code}, model expected ${plan.expect}`)
    }

    if (plan.read && kase && got.code === 'ok') {
      if (!allowed!.ok) fail(`I1: ${plan.read.kind} returned data though ${allowed!.why}`)
      // I2: one ledger entry, one 档案袋 item, the same fields, naming counter, staff member and way in.
      if (entries.length !== 1 || entries[0].action !== 'read' || entries[0].consent !== `counter:${kase.id}`) {
        fail(`I2: ${plan.read.kind} wrote ${entries.length} ledger entries (${entries.map((e) => e.action).join(', ')})`)
      }
      if (history.length !== history0 + 1) fail(`I2: ${plan.read.kind} wrote ${history.length - history0} 档案袋 items`)
      const item = history[0]
      const note = item.noteCipher ? w.deps.cipher.decrypt(item.noteCipher) : ''
      const c = COUNTERS[plan.read.counter]
      if (item.action !== 'read' || item.actorLabel !== c.name || item.operator !== c.operator.name || fieldSetHash(item.fields) !== entries[0].fields || !wayWords(kase).every((x) => note.includes(x))) {
        fail(`I2: ${plan.read.kind}'s 档案袋 item ${JSON.stringify({ action: item.action, label: item.actorLabel, operator: item.operator, fields: item.fields, note })}`)
      }
    }
    if (got.code !== 'ok') {
      // I4: a refused step writes nothing; a refused read at a case of this counter, exactly its refusal.
      const refusedRead = plan.read && kase && kase.counter === plan.read.counter && REFUSED_READ_CODES.has(got.code)
      const wantEntries = refusedRead ? [`read_refused counter:${kase!.id}`] : []
      const wantItems = refusedRead && kase!.state !== 'awaiting' ? 1 : 0
      const gotEntries = entries.map((e) => `${e.action} ${e.consent}`)
      if (JSON.stringify(gotEntries) !== JSON.stringify(wantEntries)) fail(`I4: refused, yet the ledger got [${gotEntries.join('; ')}]`)
      const allowedTables = wantItems ? ['access_events'] : []
      if (changed.some((t) => !allowedTables.includes(t))) fail(`I4: refused, yet ${changed.join(', ')} changed`)
      if (holderId && history.length - history0 !== wantItems) fail(`I4: refused, yet ${history.length - history0} 档案袋 items (want ${wantItems})`)
    }
    // I3 (before the model learns of a success it expected; after, below, for one it did).
    if (got.code !== 'ok' || plan.expect !== 'ok') await checkCodesAndTickets(w, m)

    if (!strict && got.code !== plan.expect) return
    if (got.code !== plan.expect) fail('model and system differ')
    if (got.code !== 'ok') return
    if (plan.ledger && strict) {
      const actions = entries.map((e) => e.action)
      if (JSON.stringify(actions) !== JSON.stringify(plan.ledger)) fail(`ledger got [${actions.join(', ')}], model expected [${plan.ledger.join(', ')}]`)
    }
    const wrong = plan.verify?.(got.data)
    if (wrong) fail(wrong)
    plan.commit?.(got.data)
    // I3 again once the model has seen what the step opened.
    await checkCodesAndTickets(w, m)
  }
}

/** fc.commands over every step, weighted. */
export function counterCommands(maxCommands: number) {
  const arbs = STEPS.filter((def) => def.weight > 0).flatMap((def) => Array.from({ length: def.weight }, () => def.params.map((p) => new Step(def, p))))
  return fc.commands(arbs, { maxCommands, size: 'max' })
}

export function initialModel(w: CounterWorld): Model {
  const now = w.now()
  return {
    now, verifiedAt: { mum: now, dad: now, sq: now }, codes: [], tickets: [], delegations: [], cases: [],
    // The world opens one staff session per counter, A's then B's, and pairs no 评价器.
    staff: [{ counter: 'A', createdAt: now, lastSeen: now, ended: false }, { counter: 'B', createdAt: now, lastSeen: now, ended: false }],
    current: { A: 0, B: 1 }, devices: [],
  }
}

export interface ModelRunOptions {
  kind: StoreKind
  numRuns: number
  seed: number
  maxCommands?: number
  strict?: boolean
}

/** Runs the counter model: fc.assert over seeded command sequences, one fresh world per sequence. */
export async function runCounterModel(o: ModelRunOptions): Promise<{ runs: number; steps: number; coverage: Coverage }> {
  coverage = new Map()
  timing.clear()
  strict = o.strict ?? true
  let runs = 0
  let steps = 0
  await fc.assert(
    fc.asyncProperty(counterCommands(o.maxCommands ?? 30), async (cmds) => {
      const w = await makeCounterWorld(o.kind)
      runs++
      try {
        await fc.asyncModelRun(() => ({ model: initialModel(w), real: w }), cmds)
        steps += [...cmds].length
      } finally {
        w.close()
      }
    }),
    { numRuns: o.numRuns, seed: o.seed, endOnFailure: false },
  )
  return { runs, steps, coverage }
}
