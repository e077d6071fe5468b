import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fromBase64 } from '../../cloudfunctions/domain/ledger/hash'
import { verifyConsistency, verifyInclusion } from '../../cloudfunctions/domain/ledger/proofs'

/**
 * Language-neutral RFC 6962 vectors from transparency-dev/merkle, kept in the repository
 * (test/vectors/rfc6962, README there: source and licence). Every `wantErr: false` case must
 * verify, every `wantErr: true` case must not. Never skipped: a missing folder fails.
 */
const root = path.resolve(__dirname, '../vectors/rfc6962')

const files = (dir: string): string[] =>
  (readdirSync(path.join(root, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort()

const b64 = (s: string): Uint8Array => {
  const bytes = fromBase64(s)
  if (!bytes) throw new Error(`vector holds invalid base64: ${JSON.stringify(s)}`)
  return bytes
}
const load = (dir: string, file: string) => JSON.parse(readFileSync(path.join(root, dir, file), 'utf8'))

describe('RFC 6962 vectors (transparency-dev/merkle testdata)', () => {
  it('finds the whole set', () => {
    expect(files('inclusion').length + files('consistency').length).toBeGreaterThanOrEqual(196)
  })

  it.each(files('inclusion'))('inclusion/%s', (file) => {
    const v = load('inclusion', file)
    expect(typeof v.wantErr).toBe('boolean')
    const got = verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root))
    expect({ desc: v.desc, accepted: got.ok }).toEqual({ desc: v.desc, accepted: !v.wantErr })
  })

  it.each(files('consistency'))('consistency/%s', (file) => {
    const v = load('consistency', file)
    expect(typeof v.wantErr).toBe('boolean')
    const got = verifyConsistency(v.size1, v.size2, b64(v.root1), b64(v.root2), (v.proof ?? []).map(b64))
    expect({ desc: v.desc, accepted: got.ok }).toEqual({ desc: v.desc, accepted: !v.wantErr })
  })
})
