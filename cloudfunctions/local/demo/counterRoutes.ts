import type { ServerResponse } from 'node:http'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../../config'
import { loadOrCreateSecret } from '../../adapters/crypto/ledgerKey'
import { createDeskHandler } from '../../functions/counter/handler'
import { seedDemoCounter } from '../../services/counter/demoCounter'
import type { AppDeps } from '../../services/appDeps'
import { keyedRoute, sendJson } from '../http'
import { serveStatic } from '../static'

/** The demo counter's password: DEMO_COUNTER_PASSWORD, or generated once into DATA_DIR. */
export const demoCounterPassword = (config: Config): string =>
  config.DEMO_COUNTER_PASSWORD ?? Buffer.from(loadOrCreateSecret(config.DATA_DIR, 'demo-counter.key')).toString('base64url').slice(0, 20)

/**
 * The counter's screens on the local cloud: the desk app built by `npm run build:desk` (dist/desk)
 * at `/counter/` (the workstation, for window staff; locally handed the demo account so a newcomer
 * can try it) and `/counter/kiosk` (the 评价器), and its API `POST /counter/api/<action>` with the
 * staff session as `Authorization: Bearer <token>`. `/counter/demo.json` hands the page the demo
 * account and the simulated card reader's cards; static hosting has no such file.
 */
export async function counterRoutes(deps: AppDeps, config: Config, demoCards: Array<{ name: string; idNumber: string }> = [], deskDir = path.resolve('dist/desk')) {
  const demo = await seedDemoCounter(deps, demoCounterPassword(config))
  const desk = createDeskHandler(deps)
  const apiRoute = keyedRoute(desk)

  /** GET under /counter: the two pages, their assets, the demo setup. `sub` is the path after /counter. */
  function page(sub: string, res: ServerResponse) {
    if (sub === '/demo.json') return sendJson(res, 200, { account: demo, cards: demoCards })
    if (!existsSync(path.join(deskDir, 'index.html'))) {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      res.end(NO_DESK_BUILD)
      return
    }
    if (sub === '') {
      // The pages name their assets relative to /counter/.
      res.writeHead(301, { location: '/counter/' })
      res.end()
      return
    }
    if (sub === '/kiosk' || sub === '/kiosk/') return serveStatic(deskDir, '/kiosk.html', res)
    if (sub.startsWith('/assets/')) return serveStatic(deskDir, sub, res)
    return serveStatic(deskDir, '/index.html', res)
  }

  return { demo, apiRoute, page }
}

const NO_DESK_BUILD = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>窗口受理台尚未构建</title></head>
<body style="font-family:sans-serif;padding:24px;line-height:1.6"><h1>窗口受理台尚未构建</h1>
<p>请先运行 <code>npm run build:desk</code>（<code>npm start</code> 会自动构建），然后刷新本页。</p></body></html>`
