import { z } from 'zod'
import { PART_FIELDS, PART_TITLES, type PartKey, type PartView, type RequestView, type ViewerRole } from '../../../types/consentModels'
import type { BirthCertificate, RealEstateCertificate } from '../../../types/registry'
import { AppError, ERROR_TEXT } from '../../domain/errors'
import { CONSENT_ERROR_TEXT } from '../../domain/consent/errors'
import { applicationResult, isDeclared, isExpired, requestStatus } from '../../domain/consent/request'
import { eligibility, type Eligibility, type SignerFacts } from '../../domain/consent/signers'
import { chinaTime } from '../../domain/consent/time'
import { consentNotice, noticeView, type Notice } from '../../domain/consent/notice'
import type { AuthRequest, BusinessSystem } from '../../ports/consentStores'
import { openCredential } from '../space/credentialRecords'
import type { ConsentDeps } from './consentDeps'

/** The applicant's personal data, kept only as ciphertext on the request. */
export const Applicant = z.object({
  studentName: z.string(),
  studentIdNumber: z.string(),
  parentName: z.string(),
  parentIdNumber: z.string(),
  phone: z.string(),
})
export type Applicant = z.infer<typeof Applicant>

export const openApplicant = (deps: ConsentDeps, r: AuthRequest): Applicant => Applicant.parse(JSON.parse(deps.cipher.decrypt(r.applicantCipher)))

export async function loadRequest(deps: ConsentDeps, code: string): Promise<{ request: AuthRequest; system: BusinessSystem }> {
  const request = await deps.consent.requests.get(code.trim().toUpperCase())
  const system = request ? await deps.consent.systems.get(request.systemId) : null
  if (!request || !system) throw new AppError('REQUEST_NOT_FOUND')
  return { request, system }
}

/** The request by code, read before the caller is known (beside the session); its system is read by loadSystem. */
export async function readRequest(deps: ConsentDeps, code: string): Promise<AuthRequest | null> {
  return deps.consent.requests.get(code.trim().toUpperCase())
}

export async function loadSystem(deps: ConsentDeps, request: AuthRequest | null): Promise<{ request: AuthRequest; system: BusinessSystem }> {
  const system = request ? await deps.consent.systems.get(request.systemId) : null
  if (!request || !system) throw new AppError('REQUEST_NOT_FOUND')
  return { request, system }
}

/** Deterministic, keyed: the same item always has the same option id, and the id tells nothing. */
export const optionIdOf = (deps: ConsentDeps) => (item: unknown): string => {
  const o = item as { certificateNumber?: string; householdNumber?: string }
  return deps.cipher.keyedHash(`option|${o.certificateNumber ?? o.householdNumber ?? ''}`).slice(0, 16)
}

/** Masked address: the district stays readable, the door number stays at the end. */
export const maskAddress = (a: string) => {
  const c = Array.from(a)
  return c.length <= 12 ? a : `${c.slice(0, 9).join('')}****${c.slice(-5).join('')}`
}

/** Only the last digits of a certificate number: enough to tell one's own certificates apart. */
const tail = (s: string) => (s.match(/\d+/g) ?? ['']).pop()!.slice(-4)

export function optionLabel(item: unknown): string {
  const o = item as { certificateNumber?: string; householdNumber?: string; address?: string; newbornName?: string }
  if (o.householdNumber) return `${maskAddress(o.address ?? '')}（户号尾号${tail(o.householdNumber)}）`
  if (o.newbornName) return `出生医学证明（编号尾号${tail(o.certificateNumber ?? '')}）`
  return `${maskAddress(o.address ?? '')}（证号尾号${tail(o.certificateNumber ?? '')}）`
}

/** What the registry and the signer's own space say, for the signer rules (domain/consent/signers.ts). */
export async function signerFacts(deps: ConsentDeps, signer: { identityId: string; idNumber: string }, studentIdNumber: string): Promise<SignerFacts> {
  const studentRef = deps.cipher.keyedHash(studentIdNumber)
  // The registry's answers and the caller's own records are independent: asked together.
  const registries = Promise.all([deps.registry.propertiesOwnedBy(signer.idNumber), deps.registry.registersOf(studentIdNumber)])
  registries.catch(() => undefined)
  const links = (await deps.stores.childLinks.listByParent(signer.identityId)).filter((l) => l.childIdentityId === studentRef)
  let birthCertificate: BirthCertificate | null = null
  // The linked certificates in one round trip; the last one that is a birth certificate counts, as before.
  for (const held of await Promise.all(links.map((link) => deps.stores.credentials.get(link.birthCertificateId)))) {
    const p = held ? openCredential(deps, held) : null
    if (p?.type === 'birth_certificate') birthCertificate = p.data
  }
  const [properties, studentRegisters]: [RealEstateCertificate[], Awaited<ReturnType<ConsentDeps['registry']['registersOf']>>] = await registries
  return {
    signerIdNumber: signer.idNumber,
    studentRegisters,
    birthCertificate,
    properties,
  }
}

