import fc from 'fast-check'
import { DECLINE_REASONS, PART_FIELDS, type PartKey } from '../../types/consentModels'
import { auditLedger } from '../../cloudfunctions/services/consent/ledgerAudit'
import { verifyRecord } from '../../cloudfunctions/domain/ledger/verifyRecord'
import { verifyReceipt, type ConsentReceipt } from '../../cloudfunctions/domain/consent/receipt'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { ACTORS, createWorld, DAY, HOUR, ID_NUMBERS, MIN, TIMES, type Actor, type StoreKind, type World } from './consentWorld'

/**
 * A model-based test of the consent request lifecycle (SPEC §4): random short sequences
 * of what the business systems and the family do — create a request, open it, sign all or some
 * parts and fields, decline, 注销, 重新授权, let time pass, read (form, status, one part, with the
 * wrong secret, as the other system), check one's record (校验记录), list 我的授权 — by random
 * actors (each parent, the household head, a stranger, the under-14 student, another business
 * system). Each step's outcome (ok or the exact error code) is predicted by a small model of the
 * rules and compared; after every step the invariants below are checked against the stores.
 *
 *  I1 no business-system read returns a field unless a live (signed, unrevoked, unexpired) consent
 *     of the part's rightful signer covers it at that moment, and a read inside one is not refused;
 *  I2 every successful and every refused read is exactly one ledger entry and one line in the
 *     signer's access history (none when no consent exists: there is no holder to tell);
 *  I3 a refused step (and any read) writes nothing else: no ledger entry or history line beyond
 *     I2's, and every other table / collection row for row as it was;
 *  I4 the ledger only grows (every earlier entry byte for byte), its full audit stays OK, and the
 *     holder's record check verifies against the pinned key, consistent with what the phone saw;
 *  I5 a stranger learns nothing: opening, signing or declining someone else's request answers only
 *     REQUEST_NOT_RELATED (no status, part, signer or expiry), another system gets REQUEST_NOT_FOUND;
 *  I6 the stores agree with the model: each request's parts (status, consent), each consent's state,
 *     each person's consents and history length; 我的授权 offers 重新授权 exactly when it would work.
 *
 * The ledger is read only through its port (size, entries) and the audit, so a different append
 * path (pending entries integrated in batches) changes nothing here as long as size() counts them.
 */

export const PARTS_OF = {
  '户籍双证学校（户口簿+房产）': ['household_register', 'property'],
  '户籍（户口簿, 出生证）': ['household_register', 'birth_certificate'],
} as const satisfies Record<string, readonly PartKey[]>
type Evidence = keyof typeof PARTS_OF
const catalog = (p: PartKey) => Object.keys(PART_FIELDS[p])

/** Who may sign each part for F14's child: the head signs the register, the owner of the flat at
 * the register address the property, either linked parent the birth certificate. */
const RIGHTFUL: Record<PartKey, readonly Actor[]> = { household_register: ['dad'], property: ['mum'], birth_certificate: ['mum', 'dad'] }

interface MPart { key: PartKey; asked: string[]; status: 'pending' | 'signed' | 'revoked' | 'unavailable'; consentId: string | null }
interface MRequest { code: string; system: 'demo' | 'other'; parent: 'mum' | 'dad'; parts: MPart[]; expiresAt: number }
interface MConsent { id: string; actor: Actor; code: string; part: PartKey; fields: string[]; revoked: boolean; expiresAt: number }

export interface Model {
  now: number
  requests: MRequest[]
  consents: MConsent[]
  /** Open-request slots: (system, parent) → the request code (services/consent/openSlot.ts). */
  slots: Map<string, string>
  ledger: number
  history: Record<Actor, number>
  verifiedAt: Record<Actor, number>
  loginAt: Record<Actor, number>
}

/** The world renews a session near its end of life before a call (consentWorld.ts): a login is a face check. */
function touch(m: Model, a: Actor): void {
  if (m.now - m.loginAt[a] >= TIMES.sessionTtlMs - MIN) m.loginAt[a] = m.verifiedAt[a] = m.now
}

/** What the stores held after the last step, to compare the next one with (I3, I4). */
export interface Real {
  world: World
  leaves: string[]
  /** The last step's outcome as the model checked it (`ok` or an error code). */
  outcome: string
  /** The tree head each person's phone saw at its last record check (verifyRecord's `last`). */
  seen: Partial<Record<Actor, Parameters<typeof verifyRecord>[2]>>
  history0: Record<Actor, number>
  log: string[]
}

const isExpired = (r: { expiresAt: number }, now: number) => now >= r.expiresAt
const complete = (r: MRequest) => r.parts.every((p) => p.status === 'signed' || p.status === 'unavailable')
const live = (c: MConsent | undefined, now: number) => !!c && !c.revoked && now < c.expiresAt
const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined)
const BOGUS_CODE = 'ZZZZZZZZ'
const BOGUS_CONSENT = 'cs_nosuchconsent01'

