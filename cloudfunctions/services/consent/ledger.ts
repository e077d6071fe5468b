import { EMPTY_TREE, describeProblem, type AuditedTree, type AuditProblem } from '../../domain/ledger/audit'
import { signCheckpoint } from '../../domain/ledger/checkpoint'
import { fromHex, toHex } from '../../domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText, type LedgerAction } from '../../domain/ledger/leaf'
import { consistencyProof, inclusionProof, verifyInclusion, type NodeLookup } from '../../domain/ledger/proofs'
import { AppError } from '../../domain/errors'
import type { LedgerEntry, LedgerStore, PendingState, StoredCheckpoint } from '../../ports/consentStores'
import type { Hash } from '../../domain/ledger/hash'
import { cosignersOf, expectedOldSizes, gatherCosignatures, storeProof } from './witnessing'
import type { ProofBundle } from '../../../types/consentModels'
import type { ConsentDeps } from './consentDeps'
import { auditLedger, nodeHashes, type AuditReport } from './ledgerAudit'
import { randomBytes } from 'node:crypto'
import { ledgerSigner } from './ledgerSigner'
import { signPromise } from '../../domain/ledger/promise'
import { integrateSoon } from './integrator'

/** Keyed-hash pseudonym: the same actor always maps to the same value; useless without the key. */
export const pseudonym = (deps: ConsentDeps, kind: 'person' | 'system', id: string) => deps.cipher.keyedHash(`ledger-actor|${kind}|${id}`).slice(0, 32)

/** The maximum merge delay every promise states (RFC 6962 §3): integrated within this, or the phone warns. */
export const MERGE_DELAY_MS = 2_000

/** What an append gives back: the signed promise, the pending entry's id, and its index when already integrated. */
export interface LedgerReceipt {
  /** The pending entry's id: where the entry's index is found once integrated (LedgerStore.pending). */
  ref: string
  /** Known at once only where the integrator runs in-process (the local cloud); null on CloudBase until integrated. */
  index: number | null
  /** The signed promise note (domain/ledger/promise.ts). */
  promise: string
  leafHash: string
  at: number
}

/**
 * Appends one grant / revocation / read (SPEC §4): no personal data goes in, only references and
 * hashes. One uncontended write of a pending entry, then a signed promise to integrate it within
 * the merge delay: the caller's answer waits for this only. In-process (`ledgerIntegration`
 * 'inline', the default: the local cloud and tests) the entry is integrated before this returns,
 * by a run shared with the appenders of the same moment; deployed ('scheduled') the ledgerIntegrate
 * timer does it (services/consent/integrator.ts).
 */
export async function appendLedger(
  deps: ConsentDeps,
  e: { consent: string; action: LedgerAction; fields: string[]; actor: string; via?: string; notice?: string },
): Promise<LedgerReceipt> {
  const at = deps.clock.now()
  const text = encodeLeaf({
    v: 1, consent: e.consent, action: e.action, fields: fieldSetHash(e.fields), actor: e.actor, at, ...(e.via ? { via: e.via } : {}), ...(e.notice ? { notice: e.notice } : {}),
  })
  const leafHash = nodeHashes.leaf(text)
  const ref = `${at.toString(36)}-${randomBytes(10).toString('hex')}`
  const accepted = deps.consent.ledger.enqueue({ id: ref, leaf: text, leafHash, at })
  const inline = (deps.ledgerIntegration ?? 'inline') === 'inline'
  // Asked in the same turn as the enqueue: on SQLite both go into one transaction (group commit).
  let run = inline ? integrateSoon(deps) : null
  run?.catch(() => undefined) // awaited below; not unhandled if the enqueue fails first
  await accepted
  const promise = promiseFor(deps, leafHash, at)
  let index: number | null = null
  for (let attempt = 0; run && attempt < 3; attempt++) {
    const batch = (await run).batches.find((b) => b.ids.includes(ref))
    if (batch) {
      index = batch.from + batch.ids.indexOf(ref)
      break
    }
    // That run read the pending entries before this one landed (a document store): the next run takes it.
    run = integrateSoon(deps)
  }
  if (inline && index === null) index = (await deps.consent.ledger.pending([ref])).get(ref)?.index ?? null
  return { ref, index, promise, leafHash, at }
}

