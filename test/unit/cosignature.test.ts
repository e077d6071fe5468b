import { ed25519 } from '@noble/curves/ed25519.js'
import vectors from '../vectors/c2sp/cosignature-v1.json'
import { keyId, publicKeyOf, signCheckpoint, type Checkpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import {
  cosignatureKeyId, cosignCheckpoint, cosignedMessage, noteBody, parseWitnessVkey, verifyCosignatures,
  withCosignatures, withoutCosignatures, witnessVkey,
} from '../../cloudfunctions/domain/ledger/cosignature'
import { fromBase64, toHex, utf8 } from '../../cloudfunctions/domain/ledger/hash'

/** The 32-byte Ed25519 seed in a Go sumdb/note private key `PRIVATE+KEY+<name>+<id>+base64(0x01||seed)`. */
const seedOf = (skey: string) => fromBase64(skey.split('+')[4])!.slice(1)

const cp: Checkpoint = { origin: 'example.gov.cn/consent-ledger', size: 42, rootHash: 'ab'.repeat(32), timestamp: 1_763_800_000_000 }
const logSecret = new Uint8Array(32).fill(7)
const note = signCheckpoint(cp, 'consent-ledger-test', logSecret)
const w1Secret = seedOf(vectors.keyIds[2].skey!)
const w2Secret = seedOf(vectors.keyIds[3].skey!)
const w1 = { name: 'Wit1', publicKey: toHex(publicKeyOf(w1Secret)) }
const w2 = { name: 'Wit2', publicKey: toHex(publicKeyOf(w2Secret)) }

describe('cosignature/v1 against published vectors (test/vectors/c2sp)', () => {
  it.each(vectors.keyIds.map((v) => [v.vkey, v]))('%s: its key id is ours for its type', (vkey, v) => {
    const parsed = parseWitnessVkey(vkey as string)
    expect(parsed).not.toBeNull()
    if ((v as { alg: number }).alg === 4) expect(witnessVkey(parsed!)).toBe(vkey)
  })

  it('a Go private key gives the public key in its vkey', () => {
    for (const v of vectors.keyIds.filter((k) => k.skey)) {
      expect(toHex(publicKeyOf(seedOf(v.skey!)))).toBe(parseWitnessVkey(v.vkey)!.publicKey)
    }
  })

  it('computes the remora witness key id (da77ade7) from name and key', () => {
    const k = parseWitnessVkey(vectors.keyIds[0].vkey)!
    expect(toHex(cosignatureKeyId(k.name, Uint8Array.from(Buffer.from(k.publicKey, 'hex'))))).toBe('da77ade7')
  })

  it('verifies a real checkpoint cosigned by a live witness (remora.n621.de), and only that one', () => {
    const v = vectors.cosignedNotes[0]
    const remora = parseWitnessVkey(v.witnessVkey)!
    expect(verifyCosignatures(v.note, [remora])).toEqual([{ name: 'remora.n621.de', time: 1_779_573_024 }])
    expect(verifyCosignatures(v.note.replace('1432088532', '1432088533'), [remora])).toEqual([])
    expect(verifyCosignatures(v.note.replace('remora.n621.de 2net', 'remora.n621.de 2neu'), [remora])).toEqual([])
  })

  it('our note key id (type 0x01) matches the signed-note example key', () => {
    const v = vectors.noteKeyIds[0]
    expect(toHex(keyId('example.com/foo', Uint8Array.from(Buffer.from(v.publicKey, 'hex'))))).toBe(v.vkey.split('+')[1])
  })

  it('rejects a vkey whose key id does not match', () => {
    expect(parseWitnessVkey('remora.n621.de+da77ade8+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2')).toBeNull()
    expect(parseWitnessVkey('remora.n621.de+da77ade7+AOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2')).toBeNull()
  })

  it.each(vectors.timestamps.map((t) => [t.time, t.signature]))('reads time %d from a published cosignature', (time, sig) => {
    const blob = fromBase64(sig as string)!
    expect(blob.length).toBe(76)
    expect(Buffer.from(blob.slice(4, 12)).readBigUInt64BE()).toBe(BigInt(time as number))
  })
})

describe('cosignCheckpoint / verifyCosignatures', () => {
  const line = cosignCheckpoint(note, 'Wit1', w1Secret, 1_763_800_123)
  const cosigned = withCosignatures(note, line)

  it('writes one line: key id, big-endian time, signature over cosignature/v1 + time + the whole body', () => {
    expect(line).toMatch(/^\u2014 Wit1 [A-Za-z0-9+/]{102}==\n$/)
    const blob = fromBase64(line.trim().split(' ')[2])!
    expect(toHex(blob.slice(0, 4))).toBe(toHex(cosignatureKeyId('Wit1', publicKeyOf(w1Secret))))
    expect(Buffer.from(blob.slice(4, 12)).readBigUInt64BE()).toBe(1_763_800_123n)
    const msg = `cosignature/v1\ntime 1763800123\n${noteBody(note)}`
    expect(msg).toContain('timestamp 1763800000000\n') // extension line signed too
    expect(ed25519.verify(blob.slice(12), utf8(msg), publicKeyOf(w1Secret))).toBe(true)
    expect(cosignedMessage(noteBody(note)!, 1_763_800_123)).toEqual(utf8(msg))
  })

  it('verifies on the note and names the witness with its time', () => {
    expect(verifyCosignatures(cosigned, [w1, w2])).toEqual([{ name: 'Wit1', time: 1_763_800_123 }])
    const both = withCosignatures(cosigned, cosignCheckpoint(note, 'Wit2', w2Secret, 5))
    expect(verifyCosignatures(both, [w1, w2])).toEqual([{ name: 'Wit1', time: 1_763_800_123 }, { name: 'Wit2', time: 5 }])
  })

  it('counts a witness once, and one key listed under two entries once', () => {
    const twice = withCosignatures(cosigned, cosignCheckpoint(note, 'Wit1', w1Secret, 99))
    expect(verifyCosignatures(twice, [w1, w1])).toHaveLength(1)
    expect(verifyCosignatures(twice, [w1, { ...w1 }])).toHaveLength(1)
  })

  it.each([
    ['size', (n: string) => n.replace('\n42\n', '\n43\n')],
    ['root', (n: string) => n.replace('q6ur', 'q6us')],
    ['extension line', (n: string) => n.replace('timestamp 1', 'timestamp 2')],
    ['origin', (n: string) => n.replace('example', 'exampla')],
  ])('a changed %s voids the cosignature', (_, change) => {
    expect(verifyCosignatures(change(cosigned), [w1])).toEqual([])
  })

  it('ignores the log signature, other names, a wrong key and a key not 32 bytes', () => {
    expect(verifyCosignatures(note, [w1])).toEqual([])
    expect(verifyCosignatures(cosigned, [w2])).toEqual([])
    expect(verifyCosignatures(cosigned, [{ name: 'Wit1', publicKey: w2.publicKey }])).toEqual([])
    expect(verifyCosignatures(cosigned, [{ name: 'Wit1', publicKey: 'ab' }])).toEqual([])
    // a plain Ed25519 note signature by the same key is not a cosignature (type 0x01 vs 0x04)
    const plain = signCheckpoint(cp, 'Wit1', w1Secret)
    expect(verifyCosignatures(plain, [w1])).toEqual([])
  })

  it('a changed time voids the signature', () => {
    const blob = fromBase64(line.trim().split(' ')[2])!
    blob[11] ^= 1
    const forged = withCosignatures(note, `\u2014 Wit1 ${Buffer.from(blob).toString('base64')}\n`)
    expect(verifyCosignatures(forged, [w1])).toEqual([])
  })

  it('never throws on junk', () => {
    for (const junk of ['', 'x', '\n\n', `${note}garbage\n`, note.slice(0, -1), null, 42] as unknown[]) {
      expect(verifyCosignatures(junk as string, [w1])).toEqual([])
    }
    expect(verifyCosignatures(cosigned, null as never)).toEqual([])
  })

  it('refuses to sign a zero time, a bad name or a non-note', () => {
    expect(() => cosignCheckpoint(note, 'Wit1', w1Secret, 0)).toThrow(RangeError)
    expect(() => cosignCheckpoint(note, 'W 1', w1Secret, 1)).toThrow(RangeError)
    expect(() => cosignCheckpoint('no note', 'Wit1', w1Secret, 1)).toThrow(RangeError)
  })
})

describe('withCosignatures / withoutCosignatures', () => {
  const a = cosignCheckpoint(note, 'Wit1', w1Secret, 10)
  const b = cosignCheckpoint(note, 'Wit2', w2Secret, 11)

  it('appends new lines once, drops non-signature text', () => {
    const once = withCosignatures(note, a + b)
    expect(withCosignatures(once, a + b + a)).toBe(once)
    expect(once).toBe(note + a + b)
    expect(withCosignatures(note, 'not a line\n')).toBe(note)
  })

  it('strips back to the log line', () => {
    expect(withoutCosignatures(withCosignatures(note, a + b), 'consent-ledger-test')).toBe(note)
  })
})
