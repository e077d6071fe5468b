import type { Download, Locator, Page } from 'playwright-core'
import { shot } from './harness'
import { agreeAndStart, expectHomeLoggedIn, goToLogin, openApp, pickDemoUser, simulateOutcome } from './loginSteps'

/**
 * The parent's steps in the digital space, by what they see. Taro's H5 router keeps earlier
 * pages in the DOM (hidden), so every lookup is narrowed to what is visible on screen.
 */
export const seen = (page: Page, text: string | RegExp, exact = true): Locator =>
  page.getByText(text, { exact }).filter({ visible: true }).first()

export async function see(page: Page, text: string | RegExp, exact = true): Promise<void> {
  await seen(page, text, exact).waitFor()
}

export async function tap(page: Page, text: string | RegExp, exact = true): Promise<void> {
  await seen(page, text, exact).click()
}

/** Picks the demo WeChat user and logs in by (simulated) face. */
export async function loginAs(page: Page, url: string, nickname: string): Promise<void> {
  await openApp(page, url)
  await pickDemoUser(page, nickname)
  await goToLogin(page)
  await agreeAndStart(page)
  await simulateOutcome(page, '模拟：验证通过')
  await expectHomeLoggedIn(page)
}

export async function openSpace(page: Page): Promise<void> {
  await tap(page, '我的数字空间')
  await see(page, '我的证照')
}

/** 申领 on a missing credential's row (证照数据管理). */
export async function claim(page: Page, title: string): Promise<void> {
  const row = page.locator('.missing').filter({ visible: true }).filter({ hasText: title })
  await row.locator('.mini-btn').click()
}

/** The screen's one primary (green) button: what the page offers first. */
export const primaryButton = (page: Page): Locator => page.locator('.btn--primary').filter({ visible: true }).first()

/** A held credential's row in a list. */
export const credentialRow = (page: Page, title: string): Locator =>
  page.locator('.cred').filter({ visible: true }).filter({ hasText: title }).first()

export async function fillVisible(page: Page, css: string, value: string): Promise<void> {
  await page.locator(`${css} input, ${css} textarea`).filter({ visible: true }).first().fill(value)
}

export async function inputValue(page: Page, css: string): Promise<string> {
  return page.locator(`${css} input`).filter({ visible: true }).first().inputValue()
}

export { simulateOutcome }

/** A screenshot once the screen has settled: no toast left over from the step before. */
export async function spaceShot(page: Page, name: string): Promise<void> {
  await page.locator('.taro__toast *').filter({ visible: true }).first().waitFor({ state: 'hidden' })
  await shot(page, name)
}

/** A toast the step shows (申领成功 …): seen, then gone, so the next screenshot is clear. */
export async function toastSeen(page: Page, text: string): Promise<void> {
  // The toast's root has no box of its own (its content is position: fixed): watch the text.
  const toast = page.locator('.taro__toast').getByText(text).first()
  await toast.waitFor()
  await toast.waitFor({ state: 'hidden' })
}

/** 下载 on a file the app offers (H5): the browser's download, started by that tap and no other. */
export async function savedByTap(page: Page, text: string | RegExp): Promise<Download> {
  const download = page.waitForEvent('download', { timeout: 10_000 })
  await tap(page, text)
  return download
}

/** 打开文件 (H5): the new tab the tap opens, once it has loaded. */
export async function openedByTap(page: Page, text: string | RegExp): Promise<Page> {
  const opened = page.context().waitForEvent('page', { timeout: 10_000 })
  await tap(page, text)
  const tab = await opened
  await tab.waitForLoadState()
  return tab
}
