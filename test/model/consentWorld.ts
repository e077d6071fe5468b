import { createHash, randomBytes } from 'node:crypto'
import { createCloudBaseConsentStores, createCloudBaseStores } from '../../cloudfunctions/adapters/cloudbase'
import { createFieldCipher } from '../../cloudfunctions/adapters/crypto/fieldCipher'
import { SimulatedFaceVerifier } from '../../cloudfunctions/adapters/face-sim/simulatedVerifier'
import { createFixtureRegistry } from '../../cloudfunctions/adapters/registry-sim/fixtureRegistry'
import { openSqliteStores, sqliteConsentStores } from '../../cloudfunctions/adapters/sqlite'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { createAuthHandler } from '../../cloudfunctions/functions/auth/handler'
import { createBizHandler, createConsentHandler } from '../../cloudfunctions/functions/consent/handler'
import { createSpaceHandler } from '../../cloudfunctions/functions/space/handler'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'
import { seedDemoSystem } from '../../cloudfunctions/services/consent/demoSystem'
import { fieldsOf } from '../../cloudfunctions/domain/consent/fields'
import { FakeDocDb } from '../contract/fakeDocDb'
import { fixture, personOf } from '../helpers/cloudClient'

/**
 * One world for the consent model (test/model/consentModel.ts): the consent, business-system,
 * auth and space handlers over SQLite or the CloudBase stores on the in-memory DocDb, a clock the
 * model moves, the F14 family (father = household head, mother = owner of the flat at the register
 * address, both parents linked to their 7-year-old through the birth certificate), a stranger,
 * and two business systems. Calls go through the functions' own handlers (parse, dispatch, error
 * mapping), the same code the HTTP routes run.
 */
export type StoreKind = 'sqlite' | 'cloudbase'
export const ACTORS = ['dad', 'mum', 'kid', 'stranger'] as const
export type Actor = (typeof ACTORS)[number]
export const ID_NUMBERS: Record<Actor, string> = {
  dad: '441302198308010976',
  mum: '441302198512241085',
  kid: '441302201806061711',
  // F09's mother: no tie to F14's child.
  stranger: '441302198807071028',
}

export const MIN = 60_000
export const HOUR = 60 * MIN
export const DAY = 24 * HOUR
export const TIMES = { verifyWindowMs: 5 * MIN, sessionTtlMs: 72 * HOUR, verifyIdTtlMs: HOUR, requestTtlMs: 7 * DAY }

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const OTHER_SECRET = 'o'.repeat(32)
export const OTHER_SYSTEM_ID = 'other-school'

type Reply = { ok: true; data: any } | { ok: false; error: { code: string; message: string; hint: string } }

export interface World {
  kind: StoreKind
  deps: ConsentDeps
  now(): number
  advance(ms: number): void
  identityOf(a: Actor): string
  /** The consent function as this actor's phone calls it (a live session is kept by renewing it when old). */
  consent(a: Actor, event: Record<string, unknown>): Promise<Reply>
  /** A fresh face check on the actor's session (what the app does before 签署 / 重新授权). */
  reverify(a: Actor): Promise<void>
  /** The business-system API with a key: its own, the other system's, a wrong secret, none. */
  biz(key: 'demo' | 'other' | 'wrong' | 'none', event: Record<string, unknown>): Promise<{ status: number; body: Reply }>
  ledgerKey: { keyName: string; origin: string; publicKey: Uint8Array }
  /**
   * Every row of every table / collection, as text, except what a login or face check writes
   * (accounts, identities, sessions, verifications) and what the model counts exactly (the ledger,
   * its head and checkpoint, the access history): what a refused step must leave as it was.
   */
  snapshot(): Record<string, string>
  close(): void
}

const COUNTED_ELSEWHERE = /^(accounts|identities|sessions|verifications|access_events|ledger_.*|schema_version)$/

