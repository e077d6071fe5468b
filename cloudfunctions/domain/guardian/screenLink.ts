import type { BirthCertificate, HouseholdMember } from '../../../types/registry'
import { normaliseIdNumber, validateIdNumber } from '../idNumber'
import { coverageOf } from './coverage'
import { explain, type ComparedField, type GuardianReason } from './reasons'

/** What linking needs before the registry is asked anything (SPEC §3 preconditions and step 1). */
export interface LinkRequest {
  /** The verified identity of the parent who is linking. */
  parentIdNumber: string
  /** The birth certificate this parent claimed, null when none. */
  birthCertificate: BirthCertificate | null
  /** As typed: spaces, full-width digits and a lower-case x are fine. */
  childIdNumber: string
  /** YYYYMMDD in Shanghai, bounds the birth date inside the ID number (domain/idNumber). */
  today?: string
}

export interface ScreenedLink {
  cert: BirthCertificate
  parentRole: 'mother' | 'father'
  /** The certificate's birth time as a China day. */
  birthDate: string
  /** Normalised and checksum-valid. */
  childIdNumber: string
}

export type Screening = { ok: true; screened: ScreenedLink } | { ok: false; reason: GuardianReason }

const fail = (detail: Parameters<typeof explain>[0]): Screening => ({ ok: false, reason: explain(detail) })

/** GB 11643-1999 §4.1.3: the 17th character (order code) is odd for a man, even for a woman. */
export function sexOfIdNumber(idNumber: string): HouseholdMember['sex'] {
  return Number(idNumber[16]) % 2 === 1 ? '男' : '女'
}

/**
 * Everything decidable from the parent's own certificate and the typed number alone. The typed
 * number may be a stranger's child: when the sex or birth date it encodes already contradicts the
 * certificate, the answer is built from the number itself, so the registry is never asked and
 * nothing about a register (province, existence, masked name, current name) can leak.
 */
export function screenLink(input: LinkRequest): Screening {
  const cert = input.birthCertificate
  if (!cert) return fail({ code: 'NO_BIRTH_CERT' })
  const parentId = normaliseIdNumber(input.parentIdNumber)
  const isParent = (p: { idNumber: string } | null) => p !== null && normaliseIdNumber(p.idNumber) === parentId
  const role: ScreenedLink['parentRole'] | null = isParent(cert.mother) ? 'mother' : isParent(cert.father) ? 'father' : null
  if (parentId === '' || role === null) return fail({ code: 'NOT_PARENT_ON_CERT' })
  const coverage = coverageOf(cert)
  if (coverage.covered === false) {
    const { why } = coverage
    if (why === 'before_start') return fail({ code: 'OUTSIDE_COVERAGE', why, area: coverage.area, since: coverage.since })
    return fail({ code: 'OUTSIDE_COVERAGE', why, area: why === 'outside_guangdong' ? coverage.provinceName : undefined })
  }
  const id = validateIdNumber(input.childIdNumber, input.today)
  if (!id.ok) return fail({ code: 'ID_INVALID', detail: id.reason })
  const implied: Record<'sex' | 'birthDate', [string, string]> = {
    sex: [cert.sex, sexOfIdNumber(id.idNumber)],
    birthDate: [coverage.birthDate, id.birthDate],
  }
  const differ = (['sex', 'birthDate'] as const).filter((f) => implied[f][0] !== implied[f][1])
  if (differ.length > 0) {
    const comparisons = differ.map((field) => ({ field, certificate: implied[field][0], register: implied[field][1] }))
    return fail({ code: 'FIELDS_DIFFER', fields: differ as ComparedField[], comparisons, offerRenamedPath: false, source: 'id_number' })
  }
  return { ok: true, screened: { cert, parentRole: role, birthDate: coverage.birthDate, childIdNumber: id.idNumber } }
}
