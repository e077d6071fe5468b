import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCloudBaseWitnessStore } from '../../cloudfunctions/adapters/cloudbase'
import { openSqliteStores, sqliteWitnessStore } from '../../cloudfunctions/adapters/sqlite'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { verifyCosignatures } from '../../cloudfunctions/domain/ledger/cosignature'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { addCheckpointBody, originHash } from '../../cloudfunctions/domain/ledger/witness'
import type { WitnessRecord, WitnessStore } from '../../cloudfunctions/ports/witnessStore'
import { addCheckpoint, witnessedCheckpoint, type WitnessDeps } from '../../cloudfunctions/services/witness/witness'
import { LOG, tree } from '../helpers/witnessTrees'
import { FakeDocDb } from './fakeDocDb'

/**
 * The WitnessStore contract (ports/witnessStore.ts), over SQLite and the CloudBase fake alike, and
 * the witness service on top: check-and-keep is atomic (tlog-witness), so racing submissions never
 * roll the kept size back and never get two roots cosigned for one size.
 */
const ID = originHash(LOG.origin)
const WITNESS = { name: 'witness.edu.gd.gov.cn/w1', secretKey: new Uint8Array(32).fill(3) }
const witnessKey = { name: WITNESS.name, publicKey: toHex(publicKeyOf(WITNESS.secretKey)) }
const rec = (size: number, rootHash = 'ab'.repeat(32), note = `note ${size}`): WitnessRecord => ({ id: ID, origin: LOG.origin, size, rootHash, note, at: 1000 + size })

type Make = () => { store: WitnessStore; close(): void; second?: () => WitnessStore }

const ADAPTERS: Array<[string, Make]> = [
  ['sqlite :memory:', () => {
    const base = openSqliteStores(':memory:')
    return { store: sqliteWitnessStore(base.db), close: () => base.close() }
  }],
  ['sqlite file, two connections', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'witness-'))
    const a = openSqliteStores(path.join(dir, 'cloud.db'))
    const b = openSqliteStores(path.join(dir, 'cloud.db'))
    return { store: sqliteWitnessStore(a.db), second: () => sqliteWitnessStore(b.db), close() { a.close(); b.close(); rmSync(dir, { recursive: true, force: true }) } }
  }],
  ['cloudbase (in-memory DocDb)', () => ({ store: createCloudBaseWitnessStore(new FakeDocDb()), close() {} })],
  ['cloudbase (throwOnCode: false)', () => ({ store: createCloudBaseWitnessStore(new FakeDocDb({ throwOnCode: false })), close() {} })],
]

describe.each(ADAPTERS)('WitnessStore contract: %s', (_name, make) => {
  let s: ReturnType<Make>
  beforeEach(() => (s = make()))
  afterEach(() => s.close())

  it('nothing kept: get is null; the first advance (expected null) keeps it, once', async () => {
    expect(await s.store.get(ID)).toBeNull()
    expect(await s.store.advance(rec(5), null)).toBe(true)
    expect(await s.store.get(ID)).toEqual(rec(5))
    expect(await s.store.advance(rec(6), null)).toBe(false)
    expect(await s.store.get(ID)).toEqual(rec(5))
  })

  it('advances only from the kept size and root', async () => {
    await s.store.advance(rec(5), null)
    expect(await s.store.advance(rec(8), { size: 4, rootHash: 'ab'.repeat(32) })).toBe(false)
    expect(await s.store.advance(rec(8), { size: 5, rootHash: 'cd'.repeat(32) })).toBe(false)
    expect((await s.store.get(ID))!.size).toBe(5)
    expect(await s.store.advance(rec(8, 'ef'.repeat(32)), { size: 5, rootHash: 'ab'.repeat(32) })).toBe(true)
    expect(await s.store.get(ID)).toEqual(rec(8, 'ef'.repeat(32)))
  })

  it('of racing advances from one state exactly one wins', async () => {
    await s.store.advance(rec(5), null)
    const other = s.second?.() ?? s.store
    const wins = await Promise.all([8, 12, 9, 30].map((n, i) => (i % 2 ? other : s.store).advance(rec(n), { size: 5, rootHash: 'ab'.repeat(32) })))
    expect(wins.filter(Boolean)).toHaveLength(1)
    const kept = await s.store.get(ID)
    expect([8, 12, 9, 30][wins.indexOf(true)]).toBe(kept!.size)
  })

  it('of racing first advances exactly one creates', async () => {
    const wins = await Promise.all([3, 4, 5].map((n) => s.store.advance(rec(n), null)))
    expect(wins.filter(Boolean)).toHaveLength(1)
  })
})

