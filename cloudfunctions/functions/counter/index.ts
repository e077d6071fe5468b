import { createCloudBaseConsentStores, createCloudBaseCounterStores } from '../../adapters/cloudbase'
import { ledgerKeyName } from '../../adapters/crypto/ledgerKey'
import { createFixtureRegistry, loadFixture } from '../../adapters/registry-sim/fixtureRegistry'
import { createPdfRenderer } from '../../adapters/pdf/pdfLibRenderer'
import { deployedMain } from '../deployed'
import { createCounterHandler, createDeskHandler } from './handler'

/**
 * The deployed `counter` function (CloudBase, handler `index.main`). The holder's mini-program
 * calls carry the injected OPENID; the counter workstation reaches the same function through HTTP
 * access (`tcb service create -p /counter/api -f counter`), whose event has `httpMethod` and no
 * OPENID, and is answered by the staff-session handler only. It appends to the same ledger as
 * `consent`, so it needs the same checkpoint key.
 */
export const main = deployedMain('counter', (config, app, base) => {
  if (!config.LEDGER_SIGNING_KEY) throw new Error('LEDGER_SIGNING_KEY must be set for the deployed function')
  if (!config.REGISTRY_FIXTURE) throw new Error('REGISTRY_FIXTURE must be set: no provincial registry adapter yet (demo only)')
  const deps = {
    ...base,
    registry: createFixtureRegistry(loadFixture(config.REGISTRY_FIXTURE)),
    pdf: createPdfRenderer(),
    consent: createCloudBaseConsentStores(app.database()),
    counter: createCloudBaseCounterStores(app.database()),
    ledgerKey: { secretKey: Buffer.from(config.LEDGER_SIGNING_KEY, 'base64'), keyName: ledgerKeyName(config.LEDGER_ORIGIN), origin: config.LEDGER_ORIGIN },
    consentConfig: { requestTtlMs: config.CONSENT_REQUEST_DAYS * 24 * 3600 * 1000, appBaseUrl: null },
  }
  const mini = createCounterHandler(deps)
  const desk = createDeskHandler(deps)
  return async (event, context) => {
    const http = event as { httpMethod?: string; path?: string; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean }
    if (typeof http?.httpMethod !== 'string') return mini(event, context)
    let body: unknown = {}
    try {
      const text = http.isBase64Encoded ? Buffer.from(http.body ?? '', 'base64').toString('utf8') : http.body ?? ''
      body = text.trim() ? JSON.parse(text) : {}
    } catch {
      body = null
    }
    const action = (http.path ?? '').split('/').filter(Boolean).pop()
    const out = await desk(body && typeof body === 'object' ? { ...body, action } : { action }, { authorization: http.headers?.authorization ?? http.headers?.Authorization })
    return { statusCode: out.status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(out.body) } as never
  }
})
