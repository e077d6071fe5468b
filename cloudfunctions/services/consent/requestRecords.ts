import { z } from 'zod'
import { PART_FIELDS, PART_TITLES, type PartKey, type PartView, type RequestView } from '../../../types/consentModels'
import type { BirthCertificate, RealEstateCertificate } from '../../../types/registry'
import { AppError } from '../../domain/errors'
import { applicationResult, requestStatus } from '../../domain/consent/request'
import { eligibility, type Eligibility, type SignerFacts } from '../../domain/consent/signers'
import { chinaTime } from '../../domain/consent/time'
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
  const links = (await deps.stores.childLinks.listByParent(signer.identityId)).filter((l) => l.childIdentityId === studentRef)
  let birthCertificate: BirthCertificate | null = null
  for (const link of links) {
    const held = await deps.stores.credentials.get(link.birthCertificateId)
    const p = held ? openCredential(deps, held) : null
    if (p?.type === 'birth_certificate') birthCertificate = p.data
  }
  const properties: RealEstateCertificate[] = await deps.registry.propertiesOwnedBy(signer.idNumber)
  return {
    signerIdNumber: signer.idNumber,
    studentRegisters: await deps.registry.registersOf(studentIdNumber),
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

/** The request as one person sees it: what is asked, who signed what (masked), what they may sign. */
export function requestView(deps: ConsentDeps, r: AuthRequest, system: BusinessSystem, viewer: { identityId: string; facts: SignerFacts } | null): RequestView {
  const now = deps.clock.now()
  const result = applicationResult(r, now)
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
    parts: r.parts.map((p) => ({
      key: p.key,
      title: PART_TITLES[p.key],
      fields: fieldViews(p.key, p.fields),
      status: p.status,
      signedBy: p.signerLabel,
      signedByMe: viewer !== null && p.signerId === viewer.identityId,
      reason: p.reason,
      eligibility: p.status === 'unavailable' && p.reason
        ? { kind: 'unsignable' as const, reason: p.reason }
        : viewer ? eligibilityView(eligibility(p.key, viewer.facts, optionIdOf(deps))) : { kind: 'not_signer' as const, reason: { code: 'NOT_LOGGED_IN', message: '请先登录' } },
    })),
  }
}