function fail(real: Real, what: string): never {
  throw new Error(`${what}\n  steps so far (${real.world.kind}):\n    ${real.log.join('\n    ')}`)
}
function expectSame(real: Real, what: string, got: unknown, want: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) fail(real, `${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`)
}
/** How often each step ended each way (`sign → ok`, `read → BIZ_READ_REFUSED` …): what the runs exercised. */
export const outcomes = new Map<string, number>()

/** The outcome of a call against the model's prediction: ok, or the error code predicted. */
function expectOutcome(real: Real, what: string, r: { ok: boolean; error?: { code: string } }, want: string): void {
  const got = r.ok ? 'ok' : r.error!.code
  if (got !== want) fail(real, `${what}: answered ${got}, the model expects ${want}`)
  real.outcome = got
  const step = /(\w+)\(/.exec(what.replace(/^I\d /, ''))?.[1] ?? what
  const key = `${step} → ${got}`
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
}

// ── Invariants after every step ─────────────────────────────────────────────────────────────

async function historyOf(w: World, a: Actor): Promise<number> {
  return (await w.deps.stores.accessEvents.list(w.identityOf(a), { offset: 0, limit: 1000 })).length
}

async function checkInvariants(m: Model, real: Real): Promise<void> {
  const w = real.world
  const ledger = w.deps.consent.ledger
  // I2/I3/I4: the ledger has exactly the entries the model counted, the old ones unchanged.
  const size = await ledger.size()
  expectSame(real, 'I2/I3 ledger size', size, m.ledger)
  const entries = size > 0 ? await ledger.entries(0, size) : []
  const leaves = entries.map((e) => e.leaf)
  for (let i = 0; i < real.leaves.length; i++) if (leaves[i] !== real.leaves[i]) fail(real, `I4 ledger entry ${i} changed or vanished`)
  real.leaves = leaves
  const audit = await auditLedger(ledger, { key: w.ledgerKey })
  if (!audit.ok) fail(real, `I4 ledger audit failed: ${JSON.stringify(audit.problem)}`)
  // I2/I3/I6: each person's history grew exactly as the model says.
  for (const a of ACTORS) expectSame(real, `I2/I3 history of ${a}`, (await historyOf(w, a)) - real.history0[a], m.history[a])
  // I6: requests and consents as the model has them.
  for (const r of m.requests) {
    const stored = await w.deps.consent.requests.get(r.code)
    expectSame(real, `I6 request ${r.code} parts`, stored?.parts.map((p) => [p.key, p.status, p.consentId]), r.parts.map((p) => [p.key, p.status, p.consentId]))
  }
  for (const c of m.consents) {
    const stored = await w.deps.consent.consents.get(c.id)
    expectSame(real, `I6 consent ${c.id}`, stored && [stored.state, stored.signerId === w.identityOf(c.actor), stored.fields], [c.revoked ? 'revoked' : 'active', true, c.fields])
  }
  for (const a of ACTORS) {
    expectSame(real, `I6 consents of ${a}`, (await w.deps.consent.consents.listBySigner(w.identityOf(a))).length, m.consents.filter((c) => c.actor === a).length)
  }
}

type Cmd = fc.AsyncCommand<Model, Real>

/** Runs one step: logs it, runs it, then checks every invariant. */
abstract class Step implements Cmd {
  /** A step naming a request or consent by position waits until one exists (null names a missing one). */
  readonly request?: number | null
  readonly consent?: number | null
  check(m: Readonly<Model>): boolean {
    if (typeof this.request === 'number' && m.requests.length === 0) return false
    if (typeof this.consent === 'number' && m.consents.length === 0) return false
    return true
  }
  /** Adds what a step resolved at run time (actor, part, fields) to its line in the log. */
  protected note(real: Real, text: string): void {
    real.log[real.log.length - 1] += ` → ${text}`
  }
  abstract step(m: Model, real: Real): Promise<void>
  /** Whether the step may change anything besides the ledger and the history when it succeeds. */
  readonly writes: boolean = false
  async run(m: Model, real: Real): Promise<void> {
    real.log.push(`${real.world.now() - START}ms ${this.toString()}`)
    const before = real.world.snapshot()
    real.outcome = 'ok'
    await this.step(m, real)
    // I3: a refused step, and any read, leaves every other table exactly as it was.
    if (!this.writes || real.outcome !== 'ok') {
      const after = real.world.snapshot()
      const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t])
      if (changed.length > 0) fail(real, `I3 ${this} (${real.outcome}) changed ${changed.join(', ')}`)
    }
    await checkInvariants(m, real)
  }
  abstract toString(): string
}
const START = Date.UTC(2026, 5, 1, 1, 0)

// ── Business system ────────────────────────────────────────────────────────────────────────

