/**
 * The journeys of test/scenarios/journeys.ts on the weapp build's OWN JavaScript, headless
 * in Node (test/helpers/weappVm.ts: a node:vm context with fakes of wx and the mini-program
 * framework, no WeChat DevTools). Builds `npm run build:weapp:local` once for a local cloud started
 * here. What it proves and what it does not: see the harness's header and docs/TESTING.md.
 *
 * WEAPP_VM_DIR=<folder> reuses a build made for http://127.0.0.1:$WEAPP_VM_PORT (default 8787)
 * instead of building (for working on the harness).
 */
import { buildWeappLocal } from '../scenarios/buildWeappLocal'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud, type LocalCloud } from '../../cloudfunctions/local/server'
import { journeys, loginAs, PEOPLE } from '../scenarios/journeys'
import { seedLargeOrg } from '../scenarios/largeOrg'
import { BUDGET, largestOf, SetDataMeter, totalOf } from '../scenarios/setDataMeter'
import { weappVmDriver } from '../scenarios/weappVmDriver'
import { localWorld } from '../scenarios/world'

const root = path.resolve(__dirname, '../..')

describe('journeys on the weapp build run headless (weapp-vm: the bundle in node:vm, fakes of wx and the framework)', () => {
  let cloud: LocalCloud
  let dir: string
  let bundle: string

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'weapp-vm-'))
    const reuse = process.env.WEAPP_VM_DIR
    // The cloud first: its address is built into the app (TARO_APP_CLOUD_URL).
    // A free port unless a reused build names one (a fixed port collided with other runs on one machine).
    const port = Number(process.env.WEAPP_VM_PORT || (reuse ? 8787 : 0))
    cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: path.join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1' }), port, h5Dir: path.join(dir, 'none') })
    const real = cloud.deps.clock.now
    const chinaDay = new Date(real() + 8 * 3600_000).toISOString().slice(0, 10)
    const offset = Date.parse(`${chinaDay}T09:00:00+08:00`) - real()
    cloud.deps.clock.now = () => real() + offset // morning in China: the 22:00 deadline is ahead

    if (reuse) {
      bundle = reuse
      return
    }
    bundle = path.join(dir, 'miniprogram')
    buildWeappLocal(bundle, cloud.url)
  }, 300_000)

  afterAll(async () => {
    await cloud?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  for (const j of journeys) {
    it(j.name, async () => {
      const d = weappVmDriver({ dir: bundle, timeoutMs: 10_000, shotDir: path.join(root, 'test-results/screenshots'), echoConsole: !!process.env.WEAPP_VM_ECHO })
      try {
        await j.run(d, localWorld(cloud))
      } finally {
        d.close()
      }
    }, 120_000)
  }

  // Not timed: bytes. Sending every member at once (5,000 rows, ~3 MB) is what this catches.
  it('the workbench of 5,000 members sends one page: no setData over 32 kB, no step over 64 kB', async () => {
    const big = await seedLargeOrg(cloud, PEOPLE.teacher.nickname, '五千人学校', 5000)
    const meter = new SetDataMeter()
    const d = weappVmDriver({ dir: bundle, timeoutMs: 20_000, onSetData: meter.onSetData })
    const w = meter.wrap(d, 'W')
    try {
      await loginAs(w, PEOPLE.teacher.nickname)
      await w.open(big.workbench)
      await w.see('近7天申报统计')
      await w.see(/^第 1\/250 页 · 共 5000 人$/)
      await w.tap('下一页')
      await w.see(/^第 2\/250 页/)
    } finally {
      d.close()
    }
    const workbench = meter.steps.filter((s) => s.calls.some((c) => c.route === 'health/workbench/index'))
    expect(workbench.map((s) => s.name)).toEqual(['W · open /health/workbench/index', 'W · tap “下一页”'])
    for (const s of workbench) {
      expect({ step: s.name, largest: largestOf(s) <= BUDGET.callBytes, total: totalOf(s) <= BUDGET.stepBytes }).toEqual({ step: s.name, largest: true, total: true })
    }
  }, 180_000)
})