/** The promise for an accepted entry (Ed25519 is deterministic: the same note whenever it is signed again). */
export function promiseFor(deps: Pick<ConsentDeps, 'ledgerKey' | 'ledgerMergeDelayMs'>, leafHash: string, at: number): string {
  const { secretKey, keyName, origin } = deps.ledgerKey
  return signPromise({ origin, leafHash, timestamp: at, mmd: deps.ledgerMergeDelayMs ?? MERGE_DELAY_MS }, keyName, secretKey, publicKeyCached(secretKey), ledgerSigner(secretKey).sign)
}


type Fetched = [LedgerEntry[], Uint8Array[]]

const sameList = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** Each record's entry and its inclusion proof's nodes at `size`: all in one round trip. */
function fetchRecords(deps: ConsentDeps, covered: number[], size: number, atSize: number | undefined): Promise<Fetched[]> {
  return Promise.all(
    covered.map((index) =>
      Promise.all([
        deps.consent.ledger.entries(index, 1, atSize),
        // A node missing from the store throws in the proof: tampering too, not an internal error.
        withNodes(deps, (at) => inclusionProof(index, size, at), atSize).catch(() => [] as Uint8Array[]),
      ]),
    ),
  )
}

/** Runs a proof once to learn which nodes it reads, fetches them in one call, runs it again (proofs.ts). */
async function withNodes<T>(deps: ConsentDeps, run: (at: NodeLookup) => T, atSize?: number): Promise<T> {
  const keys = new Set<string>()
  const placeholder = new Uint8Array(32)
  try {
    run((l, i) => (keys.add(`${l}:${i}`), placeholder))
  } catch {
    // a placeholder pass may fail a check; the keys it recorded are still the ones needed
  }
  const got = await deps.consent.ledger.nodes([...keys], atSize)
  return run((l, i) => {
    const h = got.get(`${l}:${i}`)
    return h ? Uint8Array.from(Buffer.from(h, 'hex')) : undefined
  })
}

/**
 * What this process has audited of each ledger: the rebuilt tree's right edge, so each
 * proof audits only the entries appended since; the first problem found, kept until the process
 * restarts; the kept checkpoint's note once its signature checked out, and its size. Audits of one
 * ledger run one at a time.
 */
interface AuditMemory { tree: AuditedTree; problem: AuditProblem | null; queue: Promise<unknown>; note?: string; keptSize?: number }
const audits = new WeakMap<LedgerStore, AuditMemory>()

const memoryOf = (ledger: LedgerStore): AuditMemory => {
  let m = audits.get(ledger)
  if (!m) audits.set(ledger, (m = { tree: EMPTY_TREE, problem: null, queue: Promise.resolve() }))
  return m
}

/**
 * Audits the ledger from where this process left off and remembers the result; a known problem is
 * returned without reading the store again. The first time in a process it audits everything
 * (`full`: the local cloud's start, so later proofs read only what was appended since) or resumes
 * at the kept signed checkpoint (`resume`: the first proof of a cold deployed instance).
 */
export function auditOnce(deps: Pick<ConsentDeps, 'consent' | 'ledgerKey'>, how: 'full' | 'resume' = 'resume', onHead?: (size: number, kept: StoredCheckpoint | null) => void): Promise<AuditReport> {
  const m = memoryOf(deps.consent.ledger)
  const run = async (): Promise<AuditReport> => {
    if (m.problem) return { ok: false, problem: m.problem, tree: m.tree }
    const key = { keyName: deps.ledgerKey.keyName, publicKey: publicKeyCached(deps.ledgerKey.secretKey) }
    // Nothing audited yet in this process: a full audit when asked (the local cloud's start), else
    // resume at the kept signed checkpoint (a cold deployed instance reads O(log n) nodes, not the log).
    const fresh = m.tree.size === 0
    const report = await auditLedger(deps.consent.ledger, { from: fresh ? undefined : m.tree, key, verifiedNote: m.note, resume: fresh && how === 'resume', onHead })
    if (report.ok) {
      m.tree = report.tree
      m.note = report.checkpointNote ?? undefined
      m.keptSize = report.checkpointSize ?? undefined
    } else m.problem = report.problem
    return report
  }
  const next = m.queue.then(run, run)
  m.queue = next.catch(() => undefined)
  return next
}

const publicKeyCached = (secretKey: Uint8Array): Uint8Array => ledgerSigner(secretKey).publicKey