class CreateRequest extends Step {
  readonly writes = true
  constructor(readonly system: 'demo' | 'other', readonly parent: 'mum' | 'dad', readonly evidence: Evidence, readonly narrow: Partial<Record<PartKey, string[]>> | null) {
    super()
  }
  toString() {
    return `createRequest(${this.system}, parent ${this.parent}, ${this.evidence}${this.narrow ? `, fields ${JSON.stringify(this.narrow)}` : ''})`
  }
  async step(m: Model, real: Real) {
    const fields = this.narrow ? Object.fromEntries(PARTS_OF[this.evidence].map((p) => [p, this.narrow![p] ?? catalog(p)])) : undefined
    const r = await real.world.biz(this.system, {
      action: 'createRequest', applicationType: '2025惠城区义务教育', studentName: '何沐阳', studentIdNumber: ID_NUMBERS.kid,
      parentName: this.parent === 'mum' ? '李婉婷' : '何俊杰', parentIdNumber: ID_NUMBERS[this.parent], phone: '13800138000', evidence: this.evidence,
      ...(fields ? { fields } : {}),
    })
    expectOutcome(real, this.toString(), r.body, 'ok')
    const data = (r.body as { data: { code: string; reused: boolean } }).data
    const slot = `${this.system}|${this.parent}`
    const open = m.requests.find((x) => x.code === m.slots.get(slot))
    // An open request (unexpired, not complete) for the same system, student and parent is reused.
    if (open && !isExpired(open, m.now) && !complete(open)) {
      expectSame(real, `${this} reuses the open request`, [data.code, data.reused], [open.code, true])
      return
    }
    expectSame(real, `${this} is new`, data.reused, false)
    m.slots.set(slot, data.code)
    m.requests.push({
      code: data.code, system: this.system, parent: this.parent, expiresAt: m.now + TIMES.requestTtlMs,
      parts: PARTS_OF[this.evidence].map((key) => ({ key, asked: fields?.[key] ?? catalog(key), status: 'pending', consentId: null })),
    })
  }
}

type Who = 'own' | 'other' | 'wrong' | 'none'
/** The key a business system calls with: the request's own system, the other one, a wrong secret, none. */
const keyFor = (r: MRequest | undefined, who: Who): 'demo' | 'other' | 'wrong' | 'none' =>
  who === 'own' ? r?.system ?? 'demo' : who === 'other' ? (r?.system === 'other' ? 'demo' : 'other') : who
/** What a reader without the key or without the request gets; nothing is written for either. */
const preRead = (r: MRequest | undefined, who: Who): string | null =>
  who === 'wrong' || who === 'none' ? 'BIZ_UNAUTHORIZED' : !r || who === 'other' ? 'REQUEST_NOT_FOUND' : null

/** The model's read decision for one part (domain/consent/scope.ts decideRead, restated). */
function readDecision(m: Model, r: MRequest, part: MPart, fields: string[] | undefined): { ok: boolean; consent?: MConsent; fields: string[] } {
  const c = part.consentId ? m.consents.find((x) => x.id === part.consentId) : undefined
  if (!c || !live(c, m.now)) return { ok: false, consent: c, fields: [] }
  // I1: the consent that answers must be the rightful signer's.
  if (!RIGHTFUL[part.key].includes(c.actor)) throw new Error(`model: ${c.actor} holds ${part.key} of ${r.code}`)
  const wanted = fields ?? c.fields
  return wanted.every((f) => c.fields.includes(f)) ? { ok: true, consent: c, fields: [...new Set(wanted)] } : { ok: false, consent: c, fields: [] }
}

/**
 * Fields by bitmask, resolved when the step runs: over what the request asks of the part, or with
 * bit 8 set over the part's whole catalog (which may reach past what was asked or consented).
 */
const fieldsByMask = (part: PartKey, mask: number, r?: MRequest): string[] => {
  const asked = r?.parts.find((p) => p.key === part)?.asked
  const all = mask & 0x100 || !asked ? catalog(part) : asked
  const chosen = all.filter((_, i) => mask & (1 << i))
  return chosen.length ? chosen : [all[mask % all.length]]
}

class BizRead extends Step {
  constructor(readonly who: Who, readonly request: number | null, readonly partIndex: number, readonly mask: number | null) {
    super()
  }
  toString() {
    return `biz.read(${this.who}, request #${this.request}, part #${this.partIndex}${this.mask === null ? '' : `, fields mask ${this.mask}`})`
  }
  async step(m: Model, real: Real) {
    // -1: the part the newest consent was given for (reads right after a signature or a revocation).
    const newest = this.partIndex === -1 ? m.consents[m.consents.length - 1] : undefined
    const r = newest ? m.requests.find((x) => x.code === newest.code) : this.request === null ? undefined : pick(m.requests, this.request)
    // Mostly a part the request has; index past them: a part it does not have.
    const key = newest ? newest.part : r && this.partIndex >= 0 && this.partIndex < 6 ? r.parts[this.partIndex % r.parts.length].key : PARTS[Math.abs(this.partIndex) % 3]
    const fields = this.mask === null ? undefined : fieldsByMask(key, this.mask, r)
    this.note(real, `${key}${fields ? ` ${fields.join('/')}` : ''}`)
    const out = await real.world.biz(keyFor(r, this.who), { action: 'read', code: r?.code ?? BOGUS_CODE, part: key, ...(fields ? { fields } : {}) })
    const early = preRead(r, this.who)
    if (early) return expectOutcome(real, this.toString(), out.body, early)
    const part = r!.parts.find((p) => p.key === key)
    if (!part) return expectOutcome(real, this.toString(), out.body, 'PART_NOT_FOUND')
    const d = readDecision(m, r!, part, fields)
    // I2: allowed or refused, one ledger entry, and a line in the holder's history when there is a holder.
    m.ledger += 1
    if (d.consent) m.history[d.consent.actor] += 1
    if (!d.ok) {
      expectSame(real, `${this} status`, out.status, 403)
      return expectOutcome(real, `I1 ${this}`, out.body, 'BIZ_READ_REFUSED')
    }
    expectOutcome(real, `I1 ${this} (a live consent covers it)`, out.body, 'ok')
    const values = (out.body as { data: { values: Record<string, unknown> } }).data.values
    expectSame(real, `I1 ${this} returns exactly the consented fields asked`, Object.keys(values).sort(), [...d.fields].sort())
  }
}

