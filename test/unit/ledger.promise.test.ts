import { createPrivateKey, sign } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { createCloudBaseConsentStores } from '../../cloudfunctions/adapters/cloudbase'
import { openSqliteStores, sqliteConsentStores } from '../../cloudfunctions/adapters/sqlite'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { openPromise, signPromise } from '../../cloudfunctions/domain/ledger/promise'
import { verifyRecord } from '../../cloudfunctions/domain/ledger/verifyRecord'
import type { ConsentStores } from '../../cloudfunctions/ports/consentStores'
import type { ConsentDeps } from '../../cloudfunctions/services/consent/consentDeps'
import { appendLedger, MERGE_DELAY_MS, proofBundle } from '../../cloudfunctions/services/consent/ledger'
import { integrateLedger } from '../../cloudfunctions/services/consent/integrator'
import { FakeDocDb } from '../contract/fakeDocDb'

/**
 * Signed promises (RFC 6962 §3 SCTs with a maximum merge delay): the appender's answer carries one;
 * the device checks it at once, shows 已记录，等待入账 until the entry is in the tree, and fails
 * loudly when the merge delay passed without it.
 */
const sk = ed25519.utils.randomSecretKey()
const pk = publicKeyOf(sk)
const P = { origin: 'test.local/consent-ledger', leafHash: 'ab'.repeat(32), timestamp: 1_790_000_000_000, mmd: 2000 }

describe('signed promise note', () => {
  it('opens under the log key; node:crypto signs the same bytes as noble (Ed25519 is deterministic)', () => {
    const note = signPromise(P, 'test.local-ledger', sk, pk)
    expect(note).toMatch(/^test\.local\/consent-ledger\npromise\n[A-Za-z0-9+/=]+\ntimestamp 1790000000000\nmmd 2000\n\n— test\.local-ledger /)
    expect(openPromise(note, 'test.local-ledger', pk)).toEqual({ ok: true, promise: P })
    const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(sk)]), format: 'der', type: 'pkcs8' })
    expect(signPromise(P, 'test.local-ledger', sk, pk, (b) => new Uint8Array(sign(null, b, key)))).toBe(note)
  })

  it('a changed time, hash or merge delay, another key, or a malformed note is refused', () => {
    const note = signPromise(P, 'test.local-ledger', sk, pk)
    expect(openPromise(note.replace('mmd 2000', 'mmd 9000'), 'test.local-ledger', pk)).toEqual({ ok: false, reason: 'bad-signature' })
    expect(openPromise(note.replace('timestamp 1790000000000', 'timestamp 1790000000001'), 'test.local-ledger', pk)).toEqual({ ok: false, reason: 'bad-signature' })
    expect(openPromise(note, 'test.local-ledger', publicKeyOf(ed25519.utils.randomSecretKey())).ok).toBe(false)
    expect(openPromise(note.replace('promise', '12'), 'test.local-ledger', pk)).toEqual({ ok: false, reason: 'malformed' })
    expect(openPromise('nonsense', 'test.local-ledger', pk)).toEqual({ ok: false, reason: 'malformed' })
  })
})

describe.each([
  ['sqlite', () => sqliteConsentStores(openSqliteStores(':memory:').db)],
  ['cloudbase fake', () => createCloudBaseConsentStores(new FakeDocDb())],
])('a consent waiting to be integrated (%s)', (_name, open: () => ConsentStores) => {
  let now = 1_790_000_000_000
  const depsOf = (consent: ConsentStores) =>
    ({ consent, clock: { now: () => now }, ledgerKey: { secretKey: sk, keyName: 'test.local-ledger', origin: 'test.local/consent-ledger' }, ledgerIntegration: 'scheduled' }) as unknown as ConsentDeps
  const grant = (deps: ConsentDeps, consent: string, action: 'grant' | 'revoke' = 'grant') => appendLedger(deps, { consent, action, fields: ['address'], actor: 'a'.repeat(32) })

  it('answers a promise at once; the device shows it waiting, then included once integrated; the index is found by the promise id', async () => {
    const deps = depsOf(open())
    const r = await grant(deps, 'c1')
    expect(r.index).toBeNull()
    expect(openPromise(r.promise, 'test.local-ledger', pk)).toEqual({ ok: true, promise: { origin: 'test.local/consent-ledger', leafHash: r.leafHash, timestamp: now, mmd: MERGE_DELAY_MS } })
    const waiting = await proofBundle(deps, [{ index: null, ref: r.ref }], undefined)
    expect(waiting.records).toEqual([])
    expect(waiting.pending).toHaveLength(1)
    expect(verifyRecord(waiting, { consentId: 'c1', revoked: false }, null)).toMatchObject({ ok: true, awaiting: [{ action: 'grant', acceptedAt: now, mergeBy: now + MERGE_DELAY_MS }] })
    // Another consent's promise is not this one's record.
    expect(verifyRecord(waiting, { consentId: 'c2', revoked: false }, null)).toEqual({ ok: false, reason: 'bad-promise' })
    // A promise the log did not sign.
    const forged = { ...waiting, pending: [{ ...waiting.pending![0], promise: waiting.pending![0].promise.replace(/ [A-Za-z0-9+/=]+\n$/, ' ' + Buffer.alloc(68, 1).toString('base64') + '\n') }] }
    expect(verifyRecord(forged, { consentId: 'c1', revoked: false }, null).ok).toBe(false)

    now += 500
    expect(await integrateLedger(deps)).toMatchObject({ leased: true, batches: [{ from: 0, size: 1 }] })
    const done = await proofBundle(deps, [{ index: null, ref: r.ref }], undefined)
    expect(done.pending).toBeUndefined()
    expect(done.records.map((x) => x.index)).toEqual([0])
    expect(verifyRecord(done, { consentId: 'c1', revoked: false }, null)).toMatchObject({ ok: true, awaiting: [] })
    expect(await deps.consent.ledger.lastCheckpoint()).toMatchObject({ size: 1 })
  })

  it('past the merge delay without integration (by the log\'s own signed time): a loud merge-overdue, not ok', async () => {
    const deps = depsOf(open())
    const r = await grant(deps, 'c1')
    now += MERGE_DELAY_MS + 1
    const late = await proofBundle(deps, [{ index: null, ref: r.ref }], undefined)
    expect(verifyRecord(late, { consentId: 'c1', revoked: false }, null)).toEqual({ ok: false, reason: 'merge-overdue' })
  })

  it('a revocation promised after an integrated grant counts as the revocation; a promise id the store never saw is refused as tampering', async () => {
    const deps = depsOf(open())
    const g = await grant(deps, 'c1')
    await integrateLedger(deps)
    const v = await grant(deps, 'c1', 'revoke')
    const b = await proofBundle(deps, [{ index: null, ref: g.ref }, { index: null, ref: v.ref }], undefined)
    expect([b.records.length, b.pending?.length]).toEqual([1, 1])
    expect(verifyRecord(b, { consentId: 'c1', revoked: true }, null)).toMatchObject({ ok: true, awaiting: [{ action: 'revoke' }] })
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      await expect(proofBundle(deps, [{ index: null, ref: 'never-promised' }], undefined)).rejects.toMatchObject({ code: 'LEDGER_TAMPERED' })
    } finally {
      err.mockRestore()
    }
  })
})
