import {
  checkpointBody, openCheckpoint, publicKeyOf, signCheckpoint, type Checkpoint,
} from '../../cloudfunctions/domain/ledger/checkpoint'
import { toBase64 } from '../../cloudfunctions/domain/ledger/hash'

const secret = new Uint8Array(32).fill(7)
const other = new Uint8Array(32).fill(9)
const pub = publicKeyOf(secret)
const swapChar = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
const KEY = 'consent-ledger-test'
const cp: Checkpoint = {
  origin: 'example.gov.cn/consent-ledger',
  size: 42,
  rootHash: 'ab'.repeat(32),
  timestamp: 1_763_800_000_000,
}

describe('signed checkpoint (C2SP signed note)', () => {
  const note = signCheckpoint(cp, KEY, secret)

  it('writes the canonical body and one signature line', () => {
    const lines = note.split('\n')
    expect(lines.slice(0, 5)).toEqual([cp.origin, '42', toBase64(new Uint8Array(32).fill(0xab)), 'timestamp 1763800000000', ''])
    expect(lines[5]).toMatch(/^\u2014 consent-ledger-test [A-Za-z0-9+/]{91}=$/)
    expect(note.startsWith(checkpointBody(cp))).toBe(true)
  })

  it('opens with the right key and returns the same checkpoint', () => {
    expect(openCheckpoint(note, KEY, pub)).toEqual({ ok: true, checkpoint: cp })
  })

  it('signs deterministically (Ed25519, RFC 8032)', () => {
    expect(signCheckpoint(cp, KEY, secret)).toBe(note)
  })

  it.each([
    ['size', (n: string) => n.replace('\n42\n', '\n43\n'), 'bad-signature'],
    ['root', (n: string) => n.replace('q6ur', 'q6us'), 'bad-signature'],
    ['origin', (n: string) => n.replace('example', 'exampla'), 'bad-signature'],
    ['timestamp', (n: string) => n.replace('timestamp 1', 'timestamp 2'), 'bad-signature'],
    ['signature', (n: string) => swapChar(n, n.length - 20), 'bad-signature'],
    ['non-canonical size', (n: string) => n.replace('\n42\n', '\n042\n'), 'malformed'],
    ['extra body line', (n: string) => n.replace('timestamp', 'x\ntimestamp'), 'malformed'],
    ['missing signatures', (n: string) => n.slice(0, n.indexOf('\n\n') + 2), 'malformed'],
    ['key name', (n: string) => n.replace(`\u2014 ${KEY} `, '\u2014 someone-else '), 'unknown-key'],
  ])('tampered %s fails', (_what, tamper, reason) => {
    const bad = tamper(note)
    expect(bad).not.toBe(note)
    expect(openCheckpoint(bad, KEY, pub)).toEqual({ ok: false, reason })
  })

  it('fails against another public key or another key name, never throws', () => {
    expect(openCheckpoint(note, KEY, publicKeyOf(other)).ok).toBe(false)
    expect(openCheckpoint(note, 'other', pub)).toEqual({ ok: false, reason: 'unknown-key' })
    expect(openCheckpoint(note, KEY, new Uint8Array(3)).ok).toBe(false)
    expect(openCheckpoint('', KEY, pub)).toEqual({ ok: false, reason: 'malformed' })
    expect(openCheckpoint(42 as never, KEY, pub)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('accepts a cosigner line from another key alongside ours', () => {
    const cosigned = signCheckpoint(cp, 'witness', other)
    const both = note + cosigned.slice(cosigned.indexOf('\n\n') + 2)
    expect(openCheckpoint(both, KEY, pub)).toEqual({ ok: true, checkpoint: cp })
    expect(openCheckpoint(both, 'witness', publicKeyOf(other))).toEqual({ ok: true, checkpoint: cp })
  })

  it('refuses to serialise values without a canonical form', () => {
    for (const bad of [
      { ...cp, rootHash: 'AB'.repeat(32) },
      { ...cp, rootHash: 'ab' },
      { ...cp, origin: 'has space' },
      { ...cp, origin: '' },
      { ...cp, size: -1 },
      { ...cp, timestamp: 1.5 },
    ]) expect(() => checkpointBody(bad)).toThrow(RangeError)
    expect(() => signCheckpoint(cp, 'bad+name', secret)).toThrow(RangeError)
  })
})
