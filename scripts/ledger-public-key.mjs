// Prints the consent ledger's public key for the weapp build to pin (TARO_APP_LEDGER_PUBLIC_KEY,
// docs/DEPLOY.md §7): hex of the Ed25519 public key of LEDGER_SIGNING_KEY, exactly what the
// functions put in every proof bundle's `publicKey` (services/consent/ledger.ts: toHex(publicKeyOf)).
//   LEDGER_SIGNING_KEY=<base64 secret> npm run ledger:pubkey
// Reads the secret from the environment only, never from a file or argument, and prints no part of it.
import { ed25519 } from '@noble/curves/ed25519.js'

const raw = (process.env.LEDGER_SIGNING_KEY ?? '').trim()
if (!raw) {
  console.error('LEDGER_SIGNING_KEY is not set: export the base64 32-byte secret the consent function uses')
  process.exit(2)
}
// The same check as cloudfunctions/config.ts (base64Key): Node's base64 decoding, 32 bytes.
const secret = Buffer.from(raw, 'base64')
if (secret.length !== 32) {
  console.error('LEDGER_SIGNING_KEY: 应为 base64 编码的 32 字节密钥')
  process.exit(2)
}
console.log(Buffer.from(ed25519.getPublicKey(new Uint8Array(secret))).toString('hex'))
