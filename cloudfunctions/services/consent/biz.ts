import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { BizData, BizEvent } from '../../../types/consent'
import { EVIDENCE_TEMPLATES, PART_TITLES, type PartKey } from '../../../types/consentModels'
import { AppError } from '../../domain/errors'
import { fieldValues, pick, type PartItem } from '../../domain/consent/fields'
import { AUTH_CODE_BYTES, authCodeOf } from '../../domain/consent/authCode'
import { applicationResult, markUnavailable, requestStatus, type RequestPart } from '../../domain/consent/request'
import { checkAllowList, decideRead } from '../../domain/consent/scope'
import { registerBlock } from '../../domain/consent/signers'
import { validateIdNumber } from '../../domain/idNumber'
import { maskName } from '../../domain/mask'
import { shanghaiYmd } from '../../domain/calendar'
import type { AuthRequest, BusinessSystem } from '../../ports/consentStores'
import { recordAccess } from '../space/recordAccess'
import type { ConsentDeps } from './consentDeps'
import { appendLedger, pseudonym } from './ledger'
import { createOrReuseOpen } from './openSlot'
import { Applicant, fieldViews, loadRequest } from './requestRecords'

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

/**
 * The business system's own credential (never an openid, CLOUDBASE.md): `<systemId>.<secret>`;
 * only SHA-256 of the secret is stored, compared in constant time.
 */
export async function authenticateSystem(deps: ConsentDeps, authorization: string | undefined): Promise<BusinessSystem> {
  const m = /^Bearer ([A-Za-z0-9_-]{1,40})\.([A-Za-z0-9_-]{16,128})$/.exec(authorization?.trim() ?? '')
  const system = m ? await deps.consent.systems.get(m[1]) : null
  if (!m || !system) throw new AppError('BIZ_UNAUTHORIZED')
  const [a, b] = [Buffer.from(sha256(m[2]), 'hex'), Buffer.from(system.keyHash, 'hex')]
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError('BIZ_UNAUTHORIZED')
  return system
}

export const apiKeyHash = sha256

/** 8 unbiased symbols from 40 random bits (domain/consent/authCode.ts); uniqueness is the insert's job. */
const newCode = () => authCodeOf(randomBytes(AUTH_CODE_BYTES))

function statusOf(deps: ConsentDeps, r: AuthRequest): BizData['status'] {
  const now = deps.clock.now()
  const result = applicationResult(r, now)
  return {
    code: r.id,
    status: requestStatus(r, now),
    result: result.type,
    reasons: result.reasons,
    expiresAt: r.expiresAt,
    parts: r.parts.map((p) => ({ part: p.key, title: PART_TITLES[p.key], status: p.status, fields: p.fields, reason: p.reason })),
  }
}

/** Seed 000 §二.2–3: one application → an authorization request with its 授权码; outside the allow-list → refused. */
export async function createAuthRequest(deps: ConsentDeps, system: BusinessSystem, e: Extract<BizEvent, { action: 'createRequest' }>) {
  const today = shanghaiYmd(deps.clock.now())
  const student = validateIdNumber(e.studentIdNumber, today)
  if (!student.ok) throw new AppError('ID_NUMBER_INVALID', `学生${student.reason}`)
  const parent = validateIdNumber(e.parentIdNumber, today)
  if (!parent.ok) throw new AppError('ID_NUMBER_INVALID', `家长${parent.reason}`)
  const partKeys = EVIDENCE_TEMPLATES[e.evidence] as readonly PartKey[]
  const allowed = checkAllowList(system.allowList, e.fields ?? {}, partKeys)
  if (!allowed.ok) {
    throw new AppError('BIZ_OUTSIDE_ALLOWLIST', `申请的${PART_TITLES[allowed.part]}${allowed.field ? `字段“${allowed.field}”` : ''}超出业务系统登记的范围`)
  }
  const now = deps.clock.now()
  const parts: RequestPart[] = partKeys.map((key) => ({
    key, fields: allowed.fields[key], status: 'pending', consentId: null, signerId: null, signerLabel: null, reason: null, updatedAt: now,
  }))
  const applicant: Applicant = { studentName: e.studentName, studentIdNumber: student.idNumber, parentName: e.parentName, parentIdNumber: parent.idNumber, phone: e.phone }
  let request: AuthRequest = {
    id: '',
    systemId: system.id,
    applicationType: e.applicationType,
    evidence: e.evidence,
    studentRef: deps.cipher.keyedHash(student.idNumber),
    applicantCipher: deps.cipher.encrypt(JSON.stringify(applicant)),
    studentMasked: maskName(e.studentName),
    parts,
    createdAt: now,
    expiresAt: now + deps.consentConfig.requestTtlMs,
    version: 1,
  }
  // Seed 000 note 1: a collective household (or no usable register) cannot be authorized at all.
  const block = registerBlock(await deps.registry.registersOf(student.idNumber))
  if (block) {
    const t = markUnavailable(request, 'household_register', block, now)
    if (t.ok) request = t.request
  }
  const key = deps.cipher.keyedHash(`open-request|${system.id}|${student.idNumber}|${parent.idNumber}`)
  const { request: stored, reused } = await createOrReuseOpen(deps.consent.requests, key, request, { now: () => deps.clock.now(), newCode })
  request = stored
  const path = `consent/open/index?code=${request.id}`
  const url = deps.consentConfig.appBaseUrl ? `${deps.consentConfig.appBaseUrl}/#/${path}` : null
  return { ...statusOf(deps, request), reused, link: { path, url } }
}