function refuse(deps: ConsentDeps, problem: AuditProblem, code: 'LEDGER_TAMPERED' | 'RECORD_ALTERED'): never {
  memoryOf(deps.consent.ledger).problem ??= problem
  // Indexes only, no personal data: the operator's log says where to look.
  console.error(`[ledger-audit] 拒绝签发检查点：${describeProblem(problem)}`)
  throw new AppError(code)
}

/**
 * A signed checkpoint of the current tree, inclusion proofs of the given entries, and consistency
 * from `knownSize`. Nothing is signed while the audit fails (LEDGER_TAMPERED): the root signed is
 * the audit's own, rebuilt from the leaf texts; the entries proven are re-checked on the spot (text
 * against hash: RECORD_ALTERED, the holder's own record was changed; their proof from the stored
 * nodes against the audited root), and the checkpoint is kept for the next audit to compare with.
 */
export async function proofBundle(
  deps: ConsentDeps,
  wanted: Array<number | { index: number | null; ref: string | null }>,
  knownSize: number | undefined,
): Promise<ProofBundle> {
  // Entries named by their promise: integrated ones by the index found, the rest shown as promised.
  const asked = wanted.map((w) => (typeof w === 'number' ? { index: w, ref: null } : w))
  const refs = asked.filter((w) => w.index === null && w.ref).map((w) => w.ref!)
  // The promises' states and the audit are independent reads: one round trip for both starts.
  // Once the audit has read the head, the records' entries and proof nodes (they need the size,
  // not the audit's result) are read beside the rest of the audit; they are checked, as before,
  // only once the audit has passed, and read again if the audit ended at another size.
  const statesRead = refs.length > 0 ? deps.consent.ledger.pending(refs) : Promise.resolve(new Map<string, PendingState>())
  let early: Promise<{ size: number; covered: number[]; fetched: Fetched[] } | null> | null = null
  // The consistency proofs each witness will need (from where it was last seen to the head), read
  // beside the records' proofs: the same round trip.
  let witnessOlds: Map<string, number> | null = null
  const witnessProofs = new Map<string, Promise<Hash[]>>()
  const witnessProof = (old: number, size: number, atSize?: number) => {
    const k = `${old}:${size}`
    if (!witnessProofs.has(k)) witnessProofs.set(k, storeProof(deps.consent.ledger, old, size, atSize))
    return witnessProofs.get(k)!
  }
  const onHead = (head: number, kept: StoredCheckpoint | null) => {
    const reusable = kept && kept.size === head && cosignersOf(deps.ledgerWitnesses, kept.note).length >= (deps.ledgerWitnesses?.quorum ?? 0)
    if (deps.ledgerWitnesses && !reusable) {
      witnessOlds = expectedOldSizes(deps, kept?.note)
      for (const old of witnessOlds.values()) witnessProof(old, head, head).catch(() => undefined)
    }
    early = statesRead
      .then(async (st) => {
        const covered = asked.map((w) => w.index ?? (w.ref ? st.get(w.ref)?.index ?? null : null)).filter((i): i is number => i !== null && i < head)
        return { size: head, covered, fetched: await fetchRecords(deps, covered, head, head) }
      })
      .catch(() => null)
  }
  const [states, audit] = await Promise.all([statesRead, auditOnce(deps, 'resume', onHead)])
  const indexes: number[] = []
  const pending: Array<{ leaf: string; promise: string }> = []
  for (const w of asked) {
    if (w.index !== null) indexes.push(w.index)
    else if (w.ref) {
      const st = states.get(w.ref)
      // A promise the store has no entry for: the promised entry was lost, which the audit names.
      if (!st) refuse(deps, { kind: 'entry-missing', index: (await deps.consent.ledger.size()) }, 'LEDGER_TAMPERED')
      if (st.index !== null) indexes.push(st.index)
      else pending.push({ leaf: st.leaf, promise: promiseFor(deps, st.leafHash, st.at) })
    }
  }
  if (!audit.ok) {
    // The holder whose own record was changed is told so (记录被改动), whichever index the audit stopped at.
    for (const index of indexes) {
      const [entry] = await deps.consent.ledger.entries(index, 1)
      if (entry && toHex(leafHashOfText(entry.leaf)) !== entry.leafHash) refuse(deps, { kind: 'leaf-text', index }, 'RECORD_ALTERED')
    }
    refuse(deps, audit.problem, 'LEDGER_TAMPERED')
  }
  const { size, rootHash: root } = audit
  // The audit ran to the head it read: the store reads at that size without reading the head again.
  const atSize = audit.head === size ? size : undefined
  // Each record's entry and its proof's nodes depend on the index and the size only: all read in
  // one round trip, then checked in order as before.
  const covered = indexes.filter((i) => i < size)
  const started = await (early as Promise<{ size: number; covered: number[]; fetched: Fetched[] } | null> | null)
  const fetched =
    started && atSize === size && started.size === size && sameList(started.covered, covered)
      ? started.fetched
      : await fetchRecords(deps, covered, size, atSize)
  const records = []
  for (const [k, index] of covered.entries()) {
    const [[entry], proof] = fetched[k]
    if (entry?.index !== index) refuse(deps, { kind: 'entry-missing', index }, 'LEDGER_TAMPERED')
    const leafHash = toHex(leafHashOfText(entry.leaf))
    if (leafHash !== entry.leafHash) refuse(deps, { kind: 'leaf-text', index }, 'RECORD_ALTERED')
    if (!verifyInclusion(index, size, fromHex(leafHash)!, proof, fromHex(root)!).ok) {
      refuse(deps, { kind: 'node', index, level: 0, node: index }, 'LEDGER_TAMPERED')
    }
    records.push({ index, leaf: entry.leaf, leafHash: entry.leafHash, inclusion: proof.map(toHex) })
  }
  const { secretKey, keyName, origin } = deps.ledgerKey
  const quorum = deps.ledgerWitnesses?.quorum ?? 0
  const m = memoryOf(deps.consent.ledger)
  // The checkpoint: with witnesses, the kept one when it names this very tree and carries the
  // quorum (no signing, no witness call, no write); else a fresh one, cosigned by the witnesses
  // (all asked at once). Without the quorum nothing goes out (LEDGER_UNWITNESSED).
  const kept = audit.checkpointSize === size && audit.checkpointNote ? audit.checkpointNote : null
  const keptCosigners = kept ? cosignersOf(deps.ledgerWitnesses, kept).length : 0
  let checkpoint: string
  let write: Promise<unknown> = Promise.resolve()
  if (deps.ledgerWitnesses && kept && keptCosigners >= quorum) {
    checkpoint = kept
  } else {
    const timestamp = deps.clock.now()
    const signed = signCheckpoint({ origin, size, rootHash: root, timestamp }, keyName, secretKey, ledgerSigner(secretKey))
    checkpoint = deps.ledgerWitnesses
      ? await gatherCosignatures(deps, signed, size, (old) => witnessProof(old, size, atSize), witnessOlds ?? expectedOldSizes(deps, audit.checkpointNote))
      : signed
    const cosigners = cosignersOf(deps.ledgerWitnesses, checkpoint).length
    if (cosigners < quorum) {
      console.error(`[ledger] 检查点见证不足：${cosigners}/${quorum}，不出具证明`)
      throw new AppError('LEDGER_UNWITNESSED')
    }
    // Kept when the tree grew past the kept one, or the kept one at this size lacks cosignatures this
    // one has (one durable write; none for a repeat). A smaller one is simply not kept: a concurrent
    // signer got further.
    if (size > (m.keptSize ?? -1) || (size === m.keptSize && cosigners > keptCosigners)) {
      write = deps.consent.ledger.recordCheckpoint({ size, rootHash: root, timestamp, note: checkpoint }).then((kept) => {
        if (kept) m.note = checkpoint
      })
      m.keptSize = Math.max(size, m.keptSize ?? 0)
    }
  }
  // The write and the device's consistency proof are independent: one round trip for both.
  const [, consistency] = await Promise.all([
    write,
    knownSize !== undefined && knownSize > 0 && knownSize < size
      ? withNodes(deps, (at) => consistencyProof(knownSize, size, at), atSize).then((proof) => ({ fromSize: knownSize, proof: proof.map(toHex) }))
      : Promise.resolve(null),
  ])
  const witnesses = cosignersOf(deps.ledgerWitnesses, checkpoint).map((c) => c.name)
  return {
    origin, keyName, publicKey: toHex(publicKeyCached(secretKey)), checkpoint, size, rootHash: root, records, consistency,
    ...(pending.length > 0 ? { pending } : {}),
    ...(deps.ledgerWitnesses ? { witnesses } : {}),
  }
}
