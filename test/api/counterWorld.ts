import { createHash, randomBytes } from 'node:crypto'
import { createCloudBaseConsentStores, createCloudBaseCounterStores, createCloudBaseStores } from '../../cloudfunctions/adapters/cloudbase'
import { createFieldCipher } from '../../cloudfunctions/adapters/crypto/fieldCipher'
import { SimulatedFaceVerifier } from '../../cloudfunctions/adapters/face-sim/simulatedVerifier'
import { createFixtureRegistry } from '../../cloudfunctions/adapters/registry-sim/fixtureRegistry'
import { openSqliteStores, sqliteConsentStores, sqliteCounterStores } from '../../cloudfunctions/adapters/sqlite'
import { decodeLeaf } from '../../cloudfunctions/domain/ledger/leaf'
import { createAuthHandler } from '../../cloudfunctions/functions/auth/handler'
import { createCounterHandler, createDeskHandler } from '../../cloudfunctions/functions/counter/handler'
import { createSpaceHandler } from '../../cloudfunctions/functions/space/handler'
import type { AccessEvent } from '../../cloudfunctions/ports/spaceStores'
import type { CounterDeps } from '../../cloudfunctions/services/counter/counterDeps'
import { DESK_SESSION_MS } from '../../cloudfunctions/services/counter/desk'
import { FakeDocDb } from '../contract/fakeDocDb'
import { fixture, personOf } from '../helpers/cloudClient'

/**
 * A counter world for service-level tests and the counter's model-based test: the counter's
 * services behind their real handlers (the holder's `counter` function, the workstation's desk
 * API), over in-memory SQLite or the CloudBase adapter on its in-memory document database, with
 * a clock the test moves. Three people log in through the simulated camera (two hold credentials,
 * one is a stranger to both); two counters, each with one signed-in operator.
 */
export type StoreKind = 'sqlite' | 'cloudbase'
export const STORE_KINDS: StoreKind[] = ['sqlite', 'cloudbase']

/** F14's mother and father and F13's mother of the default fixture. */
export const PEOPLE = { mum: '441302198512241085', dad: '441302198308010976', sq: '440106199205132047' } as const
export type PersonKey = keyof typeof PEOPLE

export const COUNTERS = {
  A: { id: 'model-counter-a', name: '模型测试窗口甲', matterIds: ['enrol-review', 'household-settle'], operator: { id: 'opa01', name: '甲**' } },
  B: { id: 'model-counter-b', name: '模型测试窗口乙', matterIds: ['household-settle'], operator: { id: 'opb01', name: '乙**' } },
} as const
export type CounterKey = keyof typeof COUNTERS

/** Tables (SQLite) and collections (CloudBase) share their names. */
// witness_checkpoints: the local witness cosigns each ledger batch, so it moves with the ledger.
const LEDGER_TABLES = new Set(['ledger_head', 'ledger_entries', 'ledger_nodes', 'ledger_checkpoint', 'ledger_pending', 'ledger_lease', 'ledger_batches', 'witness_checkpoints'])

export interface Person {
  key: PersonKey
  openid: string
  token: string
  identityId: string
  idNumber: string
  name: string
}

type Json = any

/** A row without its lastSeenAt (see snapshot). */
const unseen = (row: unknown): unknown => (row && typeof row === 'object' && 'lastSeenAt' in row ? { ...(row as object), lastSeenAt: null } : row)

