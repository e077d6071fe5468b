/**
 * Consent ledger self-audit, printed, never asserted:
 * 1. A full audit (re-derive every leaf, rebuild the tree, compare every stored node and the kept
 *    checkpoint) at 10^4, 10^5 and AUDIT_MAX (default 10^6) leaves on the SQLite file, as
 *    `npm run ledger:audit` and every start of the local cloud run it: time and entries/s.
 * 2. What it adds to a proof (services/consent/ledger.ts proofBundle): the first proof in a process
 *    resumes at the kept signed checkpoint (the local cloud audits everything at start instead),
 *    later proofs audit only the entries appended since plus the entries proven. Timed against the proof as it was before
 *    (root from the stored nodes, sign, inclusion proof), after 1 and after 100 new appends.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openSqliteStores, sqliteBulkAppend, sqliteConsentStores } from '../../cloudfunctions/adapters/sqlite'
import { signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { fromHex, toHex } from '../../cloudfunctions/domain/ledger/hash'
import { inclusionProof, rootOf, type NodeLookup } from '../../cloudfunctions/domain/ledger/proofs'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'
import { appendLedger, auditOnce, proofBundle } from '../../cloudfunctions/services/consent/ledger'
import { auditLedger } from '../../cloudfunctions/services/consent/ledgerAudit'
import { leafHashHex, leafOf, ms } from './_ledgerLeaves'

const MAX = Number(process.env.AUDIT_MAX ?? 1_000_000)
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-audit-'))
const base = openSqliteStores(path.join(dir, 'cloud.db'))
const stores = sqliteConsentStores(base.db)
const ledgerKey = { secretKey: new Uint8Array(32).fill(3), keyName: 'bench.local-ledger', origin: 'bench.local/consent-ledger' }
let now = 1_790_000_000_000
const deps = () => ({ consent: stores, clock: { now: () => now++ }, ledgerKey }) as unknown as ConsentDeps

async function grow(size: number): Promise<void> {
  for (let from = await stores.ledger.size(); from < size; from += 50_000) {
    const leaves = []
    for (let i = from; i < Math.min(size, from + 50_000); i++) leaves.push({ leaf: leafOf(i), leafHash: leafHashHex(leafOf(i)) })
    sqliteBulkAppend(base.db, leaves, 0)
  }
}

async function withNodes<T>(run: (at: NodeLookup) => T): Promise<T> {
  const keys = new Set<string>()
  try { run((l, i) => (keys.add(`${l}:${i}`), new Uint8Array(32))) } catch { /* keys recorded */ }
  const got = await stores.ledger.nodes([...keys])
  return run((l, i) => { const h = got.get(`${l}:${i}`); return h ? fromHex(h)! : undefined })
}

/** The proof as served before the self-audit: root from the stored nodes, sign, one inclusion proof. */
async function proofBefore(index: number): Promise<void> {
  const size = await stores.ledger.size()
  const root = toHex(await withNodes((at) => rootOf(size, at)))
  signCheckpoint({ origin: ledgerKey.origin, size, rootHash: root, timestamp: now++ }, ledgerKey.keyName, ledgerKey.secretKey)
  await stores.ledger.entry(index)
  await withNodes((at) => inclusionProof(index, size, at))
}

async function main(): Promise<void> {
  for (const size of [10_000, 100_000, MAX].filter((n, i, a) => n <= MAX && a.indexOf(n) === i)) {
    await grow(size)
    const t0 = process.hrtime.bigint()
    const r = await auditLedger(stores.ledger)
    const t = ms(t0)
    if (!r.ok) throw new Error('bench ledger failed its audit')
    console.log(`full audit of ${size.toLocaleString()} leaves (SQLite file): ${(t / 1000).toFixed(2)} s, ${Math.round(size / (t / 1000)).toLocaleString()} entries/s`)
  }
  const d = deps()
  const size = await stores.ledger.size()
  const t0 = process.hrtime.bigint()
  await auditOnce(d, 'full') // what the local cloud does at start
  console.log(`first proof's audit in a process (or the local cloud's start) at ${size.toLocaleString()} leaves: ${(ms(t0) / 1000).toFixed(2)} s`)
  const pick = Math.floor(size / 3)
  const newEntry = () => appendLedger(d, { consent: 'cs_new', action: 'read', fields: ['address'], actor: 'b'.repeat(32) })
  // Interleaved, so a busy machine slows both alike; medians of 41.
  const t = { before: [] as number[], nothing: [] as number[], one: [] as number[], hundred: [] as number[] }
  const time = async (into: number[], f: () => Promise<unknown>) => { const t1 = process.hrtime.bigint(); await f(); into.push(ms(t1)) }
  for (let k = 0; k < 41; k++) {
    await time(t.before, () => proofBefore(pick))
    await time(t.nothing, () => proofBundle(d, [pick], undefined))
    await newEntry()
    await time(t.one, () => proofBundle(d, [pick], undefined))
    if (k % 4 === 0) {
      for (let i = 0; i < 100; i++) await newEntry()
      await time(t.hundred, () => proofBundle(d, [pick], undefined))
    }
  }
  // A cold process (a new deployed instance): resumes at the kept checkpoint, reads O(log n) nodes.
  const cold = { ...d, consent: sqliteConsentStores(base.db) } as ConsentDeps
  const c0 = process.hrtime.bigint()
  await proofBundle(cold, [pick], undefined)
  console.log(`first proof in a cold process (resumes at the kept checkpoint, no full audit): ${ms(c0).toFixed(2)} ms`)
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(2)
  console.log(
    `proof of one entry at ~${size.toLocaleString()} leaves, median ms: before the audit (stored-node root, sign, prove) ${med(t.before)}; ` +
      `with the incremental audit ${med(t.nothing)} (nothing new), ${med(t.one)} (1 new entry), ${med(t.hundred)} (100 new entries)`,
  )
}

main().finally(() => {
  base.close()
  rmSync(dir, { recursive: true, force: true })
})
