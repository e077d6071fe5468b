import { readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import type { Config } from '../../config'
import { loadOrCreateSecret } from '../../adapters/crypto/ledgerKey'
import { createDeskHandler } from '../../functions/counter/handler'
import { seedDemoCounter } from '../../services/counter/demoCounter'
import type { AppDeps } from '../../services/appDeps'
import { keyedRoute } from '../http'

/** The demo counter's password: DEMO_COUNTER_PASSWORD, or generated once into DATA_DIR. */
export const demoCounterPassword = (config: Config): string =>
  config.DEMO_COUNTER_PASSWORD ?? Buffer.from(loadOrCreateSecret(config.DATA_DIR, 'demo-counter.key')).toString('base64url').slice(0, 20)

/**
 * The counter workstation on the local cloud: the page at `/counter/` (a desktop page
 * for window staff; locally it is handed the demo account so a newcomer can try it) and its API
 * `POST /counter/api/<action>` with the staff session as `Authorization: Bearer <token>`.
 */
export async function counterRoutes(deps: AppDeps, config: Config, demoCards: Array<{ name: string; idNumber: string }> = []) {
  const demo = await seedDemoCounter(deps, demoCounterPassword(config))
  const desk = createDeskHandler(deps)
  // The simulated card reader offers the demo people's cards (a real reader reads the chip).
  const page = () =>
    readFileSync(path.join(__dirname, 'counter.html'), 'utf8').replace('__DEMO_ACCOUNT__', JSON.stringify(demo)).replace('__DEMO_CARDS__', JSON.stringify(demoCards))
  const kioskPage = () => readFileSync(path.join(__dirname, 'kiosk.html'), 'utf8')

  const apiRoute = keyedRoute(desk)


  function workstation(res: ServerResponse, which: 'desk' | 'kiosk' = 'desk') {
    const html = which === 'kiosk' ? kioskPage() : page()
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' })
    res.end(html)
  }

  return { demo, apiRoute, workstation }
}