export async function makeCounterWorld(kind: StoreKind, opts: { start?: number } = {}) {
  let now = opts.start ?? Date.UTC(2026, 10, 22, 2, 0)
  let n = 0
  const clock = { now: () => now }
  const cipher = createFieldCipher({ fieldKey: randomBytes(32), hashKey: randomBytes(32) })
  const simulator = new SimulatedFaceVerifier(clock, 3_600_000)
  let sqlite: ReturnType<typeof openSqliteStores> | null = null
  let doc: FakeDocDb | null = null
  const storePart = (() => {
    if (kind === 'sqlite') {
      sqlite = openSqliteStores(':memory:')
      return { stores: sqlite, consent: sqliteConsentStores(sqlite.db), counter: sqliteCounterStores(sqlite.db) }
    }
    doc = new FakeDocDb()
    return { stores: createCloudBaseStores(doc), consent: createCloudBaseConsentStores(doc), counter: createCloudBaseCounterStores(doc) }
  })()
  const deps: CounterDeps = {
    ...storePart,
    clock,
    ids: { id: () => `id${String(++n).padStart(10, '0')}`, secret: () => randomBytes(32).toString('base64url') },
    cipher,
    verifier: simulator,
    // Sessions outlive the longest delegation (7 days) so the clock can jump; the fresh check is 5 minutes as deployed.
    config: { verifyWindowMs: 300_000, sessionTtlMs: 30 * 24 * 3_600_000, verifyIdTtlMs: 3_600_000 },
    registry: createFixtureRegistry(fixture),
    pdf: { render: async () => new Uint8Array([37, 80, 68, 70]) },
    ledgerKey: { secretKey: new Uint8Array(randomBytes(32)), keyName: 'model.test', origin: 'model.test/ledger' },
    consentConfig: { requestTtlMs: 7 * 24 * 3_600_000, appBaseUrl: null },
  }
  const auth = createAuthHandler(deps)
  const space = createSpaceHandler(deps)
  const holderCall = createCounterHandler(deps)
  const deskCall = createDeskHandler(deps)

  async function verify(openid: string, start: Record<string, unknown>, sessionToken?: string): Promise<Json> {
    const started: Json = await auth({ action: 'startVerification', method: 'face', ...start }, { OPENID: openid })
    if (!started.ok) throw new Error(`startVerification: ${started.error.code}`)
    simulator.report(started.data.verifyId, 'pass')
    const done: Json = await auth({ action: 'completeVerification', verifyId: started.data.verifyId, sessionToken }, { OPENID: openid })
    if (!done.ok) throw new Error(`completeVerification: ${done.error.code}`)
    return done.data
  }

  const people = {} as Record<PersonKey, Person>
  for (const key of Object.keys(PEOPLE) as PersonKey[]) {
    const idNumber = PEOPLE[key]
    const openid = `o-model-${key}`
    const { name } = personOf(idNumber)
    const done = await verify(openid, { purpose: 'login', name, idNumber })
    people[key] = { key, openid, token: done.sessionToken, identityId: cipher.keyedHash(idNumber), idNumber, name }
  }
  // The parents claim what the registry has for them; 叶思琪 only her 户口簿 (a holder without an ID card in her space).
  for (const key of ['mum', 'dad', 'sq'] as const) {
    for (const type of key === 'sq' ? ['household_register'] : ['id_card', 'household_register', 'birth_certificate', 'property']) {
      await space({ action: 'claim', sessionToken: people[key].token, type }, { OPENID: people[key].openid })
    }
  }

  /**
   * A staff session for a counter's operator, straight into the store: sign-in's password check
   * is the auth tests' matter, and its scrypt per world would dominate the model's run time. The
   * session is as signIn makes it (9 hours, idle after 30 minutes). Every session ever opened is
   * kept by index, so a step can call with a signed-out or idle one; `currentToken` is the one
   * each counter works with.
   */
  const staffTokens: string[] = []
  const currentToken = {} as Record<CounterKey, number>
  async function openStaffSession(key: CounterKey): Promise<number> {
    const c = COUNTERS[key]
    const token = randomBytes(32).toString('base64url')
    await deps.counter.sessions.create({ id: createHash('sha256').update(token, 'utf8').digest('hex'), operatorId: c.operator.id, counterId: c.id, createdAt: now, expiresAt: now + DESK_SESSION_MS, lastSeenAt: now, endedAt: null })
    staffTokens.push(token)
    currentToken[key] = staffTokens.length - 1
    return staffTokens.length - 1
  }
  for (const key of Object.keys(COUNTERS) as CounterKey[]) {
    const c = COUNTERS[key]
    await deps.counter.counters.ensure({ id: c.id, name: c.name, matterIds: [...c.matterIds], createdAt: now })
    await deps.counter.operators.ensure({ id: c.operator.id, counterId: c.id, name: c.operator.name, passwordHash: 'x:y', createdAt: now })
    await openStaffSession(key)
  }
  /** Paired 评价器 credentials, by index (a revoked one stays, for steps that call with it). */
  const deviceCredentials: string[] = []

  /** The holder's `counter` function as the phone calls it. */
  const holder = (who: PersonKey, action: string, rest: Record<string, unknown> = {}): Promise<Json> =>
    holderCall({ action, sessionToken: people[who].token, ...rest }, { OPENID: people[who].openid })
  /** The workstation API as a counter's operator calls it, with that counter's current session. */
  const desk = (at: CounterKey, action: string, rest: Record<string, unknown> = {}): Promise<{ status: number; body: Json }> =>
    deskCall({ action, ...rest }, { authorization: `Bearer ${staffTokens[currentToken[at]]}` })
  /** The workstation API with the i-th staff session ever opened (a signed-out, idle or expired one too). */
  const deskAs = (i: number, action: string, rest: Record<string, unknown> = {}): Promise<{ status: number; body: Json }> =>
    deskCall({ action, ...rest }, { authorization: `Bearer ${staffTokens[i]}` })
  /** The 评价器 API with the j-th device credential ever paired. */
  const kioskAs = (j: number, action: string, rest: Record<string, unknown> = {}): Promise<{ status: number; body: Json }> =>
    deskCall({ action, ...rest }, { authorization: `Bearer ${deviceCredentials[j]}` })
  /** The workstation API with any Authorization header (a paired 评价器's credential, a signed-out token, none). */
  const deskWith = (authorization: string | undefined, action: string, rest: Record<string, unknown> = {}): Promise<{ status: number; body: Json }> =>
    deskCall({ action, ...rest }, { authorization })

  /** Pairs a new 评价器 with counter `at` (配对评价器, then the code on the device); returns its index for kioskAs. */
  async function pairKiosk(at: CounterKey): Promise<number> {
    const code = await desk(at, 'pairCode')
    if (!code.body.ok) throw new Error(`pairCode: ${code.body.error.code}`)
    const paired = await deskWith(undefined, 'pair', { code: code.body.data.code })
    if (!paired.body.ok) throw new Error(`pair: ${paired.body.error.code}`)
    deviceCredentials.push(paired.body.data.credential)
    return deviceCredentials.length - 1
  }

  /** A fresh face check inside the person's session (for 政务码, 确认授权, 发起委托). */
  const reverify = async (who: PersonKey) => void (await verify(people[who].openid, { purpose: 'reverify', sessionToken: people[who].token }, people[who].token))

  /**
   * Every table / collection as stored, the ledger's and the login sessions' aside (for "a refused
   * step writes nothing"). A staff session's lastSeenAt is left out too: any call that passes the
   * staff check keeps the session alive (at most once a minute), whatever the step then decides.
   */
  function snapshot(): Map<string, string> {
    const out = new Map<string, string>()
    if (sqlite) {
      const tables = sqlite.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>
      for (const { name } of tables.filter((t) => !LEDGER_TABLES.has(t.name) && t.name !== 'sessions')) out.set(name, JSON.stringify(sqlite.db.prepare(`SELECT * FROM "${name}"`).all().map((r) => JSON.stringify(unseen(r))).sort()))
    } else {
      // A collection the fake made on a first read, still empty, is no write.
      for (const [name, docs] of [...doc!.collections].filter(([n, d]) => !LEDGER_TABLES.has(n) && n !== 'sessions' && d.size > 0)) out.set(name, JSON.stringify([...docs.entries()].map(([k, v]) => [k, unseen(v)]).sort(([a], [b]) => String(a).localeCompare(String(b)))))
    }
    return out
  }

  /** The tables a step changed, ledger tables and the staff / holder session rows aside. */
  function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
    const names = new Set([...before.keys(), ...after.keys()])
    return [...names].filter((t) => !LEDGER_TABLES.has(t) && t !== 'sessions' && before.get(t) !== after.get(t)).sort()
  }

  const ledgerSize = () => deps.consent.ledger.size()
  /** The ledger's entries from `from` on, decoded (no personal data in them: pseudonyms and field-set hashes). */
  async function ledgerSince(from: number) {
    const rows = await deps.consent.ledger.entries(from, 1000)
    return rows.map((r) => decodeLeaf(r.leaf)!)
  }
  /** A person's 数字档案袋, newest first. */
  const history = (identityId: string): Promise<AccessEvent[]> => deps.stores.accessEvents.list(identityId, { offset: 0, limit: 1000 })

  return {
    kind, deps, people, holder, desk, deskAs, deskWith, kioskAs, pairKiosk, staffTokens, currentToken, deviceCredentials, openStaffSession, reverify, snapshot, changedTables, ledgerSince, ledgerSize, history,
    now: () => now,
    advance: (ms: number) => void (now += ms),
    close: () => sqlite?.close(),
  }
}

export type CounterWorld = Awaited<ReturnType<typeof makeCounterWorld>>
