import { signCheckpoint } from '../../cloudfunctions/domain/ledger/checkpoint'
import { leafHash, toHex, utf8 } from '../../cloudfunctions/domain/ledger/hash'
import { consistencyProof, lookupOfLeaves, rootOf } from '../../cloudfunctions/domain/ledger/proofs'

/**
 * Small signed trees for witness tests: a log key, trees of n leaves (`fork` changes the leaves
 * from that index on, giving another history), their signed checkpoints and consistency proofs.
 */
export const LOG = { origin: 'example.gov.cn/consent-ledger', keyName: 'example.gov.cn-ledger', secretKey: new Uint8Array(32).fill(7) }

export function leaves(n: number, fork = -1): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => leafHash(utf8(i >= fork && fork >= 0 ? `forked ${i}` : `entry ${i}`)))
}

export function tree(n: number, fork = -1, secretKey = LOG.secretKey, timestamp = 1_763_800_000_000 + n) {
  const ls = leaves(n, fork)
  const at = lookupOfLeaves(ls)
  const rootHash = toHex(rootOf(n, at))
  const note = signCheckpoint({ origin: LOG.origin, size: n, rootHash, timestamp }, LOG.keyName, secretKey)
  return { size: n, rootHash, note, proofFrom: (m: number) => (m > 0 && m < n ? consistencyProof(m, n, at) : []) }
}
