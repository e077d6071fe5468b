import { afterAll, beforeAll, describe, it } from '@jest/globals'
import type { Browser } from 'playwright-core'
import { journeys } from '../scenarios/journeys'
import { playwrightDriver } from '../scenarios/playwrightDriver'
import { localWorld } from '../scenarios/world'
import { launchBrowser, startCloud, steerClock } from './harness'

/**
 * The journeys written once (test/scenarios/journeys.ts), played on the H5 build by
 * playwright-core. The same file runs on the weapp build in WeChat DevTools: npm run test:weapp.
 */
let cloud: Awaited<ReturnType<typeof startCloud>>
let browser: Browser
let driver: ReturnType<typeof playwrightDriver>

beforeAll(async () => {
  cloud = await startCloud()
  // Morning in China: the day's 22:00 deadline is ahead whenever this runs.
  steerClock(cloud).chinaMorning()
  browser = await launchBrowser()
  driver = playwrightDriver(browser, cloud.url)
})

afterAll(async () => {
  await driver?.close()
  await browser?.close()
  await cloud?.stop()
})

describe('journeys on the H5 build (playwright driver)', () => {
  for (const j of journeys) it(j.name, () => j.run(driver, localWorld(cloud)))
})
