import { createCloudBaseHealthStores } from '../../adapters/cloudbase'
import { createCloudBaseFileStore } from '../../adapters/cloudbase/cloudbaseFileStore'
import { createFixtureRegistry, loadFixture } from '../../adapters/registry-sim/fixtureRegistry'
import { createSubscribeNotifier } from '../../adapters/notifier-wechat/subscribeNotifier'
import { systemClock } from '../../adapters/system/systemClock'
import { deployedMain } from '../deployed'
import { createHealthHandler } from './handler'

/**
 * The deployed `health` function (CloudBase, handler `index.main`). The invitation key must be
 * configured: generated per instance it would make every other instance refuse the cards.
 */
export const main = deployedMain('health', (config, app, base) => {
  if (!config.HEALTH_INVITE_KEY) throw new Error('HEALTH_INVITE_KEY must be set for the deployed function')
  if (!config.HEALTH_REMIND_TEMPLATE_ID) throw new Error('HEALTH_REMIND_TEMPLATE_ID must be set (subscribe-message template for reminders)')
  // A proxy's name for a mainland ID is checked against the registry; as for the
  // space function, only the fixture stand-in exists yet (demo only).
  if (!config.REGISTRY_FIXTURE) throw new Error('REGISTRY_FIXTURE must be set: no provincial registry adapter yet (demo only)')
  return createHealthHandler({
    ...base,
    health: createCloudBaseHealthStores(app.database()),
    inviteKey: Buffer.from(config.HEALTH_INVITE_KEY, 'base64'),
    registry: createFixtureRegistry(loadFixture(config.REGISTRY_FIXTURE)),
    // Exports go to cloud storage (health-exports/<orgId>/…) and the reply carries a temp link.
    files: createCloudBaseFileStore(app),
    notifier: createSubscribeNotifier({
      appId: config.WX_APPID!,
      appSecret: config.WX_SECRET!,
      templateId: config.HEALTH_REMIND_TEMPLATE_ID,
      fetch: (input, init) => fetch(input, init),
      clock: systemClock,
    }),
  })
})
