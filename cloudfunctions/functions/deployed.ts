import * as tcb from '@cloudbase/node-sdk'
import type { Result } from '../../types/errors'
import { createCloudBaseStores } from '../adapters/cloudbase'
import { callerOpenid, once } from '../adapters/cloudbase/entry'
import { createFieldCipher } from '../adapters/crypto/fieldCipher'
import { WeChatFaceVerifier } from '../adapters/face-wechat'
import { randomIds, systemClock } from '../adapters/system/systemClock'
import { loadConfig, serviceTimes, type Config } from '../config'
import { errorBody } from '../domain/errors'
import type { Deps } from '../services/deps'
import type { CallContext } from './auth/handler'

type Handle = (event: unknown, context: CallContext) => Promise<Result<unknown>>
export type App = ReturnType<typeof tcb.init>

/**
 * What every deployed function shares (STYLE.md: thin entries): production config, the CloudBase
 * stores, the keys, and WeChat face verification. Never imports SQLite or local/ code:
 * scripts/build-functions.mjs fails a bundle that does.
 */
export function productionDeps(config: Config, app: App): Deps {
  if (!config.FIELD_KEY || !config.HASH_KEY) {
    // Locally keys may be generated into DATA_DIR; here that would give every instance its own.
    throw new Error('FIELD_KEY and HASH_KEY must be set for the deployed function')
  }
  return {
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
  }
}

/**
 * The CloudBase `index.main` of a function: builds its handler once per instance from production
 * config (FACE_PROVIDER forced to wechat: the simulated verifier would let anyone pass), then
 * hands every call over with the caller's injected OPENID.
 */
export function deployedMain(
  name: string,
  build: (config: Config, app: App, base: Deps) => Handle | Promise<Handle>,
): (event: unknown, context: unknown) => Promise<Result<unknown>> {
  const setup = once(async () => {
    const config = loadConfig({ ...process.env, FACE_PROVIDER: 'wechat' })
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    return { app, handle: await build(config, app, productionDeps(config, app)) }
  })
  return async (event, context) => {
    let ready: Awaited<ReturnType<typeof setup>>
    try {
      ready = await setup()
    } catch (e) {
      // Configuration errors name variables and files only, never values, so they are safe to log.
      console.error(`[${name}] setup failed:`, e instanceof Error ? e.message : e)
      return { ok: false, error: errorBody('INTERNAL') }
    }
    const OPENID = callerOpenid(context, {
      getCloudbaseContext: (c) => tcb.getCloudbaseContext(c),
      getUserInfo: () => ready.app.auth().getUserInfo(),
    })
    return ready.handle(event, { OPENID })
  }
}
