import type { VerifyMethod } from '../../types/auth'
import type { SpaceStores } from './spaceStores'

/**
 * Store ports, one per aggregate, shaped for a document database (CLOUDBASE.md):
 * every call touches documents by id; limits hold through conditional writes on one document.
 * Times are epoch milliseconds.
 */

/** A WeChat account (openid) and its preferences. Document id: the openid. */
export interface Account {
  openid: string
  defaultMethod: VerifyMethod
  /** The identity this account last logged in as, if any. */
  identityId: string | null
  updatedAt: number
}

/**
 * A real-name person. Document id: keyed hash of the normalised ID number, so lookups are by id
 * and two accounts proving the same person meet on one document.
 */
export interface Identity {
  id: string
  /** AES-256-GCM ciphertexts (FieldCipher); never in clear at rest. */
  nameCipher: string
  idNumberCipher: string
  /** The one live session (SPEC §1 one device at a time); null when none. */
  currentSessionId: string | null
  createdAt: number
  updatedAt: number
}

/** A login. Document id: SHA-256 of the session token, so the token itself is never stored. */
export interface Session {
  id: string
  openid: string
  identityId: string
  createdAt: number
  /** Last successful verification (login or reverify). */
  verifiedAt: number
  lastSeenAt: number
  endedAt: number | null
}

export type VerificationPurpose = 'login' | 'reverify'
export type VerificationState = 'pending' | 'used'

/** One verify id handed out by the verifier, accepted once, bound to who asked. Id: the verify id. */
export interface Verification {
  verifyId: string
  method: VerifyMethod
  purpose: VerificationPurpose
  openid: string
  /** For reverify: the session that asked; completion must come from it. */
  sessionId: string | null
  identityId: string
  outSeqNo: string
  nameCipher: string
  idNumberCipher: string
  state: VerificationState
  createdAt: number
  expiresAt: number
  usedAt: number | null
}

export interface AccountStore {
  get(openid: string): Promise<Account | null>
  put(account: Account): Promise<void>
}

export interface IdentityStore {
  get(id: string): Promise<Identity | null>
  /** Creates the identity if absent; returns the stored one either way (insert by id, no race). */
  ensure(identity: Identity): Promise<Identity>
  /** One-document write: the given session becomes the only live one. */
  setCurrentSession(id: string, sessionId: string | null, at: number): Promise<void>
  /**
   * Clears the live session only if it is still `sessionId` (conditional update), so a logout
   * from an old device cannot end a newer login. Returns whether it changed.
   */
  clearSessionIf(id: string, sessionId: string, at: number): Promise<boolean>
}

export interface SessionStore {
  create(session: Session): Promise<void>
  get(id: string): Promise<Session | null>
  touch(id: string, at: number): Promise<void>
  markVerified(id: string, at: number): Promise<void>
  end(id: string, at: number): Promise<void>
}

export interface VerificationStore {
  create(v: Verification): Promise<void>
  get(verifyId: string): Promise<Verification | null>
  /**
   * pending → used, only if still pending (conditional update on one document).
   * Returns true for exactly one caller however many race.
   */
  markUsed(verifyId: string, at: number): Promise<boolean>
}

export interface Stores extends SpaceStores {
  accounts: AccountStore
  identities: IdentityStore
  sessions: SessionStore
  verifications: VerificationStore
}