class BizForm extends Step {
  constructor(readonly who: Who, readonly request: number | null) {
    super()
  }
  toString() {
    return `biz.form(${this.who}, request #${this.request})`
  }
  async step(m: Model, real: Real) {
    const r = this.request === null ? undefined : pick(m.requests, this.request)
    const out = await real.world.biz(keyFor(r, this.who), { action: 'form', code: r?.code ?? BOGUS_CODE })
    const early = preRead(r, this.who)
    if (early) return expectOutcome(real, this.toString(), out.body, early)
    expectOutcome(real, this.toString(), out.body, 'ok')
    const data = (out.body as { data: { values: Record<string, Record<string, unknown>>; refused: Array<{ part: string }> } }).data
    const want: Record<string, string[]> = {}
    const refused: string[] = []
    for (const p of r!.parts) {
      // Signed and revoked parts are read (a revoked one to be refused on the record); others are not asked.
      if (p.status !== 'signed' && p.status !== 'revoked') continue
      const d = readDecision(m, r!, p, undefined)
      m.ledger += 1
      if (d.consent) m.history[d.consent.actor] += 1
      if (d.ok) want[p.key] = [...d.fields].sort()
      else refused.push(p.key)
    }
    const got = Object.fromEntries(Object.entries(data.values).map(([k, v]) => [k, Object.keys(v).sort()]))
    expectSame(real, `I1 ${this} values (only parts under a live consent, only its fields)`, got, want)
    expectSame(real, `I1 ${this} refused parts`, data.refused.map((x) => x.part), refused)
  }
}

class BizStatus extends Step {
  constructor(readonly who: Who, readonly request: number | null) {
    super()
  }
  toString() {
    return `biz.status(${this.who}, request #${this.request})`
  }
  async step(m: Model, real: Real) {
    const r = this.request === null ? undefined : pick(m.requests, this.request)
    const out = await real.world.biz(keyFor(r, this.who), { action: 'status', code: r?.code ?? BOGUS_CODE })
    const early = preRead(r, this.who)
    if (early) return expectOutcome(real, this.toString(), out.body, early)
    expectOutcome(real, this.toString(), out.body, 'ok')
    const data = (out.body as { data: { status: string; parts: Array<{ part: string; status: string }> } }).data
    const status = complete(r!) ? (isExpired(r!, m.now) ? 'expired' : 'complete') : isExpired(r!, m.now) ? 'expired' : 'open'
    expectSame(real, `${this}`, [data.status, data.parts.map((p) => [p.part, p.status])], [status, r!.parts.map((p) => [p.key, p.status])])
  }
}

// ── The family (and a stranger) ─────────────────────────────────────────────────────────────

class Open extends Step {
  constructor(readonly actor: Actor, readonly request: number | null) {
    super()
  }
  toString() {
    return `${this.actor}.open(request #${this.request})`
  }
  async step(m: Model, real: Real) {
    touch(m, this.actor)
    const r = this.request === null ? undefined : pick(m.requests, this.request)
    const out = await real.world.consent(this.actor, { action: 'open', code: r?.code ?? BOGUS_CODE })
    if (!r) return expectOutcome(real, this.toString(), out, 'REQUEST_NOT_FOUND')
    if (this.actor === 'stranger') {
      // I5: only that it is not theirs; the reply names no status, part or signer.
      expectOutcome(real, `I5 ${this}`, out, 'REQUEST_NOT_RELATED')
      const text = JSON.stringify(out)
      if (/signed|pending|revoked|household_register|property|birth_certificate|\*\*/.test(text)) fail(real, `I5 ${this} leaked: ${text}`)
      return
    }
    expectOutcome(real, this.toString(), out, 'ok')
    const view = (out as { data: { request: { parts: Array<{ key: string; status: string; signedByMe: boolean }> } } }).data.request
    expectSame(real, `${this} parts`, view.parts.map((p) => [p.key, p.status]), r.parts.map((p) => [p.key, p.status]))
  }
}

