import { createCloudBaseCounterStores } from '../../adapters/cloudbase'
import { deployedConsentDeps } from '../consent/index'
import { deployedMain } from '../deployed'
import { withHttpAccess } from '../httpAccess'
import { createCounterHandler, createDeskHandler } from './handler'

/**
 * The deployed `counter` function (CloudBase, handler `index.main`). The holder's mini-program
 * calls carry the injected OPENID; the counter workstation reaches the same function through HTTP
 * access (`tcb service create -p /counter/api -f counter`), whose event has `httpMethod` and no
 * OPENID, and is answered by the staff-session handler only. It appends to the same ledger as
 * `consent`, so it needs the same checkpoint key.
 */
export const main = deployedMain('counter', (config, app, base) => {
  const deps = { ...deployedConsentDeps(config, app, base), counter: createCloudBaseCounterStores(app.database()) }
  return withHttpAccess(createCounterHandler(deps), createDeskHandler(deps), { corsOrigin: config.DESK_ORIGIN })
})
