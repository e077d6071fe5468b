import type { EvidenceTemplate, PartKey } from '../../types/consentModels'
import type { RequestPart } from '../domain/consent/request'
import type { AllowList } from '../domain/consent/scope'
import type { AuditedTree, AuditProblem } from '../domain/ledger/audit'

/**
 * Store ports of the consent ledger and enrolment authorization (SPEC §4), shaped for a document
 * database (CLOUDBASE.md): every atomic step touches documents by id; lists by one field outside
 * transactions.
 */

/** A registered business system. Id: chosen at registration; the API key is kept only as a hash. */
export interface BusinessSystem {
  id: string
  name: string
  purpose: string
  allowList: AllowList
  /** SHA-256 hex of the API secret. */
  keyHash: string
  createdAt: number
}

/** An authorization request. Id: the 授权码 itself (random, unique by insert). */
export interface AuthRequest {
  id: string
  systemId: string
  applicationType: string
  evidence: EvidenceTemplate
  /** Keyed hash of the student's ID number: their identity id, no clear data. */
  studentRef: string
  /** Ciphertext of { studentName, studentIdNumber, parentName, parentIdNumber, phone }. */
  applicantCipher: string
  studentMasked: string
  parts: RequestPart[]
  createdAt: number
  expiresAt: number
  version: number
}

/** One signature over one part (the consent artefact): who, what item, which fields, how long. */
export interface Consent {
  id: string
  requestId: string
  systemId: string
  part: PartKey
  signerId: string
  /** How the holder sees it: masked item summary. */
  itemLabel: string
  /** Ciphertext of the authorized item's snapshot (PartItem JSON) and the chosen option id. */
  itemCipher: string
  optionId: string
  fields: string[]
  state: 'active' | 'revoked'
  grantedAt: number
  expiresAt: number
  revokedAt: number | null
  /**
   * Ledger index of the grant and (once revoked) of the revocation, when it was known at the time
   * (records from before promises); null while only the promise is.
   */
  grantIndex: number | null
  revokeIndex: number | null
  /** The grant's and the revocation's pending-entry ids (their signed promises, services/consent/ledger.ts). */
  grantRef?: string | null
  revokeRef?: string | null
  /** SHA-256 hex of the 授权说明 agreed to (its text in NoticeStore; the grant leaf carries it too); null before notices. */
  noticeHash?: string | null
}

/** A 授权说明 text (domain/consent/notice.ts), stored once. Id: the lower-case hex SHA-256 of `text`. */
export interface StoredNotice {
  id: string
  text: string
  /** When it was first stored (ms). */
  createdAt: number
}

export interface NoticeStore {
  /**
   * Keeps the text under its hash: an idempotent insert by id (content-addressed: a second put of
   * the same text, concurrent or later, writes nothing and succeeds). One write, no read first.
   */
  put(n: StoredNotice): Promise<void>
  get(id: string): Promise<StoredNotice | null>
  /** Several by id in one round trip (the audit's page of leaves); unknown ids are left out. Read as stored. */
  many(ids: string[]): Promise<Map<string, StoredNotice>>
}

/** One ledger entry. Id: the index. `leaf` is the canonical leaf text (domain/ledger/leaf.ts). */
export interface LedgerEntry {
  index: number
  leaf: string
  /** Lower-case hex RFC 6962 leaf hash of `leaf`. */
  leafHash: string
  appendedAt: number
}

/** An accepted entry waiting for the integrator (RFC 6962 §3: promised, not yet in the tree). Id: fresh and random. */
export interface PendingEntry {
  id: string
  leaf: string
  leafHash: string
  /** When it was accepted (the promise's timestamp). */
  at: number
}

/** What became of a pending entry: its index once integrated, null while it waits. */
export interface PendingState {
  /** The leaf text while pending; '' once integrated (the entry holds it then, and only there). */
  leaf: string
  leafHash: string
  at: number
  index: number | null
}

/** One integrated batch: entries `from`..`size - 1`, the new tree's root. */
export interface IntegratedBatch {
  from: number
  size: number
  rootHash: string
  /** The pending entries integrated, in index order (`from + i`). */
  ids: string[]
}

