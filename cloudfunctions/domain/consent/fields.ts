import type { BirthCertificate, HouseholdRegister, RealEstateCertificate } from '../../../types/registry'
import { PART_FIELDS, type PartKey } from '../../../types/consentModels'

/**
 * Field values of an authorized item (SPEC §4 field-level scope). What was authorized is kept as
 * a snapshot (encrypted) with the consent; reads take only the consented fields from it.
 */
export type PartItem =
  | { part: 'household_register'; register: HouseholdRegister; studentIdNumber: string }
  | { part: 'birth_certificate'; certificate: BirthCertificate }
  | { part: 'property'; property: RealEstateCertificate }

export function fieldValues(item: PartItem): Record<string, string> {
  if (item.part === 'household_register') {
    const reg = item.register
    const student = reg.members.find((m) => m.idNumber === item.studentIdNumber)
    const head = reg.members.find((m) => m.idNumber === reg.headIdNumber)
    return {
      householdNumber: reg.householdNumber,
      address: reg.address,
      headName: head?.name ?? '',
      studentName: student?.name ?? '',
      studentIdNumber: student?.idNumber ?? '',
      studentSex: student?.sex ?? '',
      studentBirthDate: student?.birthDate ?? '',
      studentRelation: student?.relation ?? '',
    }
  }
  if (item.part === 'birth_certificate') {
    const c = item.certificate
    return {
      certificateNumber: c.certificateNumber,
      newbornName: c.newbornName,
      sex: c.sex,
      birthDate: c.birthTime.slice(0, 10),
      hospital: c.hospital,
      motherName: c.mother.name,
      fatherName: c.father?.name ?? '',
    }
  }
  const p = item.property
  return { certificateNumber: p.certificateNumber, ownerNames: p.owners.map((o) => o.name).join('、'), address: p.address }
}

export const fieldsOf = (part: PartKey): string[] => Object.keys(PART_FIELDS[part])
export const labelOf = (part: PartKey, field: string): string => (PART_FIELDS[part] as Record<string, string>)[field] ?? field

/** Only the consented fields leave: the rest of the snapshot stays behind. */
export function pick(values: Record<string, string>, fields: string[]): Record<string, string> {
  return Object.fromEntries(fields.filter((f) => f in values).map((f) => [f, values[f]]))
}
