import { AppError } from '../../domain/errors'
import { requestStatus } from '../../domain/consent/request'
import type { AuthRequest, RequestStore } from '../../ports/consentStores'

/** Inserts the request under a fresh 授权码 (a taken code is retried with another). */
async function insertWithNewCode(store: RequestStore, request: AuthRequest, newCode: () => string): Promise<AuthRequest> {
  for (let attempt = 0; ; attempt++) {
    const candidate = { ...request, id: newCode() }
    if (await store.create(candidate)) return candidate
    if (attempt > 5) throw new AppError('CONFLICT')
  }
}

/**
 * Seed 000 §二 (re-entering the information guides the user back): while a request for the same
 * system, student and parent is open (unexpired, not complete), asking again returns it with its
 * 授权码 instead of a second one. The slot is one document / row whose id is a keyed hash of the
 * three, taken by an insert that exactly one caller wins and moved by compare-and-set (CLOUDBASE.md:
 * atomic by document id only), so identical requests at the same moment yield one. A loser's
 * freshly inserted request is never handed out (no one learns its code).
 */
export async function createOrReuseOpen(
  store: RequestStore,
  key: string,
  request: AuthRequest,
  o: { now: () => number; newCode: () => string },
): Promise<{ request: AuthRequest; reused: boolean }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const slot = await store.openSlot(key)
    const current = slot ? await store.get(slot) : null
    if (current && requestStatus(current, o.now()) === 'open') return { request: current, reused: true }
    const candidate = await insertWithNewCode(store, request, o.newCode)
    const won = slot ? await store.moveOpenSlot(key, slot, candidate.id) : await store.claimOpenSlot(key, candidate.id)
    if (won) return { request: candidate, reused: false }
  }
  throw new AppError('CONFLICT')
}
