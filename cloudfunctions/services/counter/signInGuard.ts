import { afterFailure, lockedForMs, waitMinutes, type ThrottleLimit } from '../../domain/counter/signInThrottle'
import { AppError } from '../../domain/errors'
import type { SignInThrottle } from '../../ports/counterStores'
import type { CounterDeps } from './counterDeps'

/**
 * The store side of the wrong-password limits (domain/counter/signInThrottle.ts): one counter
 * document per key, moved by compare-and-set, so racing failures each count exactly once on
 * SQLite and CloudBase alike. Keys are keyed hashes: no account name or address is stored.
 */
export const throttleKey = (deps: CounterDeps, kind: 'account' | 'address' | 'pair', value: string) =>
  deps.cipher.keyedHash(`counter-signin|${kind}|${value}`)

export function lockedError(waitMs: number): AppError {
  return new AppError('COUNTER_SIGNIN_LOCKED', `登录失败次数过多，请${waitMinutes(waitMs)}分钟后再试`)
}

/** Refuses (COUNTER_SIGNIN_LOCKED, with the wait) while any of the keys is locked. */
export async function requireNotLocked(deps: CounterDeps, keys: string[]): Promise<void> {
  const now = deps.clock.now()
  const waits = await Promise.all(keys.map(async (k) => lockedForMs(await deps.counter.throttles.get(k), now)))
  const wait = Math.max(0, ...waits)
  if (wait > 0) throw lockedError(wait)
}

/** Counts one failure on `key`; a contended counter is retried until this failure is in. */
export async function countFailure(deps: CounterDeps, key: string, limit: ThrottleLimit): Promise<SignInThrottle> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const prev = await deps.counter.throttles.get(key)
    const next = afterFailure(prev, key, deps.clock.now(), limit)
    if (await deps.counter.throttles.put(next, prev?.version ?? null)) return next
  }
  // Fail closed: a counter this contended is under attack.
  throw lockedError(limit.lockMs)
}

/** A right password clears the account's failures (one write, only when there were some). */
export async function clearFailures(deps: CounterDeps, key: string): Promise<void> {
  const prev = await deps.counter.throttles.get(key)
  if (!prev || prev.failures === 0) return
  await deps.counter.throttles.put({ ...prev, failures: 0, lockedUntil: 0, windowStart: deps.clock.now(), version: prev.version + 1 }, prev.version)
}
