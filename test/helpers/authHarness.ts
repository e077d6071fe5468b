import { randomBytes } from 'node:crypto'
import { createFieldCipher } from '../../cloudfunctions/adapters/crypto/fieldCipher'
import { SimulatedFaceVerifier } from '../../cloudfunctions/adapters/face-sim/simulatedVerifier'
import { openSqliteStores } from '../../cloudfunctions/adapters/sqlite'
import { createAuthHandler } from '../../cloudfunctions/functions/auth/handler'
import type { Deps } from '../../cloudfunctions/services/deps'
import { AuthResults, type AuthAction, type AuthData } from '../../types'

/** Auth services on in-memory SQLite with a clock the test moves by hand. */
export function makeAuthHarness() {
  let now = Date.UTC(2026, 10, 22, 2, 0)
  let counter = 0
  const clock = { now: () => now }
  const stores = openSqliteStores(':memory:')
  const simulator = new SimulatedFaceVerifier(clock, 3_600_000)
  const deps: Deps = {
    stores,
    clock,
    ids: { id: () => `id${String(++counter).padStart(8, '0')}`, secret: () => randomBytes(32).toString('base64url') },
    cipher: createFieldCipher({ fieldKey: randomBytes(32), hashKey: randomBytes(32) }),
    verifier: simulator,
    config: { verifyWindowMs: 300_000, sessionTtlMs: 72 * 3_600_000, verifyIdTtlMs: 3_600_000 },
  }
  const handler = createAuthHandler(deps)

  /** Calls the handler and parses the result with the contract's own schema. */
  async function call<A extends AuthAction>(openid: string | undefined, event: { action: A } & Record<string, unknown>) {
    const raw = await handler(event, { OPENID: openid })
    return AuthResults[event.action].parse(raw) as { ok: true; data: AuthData[A] } | { ok: false; error: { code: string; message: string; hint: string } }
  }

  async function ok<A extends AuthAction>(openid: string, event: { action: A } & Record<string, unknown>): Promise<AuthData[A]> {
    const r = await call(openid, event)
    if (!r.ok) throw new Error(`${event.action} failed: ${r.error.code} ${r.error.message}`)
    return r.data
  }

  /** Full login through the simulated camera; returns the session token. */
  async function login(openid: string, name: string, idNumber: string, method: 'face' | 'wxpay' = 'face'): Promise<string> {
    const started = await ok(openid, { action: 'startVerification', purpose: 'login', method, name, idNumber })
    simulator.report(started.verifyId, 'pass')
    const done = await ok(openid, { action: 'completeVerification', verifyId: started.verifyId })
    if (done.purpose !== 'login') throw new Error('expected a login result')
    return done.sessionToken
  }

  const count = (table: string) => (stores.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

  return { deps, stores, simulator, handler, call, ok, login, count, advance: (ms: number) => void (now += ms) }
}
