import { fromBase64, HASH_SIZE, toBase64, type Hash } from './hash'

/**
 * C2SP tlog-proof (https://c2sp.org/tlog-proof, `c2sp.org/tlog-proof@v1`): an offline-verifiable
 * proof that an entry is in the log, with the log's checkpoint (and witnesses' cosignatures) inside.
 *
 *   c2sp.org/tlog-proof@v1
 *   extra <base64>            (optional, unauthenticated)
 *   index <decimal>
 *   <base64 hash>             (zero or more: RFC 6962 §2.1.1 inclusion path, leaf side first)
 *                             (empty line)
 *   <checkpoint note, verbatim: body, blank line, signature lines>
 *
 * Strict: one spelling per proof. Base64 is RFC 4648 §4 with padding (non-zero spare bits
 * refused), the index has no leading zeroes, every path line is exactly one 32-byte hash, lines
 * end in U+000A only, and `extra` when present is not empty (an empty `extra ` line and no line
 * would otherwise spell the same proof). Pure: runs in the mini-program and in Node.
 */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1'

export interface TlogProof {
  /** Opaque, unauthenticated application data (the spec: never trusted implicitly); null when absent. */
  extra: Uint8Array | null
  /** Zero-based index of the entry in the log. */
  index: number
  /** Inclusion path, from the leaf's sibling up to the root's child. */
  inclusion: Hash[]
  /** The checkpoint note exactly as signed (tlog-checkpoint + signed-note), ending in a newline. */
  checkpoint: string
}

export type TlogProofParse =
  | { ok: true; proof: TlogProof }
  | { ok: false; reason: 'header' | 'extra' | 'index' | 'inclusion' | 'checkpoint' }

const DECIMAL = /^(?:0|[1-9][0-9]*)$/

/** The proof's text; throws RangeError on a value that has no spelling under the spec. */
export function formatTlogProof(p: TlogProof): string {
  if (!Number.isSafeInteger(p.index) || p.index < 0) throw new RangeError('tlog-proof index must be a non-negative safe integer')
  if (p.extra !== null && p.extra.length === 0) throw new RangeError('tlog-proof extra data, when present, is not empty')
  if (!p.inclusion.every((h) => h instanceof Uint8Array && h.length === HASH_SIZE)) throw new RangeError('tlog-proof path holds 32-byte hashes only')
  if (!checkpointShape(p.checkpoint)) throw new RangeError('tlog-proof checkpoint must be a signed note ending in a newline')
  const lines = [TLOG_PROOF_HEADER, ...(p.extra ? [`extra ${toBase64(p.extra)}`] : []), `index ${p.index}`, ...p.inclusion.map(toBase64), '']
  return `${lines.join('\n')}\n${p.checkpoint}`
}

/** Parses a proof only in its one spelling; never throws. The checkpoint's signatures are not checked here. */
export function parseTlogProof(text: unknown): TlogProofParse {
  if (typeof text !== 'string') return { ok: false, reason: 'header' }
  const end = text.indexOf('\n\n')
  if (end < 0) return { ok: false, reason: 'checkpoint' }
  const head = text.slice(0, end).split('\n')
  const checkpoint = text.slice(end + 2)
  if (head.shift() !== TLOG_PROOF_HEADER) return { ok: false, reason: 'header' }
  let extra: Uint8Array | null = null
  if (head[0]?.startsWith('extra ')) {
    extra = fromBase64(head.shift()!.slice('extra '.length))
    if (!extra || extra.length === 0) return { ok: false, reason: 'extra' }
  }
  const indexLine = head.shift()
  const m = /^index (\S+)$/.exec(indexLine ?? '')
  if (!m || !DECIMAL.test(m[1]) || !Number.isSafeInteger(Number(m[1]))) return { ok: false, reason: 'index' }
  const inclusion: Hash[] = []
  for (const line of head) {
    const h = fromBase64(line)
    if (!h || h.length !== HASH_SIZE) return { ok: false, reason: 'inclusion' }
    inclusion.push(h)
  }
  if (!checkpointShape(checkpoint)) return { ok: false, reason: 'checkpoint' }
  return { ok: true, proof: { extra, index: Number(m[1]), inclusion, checkpoint } }
}

/** A signed note's outline: a non-empty body, a blank line, at least one signature line, a final newline, no CR. */
function checkpointShape(note: string): boolean {
  if (typeof note !== 'string' || !note.endsWith('\n') || note.includes('\r')) return false
  const split = note.lastIndexOf('\n\n')
  return split > 0 && note.slice(split + 2, -1).split('\n').every((l) => l.startsWith('\u2014 '))
}
