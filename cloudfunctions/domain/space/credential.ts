import type { BirthCertificate, HouseholdRegister, RealEstateCertificate, Sex } from '../../../types/registry'
import type { CredentialType } from '../../../types/space'

/** A credential as the registry issued it; what a space stores (encrypted) and shows. */
export type CredentialPayload =
  | { type: 'id_card'; data: { name: string; idNumber: string; sex: Sex; birthDate: string } }
  | { type: 'household_register'; data: HouseholdRegister }
  | { type: 'birth_certificate'; data: BirthCertificate }
  | { type: 'property'; data: RealEstateCertificate }

export type PayloadOf<T extends CredentialType> = Extract<CredentialPayload, { type: T }>

/**
 * What makes a credential the same one again (so a repeated claim is recognised): the number on
 * it, and for a register the person whose page it is (a parent's register and the child's entry
 * in the same household are two credentials).
 */
export function credentialKey(p: CredentialPayload, subjectIdNumber: string): string {
  switch (p.type) {
    case 'id_card':
      return p.data.idNumber
    case 'household_register':
      return `${p.data.householdNumber}|${subjectIdNumber}`
    case 'birth_certificate':
    case 'property':
      return p.data.certificateNumber
  }
}

/** The person a credential is about, by name (for a ward's credentials: the child). */
export function subjectName(p: CredentialPayload): string {
  switch (p.type) {
    case 'id_card':
      return p.data.name
    case 'household_register':
      return p.data.members[0]?.name ?? ''
    case 'birth_certificate':
      return p.data.newbornName
    case 'property':
      return p.data.owners[0]?.name ?? ''
  }
}
