import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { emptyRoot, toBase64, toHex } from '../../cloudfunctions/domain/ledger/hash'
import { addCheckpointBody, decideAddCheckpoint, originHash, parseAddCheckpoint, type TrustedLog } from '../../cloudfunctions/domain/ledger/witness'
import { signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { LOG, tree } from '../helpers/witnessTrees'

/** tlog-witness add-checkpoint, status by status (https://c2sp.org/tlog-witness). */
const trusted: TrustedLog[] = [{ origin: LOG.origin, keyName: LOG.keyName, publicKey: publicKeyOf(LOG.secretKey) }]
const t5 = tree(5)
const t8 = tree(8)
const kept5 = { origin: LOG.origin, size: 5, rootHash: t5.rootHash }
const body = (old: number, t: ReturnType<typeof tree>, proof = t.proofFrom(old)) => addCheckpointBody(old, proof, t.note)

describe('parseAddCheckpoint', () => {
  it('reads old size, proof lines and the checkpoint', () => {
    const p = parseAddCheckpoint(body(5, t8))!
    expect(p).toMatchObject({ oldSize: 5, origin: LOG.origin, size: 8, rootHash: t8.rootHash, note: t8.note })
    expect(p.proof.map(toHex)).toEqual(t8.proofFrom(5).map(toHex))
  })

  it.each([
    ['no old line', (b: string) => b.replace(/^old 5\n/, '')],
    ['a leading zero', (b: string) => b.replace(/^old 5/, 'old 05')],
    ['a proof line not a hash', (b: string) => b.replace(/\n\n/, '\nAAAA\n\n')],
    ['no blank line', (b: string) => b.replace(/\n\n/, '\n')],
    ['a checkpoint without signatures', (b: string) => b.slice(0, b.lastIndexOf('\n\n') + 1)],
  ])('%s: null (400)', (_, change) => {
    expect(parseAddCheckpoint(change(body(5, t8)))).toBeNull()
    expect(decideAddCheckpoint(change(body(5, t8)), trusted, kept5).status).toBe(400)
  })

  it('more than 63 proof lines: 400', () => {
    const line = `${toBase64(new Uint8Array(32))}\n`
    expect(decideAddCheckpoint(`old 5\n${line.repeat(64)}\n${t8.note}`, trusted, kept5).status).toBe(400)
  })
})

describe('decideAddCheckpoint', () => {
  it('200: first checkpoint with old 0 and no proof', () => {
    expect(decideAddCheckpoint(body(0, t5), trusted, null).status).toBe(200)
  })

  it('200: a consistent larger tree from the kept size', () => {
    expect(decideAddCheckpoint(body(5, t8), trusted, kept5).status).toBe(200)
  })

  it('200: the same tree again (same size, same root)', () => {
    expect(decideAddCheckpoint(body(5, t5), trusted, kept5).status).toBe(200)
  })

  it('404: an origin it does not witness', () => {
    expect(decideAddCheckpoint(body(5, t8), [{ ...trusted[0], origin: 'other.example/log' }], kept5).status).toBe(404)
  })

  it('403: signed by another key, or no trusted signature', () => {
    const forged = tree(8, -1, new Uint8Array(32).fill(9))
    expect(decideAddCheckpoint(body(5, forged), trusted, kept5).status).toBe(403)
    const otherName = signCheckpoint({ origin: LOG.origin, size: 8, rootHash: t8.rootHash, timestamp: 1 }, 'someone-else', LOG.secretKey)
    expect(decideAddCheckpoint(addCheckpointBody(5, t8.proofFrom(5), otherName), trusted, kept5).status).toBe(403)
  })

  it('403: a line with the trusted name and key id whose signature fails, even beside a good one', () => {
    const line = t8.note.split('\n').at(-2)!
    const bad = line.slice(0, -6) + (line.slice(-6, -5) === 'A' ? 'B' : 'A') + line.slice(-5)
    expect(decideAddCheckpoint(addCheckpointBody(5, t8.proofFrom(5), `${t8.note}${bad}\n`), trusted, kept5).status).toBe(403)
  })

  it('400: old size above the checkpoint size', () => {
    expect(decideAddCheckpoint(body(9, t8, []), trusted, { ...kept5, size: 9 }).status).toBe(400)
  })

  it('409 with the kept size: old is not what it cosigned last', () => {
    expect(decideAddCheckpoint(body(3, t8), trusted, kept5)).toMatchObject({ status: 409, size: 5 })
    expect(decideAddCheckpoint(body(5, t8), trusted, null)).toMatchObject({ status: 409, size: 0 })
  })

  it('422: same size, another root (a split view)', () => {
    const fork5 = tree(5, 2)
    expect(decideAddCheckpoint(body(5, fork5, []), trusted, kept5).status).toBe(422)
  })

  it('422: a larger tree that does not extend the kept one', () => {
    const fork8 = tree(8, 2)
    expect(decideAddCheckpoint(body(5, fork8), trusted, kept5).status).toBe(422)
    // its own (valid) proof from its own 5 does not match the kept root either
    expect(decideAddCheckpoint(addCheckpointBody(5, fork8.proofFrom(5), fork8.note), trusted, kept5).status).toBe(422)
  })

  it('422: a proof from the empty tree, a bad proof, an empty tree with another root', () => {
    expect(decideAddCheckpoint(addCheckpointBody(0, t8.proofFrom(5), t8.note), trusted, null).status).toBe(422)
    expect(decideAddCheckpoint(addCheckpointBody(5, [], t8.note), trusted, kept5).status).toBe(422)
    const empty = signCheckpoint({ origin: LOG.origin, size: 0, rootHash: 'ab'.repeat(32), timestamp: 1 }, LOG.keyName, LOG.secretKey)
    expect(decideAddCheckpoint(addCheckpointBody(0, [], empty), trusted, null).status).toBe(422)
    const good = signCheckpoint({ origin: LOG.origin, size: 0, rootHash: toHex(emptyRoot()), timestamp: 1 }, LOG.keyName, LOG.secretKey)
    expect(decideAddCheckpoint(addCheckpointBody(0, [], good), trusted, null).status).toBe(200)
  })

  it('originHash is the hex SHA-256 of the origin line', () => {
    expect(originHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
})
