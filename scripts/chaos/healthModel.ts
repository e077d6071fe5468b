import fc from 'fast-check'
import { createCloudBaseHealthStores, createCloudBaseStores } from '../../cloudfunctions/adapters/cloudbase'
import { createFieldCipher } from '../../cloudfunctions/adapters/crypto/fieldCipher'
import { createFixtureRegistry, fixturePath, loadFixture } from '../../cloudfunctions/adapters/registry-sim/fixtureRegistry'
import { openSqliteStores, sqliteHealthStores } from '../../cloudfunctions/adapters/sqlite'
import { declarantKeyMaterial } from '../../cloudfunctions/domain/health/documents'
import { checkDigit } from '../../cloudfunctions/domain/idNumber'
import { maskName } from '../../cloudfunctions/domain/mask'
import { createHealthHandler, type HealthHandler } from '../../cloudfunctions/functions/health/handler'
import type { HealthDeps } from '../../cloudfunctions/services/health'
import { sessionIdOf } from '../../cloudfunctions/services/sessionId'
import { HEALTH_ERROR_TEXT } from '../../cloudfunctions/domain/health/errors'
import type { DocType, HealthAction, HealthData } from '../../types/health'
import { FakeDocDb } from '../../test/contract/fakeDocDb'

/**
 * A model-based test of the health proxy binding: random short sequences of joins (self
 * or as proxy, the true name or a wrong one, a mainland ID the registry holds, one it does not, a
 * permit), 删除申报人, filing, reading the form, locking the day, 退出组织, export and the collector's
 * name resolution, by random actors (members, proxies, strangers, another org's collector) across
 * two orgs, run through the health function's handler over SQLite or CloudBase (the in-memory DocDb).
 *
 * After every step: the reply is the one the model predicts (the model knows the rules, and never
 * lets a refusal depend on a stored name); at most two live proxies per declarant, the same in the
 * slot store and in the bindings; a refused step wrote nothing; no step changed another org's rows;
 * every workbench shows exactly the model's members by the names the model says that org knows, and
 * every filer's list the names that filer gave; a refusal that does not depend on the name is the
 * same, byte for byte, for the true name and a wrong one.
 */

// ---------------------------------------------------------------- the world

const idFor = (n: number, birth: string) => {
  const first17 = `440106${birth}${String(n % 1000).padStart(3, '0')}`
  return first17 + checkDigit(first17)
}

/** Who acts. TB is the other org's collector and a stranger to the family. */
export const ACTORS = {
  TA: { name: '黄老师', idNumber: idFor(900, '19800101') }, // collector of org A (the school)
  TB: { name: '王磊', idNumber: '430102198510020357' }, // collector of org B, a stranger to the family
  M: { name: '黄丽娟', idNumber: '441303199108150641' }, // the mother (registry)
  F: { name: '刘洋', idNumber: '441303199005300715' }, // the father (registry)
  S: { name: '赵敏', idNumber: idFor(7, '19850612') }, // a stranger
  K1: { name: '刘一诺', idNumber: '441303202002110224' }, // declarant D1 herself (registry)
  K2: { name: '陈思琪', idNumber: idFor(617, '20080101') }, // declarant D2 herself (not in the registry)
} as const
export type Actor = keyof typeof ACTORS
const ACTOR_NAMES = Object.keys(ACTORS) as Actor[]

/** Whom they file for: a mainland ID the registry holds, one it does not, a permit nobody can check. */
export const DECLARANTS = {
  D1: { docType: 'mainland_id' as DocType, docNumber: ACTORS.K1.idNumber, identity: ACTORS.K1.idNumber, name: '刘一诺', wrong: '刘假名', self: 'K1' as Actor | null, registry: true },
  D2: { docType: 'mainland_id' as DocType, docNumber: ACTORS.K2.idNumber, identity: ACTORS.K2.idNumber, name: '陈思琪', wrong: '陈思奇', self: 'K2' as Actor | null, registry: false },
  D3: { docType: 'hk_macau_permit' as DocType, docNumber: 'H1234567800', identity: 'H12345678', name: '陈晓明', wrong: '陈晓名', self: null, registry: false },
}
export type Decl = keyof typeof DECLARANTS
const DECL_NAMES = Object.keys(DECLARANTS) as Decl[]
export type OrgKey = 'A' | 'B'
const COLLECTOR: Record<OrgKey, Actor> = { A: 'TA', B: 'TB' }
const JOB_IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']
const START = Date.parse('2026-11-22T08:00:00+08:00')
const TODAY = '2026-11-22'

