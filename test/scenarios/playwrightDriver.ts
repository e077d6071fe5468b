import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { newPhone, shot } from '../e2e/harness'
import { targetParts, type Driver, type Target } from './driver'

/**
 * The scenario driver for the H5 build in Chromium at phone width. Taro's H5 router keeps earlier
 * pages in the DOM (hidden), so every lookup is narrowed to what is visible; every screenshot is
 * also an axe check (harness.shot).
 */
export function playwrightDriver(browser: Browser, cloudUrl: string, opts: { timeoutMs?: number } = {}): Driver & { page(): Page; close(): Promise<void> } {
  const timeout = opts.timeoutMs ?? 10_000
  let context: BrowserContext | null = null
  let current: Page | null = null

  const page = (): Page => {
    if (!current) throw new Error('h5: newPhone() first')
    return current
  }

  function locate(target: Target): Locator {
    const { id, text, nth } = targetParts(target)
    const p = page()
    const base = id !== undefined ? p.locator(`[id="${id}"]`) : p.getByText(text as string | RegExp, { exact: typeof text === 'string' })
    return base.filter({ visible: true }).nth(nth)
  }

  return {
    platform: 'h5',
    page,
    async close() {
      await context?.close()
      context = null
      current = null
    },
    async newPhone() {
      await context?.close()
      ;({ context, page: current } = await newPhone(browser))
      await current.goto(cloudUrl)
    },
    async open(pagePath) {
      // The hash route a shared link or a scanned code carries; a full load, as tapping a card does.
      await page().goto(`${cloudUrl}/#${pagePath.startsWith('/') ? pagePath : `/${pagePath}`}`)
      await page().reload()
    },
    async tap(target) {
      await locate(target).click({ timeout })
    },
    async type(field, value) {
      await page().locator('input, textarea').filter({ visible: true }).nth(field).fill(value, { timeout })
    },
    async see(target) {
      await locate(target).waitFor({ timeout })
    },
    async gone(target) {
      await locate(target).waitFor({ state: 'hidden', timeout })
    },
    async firstOf(targets) {
      const all = targets.map(locate)
      await all.reduce((a, b) => a.or(b)).first().waitFor({ timeout })
      for (let i = 0; i < all.length; i++) if (await all[i].count()) return i
      throw new Error('h5: none of the targets after waiting')
    },
    async shows(target) {
      return (await locate(target).count()) > 0
    },
    async screenText() {
      return page().locator('body').innerText()
    },
    async confirmNext(labels, tap) {
      await tap()
      for (const label of labels) await page().locator('.taro-modal__foot').filter({ visible: true }).getByText(label, { exact: true }).click({ timeout })
    },
    async chooseNext(item, tap) {
      await tap()
      await page().locator('.taro-actionsheet__cell').filter({ visible: true }).getByText(item, { exact: true }).click({ timeout })
    },
    async shot(name) {
      // Settle first: no toast or dialog on its way out in the picture.
      for (const css of ['.taro__toast *', '.taro__modal *']) await page().locator(css).filter({ visible: true }).first().waitFor({ state: 'hidden' })
      await shot(page(), `scenario-${name}`)
    },
  }
}
