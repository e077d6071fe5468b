/**
 * The mini-program's own rendering cost, printed, never asserted: every setData the REAL weapp
 * bundle makes while the journeys (test/scenarios/journeys.ts) run on weapp-vm (the bundle in
 * node:vm, test/helpers/weappVm.ts), plus the collector's workbench over an org of 5,000 members
 * (first render, two page turns, two tabs). Per step (a launch, a page open, a tap, typing): the number
 * of setData calls, their total bytes (JSON of the data argument) and the largest call; then the
 * heaviest steps, each page's first render, and the steps over the budget (≤ 64 kB per step,
 * ≤ 32 kB per call, ≤ 3 calls per tap).
 *
 * Builds `npm run build:weapp:local` for a local cloud started here (a few minutes);
 * WEAPP_VM_DIR=<folder> with WEAPP_VM_PORT=<port> reuses a build made for that port.
 */
import { buildWeappLocal } from '../../test/scenarios/buildWeappLocal'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud } from '../../cloudfunctions/local/server'
import { journeys, loginAs, PEOPLE } from '../../test/scenarios/journeys'
import { seedLargeOrg } from '../../test/scenarios/largeOrg'
import { report, SetDataMeter } from '../../test/scenarios/setDataMeter'
import { weappVmDriver } from '../../test/scenarios/weappVmDriver'
import { localWorld } from '../../test/scenarios/world'

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 5000)

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-setdata-'))
  const reuse = process.env.WEAPP_VM_DIR
  const port = Number(process.env.WEAPP_VM_PORT || (reuse ? 8787 : 0))
  const cloud = await startLocalCloud({ config: loadConfig({ DATA_DIR: path.join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1' }), port, h5Dir: path.join(dir, 'none') })
  // Morning in China, as the weapp-vm suite: the 22:00 deadline is ahead.
  const real = cloud.deps.clock.now
  const chinaDay = new Date(real() + 8 * 3600_000).toISOString().slice(0, 10)
  const offset = Date.parse(`${chinaDay}T09:00:00+08:00`) - real()
  cloud.deps.clock.now = () => real() + offset
  try {
    let bundle = reuse
    if (!bundle) {
      bundle = path.join(dir, 'miniprogram')
      console.log('building the weapp bundle for the local cloud (build:weapp:local)…')
      buildWeappLocal(bundle, cloud.url)
    }
    const meter = new SetDataMeter()
    const world = localWorld(cloud)
    for (const [i, j] of journeys.entries()) {
      const d = weappVmDriver({ dir: bundle, timeoutMs: 15_000, onSetData: meter.onSetData })
      try {
        await j.run(meter.wrap(d, `J${i + 1}`), meter.wrapWorld(world, `J${i + 1}`))
      } catch (e) {
        console.log(`journey J${i + 1} (${j.name}) failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`)
      } finally {
        d.close()
      }
    }

    const t0 = performance.now()
    const big = await seedLargeOrg(cloud, PEOPLE.teacher.nickname, '五千人学校', MEMBERS)
    console.log(`seeded ${MEMBERS} members in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    const d = weappVmDriver({ dir: bundle, timeoutMs: 30_000, onSetData: meter.onSetData })
    const w = meter.wrap(d, `W${MEMBERS}`)
    try {
      await loginAs(w, PEOPLE.teacher.nickname)
      await w.open(big.workbench)
      await w.see('近7天申报统计')
      await w.see(/^第 1\/\d+ 页/)
      await w.tap('下一页')
      await w.see(/^第 2\/\d+ 页/)
      await w.tap('下一页')
      await w.see(/^第 3\/\d+ 页/)
      await w.tap({ text: '已申报', nth: 1 }) // the tab (the first is the count's label)
      await w.see(/^第 1\/\d+ 页/)
      await w.tap({ text: '未申报', nth: 1 })
      await w.see(/^第 1\/\d+ 页/)
    } catch (e) {
      console.log(`the ${MEMBERS}-member workbench failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`)
    } finally {
      d.close()
    }

    console.log(`\n${report(meter)}`)
  } finally {
    await cloud.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
