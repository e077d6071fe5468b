import { randomBytes } from 'node:crypto'
import { createFieldCipher } from '../../cloudfunctions/adapters/crypto/fieldCipher'
import { SimulatedFaceVerifier } from '../../cloudfunctions/adapters/face-sim/simulatedVerifier'
import type { PdfRenderer } from '../../cloudfunctions/ports/pdf'
import { createFixtureRegistry } from '../../cloudfunctions/adapters/registry-sim/fixtureRegistry'
import { openSqliteStores } from '../../cloudfunctions/adapters/sqlite'
import { createAuthHandler } from '../../cloudfunctions/functions/auth/handler'
import type { SpaceDeps } from '../../cloudfunctions/services/space'
import type { RegistryFixture } from '../../types/registry'
import { fixture as defaultFixture, personOf } from './cloudClient'

/**
 * Space services on in-memory SQLite with the default fixture and a hand-moved clock. The PDF
 * renderer is a recorder unless a real one is passed (the PDF test uses pdf-lib itself).
 */
export function makeSpaceHarness(opts: { fixture?: RegistryFixture; pdf?: PdfRenderer } = {}) {
  let now = Date.UTC(2026, 10, 22, 2, 0)
  let counter = 0
  const clock = { now: () => now }
  const stores = openSqliteStores(':memory:')
  const simulator = new SimulatedFaceVerifier(clock, 3_600_000)
  const rendered: Parameters<PdfRenderer['render']>[0][] = []
  const deps: SpaceDeps = {
    stores,
    clock,
    ids: { id: () => `id${String(++counter).padStart(8, '0')}`, secret: () => randomBytes(32).toString('base64url') },
    cipher: createFieldCipher({ fieldKey: randomBytes(32), hashKey: randomBytes(32) }),
    verifier: simulator,
    config: { verifyWindowMs: 300_000, sessionTtlMs: 72 * 3_600_000, verifyIdTtlMs: 3_600_000 },
    registry: createFixtureRegistry(opts.fixture ?? defaultFixture),
    pdf: opts.pdf ?? { render: async (doc) => (rendered.push(doc), new Uint8Array([37, 80, 68, 70])) },
  }
  const auth = createAuthHandler(deps)

  /** Logs a fixture person in; returns the openid and session token the services take. */
  async function login(idNumber: string): Promise<{ openid: string; token: string }> {
    const openid = `o-${idNumber}`
    const started: any = await auth({ action: 'startVerification', purpose: 'login', method: 'face', name: personOf(idNumber).name, idNumber }, { OPENID: openid })
    simulator.report(started.data.verifyId, 'pass')
    const done: any = await auth({ action: 'completeVerification', verifyId: started.data.verifyId }, { OPENID: openid })
    return { openid, token: done.data.sessionToken }
  }

  const count = (table: string) => (stores.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  return { deps, stores, login, count, rendered, advance: (ms: number) => void (now += ms) }
}
