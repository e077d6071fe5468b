import { ed25519 } from '@noble/curves/ed25519.js'
import { createCloudBaseWitnessStore } from '../../cloudfunctions/adapters/cloudbase'
import { openSqliteStores, sqliteWitnessStore } from '../../cloudfunctions/adapters/sqlite'
import { publicKeyOf, signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText } from '../../cloudfunctions/domain/ledger/leaf'
import { consistencyProof, inclusionProof, lookupOfLeaves, rootOf } from '../../cloudfunctions/domain/ledger/proofs'
import { addCheckpointBody } from '../../cloudfunctions/domain/ledger/witness'
import { verifyRecord, type Bundle, type Seen } from '../../cloudfunctions/domain/ledger/verifyRecord'
import type { LedgerStore } from '../../cloudfunctions/ports/consentStores'
import type { WitnessStore } from '../../cloudfunctions/ports/witnessStore'
import { gatherCosignatures, inProcessWitness } from '../../cloudfunctions/services/consent/witnessing'
import { addCheckpoint, type WitnessDeps } from '../../cloudfunctions/services/witness/witness'
import { FakeDocDb } from './fakeDocDb'

/**
 * The split view a witness exists for: a log that signs two different trees of the same size and
 * shows one to one parent's phone and the other to another's (the second history drops the
 * revocation the first records). The log's signature is on both; only the witness's cosignature
 * tells them apart. Over the witness store on SQLite and on the CloudBase fake.
 */
const ORIGIN = 'example.gov.cn/consent-ledger'
const KEY_NAME = 'example.gov.cn-ledger'
const logSk = new Uint8Array(32).fill(7)
const witnessSk = new Uint8Array(32).fill(3)
const WITNESS = { name: 'witness.edu.gd.gov.cn/w1', publicKey: toHex(publicKeyOf(witnessSk)) }
const POLICY = { keys: [WITNESS], quorum: 1 }

const leaf = (consent: string, action: 'grant' | 'revoke' | 'read', i: number) =>
  encodeLeaf({ v: 1, consent, action, fields: fieldSetHash(['address']), actor: 'a'.repeat(32), at: 1_763_800_000_000 + i })
/** The honest history: A's grant, B's grant, B's revocation, another grant; then more. */
const honest = [leaf('cs_a', 'grant', 0), leaf('cs_b', 'grant', 1), leaf('cs_b', 'revoke', 2), leaf('cs_c', 'grant', 3), leaf('cs_d', 'grant', 4), leaf('cs_e', 'grant', 5)]
/** The other history shown to someone else: B's revocation replaced by a read (the revocation "never happened"). */
const forked = [honest[0], honest[1], leaf('cs_b', 'read', 2), honest[3], leaf('cs_x', 'grant', 4), leaf('cs_y', 'grant', 5)]

function tree(texts: string[], n: number) {
  const at = lookupOfLeaves(texts.slice(0, n).map(leafHashOfText))
  const rootHash = toHex(rootOf(n, at))
  return { n, at, rootHash, note: signCheckpoint({ origin: ORIGIN, size: n, rootHash, timestamp: 1_763_800_100_000 + n }, KEY_NAME, logSk) }
}

/** What the log hands a phone for consent `id` (its grant at `index`) over a tree and checkpoint. */
function bundleFor(t: ReturnType<typeof tree>, texts: string[], index: number, checkpoint: string, last: Seen | null): Bundle {
  return {
    origin: ORIGIN,
    keyName: KEY_NAME,
    publicKey: toHex(publicKeyOf(logSk)),
    checkpoint,
    records: [{ index, leaf: texts[index], inclusion: inclusionProof(index, t.n, t.at).map(toHex) }],
    consistency: last && last.size > 0 && last.size < t.n ? { fromSize: last.size, proof: consistencyProof(last.size, t.n, t.at).map(toHex) } : null,
  }
}

type Make = () => { store: WitnessStore; close(): void }
const STORES: Array<[string, Make]> = [
  ['sqlite', () => { const b = openSqliteStores(':memory:'); return { store: sqliteWitnessStore(b.db), close: () => b.close() } }],
  ['cloudbase fake', () => ({ store: createCloudBaseWitnessStore(new FakeDocDb()), close() {} })],
]

