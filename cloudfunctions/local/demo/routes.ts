import { readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import type { Config } from '../../config'
import { demoBizSecret } from '../localConsent'
import { createBizHandler } from '../../functions/consent/handler'
import { seedDemoSystem } from '../../services/consent/demoSystem'
import type { AppDeps } from '../../services/appDeps'
import { keyedRoute } from '../http'

/**
 * The business-system side of the local cloud: `POST /biz/<action>` authenticated by
 * `Authorization: Bearer <systemId>.<secret>` (never X-WX-OPENID), and the demo enrolment page
 * `/demo/enrolment`, which plays the school. Only the demo page is handed the demo system's key.
 */
export async function consentRoutes(deps: AppDeps, config: Config) {
  const demo = await seedDemoSystem(deps, demoBizSecret(config))
  const biz = createBizHandler(deps)
  const page = () => readFileSync(path.join(__dirname, 'enrolment.html'), 'utf8').replace('__DEMO_BIZ_KEY__', JSON.stringify(demo.apiKey))

  const bizRoute = keyedRoute(biz)


  function demoPage(res: ServerResponse) {
    const html = page()
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' })
    res.end(html)
  }

  return { demoKey: demo.apiKey, bizRoute, demoPage }
}
