import fc from 'fast-check'
import { createCloudBaseWitnessStore } from '../../cloudfunctions/adapters/cloudbase'
import { openSqliteStores, sqliteWitnessStore } from '../../cloudfunctions/adapters/sqlite'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { verifyCosignatures } from '../../cloudfunctions/domain/ledger/cosignature'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { addCheckpointBody, originHash } from '../../cloudfunctions/domain/ledger/witness'
import type { WitnessStore } from '../../cloudfunctions/ports/witnessStore'
import { addCheckpoint, type WitnessDeps } from '../../cloudfunctions/services/witness/witness'
import { LOG, tree } from '../helpers/witnessTrees'
import { FakeDocDb } from './fakeDocDb'

/**
 * The witness against a model (fast-check fc.commands + fc.asyncModelRun), over SQLite and the
 * CloudBase fake: submissions of two histories (`good`, and `fork`, which differs from index 3 on)
 * from various old sizes, one at a time or two racing. The model is tlog-witness itself: the kept
 * size and history, and what each status must be. After every step: the kept record is the model's,
 * the kept size never went back, no size was ever cosigned with two roots, every 200 carries a
 * valid cosignature. Seeded; CHAOS=1 runs more.
 */
const N = 12
const FORK_AT = 3
const good = Array.from({ length: N + 1 }, (_, n) => tree(n))
const fork = Array.from({ length: N + 1 }, (_, n) => tree(n, FORK_AT))
const WITNESS = { name: 'witness.edu.gd.gov.cn/w1', secretKey: new Uint8Array(32).fill(3) }
const KEY = { name: WITNESS.name, publicKey: toHex(publicKeyOf(WITNESS.secretKey)) }
const ID = originHash(LOG.origin)

type History = 'good' | 'fork'
interface Model { size: number; history: History | null; cosigned: Map<number, string> }
interface Real { store: WitnessStore; deps: WitnessDeps; lastSize: number }
interface Submission { n: number; history: History; old: number }

const treeOf = (s: Submission) => (s.history === 'good' ? good : fork)[s.n]
/** Does the tree (n, h) extend the kept one (size, kh)? Both histories agree below FORK_AT. */
const extendsKept = (m: Model, n: number, h: History) => m.history === null || m.size === 0 || m.size <= FORK_AT || h === m.history

/** tlog-witness's answer to one submission on the model's state, and the state after it. */
function expected(m: Model, s: Submission): { status: number; next: Model } {
  if (s.old > s.n) return { status: 400, next: m }
  if (s.old !== m.size) return { status: 409, next: m }
  if (s.old === s.n && s.old > 0) return extendsKept(m, s.n, s.history) ? { status: 200, next: m } : { status: 422, next: m }
  if (!extendsKept(m, s.n, s.history)) return { status: 422, next: m }
  return { status: 200, next: { ...m, size: s.n, history: s.n <= FORK_AT && m.history ? m.history : s.history } }
}

const submit = (r: Real, s: Submission) => {
  const t = treeOf(s)
  return addCheckpoint(r.deps, addCheckpointBody(s.old, t.proofFrom(s.old), t.note))
}

async function check(m: Model, r: Real, results: Array<{ s: Submission; status: number; body: string }>) {
  for (const { s, status, body } of results) {
    if (status !== 200) continue
    const t = treeOf(s)
    expect(verifyCosignatures(t.note + body, [KEY])).toHaveLength(1)
    const had = m.cosigned.get(s.n)
    expect(had === undefined || had === t.rootHash).toBe(true)
    m.cosigned.set(s.n, t.rootHash)
  }
  const kept = await r.store.get(ID)
  expect(kept?.size ?? 0).toBe(m.size)
  if (m.size > 0) expect(kept!.rootHash).toBe((m.history === 'good' ? good : fork)[m.size].rootHash)
  expect(kept?.size ?? 0).toBeGreaterThanOrEqual(r.lastSize)
  r.lastSize = kept?.size ?? 0
}