type Reply = { ok: true; data: any } | { ok: false; error: { code: string; message: string; hint: string } }
type Snapshot = Record<string, Array<Record<string, unknown>>>

export interface World {
  kind: 'sqlite' | 'cloudbase'
  call(actor: Actor, action: HealthAction, rest?: Record<string, unknown>): Promise<Reply>
  orgId: Record<OrgKey, string>
  declId: Record<Decl, string>
  deps: HealthDeps
  snapshot(): Snapshot
  advance(): void
  close(): void
}

const HEALTH_TABLES = [
  'health_orgs', 'health_declarants', 'health_memberships', 'health_bindings', 'health_reach', 'health_proxy_holders', 'health_proxy_slots',
  'health_submissions', 'health_day_entries', 'health_day_locks', 'health_day_reminders', 'health_export_jobs',
]

export async function makeWorld(kind: 'sqlite' | 'cloudbase'): Promise<World> {
  let now = START
  let seq = 0
  const clock = { now: () => now }
  const cipher = createFieldCipher({ fieldKey: Buffer.alloc(32, 7), hashKey: Buffer.alloc(32, 9) })
  const sqlite = kind === 'sqlite' ? openSqliteStores(':memory:') : null
  const docDb = kind === 'cloudbase' ? new FakeDocDb() : null
  const stores = sqlite ?? createCloudBaseStores(docDb!)
  const health = sqlite ? sqliteHealthStores(sqlite.db) : createCloudBaseHealthStores(docDb!)
  const files = new Map<string, Uint8Array>()
  const deps: HealthDeps = {
    stores, clock, cipher,
    ids: { id: () => `id${++seq}`, secret: () => `secret${++seq}`.padEnd(24, 'x') },
    verifier: null as never,
    config: { verifyWindowMs: 300_000, sessionTtlMs: 72 * 3600_000, verifyIdTtlMs: 300_000 },
    health,
    notifier: { subscribeTemplateId: null, remind: async () => 'sent', inbox: async () => [] },
    inviteKey: new Uint8Array(32).fill(3),
    files: {
      put: async (_n, bytes) => {
        const fileId = `f${files.size}`
        files.set(fileId, bytes)
        return { fileId }
      },
      link: async (fileId) => `/files/${fileId}`,
    },
    registry: createFixtureRegistry(loadFixture(fixturePath(undefined))),
  }
  const handler: HealthHandler = createHealthHandler(deps)
  const tokens = {} as Record<Actor, string>
  for (const a of ACTOR_NAMES) {
    const { name, idNumber } = ACTORS[a]
    const identity = await stores.identities.ensure({
      id: cipher.keyedHash(idNumber), nameCipher: cipher.encrypt(name), idNumberCipher: cipher.encrypt(idNumber),
      currentSessionId: null, createdAt: now, updatedAt: now,
    })
    tokens[a] = `token-${a}-`.padEnd(43, 'x')
    const sid = sessionIdOf(tokens[a])
    await stores.sessions.create({ id: sid, openid: `openid-${a}`, identityId: identity.id, createdAt: now, verifiedAt: now, lastSeenAt: now, endedAt: null })
    await stores.identities.setCurrentSession(identity.id, sid, now)
  }
  const call = async (actor: Actor, action: HealthAction, rest: Record<string, unknown> = {}) =>
    (await handler({ action, sessionToken: tokens[actor], ...rest }, { OPENID: `openid-${actor}` })) as Reply
  const orgId = {} as Record<OrgKey, string>
  for (const o of ['A', 'B'] as const) {
    const r = await call(COLLECTOR[o], 'createOrg', { name: o === 'A' ? '三年级二班' : '王家自建群', deadline: '23:59', frequency: 'daily' })
    if (!r.ok) throw new Error(`setup: ${r.error.code}`)
    orgId[o] = r.data.org.orgId
  }
  const declId = Object.fromEntries(DECL_NAMES.map((d) => [d, cipher.keyedHash(declarantKeyMaterial(DECLARANTS[d]))])) as Record<Decl, string>

  const snapshot = (): Snapshot => {
    const out: Snapshot = {}
    if (sqlite) {
      const tables = new Set((sqlite.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name))
      for (const t of HEALTH_TABLES) if (tables.has(t)) out[t] = sqlite.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all() as Array<Record<string, unknown>>
    } else {
      for (const t of HEALTH_TABLES) {
        const docs = docDb!.collections.get(t)
        out[t] = docs ? [...docs.values()].map(({ _id, ...rest }) => ({ id: _id, ...rest })).sort((a, b) => (a.id < b.id ? -1 : 1)) : []
      }
    }
    return out
  }
  return {
    kind, call, orgId, declId, deps, snapshot,
    advance: () => void (now += 1000),
    close: () => sqlite?.close(),
  }
}

