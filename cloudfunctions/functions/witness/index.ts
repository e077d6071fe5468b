import * as tcb from '@cloudbase/node-sdk'
import { createCloudBaseWitnessStore } from '../../adapters/cloudbase'
import { once } from '../../adapters/cloudbase/entry'
import { ledgerKeyName } from '../../adapters/crypto/ledgerKey'
import { systemClock } from '../../adapters/system/systemClock'
import { createWitnessHandler } from './handler'

/**
 * The deployed `witness` function (CloudBase, handler `index.main`): a C2SP tlog-witness for the
 * consent ledger, run by another party than the log (docs/DEPLOY.md "Witness": e.g. the education
 * bureau, in its own CloudBase environment). Its own key (`WITNESS_KEY`, base64 32-byte Ed25519
 * secret; `WITNESS_NAME`, its key name) and the log it witnesses (`LEDGER_ORIGIN`,
 * `LEDGER_PUBLIC_KEY`: the log's public key only). It writes `witness_checkpoints`, nothing else.
 */
const setup = once(async () => {
  const env = process.env
  const secret = Buffer.from(env.WITNESS_KEY?.trim() ?? '', 'base64')
  if (secret.length !== 32) throw new Error('WITNESS_KEY must be set to a base64 32-byte Ed25519 secret (npm run witness:key)')
  const name = env.WITNESS_NAME?.trim() ?? ''
  if (!/^[\x21-\x2a\x2c-\x7e]+$/.test(name)) throw new Error('WITNESS_NAME must be set to the witness key name (printable ASCII, no spaces or +)')
  const origin = env.LEDGER_ORIGIN?.trim() ?? ''
  const pub = env.LEDGER_PUBLIC_KEY?.trim() ?? ''
  if (!origin || !/^[0-9a-fA-F]{64}$/.test(pub)) throw new Error('LEDGER_ORIGIN and LEDGER_PUBLIC_KEY (64 hex) must be set to the log this witness watches')
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  return createWitnessHandler({
    store: createCloudBaseWitnessStore(app.database()),
    key: { name, secretKey: new Uint8Array(secret) },
    logs: [{ origin, keyName: ledgerKeyName(origin), publicKey: new Uint8Array(Buffer.from(pub, 'hex')) }],
    clock: systemClock,
  })
})

export const main = async (event: unknown) => {
  try {
    return await (await setup())(event)
  } catch (e) {
    console.error('[witness] setup failed:', e instanceof Error ? e.message : e)
    return { statusCode: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'witness not configured\n' }
  }
}
