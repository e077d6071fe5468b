import { randomBytes } from 'node:crypto'
import { createCloudBaseConsentStores, createCloudBaseLedgerAuditRecord, CONSENT_COLLECTIONS } from '../../cloudfunctions/adapters/cloudbase'
import { publicKeyOf, signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { BUNDLE_SIZE, bundleId, bundleWidth, tileIdOfNode, tileOf } from '../../cloudfunctions/domain/ledger/tiles'
import { encodeLeaf, fieldSetHash } from '../../cloudfunctions/domain/ledger/leaf'
import { createLedgerAuditHandler, type Invocation } from '../../cloudfunctions/functions/ledgerAudit/handler'
import type { LedgerAuditState } from '../../cloudfunctions/ports/consentStores'
import { auditLedger, nodeHashes } from '../../cloudfunctions/services/consent/ledgerAudit'
import { DAY_MS, runScheduledAudit, type ScheduledAuditDeps } from '../../cloudfunctions/services/consent/scheduledAudit'
import { FakeDocDb } from '../contract/fakeDocDb'
import { consentNotice } from '../../cloudfunctions/domain/consent/notice'

/**
 * The scheduled full audit of the deployed ledger over the CloudBase adapter and its
 * in-memory database: the verdict and the resumable cursor in `ledger_head/audit`, and the
 * `ledgerAudit` function's handler, which answers its timer only.
 */
const ORIGIN = 'school-space.local/consent-ledger'
const KEY_NAME = 'school-space.local-ledger'
const secret = new Uint8Array(randomBytes(32))
const key = { keyName: KEY_NAME, publicKey: publicKeyOf(secret) }
const leaf = (i: number) => encodeLeaf({ v: 1, consent: `cs_${i}`, action: i % 3 ? 'read' : 'grant', fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1_790_000_000_000 + i })
/** The stored entry `i` in a ledger of `size` (its bundle, domain/ledger/tiles.ts), as an editable object. */
const entryDoc = (db: FakeDocDb, i: number, size: number) =>
  (db.collections.get(CONSENT_COLLECTIONS.ledgerEntries)!.get(bundleId(Math.floor(i / BUNDLE_SIZE), bundleWidth(Math.floor(i / BUNDLE_SIZE), size)).replace(/\//g, '-'))!.entries as Array<Record<string, unknown>>)[i % BUNDLE_SIZE]
/** Reads and rewrites stored node `level:index` in its tile at `size`. */
function tileNode(db: FakeDocDb, key: string, size: number) {
  const [level, index] = key.split(':').map(Number)
  const rows = db.collections.get(CONSENT_COLLECTIONS.ledgerNodes)!.get(tileIdOfNode(level, index, size)!.replace(/\//g, '-'))!.rows as string[]
  const t = tileOf(level, index)
  return {
    get: () => rows[t.row].slice(t.at * 64, t.at * 64 + 64),
    set: (h: string) => void (rows[t.row] = rows[t.row].slice(0, t.at * 64) + h + rows[t.row].slice(t.at * 64 + 64)),
  }
}

/** A steerable clock: each read moves it on by `step` ms. */
function clockOf(start = 1_790_000_000_000, step = 0) {
  let t = start
  return { now: () => (t += step), set: (v: number) => void (t = v), setStep: (s: number) => void (step = s) }
}

async function ledgerOf(n: number, opts: { checkpointAt?: number } = {}) {
  const db = new FakeDocDb()
  const stores = createCloudBaseConsentStores(db)
  const append = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      await stores.ledger.enqueue({ id: `p${i}`, leaf: leaf(i), leafHash: nodeHashes.leaf(leaf(i)), at: 1000 + i })
      await stores.ledger.integrate(1000)
    }
  }
  const cpSize = opts.checkpointAt ?? n
  await append(0, cpSize)
  if (cpSize > 0) {
    // Signed as the consent function signs: the root a clean audit rebuilds.
    const clean = await auditLedger(stores.ledger)
    if (!clean.ok) throw new Error('setup: ledger not clean')
    const note = signCheckpoint({ origin: ORIGIN, size: cpSize, rootHash: clean.rootHash, timestamp: 5000 }, KEY_NAME, secret)
    expect(await stores.ledger.recordCheckpoint({ size: cpSize, rootHash: clean.rootHash, timestamp: 5000, note })).toBe(true)
  }
  await append(cpSize, n)
  const clock = clockOf()
  const deps: ScheduledAuditDeps = { ledger: stores.ledger, record: createCloudBaseLedgerAuditRecord(db), key, clock }
  const auditDoc = () => db.collections.get(CONSENT_COLLECTIONS.ledgerHead)?.get('audit')
  return { db, stores, clock, deps, auditDoc }
}

/** Someone with database access rewrites one stored entry's leaf text (a grant becomes a read, or the reverse). */
function alterEntry(db: FakeDocDb, index: number, size: number) {
  const doc = entryDoc(db, index, size)
  const text = String(doc.leaf)
  doc.leaf = text.includes('"grant"') ? text.replace('"grant"', '"read"') : text.replace('"read"', '"grant"')
  expect(doc.leaf).not.toBe(text)
}

const budget = { budgetMs: 60_000 }

describe('the scheduled full audit over the CloudBase stores', () => {
  it('a clean ledger: one run reaches the head, ok, and saves ledger_head/audit with nothing personal in it', async () => {
    const { deps, auditDoc } = await ledgerOf(37)
    const run = await runScheduledAudit(deps, { ...budget, pageSize: 10 })
    expect(run).toMatchObject({ ran: true, saved: true, problem: null, state: { ok: true, done: true, entries: 37, head: 37, firstBadIndex: null, kind: null, cursor: null } })
    expect(run.line).toMatch(/^\[ledger-audit\] OK full pass clean: 37 entries/)
    const doc = auditDoc()!
    expect(doc).toMatchObject({ ok: true, entries: 37, done: true, seq: 0, cursor: null })
    expect(Object.keys(doc).sort()).toEqual(['_id', 'at', 'cursor', 'done', 'entries', 'firstBadIndex', 'head', 'kind', 'lastCleanAt', 'ok', 'passStartedAt', 'seq'])
    expect(JSON.stringify(doc)).not.toMatch(/cs_|aaaa/)
  })

  it('a changed entry: not ok, with the first bad index and its kind, in the record and the log line', async () => {
    const { db, deps, auditDoc } = await ledgerOf(37)
    alterEntry(db, 23, 37)
    const run = await runScheduledAudit(deps, { ...budget, pageSize: 10 })
    expect(run).toMatchObject({ ran: true, saved: true, problem: { kind: 'leaf-text', index: 23 }, state: { ok: false, done: true, firstBadIndex: 23, kind: 'leaf-text', entries: 23, cursor: null } })
    expect(run.line).toMatch(/^\[ledger-audit\] FAIL kind=leaf-text firstBadIndex=23 /)
    expect(auditDoc()).toMatchObject({ ok: false, firstBadIndex: 23, kind: 'leaf-text' })
  })

  it('a checkpoint whose signature does not check out fails the audit (kind checkpoint-signature, no index)', async () => {
    const { db, deps } = await ledgerOf(9)
    const cp = db.collections.get(CONSENT_COLLECTIONS.ledgerHead)!.get('checkpoint')!
    cp.note = String(cp.note).replace(/ [A-Za-z0-9+/=]+\n$/, ' AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n')
    const run = await runScheduledAudit(deps, budget)
    expect(run).toMatchObject({ problem: { kind: 'checkpoint-signature' }, state: { ok: false, firstBadIndex: null, kind: 'checkpoint-signature' } })
  })

  it('resumable: a run that stops short saves a cursor, the next continues from it (reads only the rest) and finishes the pass', async () => {
    const { deps, auditDoc, db, stores } = await ledgerOf(50, { checkpointAt: 40 })
    const first = await runScheduledAudit(deps, { ...budget, pageSize: 10, maxEntries: 20 })
    expect(first).toMatchObject({ ran: true, problem: null, state: { ok: true, done: false, entries: 20, head: 50 } })
    expect(first.line).toMatch(/PART 20\/50 entries audited/)
    expect(auditDoc()).toMatchObject({ done: false, entries: 20, seq: 0, cursor: expect.stringMatching(/^20;4:[0-9a-f]{64},2:[0-9a-f]{64}$/) })

    const read = jest.spyOn(stores.ledger, 'entries')
    const second = await runScheduledAudit(deps, { ...budget, pageSize: 10, maxEntries: 20 })
    expect(second.state).toMatchObject({ done: false, entries: 40, passStartedAt: first.state.passStartedAt })
    expect(read.mock.calls.map((c) => c[0])).toEqual([20, 30])
    const third = await runScheduledAudit(deps, { ...budget, pageSize: 10, maxEntries: 20 })
    expect(third.state).toMatchObject({ ok: true, done: true, entries: 50, cursor: null, passStartedAt: first.state.passStartedAt })
    expect(auditDoc()).toMatchObject({ seq: 2, ok: true, done: true, entries: 50 })
    void db
  })

  it('resumable: an entry rewritten behind the cursor between runs, with its leaf hash and nodes, is found by the pass that continues', async () => {
    const { db, deps } = await ledgerOf(30, { checkpointAt: 12 })
    expect((await runScheduledAudit(deps, { ...budget, pageSize: 8, maxEntries: 16 })).state).toMatchObject({ done: false, entries: 16 })
    // Entry 3 becomes another record, and every stored hash on its path up to the cursor's edge (4:0) agrees with it.
    const node = (k: string) => tileNode(db, k, 30)
    const h = (k: string) => node(k).get()
    alterEntry(db, 3, 30)
    const e = entryDoc(db, 3, 30)
    e.leafHash = nodeHashes.leaf(String(e.leaf))
    node('0:3').set(String(e.leafHash))
    node('1:1').set(nodeHashes.node(h('0:2'), h('0:3')))
    node('2:0').set(nodeHashes.node(h('1:0'), h('1:1')))
    node('3:0').set(nodeHashes.node(h('2:0'), h('2:1')))
    node('4:0').set(nodeHashes.node(h('3:0'), h('3:1')))
    const run = await runScheduledAudit(deps, { ...budget, pageSize: 8 })
    expect(run).toMatchObject({ problem: { kind: 'node', level: 4, node: 0, index: 15 }, state: { ok: false, firstBadIndex: 15, done: true, cursor: null } })
    // The next pass starts again at 0 and names the entry itself.
    expect((await runScheduledAudit(deps, { ...budget, pageSize: 8 })).state).toMatchObject({ ok: false, kind: 'checkpoint', firstBadIndex: null })
  })

  it('resumable: a checkpoint signed between runs for a tree the pass has reached is compared with the stored nodes', async () => {
    for (const at of [16, 10]) {
      const { db, deps } = await ledgerOf(30, { checkpointAt: 0 })
      expect((await runScheduledAudit(deps, { ...budget, pageSize: 8, maxEntries: 16 })).state).toMatchObject({ done: false, entries: 16 })
      // A validly signed checkpoint whose root is not the tree's (a signer fed rewritten data).
      const rootHash = 'e'.repeat(64)
      const note = signCheckpoint({ origin: ORIGIN, size: at, rootHash, timestamp: 6000 }, KEY_NAME, secret)
      db.collections.get(CONSENT_COLLECTIONS.ledgerHead)!.set('checkpoint', { _id: 'checkpoint', size: at, rootHash, timestamp: 6000, note })
      const run = await runScheduledAudit(deps, { ...budget, pageSize: 8 })
      expect([at, run.ran && run.problem]).toEqual([at, { kind: 'checkpoint', index: null, size: at }])
    }
  })

  it('a failed pass stays failed while the next pass is under way, and turns ok when a pass reaches the head clean', async () => {
    const { db, deps } = await ledgerOf(30)
    alterEntry(db, 25, 30)
    expect((await runScheduledAudit(deps, { ...budget, pageSize: 10 })).state).toMatchObject({ ok: false, firstBadIndex: 25 })
    alterEntry(db, 25, 30) // repaired (the change undone)
    const part = await runScheduledAudit(deps, { ...budget, pageSize: 10, maxEntries: 10 })
    expect(part.state).toMatchObject({ done: false, entries: 10, ok: false, firstBadIndex: 25, kind: 'leaf-text' })
    const end = await runScheduledAudit(deps, { ...budget, pageSize: 10 })
    expect(end.state).toMatchObject({ done: true, entries: 30, ok: true, firstBadIndex: null, kind: null })
  })

  it('a clean pass is not started again within a day; the time budget ends a run after the page that passes it', async () => {
    const { deps, clock } = await ledgerOf(25)
    const done = await runScheduledAudit(deps, { ...budget, pageSize: 10 })
    expect(done.state.done).toBe(true)
    clock.set(done.state.at + DAY_MS - 1)
    const idle = await runScheduledAudit(deps, { ...budget, pageSize: 10 })
    expect(idle).toMatchObject({ ran: false, saved: true, state: { ...done.state, seq: 1, at: done.state.at + DAY_MS - 1 } })
    expect(idle.line).toMatch(/^\[ledger-audit\] IDLE/)
    clock.set(done.state.at + DAY_MS)
    clock.setStep(600) // every clock read 0.6 s later: the 1 s budget is passed after the second page
    const timed = await runScheduledAudit(deps, { budgetMs: 1_000, pageSize: 10 })
    expect(timed.state).toMatchObject({ done: false, entries: 20 })
  })

  it('two overlapping runs: one saves, the other is told and writes nothing', async () => {
    const { deps, auditDoc } = await ledgerOf(12)
    const [a, b] = await Promise.all([runScheduledAudit(deps, budget), runScheduledAudit(deps, budget)])
    expect([a.ran && a.saved, b.ran && b.saved].sort()).toEqual([false, true])
    expect(auditDoc()).toMatchObject({ seq: 0, ok: true })
  })
})

describe('the ledgerAudit function answers its timer only', () => {
  const timerEvent = { Type: 'Timer', TriggerName: 'ledgerAuditHourly', Time: '2026-12-05T19:17:00Z', Message: '' }
  const timer: Invocation = { TRIGGER_SRC: 'timer', openid: '' }
  let logs: jest.SpyInstance[]
  beforeEach(() => { logs = [jest.spyOn(console, 'log').mockImplementation(() => {}), jest.spyOn(console, 'warn').mockImplementation(() => {}), jest.spyOn(console, 'error').mockImplementation(() => {})] })
  afterEach(() => logs.forEach((l) => l.mockRestore()))

  it('the timer: one run, one log line, the state in the reply without the cursor', async () => {
    const { deps, auditDoc } = await ledgerOf(7)
    const r = await createLedgerAuditHandler(deps)(timerEvent, timer)
    expect(r).toMatchObject({ ok: true, data: { ran: true, saved: true, ok: true, done: true, entries: 7 } })
    expect(r.ok && 'cursor' in r.data).toBe(false)
    expect(logs[0].mock.calls).toEqual([[expect.stringMatching(/^\[ledger-audit\] OK full pass clean: 7 entries/)]])
    expect(auditDoc()).toBeDefined()
  })

  it.each<[string, unknown, Invocation]>([
    ['a mini-program user sending a timer-shaped event', timerEvent, { ...timer, TRIGGER_SRC: 'wx', openid: 'o-user' }],
    ['a user whose call somehow carries TRIGGER_SRC timer', timerEvent, { ...timer, openid: 'o-user' }],
    ['a web-SDK caller (anonymous login)', timerEvent, { TRIGGER_SRC: 'timer', openid: '', TCB_UUID: 'u-1' }],
    ['a web-SDK caller (custom login)', timerEvent, { TRIGGER_SRC: 'timer', openid: '', TCB_CUSTOM_USER_ID: 'c-1' }],
    ['no injected trigger source, the event naming one', { ...timerEvent, TRIGGER_SRC: 'timer' }, { openid: '' }],
    ['an HTTP access event', { ...timerEvent, httpMethod: 'POST', path: '/audit', body: '{}' }, { TRIGGER_SRC: 'timer', openid: '' }],
    ['the timer source with an event that is not the timer’s', { action: 'reset' }, timer],
  ])('%s is refused (FORBIDDEN) and nothing is read or written', async (_name, event, inv) => {
    const { deps, auditDoc } = await ledgerOf(5)
    const get = jest.spyOn(deps.record, 'get')
    const r = await createLedgerAuditHandler(deps)(event, inv)
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(get).not.toHaveBeenCalled()
    expect(auditDoc()).toBeUndefined()
  })

  it('a store failure: INTERNAL, a log line with the error’s name only, the saved state untouched', async () => {
    const { deps, auditDoc } = await ledgerOf(5)
    await createLedgerAuditHandler(deps)(timerEvent, timer)
    const before = { ...auditDoc() } as Partial<LedgerAuditState>
    jest.spyOn(deps.ledger, 'entries').mockRejectedValue(new TypeError('socket hang up at 10.0.0.7'))
    deps.clock.now = (() => { let t = before.at! + DAY_MS; return () => (t += 1) })()
    const r = await createLedgerAuditHandler(deps)(timerEvent, timer)
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(logs[2].mock.calls).toEqual([['[ledger-audit] ERROR the run stopped before its end: TypeError']])
    expect(auditDoc()).toEqual(before)
  })
})

describe('授权说明 kept for the leaves that name one (the audit over the CloudBase adapter)', () => {
  const notice = consentNotice({ systemName: '学校招生报名系统', purpose: '入学报名资格审核', applicationType: '2025惠城区义务教育', evidence: '户籍（户口簿, 出生证）', credentials: [{ title: '居民户口簿', fields: ['户号'] }], expiresAtText: '2026-12-22 10:00' })
  const withNotice = (i: number) => encodeLeaf({ v: 1, consent: `cs_${i}`, action: 'grant', fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1_790_000_000_000 + i, notice: notice.hash })

  async function noticeLedger() {
    const db = new FakeDocDb()
    const stores = createCloudBaseConsentStores(db)
    for (let i = 0; i < 30; i++) {
      const text = i === 17 ? withNotice(i) : leaf(i)
      await stores.ledger.enqueue({ id: `p${i}`, leaf: text, leafHash: nodeHashes.leaf(text), at: 1000 + i })
    }
    await stores.ledger.integrate(1000)
    await stores.notices.put({ id: notice.hash, text: notice.text, createdAt: 1 })
    const deps: ScheduledAuditDeps = { ledger: stores.ledger, record: createCloudBaseLedgerAuditRecord(db), key, clock: clockOf(), notices: stores.notices }
    return { db, stores, deps }
  }

  it('clean while the text is kept; the text edited in its document → kind notice at index 17, in the kept verdict too', async () => {
    const { db, stores, deps } = await noticeLedger()
    expect(await auditLedger(stores.ledger, { notices: stores.notices, pageSize: 10 })).toMatchObject({ ok: true, size: 30 })
    const doc = db.collections.get(CONSENT_COLLECTIONS.notices)!.get(notice.hash)!
    doc.text = String(doc.text).replace('注销', '撤销')
    const report = await auditLedger(stores.ledger, { notices: stores.notices, pageSize: 10 })
    expect(report).toMatchObject({ ok: false, problem: { kind: 'notice', index: 17, what: 'altered' }, tree: { size: 17 } })
    // Without the notices the ledger itself is intact: the problem is the text, not the tree.
    expect(await auditLedger(stores.ledger, { pageSize: 10 })).toMatchObject({ ok: true })
    const run = await runScheduledAudit(deps, { ...budget, pageSize: 10 })
    expect(run).toMatchObject({ ran: true, problem: { kind: 'notice', index: 17 }, state: { ok: false, firstBadIndex: 17, kind: 'notice' } })
    expect(run.ran && run.line).toMatch(/授权说明被改动/)
    expect(run.ran && run.line).not.toContain(notice.hash)
  })

  it('the text deleted → kind notice, missing, at index 17', async () => {
    const { db, stores } = await noticeLedger()
    db.collections.get(CONSENT_COLLECTIONS.notices)!.delete(notice.hash)
    expect(await auditLedger(stores.ledger, { notices: stores.notices })).toMatchObject({ ok: false, problem: { kind: 'notice', index: 17, what: 'missing' } })
  })
})
