import { randomBytes } from 'node:crypto'
import type { Clock, IdGenerator } from '../../ports/clock'

/** The real clock and randomness, for the local cloud and the deployed functions. */
export const systemClock: Clock = { now: () => Date.now() }

export const randomIds: IdGenerator = {
  // 18 random bytes → 24 base64url chars: inside WeChat's 5–32 for out_seq_no.
  id: () => randomBytes(18).toString('base64url'),
  // 256 bits for session tokens.
  secret: () => randomBytes(32).toString('base64url'),
}
