import * as tcb from '@cloudbase/node-sdk'
import type { Result } from '../../../types/errors'
import { createCloudBaseStores } from '../../adapters/cloudbase'
import { callerOpenid, once } from '../../adapters/cloudbase/entry'
import { createFieldCipher } from '../../adapters/crypto/fieldCipher'
import { WeChatFaceVerifier } from '../../adapters/face-wechat'
import { randomIds, systemClock } from '../../adapters/system/systemClock'
import { loadConfig, serviceTimes } from '../../config'
import { errorBody } from '../../domain/errors'
import { createAuthHandler } from './handler'

/**
 * The deployed `auth` function (CloudBase, handler `index.main`). It only wires production
 * adapters and hands over to the same handler the local cloud runs (STYLE.md: thin entry).
 * Never imports SQLite or local/ code: scripts/build-functions.mjs fails the bundle if it does.
 */
const setup = once(async () => {
  // Production always verifies with WeChat: the simulated verifier would let anyone pass.
  const config = loadConfig({ ...process.env, FACE_PROVIDER: 'wechat' })
  if (!config.FIELD_KEY || !config.HASH_KEY) {
    // Locally keys may be generated into DATA_DIR; here that would give every instance its own.
    throw new Error('FIELD_KEY and HASH_KEY must be set for the deployed function')
  }
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const handle = createAuthHandler({
    stores: createCloudBaseStores(app.database()),
    clock: systemClock,
    ids: randomIds,
    cipher: createFieldCipher({
      fieldKey: Buffer.from(config.FIELD_KEY, 'base64'),
      hashKey: Buffer.from(config.HASH_KEY, 'base64'),
    }),
    verifier: new WeChatFaceVerifier({
      appId: config.WX_APPID!,
      appSecret: config.WX_SECRET!,
      fetch: (input, init) => fetch(input, init), // resolved per call, never with a foreign `this`
      clock: systemClock,
    }),
    config: serviceTimes(config),
  })
  return { app, handle }
})

export async function main(event: unknown, context: unknown): Promise<Result<unknown>> {
  let ready: Awaited<ReturnType<typeof setup>>
  try {
    ready = await setup()
  } catch (e) {
    // Configuration errors name variables only, never values (config.ts), so they are safe to log.
    console.error('[auth] setup failed:', e instanceof Error ? e.message : e)
    return { ok: false, error: errorBody('INTERNAL') }
  }
  const OPENID = callerOpenid(context, {
    getCloudbaseContext: (c) => tcb.getCloudbaseContext(c),
    getUserInfo: () => ready.app.auth().getUserInfo(),
  })
  return ready.handle(event, { OPENID })
}
