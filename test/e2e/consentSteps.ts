import type { Page } from 'playwright-core'
import { shot } from './harness'
import { agreeAndStart, expectHomeLoggedIn, openApp, passPrivacy, pickDemoUser, simulateOutcome } from './loginSteps'
import { see, seen, tap } from './spaceSteps'

/** The steps of SPEC §4 by what people see: the school's demo page and the parents' phones. */

/** On the login page: types another identity by hand and passes the (simulated) face check. */
async function typeIdentityAndVerify(page: Page, name: string, idNumber: string): Promise<void> {
  await passPrivacy(page)
  const other = page.getByText('使用其他身份信息')
  if (await other.count()) await other.first().click()
  await page.locator('input').filter({ visible: true }).nth(0).fill(name)
  await page.locator('input').filter({ visible: true }).nth(1).fill(idNumber)
  await agreeAndStart(page)
  await simulateOutcome(page, '模拟：验证通过')
}

/** Logs in a person who has no demo WeChat user of their own, typing their identity by hand. */
export async function loginTyping(page: Page, url: string, name: string, idNumber: string): Promise<void> {
  await openApp(page, url)
  await pickDemoUser(page, '新用户（演示）')
  await page.getByText('请登录', { exact: true }).first().click()
  await typeIdentityAndVerify(page, name, idNumber)
  await expectHomeLoggedIn(page)
}

/**
 * The seeds' first-time path (seed 001 §2.1.3): the parent scans before logging in, sees 去登录,
 * logs in typing her identity, and comes back to the request, not to the home page.
 */
export async function scanThenLogin(page: Page, url: string, link: string, name: string, idNumber: string): Promise<void> {
  await openApp(page, url)
  await pickDemoUser(page, '新用户（演示）')
  await page.goto(link)
  await see(page, '请先登录')
  await tap(page, '去登录')
  await typeIdentityAndVerify(page, name, idNumber)
  await see(page, '授权码')
}

/** Scanning the QR code: the link opens the request in the mini-program (H5 here). */
export async function openRequestLink(page: Page, link: string): Promise<void> {
  await page.goto(link)
  await see(page, '授权码')
}

/** 勾选“我已认真阅读并同意”, 签署授权, then 返回 on 授权成功. */
export async function agreeAndSign(page: Page): Promise<void> {
  await tap(page, '我已认真阅读并同意以上授权内容')
  await tap(page, '签署授权')
  await see(page, '授权成功')
  await tap(page, '返回')
  await seen(page, '授权成功').waitFor({ state: 'hidden' })
}

export async function consentShot(page: Page, name: string, top = false): Promise<void> {
  if (top) await page.evaluate(() => document.querySelectorAll('.taro_page, html').forEach((el) => el.scrollTo(0, 0)))
  await page.locator('.taro__toast *').filter({ visible: true }).first().waitFor({ state: 'hidden' })
  await shot(page, name)
}
