import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhone, shot, startCloud } from './harness'
import { fontSizeOf, layoutProblems } from './layoutCheck'
import { agreeAndStart, expectHomeLoggedIn, goToLogin, openApp, pickDemoUser, simulateOutcome } from './loginSteps'
import { claim, credentialRow, openSpace, see, tap, toastSeen } from './spaceSteps'

let cloud: Awaited<ReturnType<typeof startCloud>>
let browser: Browser

beforeAll(async () => {
  cloud = await startCloud()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.stop()
})

/** Each screen at 1.6×: a screenshot to look at, and no overlap, clipping or one-character lines. */
async function check(page: Page, name: string): Promise<void> {
  await shot(page, name)
  const problems = await layoutProblems(page)
  expect(problems).toEqual([])
}

describe('长辈模式: every page at 1.6× text (issue 9)', () => {
  it('a grandparent turns on 长辈模式 in 个人中心 and walks login, home, the space, a credential, the linking form, health and 我的授权', async () => {
    const { page } = await newPhone(browser)
    await openApp(page, cloud.url)
    await pickDemoUser(page, '陈家长（演示·普通关联）')
    await goToLogin(page)
    await agreeAndStart(page)
    await simulateOutcome(page, '模拟：验证通过')
    await expectHomeLoggedIn(page)
    const normal = await fontSizeOf(page, '.cell__label')
    expect(normal).toBeGreaterThan(0)

    await page.goto(`${cloud.url}/#/pages/profile/index`)
    await tap(page, '长辈模式（大字）')
    await see(page, '已开启')
    // The text scale reached, measured on the same kind of text as before.
    expect((await fontSizeOf(page, '.cell__label')) / normal).toBeGreaterThanOrEqual(1.6)
    // The navigation title scales too (Taro's H5 bar).
    expect(await fontSizeOf(page, '.taro-navigation-bar-title')).toBeGreaterThanOrEqual(17 * 1.6 - 0.5)
    await check(page, 'large-01-profile')

    await page.goto(`${cloud.url}/#/pages/index/index`)
    await see(page, '我的数字空间')
    await check(page, 'large-02-home')
    await openSpace(page)
    await check(page, 'large-03-space')
    // A credential, masked, and the linking form behind it.
    await claim(page, '出生医学证明')
    await toastSeen(page, '申领成功')
    await credentialRow(page, '出生医学证明').click()
    await see(page, '验证身份后查看完整信息 ›')
    await check(page, 'large-03b-credential-masked')
    await tap(page, '关联被监护人')
    await see(page, '确认关联')
    await check(page, 'large-03c-link-form')
    await page.goto(`${cloud.url}/#/health/index/index`)
    await see(page, '申报人列表')
    await check(page, 'large-04-health')
    await page.goto(`${cloud.url}/#/consent/mine/index`)
    await see(page, '我的授权')
    await check(page, 'large-05-my-consents')
    // And back to normal size when turned off.
    await page.goto(`${cloud.url}/#/pages/profile/index`)
    await tap(page, '长辈模式（大字）')
    await see(page, '未开启')
    expect(await fontSizeOf(page, '.cell__label')).toBeCloseTo(normal, 1)
  })
})