describe.each(STORES)('split view, witness store over %s', (_n, make) => {
  let s: ReturnType<Make>
  let witness: WitnessDeps
  let now = 1_763_800_200_000
  // The log side's memory of where each witness is is kept per ledger store object.
  const ledger = {} as LedgerStore
  const logDeps = () => ({ consent: { ledger }, ledgerWitnesses: { quorum: 1, witnesses: [inProcessWitness(witness, WITNESS.publicKey)] } })
  const cosign = (t: ReturnType<typeof tree>, proofFrom: (old: number) => Uint8Array[], olds?: Map<string, number>) =>
    gatherCosignatures(logDeps(), t.note, t.n, async (old) => proofFrom(old), olds)
  const submit = (old: number, t: ReturnType<typeof tree>, proof: Uint8Array[] = []) => addCheckpoint(witness, addCheckpointBody(old, proof, t.note))

  beforeEach(() => {
    s = make()
    witness = { store: s.store, key: { name: WITNESS.name, secretKey: witnessSk }, logs: [{ origin: ORIGIN, keyName: KEY_NAME, publicKey: publicKeyOf(logSk) }], clock: { now: () => (now += 1000) } }
  })
  afterEach(() => s.close())

  it('two trees of one size: the witness cosigns the first only (422 at old = size, 409 from elsewhere); the phone shown the other warns unwitnessed', async () => {
    const h4 = tree(honest, 4)
    const f4 = tree(forked, 4)
    expect(h4.rootHash).not.toBe(f4.rootHash)
    // The log gets its honest tree cosigned and shows it to phone A (B's revocation is in it).
    const h4cosigned = await cosign(h4, (old) => (old > 0 && old < 4 ? consistencyProof(old, 4, h4.at) : []))
    const phoneA = verifyRecord(bundleFor(h4, honest, 0, h4cosigned, null), { consentId: 'cs_a', revoked: false }, null, undefined, POLICY)
    expect(phoneA).toMatchObject({ ok: true, witnessed: [{ name: WITNESS.name }] })

    // The fork of the same size: the witness refuses it whichever old size the log claims.
    expect((await submit(4, f4)).status).toBe(422)
    expect(await submit(0, f4)).toMatchObject({ status: 409, body: '4\n' })
    expect(await submit(2, f4, consistencyProof(2, 4, f4.at))).toMatchObject({ status: 409, body: '4\n' })
    // The log's own code gets nothing for it either (it retries once from 4, and is refused).
    const f4try = await cosign(f4, (old) => (old > 0 && old < 4 ? consistencyProof(old, 4, f4.at) : []), new Map([[WITNESS.name, 0]]))
    expect(f4try).toBe(f4.note)

    // Phone B is shown the fork (its consent looks never revoked): the log's signature is good,
    // the proof is good, but no witness vouches for the tree.
    const phoneB = verifyRecord(bundleFor(f4, forked, 1, f4try, null), { consentId: 'cs_b', revoked: false }, null, undefined, POLICY)
    expect(phoneB).toEqual({ ok: false, reason: 'unwitnessed' })
    // Without witnesses the phone could not tell (what the witness adds).
    expect(verifyRecord(bundleFor(f4, forked, 1, f4try, null), { consentId: 'cs_b', revoked: false }, null)).toMatchObject({ ok: true })
  })

  it('a phone that kept a cosigned checkpoint and is then shown a larger tree not extending it warns inconsistent; the witness refuses that tree (422)', async () => {
    const h4 = tree(honest, 4)
    const h4cosigned = await cosign(h4, () => [])
    const a = verifyRecord(bundleFor(h4, honest, 0, h4cosigned, null), { consentId: 'cs_a', revoked: false }, null, undefined, POLICY)
    if (!a.ok) throw new Error(a.reason)
    const seenA: Seen = a.seen

    const f6 = tree(forked, 6)
    // The witness: from its 4 with the fork's own proof from 4, the proof does not reach its root.
    expect((await submit(4, f6, consistencyProof(4, 6, f6.at))).status).toBe(422)
    // Phone A is shown the fork with the only proof the log can make (the fork's own 4 → 6).
    const forkedBundle = bundleFor(f6, forked, 0, f6.note, seenA)
    expect(verifyRecord(forkedBundle, { consentId: 'cs_a', revoked: false }, seenA, undefined, POLICY)).toEqual({ ok: false, reason: 'inconsistent' })
    // Even with a cosignature (a colluding witness signing whatever it is given), the fork is caught by the proof.
    const colluding = f6.note + (await import('../../cloudfunctions/domain/ledger/cosignature')).cosignCheckpoint(f6.note, WITNESS.name, witnessSk, 99)
    expect(verifyRecord({ ...forkedBundle, checkpoint: colluding }, { consentId: 'cs_a', revoked: false }, seenA, undefined, POLICY)).toEqual({ ok: false, reason: 'inconsistent' })

    // The honest growth is cosigned from 4 and passes on phone A.
    const h6 = tree(honest, 6)
    expect((await submit(4, h6, consistencyProof(4, 6, h6.at))).status).toBe(200)
  })

  it('a phone with no checkpoint yet, shown a fork cosigned by a colluding witness with a quorum of 1, is fooled: what a quorum of 1 cannot prevent', async () => {
    const f4 = tree(forked, 4)
    const colluding = f4.note + (await import('../../cloudfunctions/domain/ledger/cosignature')).cosignCheckpoint(f4.note, WITNESS.name, witnessSk, 99)
    expect(verifyRecord(bundleFor(f4, forked, 1, colluding, null), { consentId: 'cs_b', revoked: false }, null, undefined, POLICY)).toMatchObject({ ok: true })
    // With a second, honest witness required (quorum 2), the same fork is refused.
    const other = { name: 'witness.other.example/w2', publicKey: toHex(publicKeyOf(ed25519.utils.randomSecretKey())) }
    expect(verifyRecord(bundleFor(f4, forked, 1, colluding, null), { consentId: 'cs_b', revoked: false }, null, undefined, { keys: [WITNESS, other], quorum: 2 })).toEqual({ ok: false, reason: 'unwitnessed' })
  })
})
