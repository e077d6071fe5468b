/**
 * Consent ledger benchmarks, printed, never asserted:
 * 1. Appends per second on the embedded store (SQLite file, WAL), as the local consent function
 *    does them: pending row, signed promise, in-process integration (sequential, then 8 and 64
 *    async loops in one process, which share integration batches).
 * 2. Inclusion-proof time at 10^4, 10^5 and 10^6 leaves, through the store the way the function
 *    serves proofs (record the O(log n) node keys, fetch them, rebuild), plus verification. It
 *    must grow like log n, not n: the ratios to 10^4 are printed beside log2 ratios.
 * Large trees are built with one bulk transaction (same rows as appending one by one). LEDGER_MAX
 * (default 1000000) caps the largest tree.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openSqliteStores, sqliteBulkAppend, sqliteConsentStores } from '../../cloudfunctions/adapters/sqlite'
import { fromHex } from '../../cloudfunctions/domain/ledger/hash'
import { inclusionProof, rootOf, verifyInclusion, type NodeLookup } from '../../cloudfunctions/domain/ledger/proofs'
import type { ConsentStores } from '../../cloudfunctions/ports/consentStores'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'
import { appendLedger } from '../../cloudfunctions/services/consent/ledger'
import { leafHashHex, leafOf, ms } from './_ledgerLeaves'

const MAX = Number(process.env.LEDGER_MAX ?? 1_000_000)
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-ledger-'))
const base = openSqliteStores(path.join(dir, 'cloud.db'))
const stores = sqliteConsentStores(base.db)

async function withNodes<T>(s: ConsentStores, run: (at: NodeLookup) => T): Promise<T> {
  const keys = new Set<string>()
  try {
    run((l, i) => (keys.add(`${l}:${i}`), new Uint8Array(32)))
  } catch { /* keys recorded */ }
  const got = await s.ledger.nodes([...keys])
  return run((l, i) => {
    const h = got.get(`${l}:${i}`)
    return h ? fromHex(h)! : undefined
  })
}

/**
 * As the local cloud appends (services/consent/ledger.ts appendLedger, 'inline'): a pending row and
 * a signed promise, then the in-process integrator's batch (one IMMEDIATE transaction and one
 * signed checkpoint per batch), awaited. Loops running together share batches.
 */
async function appendsPerSecond(): Promise<void> {
  const secretKey = new Uint8Array(32).fill(9)
  const deps = { consent: stores, clock: { now: () => Date.now() }, ledgerKey: { secretKey, keyName: 'bench.local-ledger', origin: 'bench.local/consent-ledger' } } as unknown as ConsentDeps
  const N = Number(process.env.LEDGER_APPENDS ?? 3000)
  const run = async (loops: number) => {
    const t0 = process.hrtime.bigint()
    await Promise.all(Array.from({ length: loops }, async (_, w) => {
      for (let i = 0; i < N / loops; i++) await appendLedger(deps, { consent: `c${w}-${i}`, action: 'read', fields: ['address'], actor: 'a'.repeat(32) })
    }))
    return (N / ms(t0)) * 1000
  }
  const seq = await run(1)
  const par8 = await run(8)
  const par64 = await run(64)
  console.log(
    `appends (SQLite file, WAL; pending row + signed promise, then the in-process integrator's batch, awaited): ${seq.toFixed(0)}/s sequential, ` +
      `${par8.toFixed(0)}/s with 8 async loops, ${par64.toFixed(0)}/s with 64 (loops share batches); before promises: about 6,000/s (one IMMEDIATE transaction per append); log size ${await stores.ledger.size()}`,
  )
}

async function proofAt(size: number): Promise<{ proofUs: number; verifyUs: number; length: number }> {
  const current = await stores.ledger.size()
  if (current < size) {
    const t0 = process.hrtime.bigint()
    const chunk = 50_000
    for (let from = current; from < size; from += chunk) {
      const leaves = []
      for (let i = from; i < Math.min(size, from + chunk); i++) {
        const leaf = leafOf(i)
        leaves.push({ leaf, leafHash: leafHashHex(leaf) })
      }
      sqliteBulkAppend(base.db, leaves, 0)
    }
    process.stdout.write(`  (built ${size.toLocaleString()} leaves in ${(ms(t0) / 1000).toFixed(1)} s)\n`)
  }
  const root = await withNodes(stores, (at) => rootOf(size, at))
  const K = 2000
  const picks = Array.from({ length: K }, (_, k) => Math.floor((((k + 1) * 2654435761) % 2 ** 32) / 2 ** 32 * size))
  const leafHashes = await Promise.all(picks.map(async (i) => fromHex((await stores.ledger.entry(i))!.leafHash)!))
  let length = 0
  const proofs: Uint8Array[][] = []
  // Three timed rounds after a warm-up (JIT, SQLite page cache); the median round is reported.
  const proofRounds: number[] = []
  const verifyRounds: number[] = []
  for (let round = 0; round < 4; round++) {
    let t0 = process.hrtime.bigint()
    for (let k = 0; k < K; k++) {
      const p = await withNodes(stores, (at) => inclusionProof(picks[k], size, at))
      length = Math.max(length, p.length)
      proofs[k] = p
    }
    const proofUs = (ms(t0) * 1000) / K
    t0 = process.hrtime.bigint()
    for (let k = 0; k < K; k++) {
      const r = verifyInclusion(picks[k], size, leafHashes[k], proofs[k], root)
      if (!r.ok) throw new Error(`proof ${picks[k]} failed: ${r.reason}`)
    }
    const verifyUs = (ms(t0) * 1000) / K
    if (round > 0) { proofRounds.push(proofUs); verifyRounds.push(verifyUs) }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const proofUs = median(proofRounds)
  const verifyUs = median(verifyRounds)
  return { proofUs, verifyUs, length }
}

async function main(): Promise<void> {
  const started = Date.now()
  await appendsPerSecond()
  // Start the large trees from an empty ledger so sizes are exact.
  base.db.exec('DELETE FROM ledger_entries; DELETE FROM ledger_nodes; DELETE FROM ledger_pending; DELETE FROM ledger_checkpoint; UPDATE ledger_head SET size = 0')
  const sizes = [10_000, 100_000, 1_000_000].filter((n) => n <= MAX)
  const rows: Array<{ n: number; proofUs: number; verifyUs: number; length: number }> = []
  for (const n of sizes) rows.push({ n, ...(await proofAt(n)) })
  console.log('inclusion proofs (2,000 random leaves served from the store and verified; median of 3 rounds after a warm-up):')
  const first = rows[0]
  for (const r of rows) {
    console.log(
      `  n=${r.n.toLocaleString().padStart(9)}  proof ${r.proofUs.toFixed(1).padStart(6)} µs  verify ${r.verifyUs.toFixed(1).padStart(6)} µs  ` +
        `path ${String(r.length).padStart(2)} hashes  ratio to 10^4: ${(r.proofUs / first.proofUs).toFixed(2)} ` +
        `(log2 n ratio ${(Math.log2(r.n) / Math.log2(first.n)).toFixed(2)}, n ratio ${(r.n / first.n).toFixed(0)})`,
    )
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

main()
  .finally(() => {
    base.close()
    rmSync(dir, { recursive: true, force: true })
  })
  .catch((e) => {
    console.error(e)
    process.exit(1)
  })