/** The rows that belong to one org: the org, its memberships, submissions, day entries, locks, reminders, export jobs. */
export function rowsOf(s: Snapshot, orgId: string): string {
  const mine = (t: string, r: Record<string, unknown>) => (t === 'health_orgs' ? r.id === orgId : r.orgId === orgId)
  return JSON.stringify(Object.entries(s).map(([t, rows]) => [t, rows.filter((r) => mine(t, r))]))
}

// ---------------------------------------------------------------- the model

interface MBinding { relation: 'self' | 'proxy'; active: boolean; name: string }
interface MMember { active: boolean; name: string; verified: boolean; alt: string | null }
export interface Model {
  bindings: Map<string, MBinding>
  holders: Map<Decl, Set<Actor>>
  members: Map<string, MMember>
  /** `actor|org|decl`: a proxy joined the declarant through that org's card, so may act for them there. */
  reach: Set<string>
  locked: Set<OrgKey>
  jobs: Map<string, OrgKey>
  /** Steps that succeeded and were refused, to see the walk did real work. */
  tally: { ok: number; refused: number; codes: Record<string, number> }
}
const bKey = (a: Actor, d: Decl) => `${a}|${d}`
const mKey = (o: OrgKey, d: Decl) => `${o}|${d}`
const rKey = (a: Actor, o: OrgKey, d: Decl) => `${a}|${o}|${d}`
/** A live binding that reaches the org: one's own (本人) everywhere, a proxy's where they joined through the card. */
const reaches = (m: Model, a: Actor, o: OrgKey, d: Decl) => {
  const b = m.bindings.get(bKey(a, d))
  return b?.active === true && (b.relation === 'self' || m.reach.has(rKey(a, o, d)))
}
export const newModel = (): Model => ({ bindings: new Map(), holders: new Map(), members: new Map(), reach: new Set(), locked: new Set(), jobs: new Map(), tally: { ok: 0, refused: 0, codes: {} } })

function fail(msg: string): never {
  throw new Error(msg)
}
const show = (r: Reply) => (r.ok ? 'ok' : r.error.code)

function expectReply(r: Reply, expected: string, step: string) {
  if (show(r) !== expected) fail(`[model] ${step}: expected ${expected}, got ${show(r)}${r.ok ? '' : ` (${r.error.message})`}`)
}

/** Shared by every command: snapshot, run, compare with the model, check the invariants. */
async function step(m: Model, w: World, label: string, org: OrgKey | null, expected: string, run: () => Promise<Reply>, apply: () => void) {
  w.advance()
  const before = w.snapshot()
  const r = await run()
  expectReply(r, expected, label)
  const after = w.snapshot()
  if (!r.ok) {
    m.tally.refused++
    m.tally.codes[r.error.code] = (m.tally.codes[r.error.code] ?? 0) + 1
    // A refused step writes nothing.
    if (JSON.stringify(before) !== JSON.stringify(after)) fail(`[invariant: a refused step writes nothing] ${label} refused with ${r.error.code} but changed the database`)
    // A refusal's words are the code's own: nothing in them is drawn from stored data.
    const text = HEALTH_ERROR_TEXT[r.error.code as keyof typeof HEALTH_ERROR_TEXT]
    if (text && r.error.code !== 'DECLARANT_MISMATCH' && (r.error.message !== text.message || r.error.hint !== text.hint)) {
      fail(`[invariant: refusals reveal nothing] ${label}: ${r.error.code} carries words of its own`)
    }
  } else {
    m.tally.ok++
    apply()
  }
  // Nobody's action changes another org's rows.
  if (org !== null) {
    const other = org === 'A' ? 'B' : 'A'
    if (rowsOf(before, w.orgId[other]) !== rowsOf(after, w.orgId[other])) fail(`[invariant: no cross-org write] ${label} changed org ${other}'s rows`)
  }
  await checkInvariants(m, w, label)
}

