import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { loadConfig } from '../../cloudfunctions/config'
import { startLocalCloud } from '../../cloudfunctions/local/server'
import { expectAccessible, settled } from './a11y'

const root = path.resolve(__dirname, '../..')
export const shotDir = path.join(root, 'test-results/screenshots')

/** Flags measured to work on this machine (STACK.md): no GPU, no background networking. */
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export type Cloud = Awaited<ReturnType<typeof startLocalCloud>>

/** A local cloud on a random port with its own temporary data folder. */
export async function startCloud(): Promise<Cloud & { dataDir: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'e2e-cloud-'))
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' })
  const cloud = await startLocalCloud({ config, port: 0, h5Dir: path.resolve(root, process.env.H5_DIR || 'dist/h5') })
  return {
    ...cloud,
    dataDir,
    async stop() {
      await cloud.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * The cloud's clock, steered by the test: `advance` moves it forward (sessions and codes age),
 * `chinaMorning` sets it to 09:00 China time of today (so a 22:00 deadline is ahead whenever the
 * suite runs). Both keep the clock running.
 */
export function steerClock(cloud: Cloud): { advance(ms: number): void; chinaMorning(): void } {
  const real = cloud.deps.clock.now
  let offset = 0
  cloud.deps.clock.now = () => real() + offset
  return {
    advance: (ms) => void (offset += ms),
    chinaMorning: () => {
      const chinaDay = new Date(real() + 8 * 3600_000).toISOString().slice(0, 10)
      offset = Date.parse(`${chinaDay}T09:00:00+08:00`) - real()
    },
  }
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`)
  }
  return chromium.launch({ executablePath, args: chromiumArgs })
}

/** A phone: 375 px wide, touch, Chinese locale. Each phone has its own storage (its own device). */
export async function newPhone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  const page = await context.newPage()
  return { context, page }
}

/** Saves a phone-width screenshot for review and for the docs. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shotDir, { recursive: true })
  await settled(page)
  await page.screenshot({ path: path.join(shotDir, `${name}.png`) })
  // Every screen a journey stops to show is also checked for screen readers.
  await expectAccessible(page, name)
}
