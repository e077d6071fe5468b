import type { ViewerRole } from '../../../types/consentModels'
import type { SignerFacts } from './signers'

/**
 * Who opens a request, as far as it goes (SPEC §4; seed 000 Q5 and notes 3–4). Family may declare a
 * part 无法在线授权; the student under 14 never authorizes (PIPL art. 31); someone with no tie to
 * the student (a mistyped or borrowed code) is told so instead of getting advice about parts that
 * are not theirs. Pure: the facts are fetched by the service.
 */
export interface ViewerFacts {
  isStudent: boolean
  /** The student and younger than 14 (only meaningful when isStudent). */
  studentUnder14: boolean
  /** The parent named on the application by the business system. */
  isApplicantParent: boolean
  /** The registry has a birth certificate naming the viewer as a parent of a child born that day, that sex. */
  namedParent: boolean
  /** The viewer signed a part of this request (signed or revoked since). */
  signedAPart: boolean
  /** The viewer can sign some part now (e.g. an owner of the flat at the register address). */
  canSignAPart: boolean
}

export function viewerRole(v: ViewerFacts, f: SignerFacts): ViewerRole {
  if (v.isStudent) return v.studentUnder14 ? 'student_minor' : 'student'
  const onRegister = f.studentRegisters.some((h) => h.members.some((m) => m.idNumber === f.signerIdNumber))
  const related = v.isApplicantParent || v.namedParent || v.signedAPart || v.canSignAPart || f.birthCertificate !== null || onRegister
  return related ? 'family' : 'unrelated'
}