async function checkInvariants(m: Model, w: World, label: string) {
  // At most two live proxies per declarant, and the slot store agrees with the bindings.
  for (const d of DECL_NAMES) {
    const holders = (await w.deps.health.proxySlots.holders(w.declId[d])).slice().sort()
    const live = (await w.deps.health.bindings.listByDeclarant(w.declId[d])).filter((b) => b.state === 'active' && b.relation === 'proxy')
    if (holders.length > 2 || live.length > 2) fail(`[invariant: at most 2 proxies] after ${label}: ${d} has ${holders.length} slot holders, ${live.length} live proxies`)
    const expected = [...(m.holders.get(d) ?? [])].map((a) => w.deps.cipher.keyedHash(ACTORS[a].idNumber)).sort()
    if (JSON.stringify(holders) !== JSON.stringify(expected)) fail(`[invariant: proxy slots] after ${label}: ${d} slots differ from the model`)
    if (JSON.stringify(live.map((b) => b.filerIdentityId).sort()) !== JSON.stringify(expected)) fail(`[invariant: proxy slots] after ${label}: ${d} live proxies differ from the slots`)
  }
  // Every workbench shows the model's members by the names that org knows; a stranger's join elsewhere changes none of it.
  for (const o of ['A', 'B'] as const) {
    const r = await w.call(COLLECTOR[o], 'workbenchDay', { orgId: w.orgId[o], day: TODAY, limit: 200 })
    if (!r.ok) fail(`workbench ${o}: ${r.error.code}`)
    const seen = (r.data as HealthData['workbenchDay']).rows.map((x) => `${x.declarantId}:${x.name}:${x.maskedName}:${x.nameConflict}:${x.otherName}`).sort()
    const want = DECL_NAMES.flatMap((d) => {
      const mm = m.members.get(mKey(o, d))
      return mm?.active ? [`${w.declId[d]}:${mm.name}:${maskName(mm.name)}:${mm.alt !== null}:${mm.alt}`] : []
    }).sort()
    if (JSON.stringify(seen) !== JSON.stringify(want)) fail(`[invariant: the workbench shows the name this org knows] after ${label}, org ${o}:\n  seen ${JSON.stringify(seen)}\n  want ${JSON.stringify(want)}`)
  }
  // Every filer's list shows the declarants bound to them, by the name they gave.
  for (const a of ACTOR_NAMES) {
    const r = await w.call(a, 'myDeclarants')
    if (!r.ok) fail(`myDeclarants ${a}: ${r.error.code}`)
    const orgName = (id: string) => (id === w.orgId.A ? 'A' : 'B')
    const seen = (r.data as HealthData['myDeclarants']).items.map((x) => `${x.declarantId}:${x.maskedName}:${x.orgs.map((o) => orgName(o.orgId)).sort().join('+')}`).sort()
    const want = DECL_NAMES.flatMap((d) => {
      const b = m.bindings.get(bKey(a, d))
      const orgs = (['A', 'B'] as const).filter((o) => m.members.get(mKey(o, d))?.active && reaches(m, a, o, d))
      return b?.active ? [`${w.declId[d]}:${maskName(b.name)}:${orgs.join('+')}`] : []
    }).sort()
    if (JSON.stringify(seen) !== JSON.stringify(want)) fail(`[invariant: a filer's list shows the name they gave, in the orgs they reach] after ${label}, ${a}:\n  seen ${JSON.stringify(seen)}\n  want ${JSON.stringify(want)}`)
  }
}

// ---------------------------------------------------------------- commands

type Cmd = fc.AsyncCommand<Model, World>