async function ownRequest(deps: ConsentDeps, system: BusinessSystem, code: string): Promise<AuthRequest> {
  const { request } = await loadRequest(deps, code)
  // Another system's request answers like a missing one.
  if (request.systemId !== system.id) throw new AppError('REQUEST_NOT_FOUND')
  return request
}

export async function authRequestStatus(deps: ConsentDeps, system: BusinessSystem, code: string): Promise<BizData['status']> {
  return statusOf(deps, await ownRequest(deps, system, code))
}

const WHY: Record<string, string> = {
  no_consent: '该证照尚未授权',
  revoked: '授权已注销',
  expired: '授权已过有效期',
  outside_scope: '超出授权范围',
}

/**
 * A business system reads one part (SPEC §4): only inside a valid consent and only the consented
 * fields. Every read, allowed or refused, goes into the ledger and the holder's access history.
 */
async function readPart(deps: ConsentDeps, system: BusinessSystem, request: AuthRequest, part: PartKey, fields: string[] | undefined) {
  const slot = request.parts.find((p) => p.key === part)
  if (!slot) throw new AppError('PART_NOT_FOUND')
  const consent = slot.consentId ? await deps.consent.consents.get(slot.consentId) : null
  const decision = decideRead(consent, fields, deps.clock.now())
  const actor = pseudonym(deps, 'system', system.id)
  const asked = fields ?? consent?.fields ?? slot.fields
  const history = async (note: string, used: string[]) => {
    if (!consent) return
    await recordAccess(deps, {
      identityId: consent.signerId, actorKind: 'business_system', actorLabel: system.name, action: 'read',
      credentialTypes: [part], fields: used, note,
    })
  }
  if (!decision.ok) {
    await appendLedger(deps, { consent: consent?.id ?? `request:${request.id}:${part}`, action: 'read_refused', fields: asked, actor })
    await history(`已拒绝：${WHY[decision.why]}（${request.applicationType}）`, asked)
    return { ok: false as const, reason: WHY[decision.why], notice: consent?.noticeHash ?? null }
  }
  const item = JSON.parse(deps.cipher.decrypt(consent!.itemCipher)) as PartItem
  const values = pick(fieldValues(item), decision.fields)
  await appendLedger(deps, { consent: consent!.id, action: 'read', fields: decision.fields, actor })
  await history(`读取用于：${request.applicationType}`, decision.fields)
  // The 授权说明 the holder agreed to, by its hash: the school's form can show what the consent was given under.
  return { ok: true as const, values, notice: consent!.noticeHash ?? null }
}

export async function bizRead(deps: ConsentDeps, system: BusinessSystem, e: Extract<BizEvent, { action: 'read' }>): Promise<BizData['read']> {
  const request = await ownRequest(deps, system, e.code)
  const r = await readPart(deps, system, request, e.part, e.fields)
  if (!r.ok) throw new AppError('BIZ_READ_REFUSED', `拒绝读取${PART_TITLES[e.part]}：${r.reason}，本次拒绝已记录`)
  return { part: e.part, values: r.values, notice: r.notice }
}

/** The enrolment form (Myinfo-style auto-fill): every signed part's consented fields. */
export async function bizForm(deps: ConsentDeps, system: BusinessSystem, code: string): Promise<BizData['form']> {
  const request = await ownRequest(deps, system, code)
  const values: BizData['form']['values'] = {}
  const refused: BizData['form']['refused'] = []
  const withheld: BizData['form']['withheld'] = []
  const notices: BizData['form']['notices'] = []
  for (const p of request.parts) {
    // Revoked parts are read too: the refusal is what the school must see (and it is recorded).
    if (p.status !== 'signed' && p.status !== 'revoked') continue
    const r = await readPart(deps, system, request, p.key, undefined)
    if (!r.ok) {
      refused.push({ part: p.key, reason: r.reason })
      continue
    }
    values[p.key] = r.values
    notices.push({ part: p.key, notice: r.notice })
    // A narrowed consent must not look like a missing row: say which asked fields the parent left out.
    const left = p.fields.filter((f) => !Object.prototype.hasOwnProperty.call(r.values, f))
    if (left.length > 0) withheld.push({ part: p.key, fields: fieldViews(p.key, left) })
  }
  return { ...statusOf(deps, request), values, refused, withheld, notices }
}
