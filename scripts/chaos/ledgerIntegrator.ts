/**
 * Integrator crash chaos (the consent ledger at the peak), for `npm run chaos`: over the CloudBase
 * adapter on the in-memory DocDb, appenders enqueue without pause while integrators run one after
 * another under the lease; each integrator is killed at a random database call (the call before
 * or after it took effect, every later call of that integrator gone), its lease left to expire,
 * and the next one takes over. Then a healthy integrator drains what is pending. Counted: entries
 * promised, in the tree, promised but missing (lost), in the tree twice (forks), and whether the
 * audit over the store is clean.
 */
import { createCloudBaseConsentStores } from '../../cloudfunctions/adapters/cloudbase'
import type { DocDb } from '../../cloudfunctions/adapters/cloudbase/docDb'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'
import { integrateLedger } from '../../cloudfunctions/services/consent/integrator'
import { appendLedger } from '../../cloudfunctions/services/consent/ledger'
import { auditLedger } from '../../cloudfunctions/services/consent/ledgerAudit'
import { FakeDocDb, throughEveryCall } from '../../test/contract/fakeDocDb'

export interface IntegratorChaosReport {
  kills: number
  promised: number
  inTree: number
  lost: number
  doubled: number
  auditClean: boolean
}

/** One integrator's view of the database: after `killAt` calls it is dead (every call fails). */
function mortal(inner: FakeDocDb, killAt: number, after: boolean, onKill: () => void): DocDb {
  let calls = 0
  let dead = false
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    if (!dead && ++calls >= killAt) {
      dead = true
      onKill()
      if (after) await run()
      throw new Error('integrator killed')
    }
    if (dead) throw new Error('integrator killed')
    return run()
  }
  return throughEveryCall(inner, call)
}

export async function integratorChaos(opts: { kills: number; appenders: number; seed?: number }): Promise<IntegratorChaosReport> {
  let seed = opts.seed ?? 6962
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const inner = new FakeDocDb()
  let now = 1_790_000_000_000
  const key = { secretKey: new Uint8Array(32).fill(5), keyName: 'chaos.local-ledger', origin: 'chaos.local/consent-ledger' }
  const depsOn = (db: DocDb) => ({ consent: createCloudBaseConsentStores(db), clock: { now: () => now }, ledgerKey: key, ledgerIntegration: 'scheduled' }) as unknown as ConsentDeps
  const appenderDeps = depsOn(inner)
  const promised = new Set<string>()
  let stop = false
  const appenders = Promise.all(
    Array.from({ length: opts.appenders }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        promised.add((await appendLedger(appenderDeps, { consent: `c${w}-${i}`, action: 'read', fields: ['address'], actor: 'a'.repeat(32) })).ref)
        await new Promise((r) => setImmediate(r))
      }
    }),
  )
  let kills = 0
  for (let k = 0; k < opts.kills; k++) {
    // Each integrator its own process: its own store object (no shared memory), killed somewhere.
    const deps = depsOn(mortal(inner, 1 + Math.floor(rand() * 60), rand() < 0.5, () => kills++))
    await integrateLedger(deps, { owner: `i${k}`, budgetMs: 1, leaseMs: 10_000 }).catch(() => undefined)
    now += 10_001 // its lease expires; the next one takes over
  }
  stop = true
  await appenders
  const healthy = depsOn(inner)
  while ((await integrateLedger(healthy, { owner: 'healthy', leaseMs: 10_000 })).batches.length > 0);
  const size = await healthy.consent.ledger.size()
  const states = await healthy.consent.ledger.pending([...promised])
  const seen = new Map<number, number>()
  let lost = 0
  for (const id of promised) {
    const index = states.get(id)?.index
    if (index === null || index === undefined || index >= size) lost++
    else seen.set(index, (seen.get(index) ?? 0) + 1)
  }
  const leaves = new Map<string, number>()
  for (let from = 0; from < size; from += 1000) for (const e of await healthy.consent.ledger.entries(from, 1000)) leaves.set(e.leafHash, (leaves.get(e.leafHash) ?? 0) + 1)
  const doubled = [...leaves.values()].filter((n) => n > 1).length + [...seen.values()].filter((n) => n > 1).length
  const audit = await auditLedger(healthy.consent.ledger)
  return { kills, promised: promised.size, inTree: size, lost, doubled, auditClean: audit.ok }
}
