import fc from 'fast-check'
import type Database from 'better-sqlite3'
import { createCloudBaseConsentStores } from '../../cloudfunctions/adapters/cloudbase'
import type { DocDb } from '../../cloudfunctions/adapters/cloudbase/docDb'
import { openSqliteStores, sqliteConsentStores } from '../../cloudfunctions/adapters/sqlite'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText } from '../../cloudfunctions/domain/ledger/leaf'
import { MTH } from '../../cloudfunctions/domain/ledger/reference'
import type { ConsentStores } from '../../cloudfunctions/ports/consentStores'
import { auditLedger } from '../../cloudfunctions/services/consent/ledgerAudit'
import { FakeDocDb, throughEveryCall } from './fakeDocDb'

/**
 * An integrator killed mid-batch leaves nothing half done (the consent ledger issue): model-based,
 * fast-check `fc.commands`, seeded. Commands accept entries, integrate, integrate with a crash at a
 * random database call (before or after that call took effect), or run two integrators at once.
 * After every step: the head covers only complete entries and the audit over the store is clean;
 * no pending entry holds two indexes. At the end, after a healthy integrator drains what is
 * pending: every accepted entry is in the tree exactly once (no gap, no fork, no promise lost) and
 * the root is the reference root of the entries in log order. Over the CloudBase fake (a crash at
 * any call) and SQLite (a throw at any statement inside the batch's transaction).
 * CHAOS=1 runs many more sequences.
 */
const RUNS = process.env.CHAOS === '1' ? 1500 : 60

/**
 * A kill switch: the n-th call from now fails, before it runs or after it took effect, and so does
 * every call after it (the process is gone) until the next step disarms it.
 */
class Crash {
  private left: number | null = null
  private after = false
  private dead = false
  arm(n: number, after: boolean) { this.left = n; this.after = after }
  disarm() { this.left = null; this.dead = false }
  private fires(): boolean {
    if (this.dead) return true
    if (this.left !== null && --this.left <= 0) {
      this.left = null
      this.dead = true
      return true
    }
    return false
  }
  async call<T>(run: () => Promise<T>): Promise<T> {
    if (!this.fires()) return run()
    if (this.after) { this.after = false; await run() }
    throw new Error('integrator killed')
  }
  sync<T>(run: () => T): T {
    if (!this.fires()) return run()
    if (this.after) { this.after = false; run() }
    throw new Error('integrator killed')
  }
}

const crashingDb = (inner: FakeDocDb, crash: Crash): DocDb => throughEveryCall(inner, (run) => crash.call(run))

/** better-sqlite3 with every statement's run/get/all passed through the switch (a throw inside a transaction rolls it back). */
function crashingSqlite(db: Database.Database, crash: Crash): void {
  const prepare = db.prepare.bind(db)
  db.prepare = ((sql: string) => {
    const st = prepare(sql) as unknown as Record<'run' | 'get' | 'all', (...a: unknown[]) => unknown>
    for (const m of ['run', 'get', 'all'] as const) {
      const real = st[m].bind(st)
      st[m] = (...a: unknown[]) => crash.sync(() => real(...a))
    }
    return st
  }) as typeof db.prepare
}

interface Model { accepted: Map<string, string>; seq: number }
interface Real { stores: ConsentStores; crash: Crash }

const leaf = (n: number) => encodeLeaf({ v: 1, consent: `c${n}`, action: 'grant', fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1_790_000_000_000 + n })

async function invariants(r: Real) {
  r.crash.disarm()
  const report = await auditLedger(r.stores.ledger)
  expect(report).toMatchObject({ ok: true })
}

class Accept implements fc.AsyncCommand<Model, Real> {
  constructor(readonly k: number) {}
  check = () => true
  async run(m: Model, r: Real) {
    for (let i = 0; i < this.k; i++) {
      const n = m.seq++
      const t = leaf(n)
      await r.stores.ledger.enqueue({ id: `p${String(n).padStart(5, '0')}`, leaf: t, leafHash: toHex(leafHashOfText(t)), at: 1000 + (n % 5) })
      m.accepted.set(`p${String(n).padStart(5, '0')}`, t)
    }
    await invariants(r)
  }
  toString = () => `accept(${this.k})`
}

class Integrate implements fc.AsyncCommand<Model, Real> {
  constructor(readonly max: number) {}
  check = () => true
  async run(_m: Model, r: Real) {
    await r.stores.ledger.integrate(this.max)
    await invariants(r)
  }
  toString = () => `integrate(${this.max})`
}

class CrashIntegrate implements fc.AsyncCommand<Model, Real> {
  constructor(readonly max: number, readonly at: number, readonly after: boolean) {}
  check = () => true
  async run(_m: Model, r: Real) {
    r.crash.arm(this.at, this.after)
    await r.stores.ledger.integrate(this.max).catch((e: Error) => {
      if (e.message !== 'integrator killed') throw e
    })
    await invariants(r)
  }
  toString = () => `crashIntegrate(${this.max}, call ${this.at}${this.after ? ' after' : ''})`
}

class Overlap implements fc.AsyncCommand<Model, Real> {
  constructor(readonly max: number) {}
  check = () => true
  async run(_m: Model, r: Real) {
    await Promise.all([r.stores.ledger.integrate(this.max), r.stores.ledger.integrate(this.max + 1)])
    await invariants(r)
  }
  toString = () => `overlap(${this.max})`
}

const commands = [
  fc.integer({ min: 1, max: 40 }).map((k) => new Accept(k)),
  fc.integer({ min: 1, max: 50 }).map((n) => new Integrate(n)),
  fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 120 }), fc.boolean()).map(([n, at, after]) => new CrashIntegrate(n, at, after)),
  fc.integer({ min: 1, max: 30 }).map((n) => new Overlap(n)),
]

describe.each([
  ['cloudbase fake', (crash: Crash) => createCloudBaseConsentStores(crashingDb(new FakeDocDb(), crash))],
  ['sqlite', (crash: Crash) => {
    const base = openSqliteStores(':memory:')
    crashingSqlite(base.db, crash)
    return sqliteConsentStores(base.db)
  }],
])('ledger integrator killed mid-batch (%s)', (_name, open: (crash: Crash) => ConsentStores) => {
  it('no gap, no fork, no promised entry lost; the next integrator finishes or redoes the batch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
        const crash = new Crash()
        const real: Real = { stores: open(crash), crash }
        const model: Model = { accepted: new Map(), seq: 0 }
        await fc.asyncModelRun(() => ({ model, real }), cmds)
        crash.disarm()
        while (await real.stores.ledger.integrate(1000));
        const size = await real.stores.ledger.size()
        expect(size).toBe(model.accepted.size)
        const states = await real.stores.ledger.pending([...model.accepted.keys()])
        const indexes = [...model.accepted.keys()].map((id) => states.get(id)?.index)
        expect(new Set(indexes).size).toBe(size)
        expect(indexes.every((i) => typeof i === 'number' && i >= 0 && i < size)).toBe(true)
        const entries = await real.stores.ledger.entries(0, 1000)
        for (const [id, text] of model.accepted) expect(entries[states.get(id)!.index!].leaf).toBe(text)
        const enc = new TextEncoder()
        expect(await auditLedger(real.stores.ledger)).toMatchObject({ ok: true, size, rootHash: toHex(MTH(entries.map((e) => enc.encode(e.leaf)))) })
      }),
      { seed: 6962, numRuns: RUNS },
    )
  }, 120_000)
})