describe.each(ADAPTERS)('the witness over %s', (_name, make) => {
  let s: ReturnType<Make>
  let now = 1_763_800_000_000
  const deps = (store: WitnessStore): WitnessDeps => ({
    store,
    key: WITNESS,
    logs: [{ origin: LOG.origin, keyName: LOG.keyName, publicKey: publicKeyOf(LOG.secretKey) }],
    clock: { now: () => (now += 1000) },
  })
  beforeEach(() => (s = make()))
  afterEach(() => s.close())
  const submit = (store: WitnessStore, old: number, t: ReturnType<typeof tree>) => addCheckpoint(deps(store), addCheckpointBody(old, t.proofFrom(old), t.note))

  it('cosigns, keeps, serves the cosigned checkpoint; 409 answers the kept size as text/x.tlog.size', async () => {
    const t5 = tree(5)
    const r = await submit(s.store, 0, t5)
    expect(r.status).toBe(200)
    expect(verifyCosignatures(t5.note + r.body, [witnessKey])).toHaveLength(1)
    const got = await witnessedCheckpoint(deps(s.store), ID)
    expect(got.status).toBe(200)
    expect(got.body.startsWith(t5.note)).toBe(true)
    expect(verifyCosignatures(got.body, [witnessKey])).toHaveLength(1)
    expect(await submit(s.store, 3, tree(8))).toEqual({ status: 409, contentType: 'text/x.tlog.size', body: '5\n' })
    expect((await witnessedCheckpoint(deps(s.store), 'ff'.repeat(32))).status).toBe(404)
    expect((await witnessedCheckpoint(deps(s.store), '../x')).status).toBe(404)
  })

  it('never cosigns a second root for a size it cosigned (422), nor a larger tree that does not extend it', async () => {
    await submit(s.store, 0, tree(5))
    expect((await submit(s.store, 5, tree(5, 2))).status).toBe(422)
    expect((await submit(s.store, 5, tree(9, 1))).status).toBe(422)
    expect((await s.store.get(ID))!.rootHash).toBe(tree(5).rootHash)
  })

  it('two submissions of different sizes race from the same old size: one is cosigned, the kept size never rolls back', async () => {
    await submit(s.store, 0, tree(5))
    const other = s.second?.() ?? s.store
    const [a, b] = await Promise.all([submit(s.store, 5, tree(8)), submit(other, 5, tree(12))])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const kept = (await s.store.get(ID))!
    expect(kept.size).toBe(a.status === 200 ? 8 : 12)
    // The loser is told the winner's size, and from there it is cosigned.
    const loser = a.status === 409 ? { r: a, n: 8 } : { r: b, n: 12 }
    expect(loser.r.body).toBe(`${kept.size}\n`)
    if (loser.n > kept.size) expect((await submit(s.store, kept.size, tree(loser.n))).status).toBe(200)
  })

  it('model: random concurrent submissions of one history and a fork; kept size only grows, one root per size', async () => {
    const N = 24
    const good = Array.from({ length: N + 1 }, (_, n) => tree(n))
    const forked = Array.from({ length: N + 1 }, (_, n) => tree(n, 3))
    const runs = process.env.CHAOS === '1' ? 200 : 25
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.record({ n: fc.integer({ min: 1, max: N }), fork: fc.boolean(), oldPick: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        async (waves) => {
          const t = make()
          try {
            const cosigned = new Map<number, string>()
            let lastKept = 0
            for (const wave of waves) {
              const keptNow = (await t.store.get(ID))?.size ?? 0
              const results = await Promise.all(
                wave.map(async (w) => {
                  const tr = (w.fork ? forked : good)[w.n]
                  const old = w.oldPick === 0 ? keptNow : w.oldPick === 1 ? 0 : Math.min(w.n, keptNow + 1)
                  if (old > w.n) return null
                  const r = await submit(t.second && w.n % 2 ? t.second() : t.store, old, tr)
                  return { r, tr }
                }),
              )
              for (const x of results) {
                if (x?.r.status !== 200) continue
                const had = cosigned.get(x.tr.size)
                expect(had === undefined || had === x.tr.rootHash).toBe(true)
                cosigned.set(x.tr.size, x.tr.rootHash)
              }
              const kept = (await t.store.get(ID))?.size ?? 0
              expect(kept).toBeGreaterThanOrEqual(lastKept)
              lastKept = kept
            }
            // Two histories were offered: once one was cosigned past index 3, the other never is.
            const sizes = [...cosigned.keys()].filter((n) => n > 3)
            const roots = new Set(sizes.map((n) => (cosigned.get(n) === good[n].rootHash ? 'good' : 'fork')))
            expect(roots.size).toBeLessThanOrEqual(1)
          } finally {
            t.close()
          }
        },
      ),
      { seed: 20261207, numRuns: runs },
    )
  }, 60_000)
})