/** Predicts 签署 (services/consent/signConsent.ts): the first refusal in the order the service checks. */
function signOutcome(m: Model, actor: Actor, r: MRequest | undefined, choices: Array<{ part: PartKey; fields: string[] }>): string {
  if (!(m.now - m.verifiedAt[actor] < TIMES.verifyWindowMs)) return 'VERIFICATION_REQUIRED'
  if (!r) return 'REQUEST_NOT_FOUND'
  // I5: a stranger is told only that it is not theirs, whatever state the request is in.
  if (actor === 'stranger') return 'REQUEST_NOT_RELATED'
  if (isExpired(r, m.now)) return 'REQUEST_EXPIRED'
  for (const c of choices) {
    if (actor === 'kid') return 'GUARDIAN_REQUIRED'
    if (!RIGHTFUL[c.part].includes(actor)) return 'NOT_RIGHTFUL_SIGNER'
    const part = r.parts.find((p) => p.key === c.part)
    if (!part) return 'PART_NOT_FOUND'
    if (part.status === 'signed') return 'ALREADY_SIGNED'
    if (!c.fields.every((f) => part.asked.includes(f))) return 'SCOPE_INVALID'
  }
  return 'ok'
}

function recordSigned(m: Model, actor: Actor, r: MRequest, part: PartKey, fields: string[], id: string): void {
  m.consents.push({ id, actor, code: r.code, part, fields: [...new Set(fields)], revoked: false, expiresAt: r.expiresAt })
  const p = r.parts.find((x) => x.key === part)!
  p.status = 'signed'
  p.consentId = id
  m.ledger += 1
  m.history[actor] += 1
}

/** Who acts: the rightful signer of the part in question (its holder, for a consent), or anyone. */
type Agent = 'rightful' | Actor
const resolve = (agent: Agent, part: PartKey, seed: number): Actor => (agent === 'rightful' ? RIGHTFUL[part][seed % RIGHTFUL[part].length] : agent)

class Sign extends Step {
  readonly writes = true
  constructor(readonly agent: Agent, readonly request: number | null, readonly partIndexes: number[], readonly masks: number[], readonly fresh: boolean) {
    super()
  }
  toString() {
    return `${this.agent}.sign(request #${this.request}, parts #${this.partIndexes.join('+')}, masks ${this.masks.join('/')}${this.fresh ? ', after a face check' : ''})`
  }
  async step(m: Model, real: Real) {
    const r = this.request === null ? undefined : pick(m.requests, this.request)
    // Parts of the request (index < 6) or any part (it may be one the request does not have).
    const keys = [...new Set(this.partIndexes.map((i) => (r && i < 6 ? r.parts[i % r.parts.length].key : PARTS[i % 3])))]
    const choices = keys.map((part, i) => ({ part, fields: fieldsByMask(part, this.masks[i], r) }))
    const actor = resolve(this.agent, keys[0], this.masks[0])
    this.note(real, `${actor} signs ${choices.map((c) => `${c.part}:${c.fields.join('/')}`).join(' + ')}`)
    touch(m, actor)
    if (this.fresh) {
      await real.world.reverify(actor)
      m.verifiedAt[actor] = m.now
    }
    const out = await real.world.consent(actor, { action: 'sign', code: r?.code ?? BOGUS_CODE, agreed: true, parts: choices })
    const want = signOutcome(m, actor, r, choices)
    expectOutcome(real, this.toString(), out, want)
    if (want !== 'ok') return
    const ids = (out as { data: { consentIds: string[] } }).data.consentIds
    expectSame(real, `${this} consents`, ids.length, choices.length)
    choices.forEach((c, i) => recordSigned(m, actor, r!, c.part, c.fields, ids[i]))
  }
}

class Decline extends Step {
  readonly writes = true
  constructor(readonly actor: Actor, readonly request: number | null, readonly partIndex: number, readonly reasonIndex: number) {
    super()
  }
  toString() {
    return `${this.actor}.decline(request #${this.request}, part #${this.partIndex}, reason #${this.reasonIndex})`
  }
  async step(m: Model, real: Real) {
    touch(m, this.actor)
    const r = this.request === null ? undefined : pick(m.requests, this.request)
    const key = r && this.partIndex < 6 ? r.parts[this.partIndex % r.parts.length].key : PARTS[this.partIndex % 3]
    // Mostly one of the part's own reasons; sometimes one that belongs to another part.
    const own = Object.keys(DECLINE_REASONS[key])
    const reason = this.reasonIndex < 8 ? own[this.reasonIndex % own.length] : 'NO_PROPERTY'
    this.note(real, `${key} ${reason}`)
    const out = await real.world.consent(this.actor, { action: 'decline', code: r?.code ?? BOGUS_CODE, part: key, reason })
    const part = r?.parts.find((p) => p.key === key)
    // I5: a stranger is told only that it is not theirs, whatever state the request is in (a reason
    // that does not fit the part is refused first: that says nothing about the request).
    const want = !r ? 'REQUEST_NOT_FOUND'
      : !(reason in DECLINE_REASONS[key]) ? 'BAD_REQUEST'
        : this.actor === 'stranger' ? 'REQUEST_NOT_RELATED'
          : isExpired(r, m.now) ? 'REQUEST_EXPIRED'
            : this.actor === 'kid' ? 'GUARDIAN_REQUIRED'
              : part && RIGHTFUL[key].includes(this.actor) ? 'SIGNER_SHOULD_SIGN'
                : !part ? 'PART_NOT_FOUND'
                  : part.status === 'signed' ? 'ALREADY_SIGNED'
                    : part.status === 'unavailable' ? 'PART_UNAVAILABLE'
                      : 'ok'
    expectOutcome(real, this.toString(), out, want)
    if (want !== 'ok') return
    part!.status = 'unavailable'
    part!.consentId = null
  }
}

