import type { BirthCertificate, HouseholdRegister, RealEstateCertificate, RegistryPerson, Sex } from '../../types/registry'

/** 居民身份电子凭证: what the registry issues for a person (SPEC §2). */
export interface IdCard {
  name: string
  idNumber: string
  sex: Sex
  birthDate: string
}

/**
 * The provincial e-licence registry (证照数据管理, SPEC §2). ID numbers are passed normalised
 * (GB 11643, 18 characters). It answers what it holds, unfiltered: coverage and claim rules
 * are the services' business, so refusals can be explained.
 */
export interface Registry {
  findPerson(idNumber: string): Promise<RegistryPerson | null>
  idCardOf(idNumber: string): Promise<IdCard | null>
  /** Seed 000 Q7: searched by the parent's name + ID number, so a renamed parent finds nothing. */
  birthCertificatesNaming(parentIdNumber: string, parentName: string): Promise<BirthCertificate[]>
  /** Every register with a page for this ID number, issued or not, current or not. */
  registersOf(idNumber: string): Promise<HouseholdRegister[]>
  /** Registers with a page for this name + ID number (seed 000 Q6: the renamed-child fetch). */
  registerEntryByNameAndId(name: string, idNumber: string): Promise<HouseholdRegister[]>
  propertiesOwnedBy(idNumber: string): Promise<RealEstateCertificate[]>
}
