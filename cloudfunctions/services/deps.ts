import type { FieldCipher } from '../ports/cipher'
import type { Clock, IdGenerator } from '../ports/clock'
import type { FaceVerifier } from '../ports/faceVerifier'
import type { Stores } from '../ports/stores'

/** Everything a use case may touch, passed in (tests use in-memory SQLite and a fake clock). */
export interface Deps {
  stores: Stores
  clock: Clock
  ids: IdGenerator
  cipher: FieldCipher
  verifier: FaceVerifier
  config: { verifyWindowMs: number; sessionTtlMs: number; verifyIdTtlMs: number }
}
