import { expect } from '@jest/globals'
import type { Page } from 'playwright-core'

/** The user's steps, by what they see on screen (Chinese labels from the seeds). */

export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url)
}

/** H5 only: the demo picker stands in for choosing which WeChat account opens the app. */
export async function pickDemoUser(page: Page, nickname: string): Promise<void> {
  await page.getByText('选择演示微信用户').first().waitFor()
  // The picker shows "陈家长（演示·普通关联）" as the name over the case it demonstrates.
  const m = /^(.+?)（演示·(.+)）$/.exec(nickname)
  const row = m
    ? page.locator('.demo-user').filter({ hasText: m[1] }).filter({ hasText: m[2] })
    : page.locator('.demo-user').filter({ hasText: nickname })
  await row.first().click()
}

/** WeChat's privacy popup (用户隐私保护指引): asked once per phone and WeChat user, before the first login form. */
export const privacyPopup = (page: Page) => page.locator('[data-testid=privacy-popup]').filter({ visible: true })

/**
 * On the way into the login form: agrees to the privacy guide if this phone has not yet (the
 * login page shows nothing to fill in before that), then waits for the form's start button.
 */
export async function passPrivacy(page: Page, button = '开始人脸识别验证'): Promise<void> {
  const form = page.getByText(button).filter({ visible: true }).first()
  await privacyPopup(page).or(form).first().waitFor()
  if (await privacyPopup(page).count()) {
    await privacyPopup(page).getByText('同意', { exact: true }).click()
    await privacyPopup(page).waitFor({ state: 'hidden' })
  }
  await form.waitFor()
}

export async function goToLogin(page: Page): Promise<void> {
  await page.getByText('请登录', { exact: true }).first().click()
  await passPrivacy(page)
}

/** Types name and number by hand, key by key as a user would (so the field's maxlength applies). */
export async function typeIdentity(page: Page, name: string, idNumber: string): Promise<void> {
  await page.locator('input').nth(0).fill(name)
  await page.locator('input').nth(1).pressSequentially(idNumber)
}

export async function agreeAndStart(page: Page, button = '开始人脸识别验证'): Promise<void> {
  await passPrivacy(page, button)
  await page.getByText('阅读并同意', { exact: false }).first().click()
  await page.getByText(button).first().click()
}

/** The simulated camera (H5 stand-in for wx.requestFacialVerify). */
export async function simulateOutcome(page: Page, choice: string): Promise<void> {
  await page.getByText(choice).first().waitFor()
  await page.getByText(choice).first().click()
}

export async function expectHomeLoggedIn(page: Page): Promise<void> {
  await page.getByText('您好', { exact: false }).first().waitFor()
  expect(await page.getByText('请登录', { exact: true }).count()).toBe(0)
}
