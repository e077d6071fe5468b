// Prints a witness's public key for the log's LEDGER_WITNESSES and the phone's TARO_APP_LEDGER_WITNESSES
// (docs/DEPLOY.md "Witness"): the cosignature/v1 vkey `<name>+<key id>+base64(0x04 || key)` and the
// 64-hex public key, from WITNESS_KEY (base64 32-byte Ed25519 secret) and WITNESS_NAME.
//   WITNESS_KEY=<base64 secret> WITNESS_NAME=witness.edu.gd.gov.cn/w1 npm run witness:key
// Reads the secret from the environment only and prints no part of it.
import { ed25519 } from '@noble/curves/ed25519.js'
import { createHash } from 'node:crypto'

const raw = (process.env.WITNESS_KEY ?? '').trim()
const name = (process.env.WITNESS_NAME ?? '').trim()
const secret = Buffer.from(raw, 'base64')
if (secret.length !== 32) {
  console.error('WITNESS_KEY: 应为 base64 编码的 32 字节密钥 (openssl rand -base64 32)')
  process.exit(2)
}
if (!/^[\x21-\x2a\x2c-\x7e]+$/.test(name)) {
  console.error('WITNESS_NAME: 应为不含空格和 + 的可打印 ASCII，例如 witness.edu.gd.gov.cn/w1')
  process.exit(2)
}
const pk = Buffer.from(ed25519.getPublicKey(new Uint8Array(secret)))
// tlog-cosignature: key id = SHA-256(name || "\n" || 0x04 || public key)[:4]
const id = createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([4]), pk])).digest().subarray(0, 4)
console.log(`vkey:       ${name}+${id.toString('hex')}+${Buffer.concat([Buffer.from([4]), pk]).toString('base64')}`)
console.log(`public key: ${pk.toString('hex')}`)
