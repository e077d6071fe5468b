/**
 * The journeys of test/scenarios/journeys.ts on the real mini-program: the weapp build made
 * for the local cloud (`npm run build:weapp:local`, wx.request + demo users + the simulated camera),
 * opened in WeChat DevTools and driven by miniprogram-automator. `npm run test:weapp`.
 *
 * Needs WeChat DevTools (macOS or Windows; there is no Linux build) with 设置 → 安全设置 → 服务端口
 * on, and WECHAT_DEVTOOLS_CLI set to its cli, e.g.
 *   /Applications/wechatwebdevtools.app/Contents/MacOS/cli
 *   "C:/Program Files (x86)/Tencent/微信web开发者工具/cli.bat"
 * Without it this suite says so in its title and skips. It has not been run on this project's
 * machine (Linux, no DevTools); its mapping is unit-tested in test/unit/automatorDriver.test.ts.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'
import { automatorDriver, type AutoApp } from '../scenarios/automatorDriver'
import { journeys } from '../scenarios/journeys'
import { localWorld } from '../scenarios/world'

const cli = process.env.WECHAT_DEVTOOLS_CLI
const root = path.resolve(__dirname, '../..')

if (!cli) {
  describe.skip('journeys on the weapp build (miniprogram-automator) — SKIPPED: WECHAT_DEVTOOLS_CLI is not set (needs WeChat DevTools, macOS/Windows)', () => {
    for (const j of journeys) it(j.name, () => {})
  })
} else {
  describe('journeys on the weapp build in WeChat DevTools (miniprogram-automator driver)', () => {
    let cloud: LocalCloud
    let dir: string
    let mp: AutoApp & { close(): Promise<void> }

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'weapp-scenarios-'))
      // The cloud first: its address is built into the app (TARO_APP_CLOUD_URL).
      const port = Number(process.env.WEAPP_CLOUD_PORT || 0) // a free one unless named
      cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: path.join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1' }), port, h5Dir: path.join(dir, 'none') })
      const real = cloud.deps.clock.now
      const chinaDay = new Date(real() + 8 * 3600_000).toISOString().slice(0, 10)
      const offset = Date.parse(`${chinaDay}T09:00:00+08:00`) - real()
      cloud.deps.clock.now = () => real() + offset // morning in China: the 22:00 deadline is ahead

      const build = spawnSync('node', ['scripts/build-weapp-local.mjs'], {
        cwd: root,
        // NODE_ENV production, not jest's `test`: the bundle `npm run build:weapp:local` makes.
        env: { ...process.env, NODE_ENV: 'production', TARO_OUTPUT_ROOT: path.join(dir, 'miniprogram'), TARO_APP_CLOUD_URL: cloud.url },
        encoding: 'utf8',
      })
      if (build.status !== 0) throw new Error(`weapp local build failed:\n${build.stderr || build.stdout}`)
      // A project folder of its own: automator writes into project.config.json, so not the repo's.
      writeFileSync(
        path.join(dir, 'project.config.json'),
        JSON.stringify({ miniprogramRoot: 'miniprogram/', appid: 'touristappid', projectname: 'yue-school-space-local', compileType: 'miniprogram', setting: { urlCheck: false, es6: false, minified: false } }, null, 2),
      )
      const automator = (await import('miniprogram-automator')).default
      mp = await automator.launch({ cliPath: cli, projectPath: dir, trustProject: true })
    }, 300_000)

    afterAll(async () => {
      await mp?.close()
      await cloud?.close()
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    for (const j of journeys) {
      it(j.name, () => j.run(automatorDriver(mp, { timeoutMs: 15_000, shotDir: path.join(root, 'test-results/screenshots') }), localWorld(cloud)), 180_000)
    }
  })
}
