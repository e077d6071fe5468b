import { publicKeyOf, signCheckpoint } from '../../domain/ledger/checkpoint'
import { toHex } from '../../domain/ledger/hash'
import { encodeLeaf, fieldSetHash, leafHashOfText, type LedgerAction } from '../../domain/ledger/leaf'
import { consistencyProof, inclusionProof, rootOf, type NodeLookup } from '../../domain/ledger/proofs'
import type { ProofBundle } from '../../../types/consentModels'
import type { ConsentDeps } from './consentDeps'

/** Keyed-hash pseudonym: the same actor always maps to the same value; useless without the key. */
export const pseudonym = (deps: ConsentDeps, kind: 'person' | 'system', id: string) => deps.cipher.keyedHash(`ledger-actor|${kind}|${id}`).slice(0, 32)

/** Appends one grant / revocation / read (SPEC §4): no personal data goes in, only references and hashes. */
export async function appendLedger(
  deps: ConsentDeps,
  e: { consent: string; action: LedgerAction; fields: string[]; actor: string },
): Promise<number> {
  const text = encodeLeaf({ v: 1, consent: e.consent, action: e.action, fields: fieldSetHash(e.fields), actor: e.actor, at: deps.clock.now() })
  const { index } = await deps.consent.ledger.append(text, toHex(leafHashOfText(text)), deps.clock.now())
  return index
}

/** Runs a proof once to learn which nodes it reads, fetches them in one call, runs it again (proofs.ts). */
async function withNodes<T>(deps: ConsentDeps, run: (at: NodeLookup) => T): Promise<T> {
  const keys = new Set<string>()
  const placeholder = new Uint8Array(32)
  try {
    run((l, i) => (keys.add(`${l}:${i}`), placeholder))
  } catch {
    // a placeholder pass may fail a check; the keys it recorded are still the ones needed
  }
  const got = await deps.consent.ledger.nodes([...keys])
  return run((l, i) => {
    const h = got.get(`${l}:${i}`)
    return h ? Uint8Array.from(Buffer.from(h, 'hex')) : undefined
  })
}

/** A signed checkpoint of the current tree, inclusion proofs of the given entries, and consistency from `knownSize`. */
export async function proofBundle(deps: ConsentDeps, indexes: number[], knownSize: number | undefined): Promise<ProofBundle> {
  const size = await deps.consent.ledger.size()
  const root = toHex(await withNodes(deps, (at) => rootOf(size, at)))
  const { secretKey, keyName, origin } = deps.ledgerKey
  const checkpoint = signCheckpoint({ origin, size, rootHash: root, timestamp: deps.clock.now() }, keyName, secretKey)
  const records = []
  for (const index of indexes.filter((i) => i < size)) {
    const entry = await deps.consent.ledger.entry(index)
    if (!entry) continue
    const proof = await withNodes(deps, (at) => inclusionProof(index, size, at))
    records.push({ index, leaf: entry.leaf, inclusion: proof.map(toHex) })
  }
  const consistency =
    knownSize !== undefined && knownSize > 0 && knownSize < size
      ? { fromSize: knownSize, proof: (await withNodes(deps, (at) => consistencyProof(knownSize, size, at))).map(toHex) }
      : null
  return { origin, keyName, publicKey: toHex(publicKeyOf(secretKey)), checkpoint, size, rootHash: root, records, consistency }
}
