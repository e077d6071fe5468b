import { randomBytes } from 'node:crypto'
import { signCheckpoint } from '../../domain/ledger/checkpoint'
import type { IntegratedBatch, LedgerStore, StoredCheckpoint } from '../../ports/consentStores'
import type { ConsentDeps } from './consentDeps'
import { ledgerSigner } from './ledgerSigner'
import { expectedOldSizes, gatherCosignatures, storeProof } from './witnessing'

/** Entries one batch takes at most (one CloudBase `get`, CLOUDBASE.md). */
export const BATCH_MAX = 1000
/** How long a lease lasts without renewal: an integrator that died frees it after this. */
export const LEASE_MS = 10_000

export type IntegratorDeps = Pick<ConsentDeps, 'consent' | 'ledgerKey' | 'clock' | 'ledgerWitnesses'>

export interface IntegrationRun {
  /** False when another integrator held the lease. */
  leased: boolean
  batches: IntegratedBatch[]
}

/** This process's lease owner name (random, no host details). */
export const processOwner = `p-${randomBytes(6).toString('hex')}`

/**
 * One integrator run (Tessera's sequencer + integrator, RFC 6962 §3's merge): take the lease, then
 * integrate batches of up to 1,000 pending entries until none is pending or the time budget is
 * spent, signing one checkpoint per batch (kept by recordCheckpoint, forward only). The lease is
 * renewed when half spent; a run that loses it stops. Batches are idempotent in the store, so a run
 * that dies anywhere leaves nothing the next one cannot finish.
 */
export async function integrateLedger(
  deps: IntegratorDeps,
  /** `lease: false`: the in-process integrator, where the store's own atomic batch is guard enough (overlapping integrators are safe, the contract checks it). */
  /** `idleWaitMs`: when nothing (or a short batch) was pending, wait this long and look again until the budget is spent (the timer function); without it, return. */
  opts: { owner?: string; budgetMs?: number; maxBatch?: number; leaseMs?: number; keepLease?: boolean; lease?: boolean; idleWaitMs?: number } = {},
): Promise<IntegrationRun> {
  const ledger = deps.consent.ledger
  const owner = opts.owner ?? processOwner
  const leaseMs = opts.leaseMs ?? LEASE_MS
  const started = deps.clock.now()
  let until = started + leaseMs
  const leasing = opts.lease !== false
  if (leasing && !(await ledger.lease(owner, started, until))) return { leased: false, batches: [] }
  const batches: IntegratedBatch[] = []
  try {
    while (true) {
      let signed: StoredCheckpoint | null = null
      const batch = await ledger.integrate(opts.maxBatch ?? BATCH_MAX, (b) => (signed = signBatch(deps, b)))
      if (batch) batches.push(batch)
      if (batch && signed) await witnessBatch(deps, signed)
      const now = deps.clock.now()
      if (opts.budgetMs !== undefined && now - started >= opts.budgetMs) break
      // A short batch took everything pending: the next run (or timer) takes what came since.
      if (!batch || batch.ids.length < (opts.maxBatch ?? BATCH_MAX)) {
        if (opts.idleWaitMs === undefined) break
        await new Promise((r) => setTimeout(r, opts.idleWaitMs))
      }
      if (leasing && until - now < leaseMs / 2) {
        until = now + leaseMs
        if (!(await ledger.lease(owner, now, until))) break
      }
    }
  } finally {
    if (leasing && !opts.keepLease) await ledger.release(owner).catch(() => undefined)
  }
  return { leased: true, batches }
}

/** One checkpoint per batch, over the root the batch produced (the store keeps it with the batch). */
function signBatch(deps: IntegratorDeps, batch: IntegratedBatch): StoredCheckpoint {
  const { secretKey, keyName, origin } = deps.ledgerKey
  const timestamp = deps.clock.now()
  const note = signCheckpoint({ origin, size: batch.size, rootHash: batch.rootHash, timestamp }, keyName, secretKey, ledgerSigner(secretKey))
  return { size: batch.size, rootHash: batch.rootHash, timestamp, note }
}

/**
 * Asks the witnesses to cosign the batch's checkpoint (services/consent/witnessing.ts) and keeps
 * the cosigned note in its place (the same tree, so recordCheckpoint refreshes it). A witness that
 * is down costs nothing here: a proof asks again before it serves this tree.
 */
async function witnessBatch(deps: IntegratorDeps, cp: StoredCheckpoint): Promise<void> {
  if (!deps.ledgerWitnesses?.witnesses.length) return
  try {
    const ledger = deps.consent.ledger
    const note = await gatherCosignatures(deps, cp.note, cp.size, (old) => storeProof(ledger, old, cp.size, cp.size), expectedOldSizes(deps, null))
    if (note !== cp.note) await ledger.recordCheckpoint({ ...cp, note })
  } catch (e) {
    console.error(`[ledger] 见证请求失败：${e instanceof Error ? e.name : 'error'}`)
  }
}

/**
 * The in-process integrator (the local cloud, tests, the SQLite server): an appender that asks for
 * integration gets a run that began after its entry was accepted, so its index is known when the
 * run ends; appenders arriving during a run share the next one (group commit).
 */
interface Inline {
  running: Promise<IntegrationRun> | null
  next: Promise<IntegrationRun> | null
}
const inline = new WeakMap<LedgerStore, Inline>()

export function integrateSoon(deps: IntegratorDeps): Promise<IntegrationRun> {
  let st = inline.get(deps.consent.ledger)
  if (!st) inline.set(deps.consent.ledger, (st = { running: null, next: null }))
  const s = st
  if (s.running) {
    const after = () => {
      s.next = null
      return integrateSoon(deps)
    }
    s.next ??= s.running.then(after, after)
    return s.next
  }
  s.running = integrateLedger(deps, { lease: false }).finally(() => {
    s.running = null
  })
  return s.running
}