class Join implements Cmd {
  constructor(readonly actor: Actor, readonly org: OrgKey, readonly decl: Decl, readonly as: 'self' | 'proxy', readonly trueName: boolean) {}
  check = () => true
  toString = () => `join(${this.actor} → ${this.org}, ${this.decl}, ${this.as}, ${this.trueName ? 'true name' : 'wrong name'})`
  private typed = () => (this.trueName ? DECLARANTS[this.decl].name : DECLARANTS[this.decl].wrong)
  private event(name: string) {
    const d = DECLARANTS[this.decl]
    return this.as === 'self' ? { as: 'self' } : { as: 'proxy', declarant: { name, docType: d.docType, docNumber: d.docNumber } }
  }
  /** What the rules say, from the typed input, the registry and the slots only: never a stored name. */
  private predict(m: Model, name: string): { code: string; verified: boolean; finalName: string } {
    const d = DECLARANTS[this.decl]
    const own = d.self === this.actor
    let verified = false
    let finalName = name
    if (own) {
      if (this.as === 'proxy' && name !== d.name) return { code: 'DECLARANT_MISMATCH', verified, finalName }
      verified = true
      finalName = d.name
    } else if (d.registry) {
      if (name !== d.name) return { code: 'DECLARANT_MISMATCH', verified, finalName }
      verified = true
    }
    if (!own) {
      const h = m.holders.get(this.decl) ?? new Set()
      if (!h.has(this.actor) && h.size >= 2) return { code: 'PROXY_LIMIT', verified, finalName }
    }
    return { code: 'ok', verified, finalName }
  }
  async run(m: Model, w: World) {
    const name = this.as === 'self' ? DECLARANTS[this.decl].name : this.typed()
    const p = this.predict(m, name)
    const join = async (event: object) => {
      const card = await w.call(COLLECTOR[this.org], 'issueInvite', { orgId: w.orgId[this.org] })
      if (!card.ok) fail(`issueInvite: ${card.error.code}`)
      return w.call(this.actor, 'joinByInvite', { ticket: card.data.ticket, join: event })
    }
    let refusal: Reply | null = null
    await step(m, w, this.toString(), this.org, p.code, async () => (refusal = await join(this.event(name))), () => this.apply(m, p))
    // A refusal that the rules give whatever the name (the proxy limit) must not differ with the name.
    const twinName = this.trueName ? DECLARANTS[this.decl].wrong : DECLARANTS[this.decl].name
    if (refusal && this.as === 'proxy' && p.code !== 'ok' && this.predict(m, twinName).code === p.code) {
      w.advance()
      const before = w.snapshot()
      const twin = await join(this.event(twinName))
      if (JSON.stringify(twin) !== JSON.stringify(refusal)) {
        fail(`[invariant: no refusal reveals a stored name] ${this} got ${JSON.stringify(refusal)}, the other name got ${JSON.stringify(twin)}`)
      }
      if (JSON.stringify(before) !== JSON.stringify(w.snapshot())) fail(`[invariant: a refused step writes nothing] twin of ${this}`)
    }
  }
  private apply(m: Model, p: { verified: boolean; finalName: string }) {
    const own = DECLARANTS[this.decl].self === this.actor
    const relation = own ? 'self' : 'proxy'
    if (relation === 'proxy') {
      const h = m.holders.get(this.decl) ?? new Set<Actor>()
      h.add(this.actor)
      m.holders.set(this.decl, h)
    }
    m.bindings.set(bKey(this.actor, this.decl), { relation, active: true, name: p.finalName })
    m.reach.add(rKey(this.actor, this.org, this.decl))
    const key = mKey(this.org, this.decl)
    const mm = m.members.get(key)
    if (!mm) return void m.members.set(key, { active: true, name: p.finalName, verified: p.verified, alt: null })
    mm.active = true
    if (p.verified) Object.assign(mm, { name: p.finalName, verified: true, alt: null })
    else if (!mm.verified && mm.name !== p.finalName && mm.alt !== p.finalName) mm.alt = p.finalName
  }
}

class Remove implements Cmd {
  constructor(readonly actor: Actor, readonly decl: Decl) {}
  check = () => true
  toString = () => `remove(${this.actor}, ${this.decl})`
  async run(m: Model, w: World) {
    const b = m.bindings.get(bKey(this.actor, this.decl))
    await step(m, w, this.toString(), null, b?.active ? 'ok' : 'NOT_BOUND', () => w.call(this.actor, 'removeDeclarant', { declarantId: w.declId[this.decl] }), () => {
      b!.active = false
      m.holders.get(this.decl)?.delete(this.actor)
    })
  }
}