class Submit implements fc.AsyncCommand<Model, Real> {
  constructor(readonly s: Submission) {}
  check = () => true
  async run(m: Model, r: Real) {
    const got = await submit(r, this.s)
    const want = expected(m, this.s)
    expect(got.status).toBe(want.status)
    if (got.status === 409) expect([got.contentType, got.body]).toEqual(['text/x.tlog.size', `${m.size}\n`])
    Object.assign(m, want.next)
    await check(m, r, [{ s: this.s, status: got.status, body: got.body }])
  }
  toString = () => `submit(${this.s.history} ${this.s.n} from ${this.s.old})`
}

/** Two submissions at once: the outcome must be one of the two orders (atomic check-and-keep). */
class Race implements fc.AsyncCommand<Model, Real> {
  constructor(readonly a: Submission, readonly b: Submission) {}
  check = () => true
  async run(m: Model, r: Real) {
    const [ga, gb] = await Promise.all([submit(r, this.a), submit(r, this.b)])
    const ab = expected(m, this.a), abThen = expected(ab.next, this.b)
    const ba = expected(m, this.b), baThen = expected(ba.next, this.a)
    const got = [ga.status, gb.status]
    const order = got[0] === ab.status && got[1] === abThen.status ? abThen.next : got[0] === baThen.status && got[1] === ba.status ? baThen.next : null
    expect(order).not.toBeNull()
    Object.assign(m, order!)
    await check(m, r, [{ s: this.a, status: ga.status, body: ga.body }, { s: this.b, status: gb.status, body: gb.body }])
  }
  toString = () => `race(${this.a.history} ${this.a.n} from ${this.a.old} | ${this.b.history} ${this.b.n} from ${this.b.old})`
}

/** Old sizes that hit every branch: the kept size (most), 0, one off, and the checkpoint's own. */
const submission = fc.record({ n: fc.integer({ min: 1, max: N }), history: fc.constantFrom<History>('good', 'good', 'fork'), oldPick: fc.integer({ min: 0, max: 5 }) })
const withOld = (m: () => Model) => (x: { n: number; history: History; oldPick: number }): Submission => ({ n: x.n, history: x.history, old: [m().size, m().size, 0, m().size + 1, x.n, Math.max(0, m().size - 1)][x.oldPick] })

const STORES: Array<[string, () => { store: WitnessStore; close(): void }]> = [
  ['sqlite', () => { const b = openSqliteStores(':memory:'); return { store: sqliteWitnessStore(b.db), close: () => b.close() } }],
  ['cloudbase fake', () => ({ store: createCloudBaseWitnessStore(new FakeDocDb()), close() {} })],
]

describe.each(STORES)('witness model over %s', (_name, make) => {
  it('every step keeps the tlog-witness rules and the invariants', async () => {
    // The old size is drawn relative to the model's current state, read when the command runs.
    let current: Model = { size: 0, history: null, cosigned: new Map() }
    const pick = withOld(() => current)
    const arb = fc.commands(
      [
        submission.map((x) => new Lazy(() => new Submit(pick(x)))),
        fc.tuple(submission, submission).map(([x, y]) => new Lazy(() => new Race(pick(x), pick(y)))),
      ],
      { maxCommands: 12 },
    )
    await fc.assert(
      fc.asyncProperty(arb, async (cmds) => {
        const s = make()
        let now = 1_763_800_000_000
        const real: Real = { store: s.store, deps: { store: s.store, key: WITNESS, logs: [{ origin: LOG.origin, keyName: LOG.keyName, publicKey: publicKeyOf(LOG.secretKey) }], clock: { now: () => (now += 1000) } }, lastSize: 0 }
        current = { size: 0, history: null, cosigned: new Map() }
        try {
          await fc.asyncModelRun(() => ({ model: current, real }), cmds)
        } finally {
          s.close()
        }
      }),
      { seed: 20261207, numRuns: process.env.CHAOS === '1' ? 1000 : 150 },
    )
  }, 60_000)
})

/** A command whose old size is drawn against the model as it is when the command runs. */
class Lazy implements fc.AsyncCommand<Model, Real> {
  private made: fc.AsyncCommand<Model, Real> | null = null
  constructor(private readonly make: () => fc.AsyncCommand<Model, Real>) {}
  check = () => true
  run(m: Model, r: Real) {
    this.made = this.make()
    return this.made.run(m, r)
  }
  toString = () => this.made?.toString() ?? 'command'
}