export interface LedgerStore {
  /**
   * Accepts an entry: one uncontended write of a new document under a fresh id (no head read, no
   * compare-and-set). It joins the tree when an integrator next runs.
   */
  enqueue(p: PendingEntry): Promise<void>
  /** The pending entries asked for, by id: integrated ones with their index; unknown ids are left out. */
  pending(ids: string[]): Promise<Map<string, PendingState>>
  /** Entries accepted and not yet integrated, the oldest first (at most `limit`). */
  oldestPending(limit: number): Promise<Array<PendingEntry>>
  /**
   * The integrator lease (one document, compare-and-set): true when `owner` now holds it until
   * `until`: it was free, expired at `now`, or already `owner`'s.
   */
  lease(owner: string, now: number, until: number): Promise<boolean>
  /** Gives the lease up if `owner` holds it. */
  release(owner: string): Promise<void>
  /**
   * One integration step. If a batch was begun and not finished (an integrator died mid-batch),
   * finishes exactly that batch; otherwise takes up to `max` (≤ 1,000) pending entries, oldest
   * first, gives them the next indexes in one step, writes entries and tree nodes, moves the head.
   * Idempotent under crashes and overlapping integrators: no gap, no fork, no promised entry lost.
   * Null when nothing is pending. `checkpoint`, when given, signs the batch's tree; the store keeps
   * it as recordCheckpoint does, in the same step where it can (SQLite: the batch's transaction),
   * else right after the head moved.
   */
  integrate(max: number, checkpoint?: (batch: IntegratedBatch) => StoredCheckpoint): Promise<IntegratedBatch | null>
  /** Entries whose nodes are all written: what proofs may cover. */
  size(): Promise<number>
  entry(index: number): Promise<LedgerEntry | null>
  /**
   * Hex hashes of the perfect subtrees asked for (`level:index`); absent keys are left out.
   * `atSize`: a size the caller has just read from the head (size()), so the store need not read
   * it again; what is stored at a size the head has reached stays readable at that size.
   */
  nodes(keys: string[], atSize?: number): Promise<Map<string, string>>
  /**
   * One page of entries for the audit (domain/ledger/audit.ts): indexes from `from` up, below the
   * head, in index order, at most `limit` (≤ 1,000). Read as stored, without format checks: a
   * tampered row must reach the audit, not fail the read. `atSize`: as for nodes; only indexes
   * below it.
   */
  entries(from: number, limit: number, atSize?: number): Promise<LedgerEntry[]>
  /** The last signed checkpoint kept (the largest tree signed so far), or null before the first. */
  lastCheckpoint(): Promise<StoredCheckpoint | null>
  /**
   * Keeps `cp` if it is not behind the kept one, atomically (one conditional write): a larger
   * tree replaces it, the same tree with the same root refreshes it; a smaller tree, or the same
   * size with another root, is refused (false). Concurrent signers thus never move it backwards.
   */
  recordCheckpoint(cp: StoredCheckpoint): Promise<boolean>
}

/** A signed checkpoint as kept by the store: the tree it names and the signed note itself. */
export interface StoredCheckpoint {
  size: number
  /** Lower-case hex root over the first `size` entries. */
  rootHash: string
  timestamp: number
  /** The whole signed note (domain/ledger/checkpoint.ts), so the audit can check its signature. */
  note: string
}

/**
 * What the scheduled full audit (services/consent/scheduledAudit.ts) keeps between its runs: the
 * verdict, how far the pass in progress got and where it continues. Indexes, times and tree hashes
 * only: nothing personal.
 */
export interface LedgerAuditState {
  /** Bumped by every saved run: the compare-and-set that keeps overlapping runs from overwriting each other. */
  seq: number
  /** When the run that saved this ended (ms). */
  at: number
  /** Entries the pass has audited from index 0 (where it stopped, when it failed). */
  entries: number
  /** The ledger's size when that run began. */
  head: number
  /** The pass is over: it reached the head, or stopped at a problem. False while `cursor` waits for the next run. */
  done: boolean
  /** False when the last pass that ended found a problem (kept while a new pass is under way). */
  ok: boolean
  /** The first bad index of that problem; null when ok or when the problem has no index (a checkpoint). */
  firstBadIndex: number | null
  kind: AuditProblem['kind'] | null
  /** When the pass in progress (or the last one) began. */
  passStartedAt: number
  /** When a pass last reached the head clean; null before the first. */
  lastCleanAt: number | null
  /** Where the pass in progress continues (the audited tree's right edge); null when none is. */
  cursor: AuditedTree | null
}

export interface LedgerAuditRecordStore {
  get(): Promise<LedgerAuditState | null>
  /**
   * Saves `next` if the kept state is still the one it follows (`seq` one less, or none kept when
   * `seq` is 0), atomically: false, nothing written, when another run saved first.
   */
  save(next: LedgerAuditState): Promise<boolean>
}

export interface BusinessSystemStore {
  /**
   * Inserts by id, or updates name, purpose, allow-list and key hash if present, keeping createdAt
   * (the local cloud seeds the demo system on every start; a changed DEMO_BIZ_KEY must take effect).
   */
  ensure(s: BusinessSystem): Promise<void>
  get(id: string): Promise<BusinessSystem | null>
}

export interface RequestStore {
  /** False when the id (授权码) is taken. */
  create(r: AuthRequest): Promise<boolean>
  get(id: string): Promise<AuthRequest | null>
  /** Compare-and-set: replaces only if the stored version is still `expectedVersion`. */
  replace(next: AuthRequest, expectedVersion: number): Promise<boolean>
  /**
   * The open-request slot of one (system, student, parent), by a deterministic id (a keyed hash):
   * the request id it points at, or null. At most one open request per slot.
   */
  openSlot(key: string): Promise<string | null>
  /** Creates the slot pointing at `requestId`; false when it exists already (exactly one caller wins). */
  claimOpenSlot(key: string, requestId: string): Promise<boolean>
  /** Points the slot at `to` only if it still points at `from` (conditional update by id). */
  moveOpenSlot(key: string, from: string, to: string): Promise<boolean>
}

export interface ConsentStore {
  create(c: Consent): Promise<void>
  get(id: string): Promise<Consent | null>
  listBySigner(signerId: string): Promise<Consent[]>
  /** active → revoked, once (conditional update): true for exactly one caller. */
  revoke(id: string, at: number): Promise<boolean>
  /** Records where the revocation went in the ledger (after the conditional revoke won): its promise, and its index when known. */
  setRevokeIndex(id: string, index: number | null, ref?: string | null): Promise<void>
}

export interface ConsentStores {
  ledger: LedgerStore
  systems: BusinessSystemStore
  requests: RequestStore
  consents: ConsentStore
  notices: NoticeStore
}