/** Who may file or read: that org's collector for a member, or a filer whose binding is live, for a member. */
function access(m: Model, actor: Actor, org: OrgKey, decl: Decl): 'collector' | 'filer' | string {
  const member = m.members.get(mKey(org, decl))?.active
  if (COLLECTOR[org] === actor) return member ? 'collector' : 'NOT_A_MEMBER'
  if (!reaches(m, actor, org, decl)) return 'NOT_BOUND'
  return member ? 'filer' : 'NOT_A_MEMBER'
}

class File implements Cmd {
  constructor(readonly actor: Actor, readonly org: OrgKey, readonly decl: Decl) {}
  check = () => true
  toString = () => `file(${this.actor}, ${this.org}, ${this.decl})`
  async run(m: Model, w: World) {
    const who = access(m, this.actor, this.org, this.decl)
    const expected = who === 'collector' ? 'ok' : who === 'filer' ? (m.locked.has(this.org) ? 'DAY_LOCKED' : 'ok') : who
    const form = { phone: '13800138000', currentLocation: '广州市天河区', temperature: 36.5, symptoms: [], riskContact: false, riskAreaTravel: false, healthCodeColour: 'green', isolation: 'none' }
    const clientId = `00000000-0000-4000-8000-${String(w.deps.clock.now()).slice(-12)}`
    await step(m, w, this.toString(), this.org, expected, () => w.call(this.actor, 'submitDeclaration', { orgId: w.orgId[this.org], declarantId: w.declId[this.decl], day: 'today', clientId, form }), () => undefined)
  }
}

class Read implements Cmd {
  constructor(readonly actor: Actor, readonly org: OrgKey, readonly decl: Decl) {}
  check = () => true
  toString = () => `read(${this.actor}, ${this.org}, ${this.decl})`
  async run(m: Model, w: World) {
    const who = access(m, this.actor, this.org, this.decl)
    let r: Reply | null = null
    await step(m, w, this.toString(), this.org, who === 'collector' || who === 'filer' ? 'ok' : who, async () => (r = await w.call(this.actor, 'formContext', { orgId: w.orgId[this.org], declarantId: w.declId[this.decl] })), () => undefined)
    const got = r as Reply | null
    if (got?.ok) {
      const name = who === 'collector' ? m.members.get(mKey(this.org, this.decl))!.name : m.bindings.get(bKey(this.actor, this.decl))!.name
      if (got.data.declarant.maskedName !== maskName(name)) fail(`[invariant: each reader sees their own name for the declarant] ${this}: ${got.data.declarant.maskedName} ≠ ${maskName(name)}`)
    }
  }
}

class Lock implements Cmd {
  constructor(readonly actor: Actor, readonly org: OrgKey) {}
  check = () => true
  toString = () => `lock(${this.actor}, ${this.org})`
  async run(m: Model, w: World) {
    await step(m, w, this.toString(), this.org, COLLECTOR[this.org] === this.actor ? 'ok' : 'NOT_COLLECTOR', () => w.call(this.actor, 'lockDay', { orgId: w.orgId[this.org], day: TODAY }), () => void m.locked.add(this.org))
  }
}

class Leave implements Cmd {
  constructor(readonly actor: Actor, readonly org: OrgKey, readonly decl: Decl) {}
  check = () => true
  toString = () => `leave(${this.actor}, ${this.org}, ${this.decl})`
  async run(m: Model, w: World) {
    const bound = reaches(m, this.actor, this.org, this.decl)
    const mm = m.members.get(mKey(this.org, this.decl))
    const expected = !bound ? 'NOT_BOUND' : mm?.active ? 'ok' : 'NOT_A_MEMBER'
    await step(m, w, this.toString(), this.org, expected, () => w.call(this.actor, 'leaveOrgFor', { orgId: w.orgId[this.org], declarantId: w.declId[this.decl] }), () => void (mm!.active = false))
  }
}

