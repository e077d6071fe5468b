import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ed25519 } from '@noble/curves/ed25519.js'
import { openSqliteStores, sqliteConsentStores } from '../../cloudfunctions/adapters/sqlite'
import { publicKeyOf, signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { decodeLeaf, encodeLeaf, fieldSetHash, leafHashOfText, type LedgerLeaf } from '../../cloudfunctions/domain/ledger/leaf'
import { consistencyProof, inclusionProof, lookupOfLeaves, rootOf } from '../../cloudfunctions/domain/ledger/proofs'
import { verifyRecord, type Bundle } from '../../cloudfunctions/domain/ledger/verifyRecord'
import { appendLedger, proofBundle } from '../../cloudfunctions/services/consent/ledger'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'

/** The device-side check (SPEC §4): signed checkpoint, inclusion of the consent's records, consistency. */
const sk = ed25519.utils.randomSecretKey()
const pk = toHex(publicKeyOf(sk))
/** Leaf i is of consent c(i mod 7): a grant at even i, a read at odd i, except 21, c0's revocation. */
const leafOf = (i: number, consent = `c${i % 7}`): string =>
  encodeLeaf({ v: 1, consent, action: i === 21 ? 'revoke' : i % 2 ? 'read' : 'grant', fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1_700_000_000_000 + i })
const texts = Array.from({ length: 40 }, (_, i) => leafOf(i))
const C0 = { consentId: 'c0', revoked: false }
const C0_REVOKED = { consentId: 'c0', revoked: true }
const at = lookupOfLeaves(texts.map(leafHashOfText))

function bundle(size: number, indexes: number[], fromSize?: number, key = sk): Bundle {
  const root = toHex(rootOf(size, at))
  const checkpoint = signCheckpoint({ origin: 'test.local/consent-ledger', size, rootHash: root, timestamp: 1 }, 'test.local-ledger', key)
  return {
    origin: 'test.local/consent-ledger',
    keyName: 'test.local-ledger',
    publicKey: toHex(publicKeyOf(key)),
    checkpoint,
    records: indexes.map((i) => ({ index: i, leaf: texts[i], inclusion: inclusionProof(i, size, at).map(toHex) })),
    consistency: fromSize && fromSize < size ? { fromSize, proof: consistencyProof(fromSize, size, at).map(toHex) } : null,
  }
}

/** As the server sends it now: each record with the leaf hash the tree holds at its index. */
const withTreeLeaf = (b: Bundle): Bundle => ({ ...b, records: b.records.map((r) => ({ ...r, leafHash: toHex(leafHashOfText(texts[r.index])) })) })

describe('ledger leaf', () => {
  it('is canonical JSON with no personal data, and the field-set hash ignores order', () => {
    const leaf: LedgerLeaf = { v: 1, consent: 'abc', action: 'grant', fields: fieldSetHash(['b', 'a']), actor: 'p', at: 5 }
    expect(fieldSetHash(['a', 'b'])).toBe(leaf.fields)
    expect(decodeLeaf(encodeLeaf(leaf))).toEqual(leaf)
    expect(decodeLeaf(JSON.stringify({ ...leaf, action: 'grant', v: 1 }).replace('"v":1,', '') )).toBeNull()
    expect(decodeLeaf('{"consent":"abc","v":1,"action":"grant","fields":"x","actor":"p","at":5}')).toBeNull()
  })
})

describe('verifyRecord', () => {
  it('accepts a record, then a grown log consistent with the one seen', () => {
    const first = verifyRecord(bundle(10, [0, 7]), C0, null)
    if (!first.ok) throw new Error(first.reason)
    expect(first.seen).toMatchObject({ size: 10, publicKey: pk })
    expect(verifyRecord(bundle(33, [0, 7, 14], 10), C0, first.seen).ok).toBe(true)
    expect(verifyRecord(bundle(10, [0]), C0, first.seen).ok).toBe(true)
  })

  it('accepts a genuine record that carries the tree\'s leaf hash', () => {
    expect(verifyRecord(withTreeLeaf(bundle(30, [0, 21])), C0_REVOKED, null).ok).toBe(true)
  })

  it('accepts a revoked consent whose records show the grant, then the revocation', () => {
    expect(verifyRecord(bundle(30, [0, 21]), C0_REVOKED, null).ok).toBe(true)
    expect(verifyRecord(bundle(30, [14, 21, 7]), C0_REVOKED, null).ok).toBe(true)
  })

  it.each([
    ['another key', () => verifyRecord(bundle(10, [0], undefined, ed25519.utils.randomSecretKey()), C0, { size: 5, rootHash: toHex(rootOf(5, at)), publicKey: pk }), 'key-changed'],
    ['a record of another consent', () => verifyRecord(bundle(10, [1]), C0, null), 'bad-leaf'],
    ['a tampered leaf', () => { const b = bundle(10, [0]); b.records[0].leaf = b.records[0].leaf.replace('grant', 'revoke'); return verifyRecord(b, C0, null) }, 'not-included'],
    // The tree's own leaf hash at that index, proven under the signed root, and a text that is not it: 记录被改动.
    ['a record whose text was changed (the tree\'s leaf hash given)', () => { const b = withTreeLeaf(bundle(10, [0])); b.records[0].leaf = b.records[0].leaf.replace('grant', 'revoke'); return verifyRecord(b, C0, null) }, 'altered'],
    ['a changed text with a leaf hash the tree does not hold', () => { const b = bundle(10, [0]); b.records[0].leaf = b.records[0].leaf.replace('grant', 'revoke'); b.records[0].leafHash = toHex(leafHashOfText(b.records[0].leaf)); return verifyRecord(b, C0, null) }, 'not-included'],
    ['a changed text with a malformed leaf hash', () => { const b = bundle(10, [0]); b.records[0].leaf = b.records[0].leaf.replace('grant', 'revoke'); b.records[0].leafHash = 'zz'; return verifyRecord(b, C0, null) }, 'not-included'],
    ['a tampered checkpoint', () => { const b = bundle(10, [0]); b.checkpoint = b.checkpoint.replace('\n10\n', '\n11\n'); return verifyRecord(b, C0, null) }, 'bad-checkpoint'],
    ['a shrunk log', () => verifyRecord(bundle(8, [0]), C0, { size: 10, rootHash: toHex(rootOf(10, at)), publicKey: pk }), 'rolled-back'],
    ['a forked history', () => verifyRecord(bundle(20, [0], 10), C0, { size: 10, rootHash: toHex(rootOf(9, at)), publicKey: pk }), 'inconsistent'],
    ['no consistency proof', () => verifyRecord(bundle(20, [0]), C0, { size: 10, rootHash: toHex(rootOf(10, at)), publicKey: pk }), 'inconsistent'],
    ['no record', () => verifyRecord(bundle(20, []), C0, null), 'not-included'],
    // The server picks the records: a genuine, included read of the consent is not its grant.
    ['records that do not start with the grant', () => verifyRecord(bundle(10, [7]), C0, null), 'not-grant'],
    ['the revocation shown as the first record', () => verifyRecord(bundle(30, [21, 0]), C0_REVOKED, null), 'not-grant'],
    // A revoked consent whose revocation the server leaves out (or never logged).
    ['a revoked consent with no revoke record', () => verifyRecord(bundle(30, [0, 7]), C0_REVOKED, null), 'revoke-missing'],
    ['a revoke record older than the grant', () => verifyRecord(bundle(30, [28, 21]), C0_REVOKED, null), 'revoke-missing'],
  ])('refuses %s', (_n, run, reason) => {
    expect(run()).toEqual({ ok: false, reason })
  })
})

describe('verifyRecord with the key built into the app', () => {
  const other = toHex(publicKeyOf(ed25519.utils.randomSecretKey()))
  const seen10 = { size: 10, rootHash: toHex(rootOf(10, at)), publicKey: pk }

  it('accepts a bundle signed by the pinned key, with or without a checkpoint seen before', () => {
    const first = verifyRecord(bundle(10, [0]), C0, null, pk)
    expect(first).toMatchObject({ ok: true, seen: { size: 10, publicKey: pk } })
    expect(verifyRecord(bundle(33, [0], 10), C0, seen10, pk.toUpperCase()).ok).toBe(true)
  })

  it('refuses a bundle under another key on the very first check (no checkpoint seen yet)', () => {
    // A server that lies from the start: its own key, a validly signed checkpoint, nothing seen before.
    const liar = ed25519.utils.randomSecretKey()
    expect(verifyRecord(bundle(10, [0], undefined, liar), C0, null)).toMatchObject({ ok: true })
    expect(verifyRecord(bundle(10, [0], undefined, liar), C0, null, pk)).toEqual({ ok: false, reason: 'key-not-pinned' })
    expect(verifyRecord(bundle(10, [0]), C0, null, other)).toEqual({ ok: false, reason: 'key-not-pinned' })
  })

  it.each([['empty', ''], ['too short', pk.slice(2)], ['base64, not hex', Buffer.from(pk, 'hex').toString('base64')], ['not hex digits', 'g'.repeat(64)]])(
    'refuses a pin that is %s instead of falling back to trust on first use',
    (_n, pin) => {
      expect(verifyRecord(bundle(10, [0]), C0, null, pin)).toEqual({ ok: false, reason: 'bad-pin' })
    },
  )

  it('still checks consistency with a checkpoint seen under the pinned key', () => {
    expect(verifyRecord(bundle(20, [0], 10), C0, { ...seen10, rootHash: toHex(rootOf(9, at)) }, pk)).toEqual({ ok: false, reason: 'inconsistent' })
    expect(verifyRecord(bundle(8, [0]), C0, seen10, pk)).toEqual({ ok: false, reason: 'rolled-back' })
  })

  it('drops a checkpoint seen under a key the build does not trust (trusted on first use before the pin)', () => {
    // Without the pin that device would be stuck on key-changed; its old checkpoint proves nothing.
    const stale = { size: 30, rootHash: toHex(rootOf(30, at)), publicKey: other }
    expect(verifyRecord(bundle(10, [0]), C0, stale)).toEqual({ ok: false, reason: 'key-changed' })
    expect(verifyRecord(bundle(10, [0]), C0, stale, pk)).toMatchObject({ ok: true, seen: { size: 10, publicKey: pk } })
  })

  it('without a pin keeps trust on first use: any key first, then only that key', () => {
    const tofu = ed25519.utils.randomSecretKey()
    const first = verifyRecord(bundle(10, [0], undefined, tofu), C0, null)
    if (!first.ok) throw new Error(first.reason)
    expect(first.seen.publicKey).toBe(toHex(publicKeyOf(tofu)))
    expect(verifyRecord(bundle(20, [0], 10, tofu), C0, first.seen).ok).toBe(true)
    expect(verifyRecord(bundle(20, [0], 10), C0, first.seen)).toEqual({ ok: false, reason: 'key-changed' })
  })
})

describe('npm run ledger:pubkey', () => {
  const script = path.resolve(__dirname, '../../scripts/ledger-public-key.mjs')
  const run = (env: Record<string, string>) => spawnSync(process.execPath, [script], { env: { ...process.env, LEDGER_SIGNING_KEY: '', ...env }, encoding: 'utf8' })

  it('prints the publicKey the ledger service puts in its bundles for the same LEDGER_SIGNING_KEY', async () => {
    const secret = ed25519.utils.randomSecretKey()
    const base = openSqliteStores(':memory:')
    try {
      let now = 1_700_000_000_000
      const deps = {
        consent: sqliteConsentStores(base.db),
        clock: { now: () => now++ },
        ledgerKey: { secretKey: secret, keyName: 'test.local-ledger', origin: 'test.local/consent-ledger' },
      } as unknown as ConsentDeps
      const { index } = await appendLedger(deps, { consent: 'c0', action: 'grant', fields: ['address'], actor: 'a'.repeat(32) })
      const b = await proofBundle(deps, [index!], undefined)
      const out = run({ LEDGER_SIGNING_KEY: Buffer.from(secret).toString('base64') })
      expect(out.status).toBe(0)
      const printed = out.stdout.trim()
      expect(printed).toBe(b.publicKey)
      expect(verifyRecord(b, C0, null, printed).ok).toBe(true)
    } finally {
      base.close()
    }
  })

  it.each([['unset', {}], ['not 32 bytes', { LEDGER_SIGNING_KEY: Buffer.alloc(16).toString('base64') }]])('fails with %s LEDGER_SIGNING_KEY, printing no key', (_n, env) => {
    const out = run(env as Record<string, string>)
    expect(out.status).toBe(2)
    expect(out.stdout).toBe('')
  })
})