export async function createWorld(kind: StoreKind, start = Date.UTC(2026, 5, 1, 1, 0)): Promise<World> {
  let now = start
  let n = 0
  const clock = { now: () => now }
  const simulator = new SimulatedFaceVerifier(clock, TIMES.verifyIdTtlMs)
  const sqlite = kind === 'sqlite' ? openSqliteStores(':memory:') : null
  const doc = kind === 'cloudbase' ? new FakeDocDb() : null
  const secretKey = new Uint8Array(32).fill(9)
  const cipherKeys = { fieldKey: Buffer.alloc(32, 1), hashKey: Buffer.alloc(32, 2) }
  const deps: ConsentDeps = {
    stores: sqlite ?? createCloudBaseStores(doc!),
    clock,
    ids: { id: () => `id${String(++n).padStart(10, '0')}`, secret: () => randomBytes(32).toString('base64url') },
    cipher: createFieldCipher(cipherKeys),
    verifier: simulator,
    config: { verifyWindowMs: TIMES.verifyWindowMs, sessionTtlMs: TIMES.sessionTtlMs, verifyIdTtlMs: TIMES.verifyIdTtlMs },
    registry: createFixtureRegistry(fixture),
    pdf: { render: async () => new Uint8Array([37, 80, 68, 70]) },
    consent: sqlite ? sqliteConsentStores(sqlite.db) : createCloudBaseConsentStores(doc!),
    ledgerKey: { secretKey, keyName: 'model.local-ledger', origin: 'model.local/consent-ledger' },
    consentConfig: { requestTtlMs: TIMES.requestTtlMs, appBaseUrl: null },
  }
  const auth = createAuthHandler(deps)
  const space = createSpaceHandler(deps)
  const consentFn = createConsentHandler(deps)
  const bizFn = createBizHandler(deps)

  const demo = await seedDemoSystem(deps, 'd'.repeat(32))
  await deps.consent.systems.ensure({
    id: OTHER_SYSTEM_ID, name: '另一所学校的报名系统', purpose: '测试：另一个业务系统',
    allowList: { household_register: fieldsOf('household_register'), birth_certificate: fieldsOf('birth_certificate'), property: fieldsOf('property') },
    keyHash: sha256(OTHER_SECRET), createdAt: now,
  })
  const keys = { demo: demo.apiKey, other: `${OTHER_SYSTEM_ID}.${OTHER_SECRET}`, wrong: `${demo.apiKey.split('.')[0]}.${'w'.repeat(43)}`, none: undefined }

  const sessions = new Map<Actor, { openid: string; token: string; at: number }>()
  const must = async (r: Promise<unknown>, what: string): Promise<any> => {
    const out = (await r) as Reply
    if (!out.ok) throw new Error(`world setup: ${what}: ${out.error.code}`)
    return out.data
  }
  async function verify(openid: string, start: Record<string, unknown>, sessionToken?: string) {
    const started = await must(auth({ action: 'startVerification', method: 'face', ...start }, { OPENID: openid }), 'startVerification')
    simulator.report(started.verifyId, 'pass')
    return must(auth({ action: 'completeVerification', verifyId: started.verifyId, sessionToken }, { OPENID: openid }), 'completeVerification')
  }
  async function login(a: Actor) {
    const openid = `openid-${a}`
    const { name } = personOf(ID_NUMBERS[a])
    const done = await verify(openid, { purpose: 'login', name, idNumber: ID_NUMBERS[a] })
    sessions.set(a, { openid, token: done.sessionToken, at: now })
  }
  /** Sessions are not what this model tests: one older than its lifetime is renewed before the call. */
  async function session(a: Actor) {
    const s = sessions.get(a)
    if (!s || now - s.at >= TIMES.sessionTtlMs - MIN) await login(a)
    return sessions.get(a)!
  }

  for (const a of ACTORS) await login(a)
  // Both parents link the child through the birth certificate (SPEC §3), so either may sign it.
  for (const a of ['mum', 'dad'] as const) {
    const s = sessions.get(a)!
    const claimed = await must(space({ action: 'claim', sessionToken: s.token, type: 'birth_certificate' }, { OPENID: s.openid }), `${a} claim`)
    await must(space({ action: 'linkChild', sessionToken: s.token, birthCertificateId: claimed.claimed[0].credentialId, childIdNumber: ID_NUMBERS.kid }, { OPENID: s.openid }), `${a} linkChild`)
  }

  return {
    kind,
    deps,
    now: () => now,
    advance: (ms) => void (now += ms),
    identityOf: (a) => deps.cipher.keyedHash(ID_NUMBERS[a]),
    async consent(a, event) {
      const s = await session(a)
      return (await consentFn({ ...event, sessionToken: s.token }, { OPENID: s.openid })) as Reply
    },
    async reverify(a) {
      const s = await session(a)
      await verify(s.openid, { purpose: 'reverify', sessionToken: s.token }, s.token)
    },
    async biz(key, event) {
      const out = await bizFn(event, { authorization: keys[key] ? `Bearer ${keys[key]}` : undefined })
      return out as { status: number; body: Reply }
    },
    ledgerKey: { keyName: deps.ledgerKey.keyName, origin: deps.ledgerKey.origin, publicKey: publicKeyOf(secretKey) },
    snapshot() {
      const out: Record<string, string> = {}
      if (sqlite) {
        const tables = sqlite.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
        for (const t of tables.filter((x) => !COUNTED_ELSEWHERE.test(x))) out[t] = JSON.stringify((sqlite.db.prepare(`SELECT * FROM "${t}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort())
      } else {
        for (const [name, docs] of doc!.collections) {
          if (!COUNTED_ELSEWHERE.test(name)) out[name] = JSON.stringify([...docs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
        }
      }
      return out
    },
    close: () => sqlite?.close(),
  }
}