class Export implements Cmd {
  constructor(readonly actor: Actor, readonly org: OrgKey, readonly job: number) {}
  check = () => true
  toString = () => `export(${this.actor}, ${this.org}, job ${this.job})`
  async run(m: Model, w: World) {
    const jobId = JOB_IDS[this.job]
    const owner = m.jobs.get(jobId)
    const expected = COLLECTOR[this.org] !== this.actor ? 'NOT_COLLECTOR' : owner !== undefined && owner !== this.org ? 'EXPORT_JOB_TAKEN' : 'ok'
    await step(m, w, this.toString(), this.org, expected, () => w.call(this.actor, 'export', { orgId: w.orgId[this.org], range: { from: TODAY, to: TODAY }, jobId }), () => void m.jobs.set(jobId, this.org))
  }
}

class Resolve implements Cmd {
  constructor(readonly actor: Actor, readonly org: OrgKey, readonly decl: Decl, readonly keep: 'current' | 'other') {}
  check = () => true
  toString = () => `resolve(${this.actor}, ${this.org}, ${this.decl}, ${this.keep})`
  async run(m: Model, w: World) {
    const mm = m.members.get(mKey(this.org, this.decl))
    const expected = COLLECTOR[this.org] !== this.actor ? 'NOT_COLLECTOR' : !mm?.active ? 'NOT_A_MEMBER' : mm.alt === null ? 'BAD_REQUEST' : 'ok'
    await step(m, w, this.toString(), this.org, expected, () => w.call(this.actor, 'resolveName', { orgId: w.orgId[this.org], day: TODAY, declarantId: w.declId[this.decl], keep: this.keep }), () => {
      if (this.keep === 'other') mm!.name = mm!.alt!
      mm!.alt = null
    })
  }
}

const actor = fc.constantFrom(...ACTOR_NAMES)
const org = fc.constantFrom<OrgKey>('A', 'B')
const decl = fc.constantFrom(...DECL_NAMES)
const collectorish = fc.constantFrom<Actor>('TA', 'TA', 'TB', 'M')

const proxyJoin = fc.tuple(actor, org, decl, fc.boolean()).map(([a, o, d, t]) => new Join(a, o, d, 'proxy', t))
export const commands = [
  // Joins weigh most: they are where names and slots are decided.
  proxyJoin, proxyJoin, proxyJoin, proxyJoin,
  fc.tuple(fc.constantFrom<Decl>('D1', 'D2'), org).map(([d, o]) => new Join(DECLARANTS[d].self!, o, d, 'self', true)),
  fc.tuple(actor, decl).map(([a, d]) => new Remove(a, d)),
  fc.tuple(actor, org, decl).map(([a, o, d]) => new File(a, o, d)),
  fc.tuple(actor, org, decl).map(([a, o, d]) => new Read(a, o, d)),
  fc.tuple(collectorish, org).map(([a, o]) => new Lock(a, o)),
  fc.tuple(actor, org, decl).map(([a, o, d]) => new Leave(a, o, d)),
  fc.tuple(collectorish, org, fc.integer({ min: 0, max: 1 })).map(([a, o, j]) => new Export(a, o, j)),
  fc.tuple(collectorish, org, decl, fc.constantFrom<'current' | 'other'>('current', 'other')).map(([a, o, d, k]) => new Resolve(a, o, d, k)),
]

export interface ModelRun {
  kind: 'sqlite' | 'cloudbase'
  numRuns: number
  seed: number
  maxCommands?: number
}

/** Runs the walk; throws fast-check's report (seed, path, the shrunk sequence) on the first broken invariant. */
export async function runHealthModel(o: ModelRun): Promise<{ steps: number; ok: number; refused: number; codes: Record<string, number> }> {
  const total = { steps: 0, ok: 0, refused: 0, codes: {} as Record<string, number> }
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: o.maxCommands ?? 24, size: 'max' }), async (cmds) => {
      const world = await makeWorld(o.kind)
      const model = newModel()
      try {
        await fc.asyncModelRun(() => ({ model, real: world }), cmds)
      } finally {
        world.close()
        total.steps += model.tally.ok + model.tally.refused
        total.ok += model.tally.ok
        total.refused += model.tally.refused
        for (const [k, v] of Object.entries(model.tally.codes)) total.codes[k] = (total.codes[k] ?? 0) + v
      }
    }),
    { seed: o.seed, numRuns: o.numRuns },
  )
  return total
}