function eligibilityView(e: Eligibility): PartView['eligibility'] {
  if (e.kind !== 'signable') return e
  return { kind: 'signable', options: e.options.map((o) => ({ optionId: o.optionId, label: optionLabel(o.item), matches: o.matches })) }
}

export const fieldViews = (part: PartKey, fields: string[]) =>
  fields.map((key) => ({ key, label: (PART_FIELDS[part] as Record<string, string>)[key] ?? key }))

/** The viewer as services/consent/viewer.ts works it out. */
export interface Viewer {
  identityId: string
  facts: SignerFacts
  role: ViewerRole
}

const NOT_RELATED = { code: 'NOT_RELATED', message: CONSENT_ERROR_TEXT.REQUEST_NOT_RELATED.message }
const MINOR = { code: 'GUARDIAN_REQUIRED', message: '未满十四周岁，需由父母（监护人）授权' }

function notice(role: ViewerRole): { message: string; hint: string } | null {
  if (role === 'unrelated') return CONSENT_ERROR_TEXT.REQUEST_NOT_RELATED
  if (role === 'student_minor') return ERROR_TEXT.GUARDIAN_REQUIRED
  return null
}

/** What this viewer may do with a part: the signer rules, unless who they are rules every part out. */
function partEligibility(deps: ConsentDeps, p: AuthRequest['parts'][number], viewer: Viewer): PartView['eligibility'] {
  if (viewer.role === 'unrelated') return { kind: 'not_signer', reason: NOT_RELATED }
  if (viewer.role === 'student_minor') return { kind: 'not_signer', reason: MINOR }
  // What the registry rules out stays unsignable; a family member's declaration does not bind the rightful signer.
  if (p.status === 'unavailable' && p.reason && !isDeclared(p)) return { kind: 'unsignable', reason: p.reason }
  return eligibilityView(eligibility(p.key, viewer.facts, optionIdOf(deps)))
}

/**
 * The request as one person sees it: what is asked, who signed what (masked) and which fields they
 * granted, what this person may sign or declare. `granted` maps a consent id to its fields.
 */
export function requestView(deps: ConsentDeps, r: AuthRequest, system: BusinessSystem, viewer: Viewer, granted: ReadonlyMap<string, string[]>): RequestView {
  const now = deps.clock.now()
  const result = applicationResult(r, now)
  const expired = isExpired(r, now)
  const unrelated = viewer.role === 'unrelated'
  return {
    code: r.id,
    systemName: system.name,
    purpose: system.purpose,
    applicationType: r.applicationType,
    evidence: r.evidence,
    studentMasked: r.studentMasked,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    expiresAtText: chinaTime(r.expiresAt),
    status: requestStatus(r, now),
    result: result.type,
    parts: r.parts.map((p) => {
      const eligibility = partEligibility(deps, p, viewer)
      const grantedFields = p.status === 'signed' && p.consentId ? granted.get(p.consentId) ?? null : null
      return {
        key: p.key,
        title: PART_TITLES[p.key],
        fields: fieldViews(p.key, p.fields),
        status: p.status,
        signedBy: unrelated ? null : p.signerLabel,
        signedByMe: p.signerId === viewer.identityId,
        // Someone with no tie to the student learns nothing about the family's circumstances.
        reason: unrelated ? null : p.reason,
        eligibility,
        // In the request's order, so the granted ones read like the list asked.
        grantedFields: grantedFields ? fieldViews(p.key, p.fields.filter((f) => grantedFields.includes(f))) : null,
        canDecline: !expired && p.status === 'pending' && viewer.role === 'family' && eligibility.kind !== 'signable',
      }
    }),
    viewer: { role: viewer.role, notice: notice(viewer.role) },
    nextStep: expired ? CONSENT_ERROR_TEXT.REQUEST_EXPIRED.hint : null,
    notice: noticeView(requestNotice(r, system)),
  }
}

/**
 * The 授权说明 of a request (domain/consent/notice.ts): what the consent page shows above 同意 and
 * what a grant of it carries. Built from the request's own terms only, so every signer of it
 * reads the same text, and the same text is built again when they sign.
 */
export function requestNotice(r: AuthRequest, system: BusinessSystem): Notice {
  return consentNotice({
    systemName: system.name,
    purpose: system.purpose,
    applicationType: r.applicationType,
    evidence: r.evidence,
    credentials: r.parts.map((p) => ({ title: PART_TITLES[p.key], fields: fieldViews(p.key, p.fields).map((f) => f.label) })),
    expiresAtText: chinaTime(r.expiresAt),
  })
}
