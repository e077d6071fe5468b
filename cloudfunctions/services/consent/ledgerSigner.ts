import { createPrivateKey, sign } from 'node:crypto'
import { publicKeyOf } from '../../domain/ledger/checkpoint'

/**
 * The ledger key's signer on the server: node:crypto's Ed25519 (about 20× noble's speed here; the
 * same signature bytes, Ed25519 being deterministic) and the public key derived once, by secret key.
 * Every promise is signed, so this is on every append's path.
 */
export interface LedgerSigner {
  publicKey: Uint8Array
  sign: (body: Uint8Array) => Uint8Array
}

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex')
const signers = new WeakMap<Uint8Array, LedgerSigner>()

export function ledgerSigner(secretKey: Uint8Array): LedgerSigner {
  let s = signers.get(secretKey)
  if (!s) {
    const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, Buffer.from(secretKey)]), format: 'der', type: 'pkcs8' })
    s = { publicKey: publicKeyOf(secretKey), sign: (body) => new Uint8Array(sign(null, body, key)) }
    signers.set(secretKey, s)
  }
  return s
}
