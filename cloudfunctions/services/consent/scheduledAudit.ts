import { describeProblem, edgeKeys, EMPTY_TREE, resumeAt, type AuditedTree, type AuditProblem } from '../../domain/ledger/audit'
import { openCheckpoint } from '../../domain/ledger/checkpoint'
import type { Clock } from '../../ports/clock'
import type { LedgerAuditRecordStore, LedgerAuditState, LedgerStore, NoticeStore } from '../../ports/consentStores'
import { auditLedger, nodeHashes } from './ledgerAudit'

/**
 * The scheduled full audit of the deployed ledger (the `ledgerAudit` function's timer,
 * docs/DEPLOY.md §7). Each run audits from where the pass in progress stopped, for at most
 * `budgetMs` (and `maxEntries`), and saves the verdict and the cursor (`LedgerAuditState`), so a
 * ledger too large for one invocation is audited over several. A pass that reaches the head clean
 * is not started again before `passEveryMs`; a failed one is started again on the next run, so the
 * record turns clean on the first run after a repair. The failure of the last pass stays in the
 * record while a new pass is under way.
 */
export interface ScheduledAuditDeps {
  ledger: LedgerStore
  record: LedgerAuditRecordStore
  /** The ledger's public key: the kept checkpoint's signature is checked on every run. */
  key: { keyName: string; publicKey: Uint8Array }
  clock: Clock
  /** The kept 授权说明: each leaf naming one must have it, unchanged (auditLedger `notices`). */
  notices?: NoticeStore
}

export interface ScheduledAuditOptions {
  /** Stop after the page that passes this much time (the function's timeout less a margin). */
  budgetMs: number
  /** Stop after the page that passes this many entries in one run. */
  maxEntries?: number
  /** How long after a clean pass the next one starts (default a day). */
  passEveryMs?: number
  /** Entries per store read (≤ 1,000). */
  pageSize?: number
}

export type ScheduledAuditRun =
  /** Nothing to audit: the last pass was clean and is younger than passEveryMs; only `at` is saved. */
  | { ran: false; saved: boolean; state: LedgerAuditState; line: string }
  /** `saved` false: an overlapping run saved first, this run's state was dropped. */
  | { ran: true; saved: boolean; state: LedgerAuditState; problem: AuditProblem | null; line: string }

export const DAY_MS = 24 * 3600 * 1000

/**
 * A cursor is trusted only as far as the stored nodes agree with it: its edge must be the stored
 * nodes of a tree of its size (else a node was changed after it was audited), and a signed
 * checkpoint the pass has already passed must fold from those nodes (it was signed after that
 * part was audited). One `nodes` read.
 */
async function checkCursor(ledger: LedgerStore, cursor: AuditedTree, kept: { size: number; rootHash: string } | null): Promise<AuditProblem | null> {
  const keys = edgeKeys(cursor.size)
  // A checkpoint at the cursor's own size is checked here too: the audit from the cursor compares only sizes it reaches.
  const passed = kept && kept.size > 0 && kept.size <= cursor.size ? kept : null
  const wanted = [...keys.map((k) => `${k.level}:${k.index}`), ...(passed ? edgeKeys(passed.size).map((k) => `${k.level}:${k.index}`) : [])]
  const nodes = await ledger.nodes(wanted)
  for (const [i, k] of keys.entries()) {
    if (nodes.get(`${k.level}:${k.index}`) !== cursor.edge[i]?.hash || cursor.edge[i]?.level !== k.level) {
      return { kind: 'node', index: (k.index + 1) * 2 ** k.level - 1, level: k.level, node: k.index }
    }
  }
  if (passed) {
    const resumed = resumeAt(passed, (l, i) => nodes.get(`${l}:${i}`), nodeHashes)
    if (!resumed.ok) return resumed.problem
  }
  return null
}

export async function runScheduledAudit(deps: ScheduledAuditDeps, opts: ScheduledAuditOptions): Promise<ScheduledAuditRun> {
  const started = deps.clock.now()
  const prev = await deps.record.get()
  const passEvery = opts.passEveryMs ?? DAY_MS
  if (prev && prev.ok && prev.done && prev.lastCleanAt !== null && started - prev.lastCleanAt < passEvery) {
    // Only `at` moves, so a stale `at` always means the runs stopped (docs/DEPLOY.md §7).
    const state = { ...prev, seq: prev.seq + 1, at: started }
    const saved = await deps.record.save(state)
    return { ran: false, saved, state: saved ? state : prev, line: `[ledger-audit] IDLE last full pass clean (${prev.entries} entries); a new pass ${passEvery / 3600_000} h after it` }
  }
  const continuing = prev !== null && !prev.done && prev.cursor !== null
  const passStartedAt = continuing ? prev.passStartedAt : started
  const from = continuing ? prev.cursor! : EMPTY_TREE

  let problem: AuditProblem | null = null
  let tree = from
  let head = await deps.ledger.size()
  let complete = false
  if (continuing) {
    const kept = await deps.ledger.lastCheckpoint()
    if (kept) {
      const opened = openCheckpoint(kept.note, deps.key.keyName, deps.key.publicKey)
      if (!opened.ok || opened.checkpoint.size !== kept.size || opened.checkpoint.rootHash !== kept.rootHash) {
        problem = { kind: 'checkpoint-signature', index: null, size: kept.size }
      }
    }
    problem ??= await checkCursor(deps.ledger, from, kept)
  }
  if (!problem) {
    const report = await auditLedger(deps.ledger, {
      from: continuing ? from : undefined,
      key: deps.key,
      notices: deps.notices,
      pageSize: opts.pageSize,
      stop: (t) => deps.clock.now() - started >= opts.budgetMs || (opts.maxEntries !== undefined && t.size - from.size >= opts.maxEntries),
    })
    tree = report.tree
    if (report.ok) {
      head = report.head
      complete = report.size >= report.head
    } else problem = report.problem
  }

  const at = deps.clock.now()
  const base = { seq: prev ? prev.seq + 1 : 0, at, passStartedAt, lastCleanAt: prev?.lastCleanAt ?? null }
  const state: LedgerAuditState = problem
    ? { ...base, entries: problem.index ?? tree.size, head, done: true, ok: false, firstBadIndex: problem.index, kind: problem.kind, cursor: null }
    : complete
      ? { ...base, entries: tree.size, head, done: true, ok: true, firstBadIndex: null, kind: null, lastCleanAt: at, cursor: null }
      : // Under way: the verdict of the last pass that ended stays until this one ends.
        { ...base, entries: tree.size, head, done: false, ok: prev?.ok ?? true, firstBadIndex: prev?.firstBadIndex ?? null, kind: prev?.kind ?? null, cursor: tree }
  const saved = await deps.record.save(state)
  const ms = at - started
  const line = problem
    ? `[ledger-audit] FAIL kind=${problem.kind} firstBadIndex=${problem.index ?? '-'} entries=${state.entries}: ${describeProblem(problem)}`
    : complete
      ? `[ledger-audit] OK full pass clean: ${tree.size} entries in ${ms} ms`
      : `[ledger-audit] PART ${tree.size}/${head} entries audited (${tree.size - from.size} in ${ms} ms); the next run continues`
  return { ran: true, saved, state, problem, line: saved ? line : `${line} (not saved: an overlapping run saved first)` }
}
