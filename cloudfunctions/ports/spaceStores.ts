import type { CredentialType, HistoryAction } from '../../types/space'

/**
 * Store ports of the personal digital space (SPEC §2–§3), shaped like ports/stores.ts: atomic
 * steps by deterministic id; lists by one field outside transactions (CLOUDBASE.md).
 */

/** A credential in someone's space. Id: `<holder>:<type>:<keyed hash>` so a repeated claim is a no-op. */
export interface HeldCredential {
  id: string
  holderIdentityId: string
  type: CredentialType
  /** `ward`: a linked child's, claimed by the guardian after the consent form. */
  subjectKind: 'self' | 'ward'
  childLinkId: string | null
  /** AES-GCM ciphertext (FieldCipher) of the registry record as JSON. */
  payloadCipher: string
  claimedAt: number
}

/** A guardian link. Id: keyed hash of parent + child identity ids, so linking twice is a no-op. */
export interface ChildLink {
  id: string
  parentIdentityId: string
  childIdentityId: string
  birthCertificateId: string
  /** Ciphertext of the GuardianLink (child name, ID number, sex, birth date ...) as JSON. */
  payloadCipher: string
  linkedAt: number
  wardClaimedAt: number | null
}

export type ReportStateCode = '已提交' | '处理中' | '已处理'

export interface CredentialReport {
  id: string
  holderIdentityId: string
  credentialId: string
  type: CredentialType
  fields: string[]
  descriptionCipher: string
  state: ReportStateCode
  createdAt: number
  updatedAt: number
}

/** One line of the access history (数字档案袋), append-only. Id sorts by time (`<at padded>-<random>`). */
export interface AccessEvent {
  id: string
  /** Whose history it belongs to. */
  identityId: string
  at: number
  actorKind: 'self' | 'guardian' | 'business_system'
  /** Masked name or business system name. */
  actorLabel: string
  operator: string | null
  action: HistoryAction
  credentialTypes: CredentialType[]
  fields: string[]
  /** Ciphertext: purposes and notes are free text. */
  noteCipher: string | null
}

export interface CredentialStore {
  /** Inserts by id unless present; `created` is false when it was already held. */
  ensure(c: HeldCredential): Promise<{ stored: HeldCredential; created: boolean }>
  get(id: string): Promise<HeldCredential | null>
  listByHolder(holderIdentityId: string): Promise<HeldCredential[]>
}

export interface ChildLinkStore {
  ensure(link: ChildLink): Promise<{ stored: ChildLink; created: boolean }>
  get(id: string): Promise<ChildLink | null>
  listByParent(parentIdentityId: string): Promise<ChildLink[]>
  /** Sets wardClaimedAt only if unset (first claim wins). */
  markWardClaimed(id: string, at: number): Promise<boolean>
}

export interface ReportStore {
  create(r: CredentialReport): Promise<void>
  listByHolder(holderIdentityId: string): Promise<CredentialReport[]>
}

export interface AccessEventStore {
  append(e: AccessEvent): Promise<void>
  /** Newest first (by id), `offset` for paging. */
  list(identityId: string, page: { offset: number; limit: number }): Promise<AccessEvent[]>
}

export interface SpaceStores {
  credentials: CredentialStore
  childLinks: ChildLinkStore
  reports: ReportStore
  accessEvents: AccessEventStore
}
