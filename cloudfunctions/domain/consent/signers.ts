import type { BirthCertificate, HouseholdRegister, RealEstateCertificate } from '../../../types/registry'
import type { PartKey, Reason } from '../../../types/consentModels'

/**
 * Who may sign which part (SPEC §4 "Several signers", seed 000 notes 1–5): the register by its
 * household head (户主), the birth certificate by either parent named on it, a property by an
 * owner or co-owner, choosing the one at the student's register address. Pure: the facts are
 * fetched by the service and passed in.
 */
export interface SignerFacts {
  signerIdNumber: string
  /** Every register with a page for the student (registry), issued or not, current or not. */
  studentRegisters: HouseholdRegister[]
  /** The student's birth certificate as the signer holds it through a guardian link, if any. */
  birthCertificate: BirthCertificate | null
  /** Properties owned (alone or jointly) by the signer. */
  properties: RealEstateCertificate[]
}

export interface Choice<T> {
  optionId: string
  item: T
  /** For properties: at the student's register address. */
  matches: boolean
}

export type Eligibility<T = unknown> =
  | { kind: 'signable'; options: Choice<T>[] }
  | { kind: 'not_signer'; reason: Reason }
  | { kind: 'unsignable'; reason: Reason }

const r = (code: string, message: string): Reason => ({ code, message })

/** Seed 000 note 1 and FAQ Q8–Q12: why the register cannot be authorized online at all, or null. */
export function registerBlock(registers: HouseholdRegister[]): Reason | null {
  const live = registers.filter((h) => h.issued && h.current)
  if (live.length === 0) return r('NO_REGISTER', '学生暂无有效的户口簿（需办理户口簿才可以在线授权）')
  if (live.length > 1) return r('SEVERAL_REGISTERS', '学生有多本户口簿，无法在线授权')
  if (live[0].provinceCode !== '44') return r('NOT_GUANGDONG', '学生户籍不在广东省，无法在线授权')
  if (live[0].collective || live[0].headIdNumber === null) return r('COLLECTIVE_HOUSEHOLD', '学生为集体户，无户主可授权户籍信息（集体户无需授权）')
  return null
}

export const studentRegister = (registers: HouseholdRegister[]): HouseholdRegister | null =>
  registerBlock(registers) ? null : registers.filter((h) => h.issued && h.current)[0]

/** Addresses compare without whitespace or full-width spaces; the registry writes both the same way. */
export const sameAddress = (a: string, b: string) => a.replace(/[\s\u3000]/g, '') === b.replace(/[\s\u3000]/g, '')

export function eligibility(part: PartKey, f: SignerFacts, optionIdOf: (item: unknown) => string): Eligibility {
  if (part === 'household_register') {
    const block = registerBlock(f.studentRegisters)
    if (block) return { kind: 'unsignable', reason: block }
    const reg = studentRegister(f.studentRegisters)!
    if (reg.headIdNumber !== f.signerIdNumber) return { kind: 'not_signer', reason: r('HEAD_ONLY', '户籍信息需由学生户口簿的户主授权') }
    return { kind: 'signable', options: [{ optionId: optionIdOf(reg), item: reg, matches: true }] }
  }
  if (part === 'birth_certificate') {
    const cert = f.birthCertificate
    if (!cert) return { kind: 'not_signer', reason: r('NOT_LINKED', '出生证信息由父母其中一方授权：请先在数字空间通过出生医学证明关联该学生') }
    const parents = [cert.mother.idNumber, cert.father?.idNumber]
    if (!parents.includes(f.signerIdNumber)) return { kind: 'not_signer', reason: r('NOT_PARENT', '出生证信息只能由出生医学证明上登记的父亲或母亲授权') }
    return { kind: 'signable', options: [{ optionId: optionIdOf(cert), item: cert, matches: true }] }
  }
  const owned = f.properties.filter((p) => p.owners.some((o) => o.idNumber === f.signerIdNumber))
  if (owned.length === 0) return { kind: 'not_signer', reason: r('NOT_OWNER', '房产信息由产权人或共同产权人其中一方授权') }
  const reg = studentRegister(f.studentRegisters)
  const options = owned.map((p) => ({ optionId: optionIdOf(p), item: p, matches: reg !== null && sameAddress(p.address, reg.address) }))
  if (!options.some((o) => o.matches)) {
    return { kind: 'not_signer', reason: r('NO_MATCHING_PROPERTY', '您名下没有与学生户口簿地址一致的房产；可由该房产的产权人授权，或待现场报名时出示给学校核验') }
  }
  return { kind: 'signable', options }
}

/** The chosen item, only if it is one of the signable options and (for property) at the register address. */
export function choose<T>(e: Eligibility<T>, optionId: string | undefined): Choice<T> | 'NOT_RIGHTFUL_SIGNER' | 'PART_UNAVAILABLE' | 'OPTION_INVALID' {
  if (e.kind === 'unsignable') return 'PART_UNAVAILABLE'
  if (e.kind === 'not_signer') return 'NOT_RIGHTFUL_SIGNER'
  const matching = e.options.filter((o) => o.matches)
  const picked = optionId === undefined && matching.length === 1 ? matching[0] : e.options.find((o) => o.optionId === optionId)
  if (!picked || !picked.matches) return 'OPTION_INVALID'
  return picked
}
