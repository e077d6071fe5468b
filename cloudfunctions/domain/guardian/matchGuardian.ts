import type { BirthCertificate, HouseholdMember, HouseholdRegister } from '../../../types/registry'
import { normaliseIdNumber } from '../idNumber'
import { maskName } from '../mask'
import { nameKey } from '../names'
import { GUANGDONG_CODE, shanghaiDateOf } from './coverage'
import { explain, type ComparedField, type GuardianReason, type NoRegisterCause } from './reasons'
import { screenLink, type LinkRequest } from './screenLink'

/**
 * Linking a child through the parent's own birth-certificate record (SPEC §3, seed 000 Q6–Q7):
 * register name, sex and birth date must equal the certificate's newborn name, sex and birth day;
 * on the renamed-child path the register is found by current name + ID number and its former
 * names must hold the newborn name.
 */
export interface GuardianMatchInput extends LinkRequest {
  /** Renamed-child path: the child's current name as typed. */
  currentName?: string
  /** Every register entry the registry holds for the child's ID number. */
  registers: HouseholdRegister[]
  /** The parent's other claimed birth certificates (twins, siblings), by their credential id. */
  otherCertificates?: Array<{ id: string; cert: BirthCertificate }>
}

export interface GuardianLink {
  childIdNumber: string
  childName: string
  sex: HouseholdMember['sex']
  birthDate: string
  parentRole: 'mother' | 'father'
  birthCertificateNumber: string
  /** Linked through the register's former names. */
  renamed: boolean
  householdNumber: string
  collective: boolean
  headIdNumber: string | null
}

export type GuardianMatch = { ok: true; link: GuardianLink } | { ok: false; reason: GuardianReason }

const fail = (detail: Parameters<typeof explain>[0]): GuardianMatch => ({ ok: false, reason: explain(detail) })
/** Every name compared here goes through the one domain key (white space, separator dots). */
const cleanName = nameKey

type Found = { register: HouseholdRegister; member: HouseholdMember }

/** The one usable entry, or why there is none: not issued, not current, more than one. */
function pickRegister(
  registers: HouseholdRegister[],
  idNumber: string,
  currentName: string | null,
): Found | { cause: NoRegisterCause } | { count: number } {
  const found: Found[] = []
  for (const register of registers) {
    const member = register.members.find((m) => normaliseIdNumber(m.idNumber) === idNumber)
    if (member) found.push({ register, member })
  }
  if (found.length === 0) return { cause: 'none' }
  const issued = found.filter((f) => f.register.issued)
  if (issued.length === 0) return { cause: 'not_issued' }
  const current = issued.filter((f) => f.register.current)
  if (current.length === 0) return { cause: 'not_current' }
  // Exactly one current register (SPEC §3, seed 000 Q7.3), counted before the typed name can pick one.
  if (current.length > 1) return { count: current.length }
  if (currentName !== null && cleanName(current[0].member.name) !== currentName) return { cause: 'name_not_found' }
  return current[0]
}

/** Certificate vs register (SPEC §3 step 3), or null when name, sex and birth day all agree. */
function differences(cert: BirthCertificate, member: HouseholdMember, birthDate: string, renamed: boolean) {
  const newborn = cleanName(cert.newbornName)
  const names = renamed ? member.formerNames : [member.name]
  const differ: ComparedField[] = []
  if (!names.some((n) => cleanName(n) === newborn)) differ.push('name')
  if (member.sex !== cert.sex) differ.push('sex')
  if (member.birthDate !== birthDate) differ.push('birthDate')
  if (differ.length === 0) return null
  const onlyName = differ.join() === 'name'
  if (renamed && onlyName) {
    return fail({ code: 'NAME_NOT_IN_FORMER_NAMES', newbornName: maskName(newborn), formerNames: member.formerNames.map(maskName) })
  }
  // Sex and birth date can be read from the typed ID number itself, so only names are masked.
  const sides: Record<ComparedField, [string, string]> = {
    name: [maskName(newborn), maskName(member.name)],
    sex: [cert.sex, member.sex],
    birthDate: [birthDate, member.birthDate],
  }
  const comparisons = differ.map((field) => ({ field, certificate: sides[field][0], register: sides[field][1] }))
  return fail({ code: 'FIELDS_DIFFER', fields: differ, comparisons, offerRenamedPath: !renamed && onlyName })
}

/**
 * Seed 000 Q8 (需要关联 A 的但输入了 B): twins share sex and birth date, so the number of one passes
 * the screening against the other's certificate. When the register entry is exactly the child of
 * another certificate this parent holds, the renamed path would be a dead end: name that child.
 */
function otherChildOf(member: HouseholdMember, others: GuardianMatchInput['otherCertificates']) {
  const names = [member.name, ...member.formerNames].map(cleanName)
  return (others ?? []).find(
    ({ cert }) => names.includes(cleanName(cert.newbornName)) && cert.sex === member.sex && shanghaiDateOf(cert.birthTime) === member.birthDate,
  )
}

export function matchGuardian(input: GuardianMatchInput): GuardianMatch {
  const screening = screenLink(input)
  if (!screening.ok) return screening
  const { cert, parentRole, birthDate: certBirthDate, childIdNumber } = screening.screened
  const currentName = cleanName(input.currentName ?? '') || null
  const picked = pickRegister(input.registers, childIdNumber, currentName)
  if ('cause' in picked) return fail({ code: 'NO_REGISTER', cause: picked.cause })
  if ('count' in picked) return fail({ code: 'SEVERAL_REGISTERS', count: picked.count })
  const { register, member } = picked
  if (register.provinceCode !== GUANGDONG_CODE) {
    return fail({ code: 'NOT_GUANGDONG_REGISTER', provinceName: register.provinceName })
  }
  const renamed = currentName !== null && cleanName(member.name) !== cleanName(cert.newbornName)
  const differ = differences(cert, member, certBirthDate, renamed)
  if (differ) {
    const other = otherChildOf(member, input.otherCertificates)
    if (!other) return differ
    const names = { newbornName: maskName(cert.newbornName), otherNewbornName: maskName(other.cert.newbornName) }
    return fail({ code: 'NUMBER_OF_OTHER_CHILD', ...names, otherBirthCertificateId: other.id })
  }
  const { householdNumber, collective, headIdNumber } = register
  const { name: childName, sex, birthDate } = member
  const link = { childIdNumber, childName, sex, birthDate, parentRole, renamed }
  return { ok: true, link: { ...link, birthCertificateNumber: cert.certificateNumber, householdNumber, collective, headIdNumber } }
}
