import * as tcb from '@cloudbase/node-sdk'
import type { Result } from '../../../types/errors'
import { createCloudBaseStores } from '../../adapters/cloudbase'
import { callerOpenid, once } from '../../adapters/cloudbase/entry'
import { createFieldCipher } from '../../adapters/crypto/fieldCipher'
import { WeChatFaceVerifier } from '../../adapters/face-wechat'
import { createPdfRenderer } from '../../adapters/pdf/pdfLibRenderer'
import { createFixtureRegistry, loadFixture } from '../../adapters/registry-sim/fixtureRegistry'
import { randomIds, systemClock } from '../../adapters/system/systemClock'
import { loadConfig, serviceTimes } from '../../config'
import { errorBody } from '../../domain/errors'
import { createSpaceHandler } from './handler'

/**
 * The deployed `space` function (CloudBase, handler `index.main`): wires production adapters and
 * hands over to the handler the local cloud runs. The provincial registry's HTTP adapter does not
 * exist yet, so a deployment must name a fixture file (absolute path) in REGISTRY_FIXTURE: a
 * demo environment only, said loudly rather than silently simulating in production.
 */
const setup = once(async () => {
  const config = loadConfig({ ...process.env, FACE_PROVIDER: 'wechat' })
  if (!config.FIELD_KEY || !config.HASH_KEY) throw new Error('FIELD_KEY and HASH_KEY must be set for the deployed function')
  if (!config.REGISTRY_FIXTURE) throw new Error('REGISTRY_FIXTURE must be set: no provincial registry adapter yet (demo only)')
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  const handle = createSpaceHandler({
    stores: createCloudBaseStores(app.database()),
    clock: systemClock,
    ids: randomIds,
    cipher: createFieldCipher({ fieldKey: Buffer.from(config.FIELD_KEY, 'base64'), hashKey: Buffer.from(config.HASH_KEY, 'base64') }),
    verifier: new WeChatFaceVerifier({
      appId: config.WX_APPID!,
      appSecret: config.WX_SECRET!,
      fetch: (input, init) => fetch(input, init),
      clock: systemClock,
    }),
    config: serviceTimes(config),
    registry: createFixtureRegistry(loadFixture(config.REGISTRY_FIXTURE)),
    pdf: createPdfRenderer(),
  })
  return { app, handle }
})

export async function main(event: unknown, context: unknown): Promise<Result<unknown>> {
  let ready: Awaited<ReturnType<typeof setup>>
  try {
    ready = await setup()
  } catch (e) {
    // Configuration errors name variables and files only, never values, so they are safe to log.
    console.error('[space] setup failed:', e instanceof Error ? e.message : e)
    return { ok: false, error: errorBody('INTERNAL') }
  }
  const OPENID = callerOpenid(context, {
    getCloudbaseContext: (c) => tcb.getCloudbaseContext(c),
    getUserInfo: () => ready.app.auth().getUserInfo(),
  })
  return ready.handle(event, { OPENID })
}