/** The consent's own holder, or a given actor (someone else's consent answers like a missing one). */
const holderOr = (agent: 'holder' | Actor, c: MConsent | undefined): Actor => (agent === 'holder' ? c?.actor ?? 'mum' : agent)

class Revoke extends Step {
  readonly writes = true
  constructor(readonly agent: 'holder' | Actor, readonly consent: number | null) {
    super()
  }
  toString() {
    return `${this.agent}.revoke(consent #${this.consent})`
  }
  async step(m: Model, real: Real) {
    const c = this.consent === null ? undefined : this.consent === -1 ? m.consents[m.consents.length - 1] : pick(m.consents, this.consent)
    const actor = holderOr(this.agent, c)
    this.note(real, `${actor} revokes ${c ? `${c.id} (${c.actor}'s ${c.part})` : 'a missing consent'}`)
    touch(m, actor)
    const out = await real.world.consent(actor, { action: 'revoke', consentId: c?.id ?? BOGUS_CONSENT })
    const want = !c || c.actor !== actor ? 'CONSENT_NOT_FOUND' : c.revoked ? 'CONSENT_REVOKED' : 'ok'
    expectOutcome(real, this.toString(), out, want)
    if (want !== 'ok') return
    c!.revoked = true
    const part = m.requests.find((r) => r.code === c!.code)!.parts.find((p) => p.key === c!.part)!
    if (part.consentId === c!.id && part.status === 'signed') part.status = 'revoked'
    m.ledger += 1
    m.history[actor] += 1
  }
}

class Reauthorize extends Step {
  readonly writes = true
  constructor(readonly agent: 'holder' | Actor, readonly consent: number | null, readonly fresh: boolean) {
    super()
  }
  toString() {
    return `${this.agent}.reauthorize(consent #${this.consent}${this.fresh ? ', after a face check' : ''})`
  }
  async step(m: Model, real: Real) {
    const revoked = m.consents.filter((x) => x.revoked)
    const c = this.consent === null ? undefined
      : this.consent === -1 ? revoked[revoked.length - 1] ?? m.consents[m.consents.length - 1]
        : this.consent === -2 ? revoked[0] ?? m.consents[0]
          : pick(m.consents, this.consent)
    const actor = holderOr(this.agent, c)
    this.note(real, `${actor} re-authorizes ${c ? `${c.id} (${c.actor}'s ${c.part})` : 'a missing consent'}`)
    touch(m, actor)
    if (this.fresh) {
      await real.world.reverify(actor)
      m.verifiedAt[actor] = m.now
    }
    const out = await real.world.consent(actor, { action: 'reauthorize', consentId: c?.id ?? BOGUS_CONSENT, agreed: true })
    const r = c && m.requests.find((x) => x.code === c.code)
    const part = r?.parts.find((p) => p.key === c!.part)
    const want = !c || c.actor !== actor ? 'CONSENT_NOT_FOUND'
      : !c.revoked ? 'CONSENT_NOT_REVOKED'
        : !(m.now - m.verifiedAt[actor] < TIMES.verifyWindowMs) ? 'VERIFICATION_REQUIRED'
          : part!.status === 'signed' ? 'ALREADY_SIGNED'
            // Only the consent the part still stands revoked by: not an older one, not one withdrawn, not after a decline.
            : part!.status !== 'revoked' || part!.consentId !== c.id ? 'CONSENT_SUPERSEDED'
              : isExpired(r!, m.now) ? 'REQUEST_EXPIRED'
                : 'ok'
    expectOutcome(real, this.toString(), out, want)
    if (want !== 'ok') return
    const view = (out as { data: { consent: { consentId: string } } }).data.consent
    recordSigned(m, actor, r!, c!.part, c!.fields, view.consentId)
  }
}

/** 校验记录: the holder's phone checks its consent's ledger records against a signed checkpoint (pinned key). */
class Proof extends Step {
  constructor(readonly agent: 'holder' | Actor, readonly consent: number | null) {
    super()
  }
  toString() {
    return `${this.agent}.proof(consent #${this.consent})`
  }
  async step(m: Model, real: Real) {
    const c = this.consent === null ? undefined : this.consent === -1 ? m.consents[m.consents.length - 1] : pick(m.consents, this.consent)
    const actor = holderOr(this.agent, c)
    this.note(real, `${actor} checks ${c ? `${c.id} (${c.actor}'s ${c.part})` : 'a missing consent'}`)
    touch(m, actor)
    const last = real.seen[actor] ?? null
    const out = await real.world.consent(actor, { action: 'proof', consentId: c?.id ?? BOGUS_CONSENT, ...(last ? { knownSize: last.size } : {}) })
    expectOutcome(real, this.toString(), out, !c || c.actor !== actor ? 'CONSENT_NOT_FOUND' : 'ok')
    if (!out.ok) return
    // I4 as the holder sees it: grant (and revocation) included, and the tree consistent with what this phone saw before.
    const v = verifyRecord((out.data as { bundle: Parameters<typeof verifyRecord>[0] }).bundle, { consentId: c!.id, revoked: c!.revoked }, last, toHex(real.world.ledgerKey.publicKey))
    if (!v.ok) fail(real, `I4 ${this}: the record does not verify (${v.reason})`)
    real.seen[actor] = v.seen
  }
}

/** 保存授权凭证: the holder's receipt verifies offline with the log's key alone; anyone else is refused, writing nothing. */
class Receipt extends Step {
  constructor(readonly agent: 'holder' | Actor, readonly consent: number | null) {
    super()
  }
  toString() {
    return `${this.agent}.receipt(consent #${this.consent})`
  }
  async step(m: Model, real: Real) {
    const c = this.consent === null ? undefined : this.consent === -1 ? m.consents[m.consents.length - 1] : pick(m.consents, this.consent)
    const actor = holderOr(this.agent, c)
    this.note(real, `${actor} saves the receipt of ${c ? `${c.id} (${c.actor}'s ${c.part})` : 'a missing consent'}`)
    touch(m, actor)
    const out = await real.world.consent(actor, { action: 'receipt', consentId: c?.id ?? BOGUS_CONSENT })
    expectOutcome(real, this.toString(), out, !c || c.actor !== actor ? 'CONSENT_NOT_FOUND' : 'ok')
    if (!out.ok) return
    const receipt = (out.data as { receipt: ConsentReceipt }).receipt
    const k = real.world.ledgerKey
    const v = verifyReceipt(receipt, { origin: k.origin, keyName: k.keyName, publicKey: toHex(k.publicKey) })
    if (!v.ok) fail(real, `I4 ${this}: the receipt does not verify (${v.failures.map((f) => f.code).join(', ')})`)
    const state = c!.revoked ? 'revoked' : m.now >= c!.expiresAt ? 'expired' : 'active'
    expectSame(real, `${this} state, consent and fields`, [v.proven!.state, v.proven!.consentId, receipt.record.piiInformation.fields.map((f) => f.key).sort()], [state, c!.id, [...c!.fields].sort()])
    // Nothing that identifies anyone: no ID number of any actor.
    const text = JSON.stringify(receipt)
    for (const a of ACTORS) if (text.includes(ID_NUMBERS[a])) fail(real, `${this}: the receipt carries ${a}'s ID number`)
  }
}

class Mine extends Step {
  constructor(readonly actor: Actor) {
    super()
  }
  toString() {
    return `${this.actor}.mine()`
  }
  async step(m: Model, real: Real) {
    touch(m, this.actor)
    const out = await real.world.consent(this.actor, { action: 'mine' })
    expectOutcome(real, this.toString(), out, 'ok')
    const got = (out as { data: { consents: Array<{ consentId: string; state: string; canReauthorize: boolean }> } }).data.consents
      .map((c) => [c.consentId, c.state, c.canReauthorize]).sort()
    // 重新授权 is offered exactly when it would go through (after a fresh face check): the consent is
    // revoked, its part still stands revoked by it, and the request has not expired.
    const want = m.consents.filter((c) => c.actor === this.actor).map((c) => {
      const r = m.requests.find((x) => x.code === c.code)!
      const part = r.parts.find((p) => p.key === c.part)!
      return [c.id, c.revoked ? 'revoked' : m.now >= c.expiresAt ? 'expired' : 'active', c.revoked && part.status === 'revoked' && part.consentId === c.id && !isExpired(r, m.now)]
    }).sort()
    expectSame(real, `${this}`, got, want)
  }
}

class Advance extends Step {
  constructor(readonly ms: number) {
    super()
  }
  toString() {
    return `advance(${this.ms >= DAY ? `${this.ms / DAY} d` : this.ms >= HOUR ? `${this.ms / HOUR} h` : `${this.ms / MIN} min`})`
  }
  async step(m: Model, real: Real) {
    real.world.advance(this.ms)
    m.now += this.ms
  }
}

// ── Generators ─────────────────────────────────────────────────────────────────────────────

const PARTS: PartKey[] = ['household_register', 'property', 'birth_certificate']
const subset = (p: PartKey) => fc.subarray(catalog(p), { minLength: 1 })
const ref = fc.option(fc.nat(20), { nil: null, freq: 12 })
/**
 * A consent by position, -1 for the newest (the newest revoked one, to re-authorize), -2 for the
 * oldest revoked one (to re-authorize), null for a missing one.
 */
const consentRef = fc.oneof({ weight: 8, arbitrary: fc.nat(20) }, { weight: 8, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.constant(null) })
const revokedRef = fc.oneof({ weight: 2, arbitrary: consentRef }, { weight: 1, arbitrary: fc.constant(-2) })
const actor = fc.constantFrom<Actor>(...ACTORS)
/** Mostly the rightful signer / the holder, so sequences get past the first refusal. */
const agent = fc.oneof({ weight: 4, arbitrary: fc.constant<'rightful'>('rightful') }, { weight: 1, arbitrary: actor })
const holder = fc.oneof({ weight: 4, arbitrary: fc.constant<'holder'>('holder') }, { weight: 1, arbitrary: actor })
/** A part of the request (0–5) or, now and then, any part (6–8, possibly one it does not have). */
const partIndex = fc.oneof({ weight: 6, arbitrary: fc.nat(5) }, { weight: 1, arbitrary: fc.integer({ min: 6, max: 8 }) })
/** All asked fields half the time; otherwise some of them, now and then some of the whole catalog. */
const mask = fc.oneof({ weight: 5, arbitrary: fc.constant(0xff) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 0xff }) }, { weight: 1, arbitrary: fc.integer({ min: 0x101, max: 0x1ff }) })
const who = fc.constantFrom<Who>('own', 'own', 'own', 'own', 'other', 'wrong', 'none')

const create = fc.tuple(fc.constantFrom<'demo' | 'other'>('demo', 'demo', 'other'), fc.constantFrom<'mum' | 'dad'>('mum', 'dad'), fc.constantFrom<Evidence>(...(Object.keys(PARTS_OF) as Evidence[])),
  fc.option(fc.record({ household_register: subset('household_register'), property: subset('property'), birth_certificate: subset('birth_certificate') }, { requiredKeys: [] }), { freq: 3 }))
  .map(([s, p, e, n]) => new CreateRequest(s, p, e, n))
const sign = fc.tuple(agent, ref, fc.array(partIndex, { minLength: 1, maxLength: 2 }), fc.array(mask, { minLength: 2, maxLength: 2 }), fc.constantFrom(true, true, true, false))
  .map(([a, r, parts, masks, fresh]) => new Sign(a, r, parts, masks, fresh))
const read = fc.tuple(who, ref, fc.oneof({ weight: 1, arbitrary: fc.constant(-1) }, { weight: 2, arbitrary: partIndex }), fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: mask })).map(([w, r, p, f]) => new BizRead(w, r, p, f))

/** The step mix: the ones that move the lifecycle and the reads that check it come more often. */
export const commands = [
  create, create,
  sign, sign, sign,
  read, read, read,
  fc.tuple(actor, ref).map(([a, r]) => new Open(a, r)),
  fc.tuple(actor, ref, partIndex, fc.nat(9)).map(([a, r, p, reason]) => new Decline(a, r, p, reason)),
  fc.tuple(holder, consentRef).map(([a, c]) => new Revoke(a, c)),
  fc.tuple(holder, consentRef).map(([a, c]) => new Revoke(a, c)),
  fc.tuple(holder, revokedRef, fc.constantFrom(true, true, true, false)).map(([a, c, f]) => new Reauthorize(a, c, f)),
  fc.tuple(holder, revokedRef, fc.constantFrom(true, true, true, false)).map(([a, c, f]) => new Reauthorize(a, c, f)),
  fc.tuple(who, ref).map(([w, r]) => new BizForm(w, r)),
  fc.tuple(who, ref).map(([w, r]) => new BizForm(w, r)),
  fc.tuple(who, ref).map(([w, r]) => new BizStatus(w, r)),
  fc.tuple(holder, consentRef).map(([a, c]) => new Proof(a, c)),
  fc.tuple(holder, consentRef).map(([a, c]) => new Receipt(a, c)),
  actor.map((a) => new Mine(a)),
  fc.constantFrom(MIN, 4 * MIN, 6 * MIN, 2 * HOUR, DAY, 3 * DAY, 8 * DAY).map((ms) => new Advance(ms)),
]

/** One world and a sequence of steps on it; the world is closed afterwards whatever happened. */
export async function runSequence(kind: StoreKind, cmds: Iterable<Cmd>): Promise<void> {
  const world = await createWorld(kind, START)
  try {
    const history0 = {} as Record<Actor, number>
    for (const a of ACTORS) history0[a] = await historyOf(world, a)
    const model: Model = {
      now: START, requests: [], consents: [], slots: new Map(), ledger: await world.deps.consent.ledger.size(),
      history: { dad: 0, mum: 0, kid: 0, stranger: 0 },
      // Everyone logged in (a face check) at the start.
      verifiedAt: { dad: START, mum: START, kid: START, stranger: START },
      loginAt: { dad: START, mum: START, kid: START, stranger: START },
    }
    const real: Real = { world, leaves: [], outcome: '', seen: {}, history0, log: [] }
    await fc.asyncModelRun(() => ({ model, real }), cmds)
  } finally {
    world.close()
  }
}

/** The property the test and `npm run chaos` run: seeded, so a failure replays with its seed and path. */
export function consentModelProperty(kind: StoreKind, maxCommands: number) {
  // Every sequence starts with a request, so its steps act on something.
  return fc.asyncProperty(create, fc.commands(commands, { maxCommands, size: 'max' }), (first, cmds) =>
    runSequence(kind, { [Symbol.iterator]: function* () { yield first; yield* cmds } }),
  )
}
