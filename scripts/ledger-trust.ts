/**
 * `npm run ledger:trust [-- --witness NAME=HEX ... --quorum K] > trust.json`: prints the trust file
 * `npm run verify-receipt` takes: the consent ledger's origin, key name and public key as the local
 * cloud in DATA_DIR signs with them (LEDGER_SIGNING_KEY, or DATA_DIR/ledger-signing.key; read only,
 * never created), and the witnesses the ledger asks with its quorum (LEDGER_WITNESSES and
 * LEDGER_WITNESS_QUORUM; unset: the local cloud's own witness, WITNESS_KEY or
 * DATA_DIR/witness-signing.key under WITNESS_NAME), plus any witness given. Prints no secret.
 * Exit code 2 when there is no key yet (start the local cloud once) or a flag is wrong.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { loadConfig, parseWitnessList } from '../cloudfunctions/config'
import { ledgerKeyName } from '../cloudfunctions/adapters/crypto/ledgerKey'
import { publicKeyOf } from '../cloudfunctions/domain/ledger/checkpoint'
import { toHex } from '../cloudfunctions/domain/ledger/hash'
import { parseWitnessVkey, type WitnessKey } from '../cloudfunctions/domain/ledger/cosignature'

export function ledgerTrust(env: NodeJS.ProcessEnv, argv: string[]): { ok: true; json: string } | { ok: false; message: string } {
  const config = loadConfig(env)
  const keyFile = path.join(config.DATA_DIR, 'ledger-signing.key')
  const secret = config.LEDGER_SIGNING_KEY
    ? Buffer.from(config.LEDGER_SIGNING_KEY, 'base64')
    : existsSync(keyFile)
      ? Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')
      : null
  if (secret?.length !== 32) return { ok: false, message: `没有找到账本签名密钥（LEDGER_SIGNING_KEY 或 ${keyFile}）：请先启动一次本地云（npm start）` }
  const witnesses: WitnessKey[] = []
  const listed = config.LEDGER_WITNESSES ? parseWitnessList(config.LEDGER_WITNESSES) : null
  if (listed) witnesses.push(...listed.map((w) => ({ name: w.name, publicKey: w.publicKey })))
  else {
    const witnessFile = path.join(config.DATA_DIR, 'witness-signing.key')
    const w = config.WITNESS_KEY ? Buffer.from(config.WITNESS_KEY, 'base64') : existsSync(witnessFile) ? Buffer.from(readFileSync(witnessFile, 'utf8').trim(), 'base64') : null
    if (w?.length === 32) witnesses.push({ name: config.WITNESS_NAME, publicKey: toHex(publicKeyOf(new Uint8Array(w))) })
  }
  let quorum: number | undefined = witnesses.length > 0 ? Math.min(config.LEDGER_WITNESS_QUORUM, witnesses.length) : undefined
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1]
    if (argv[i] === '--witness' && v) {
      const eq = /^([^=+\s]+)=([0-9a-f]{64})$/.exec(v)
      const w = eq ? { name: eq[1], publicKey: eq[2] } : parseWitnessVkey(v)
      if (!w) return { ok: false, message: `见证方密钥不正确：${v}` }
      witnesses.push(w)
      i++
    } else if (argv[i] === '--quorum' && v && /^(?:0|[1-9][0-9]*)$/.test(v)) {
      quorum = Number(v)
      i++
    } else return { ok: false, message: `不认识的参数：${argv[i]}（可用 --witness 名称=公钥hex、--quorum 数量）` }
  }
  const trust = {
    origin: config.LEDGER_ORIGIN,
    keyName: ledgerKeyName(config.LEDGER_ORIGIN),
    publicKey: toHex(publicKeyOf(new Uint8Array(secret))),
    witnesses,
    quorum: quorum ?? witnesses.length,
  }
  return { ok: true, json: JSON.stringify(trust, null, 2) }
}

if (require.main === module) {
  const r = ledgerTrust(process.env, process.argv.slice(2))
  if (r.ok) console.log(r.json)
  else console.error(r.message)
  process.exit(r.ok ? 0 : 2)
}
