import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhone, shot, startCloud } from './harness'
import { layoutProblems } from './layoutCheck'
import { loginAs, see, tap } from './spaceSteps'

/**
 * 帮助与反馈 in 个人中心 (seed 002 FAQ 18: 点击【帮助与反馈】查看常见问题，或反馈问题): the common
 * questions with their next steps, and the hotline. Roles and names for screen readers; 375 px and 1.6×.
 */
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

const toBottom = (page: Page) => page.evaluate(() => document.querySelectorAll('.taro_page, html').forEach((el) => el.scrollTo(0, el.scrollHeight)))

describe('帮助与反馈', () => {
  it('个人中心 → 帮助与反馈: questions answered with a next step, the hotline to call; at 1.6× too', async () => {
    const { page } = await newPhone(browser)
    await loginAs(page, cloud.url, '陈家长（演示·普通关联）')
    await page.goto(`${cloud.url}/#/pages/profile/index`)
    await see(page, '帮助与反馈')
    expect(await page.getByRole('button', { name: /帮助与反馈/ }).filter({ visible: true }).count()).toBe(1)
    await shot(page, 'help-01-profile')
    await tap(page, '帮助与反馈')
    await see(page, '常见问题')

    // Each question a heading; the first is the seeds' 提交失败 with its next step.
    const questions = page.getByRole('heading').filter({ visible: true })
    expect(await questions.count()).toBeGreaterThanOrEqual(5)
    expect(await questions.first().innerText()).toBe('提交失败怎么办？')
    await see(page, /^答：多为网络不好导致，请切换网络或前往网络良好的地方，稍后重试。/)
    await see(page, '没有二维码，怎么授权？')
    await shot(page, 'help-02-faq')

    // The hotline, named, and one primary action to call it.
    await see(page, '12345')
    await see(page, '政务服务便民热线')
    const call = page.getByRole('button', { name: '拨打 12345' }).filter({ visible: true })
    expect(await call.count()).toBe(1)
    await toBottom(page)
    await shot(page, 'help-03-feedback')

    // 长辈模式: the same page at 1.6× text.
    await page.goto(`${cloud.url}/#/pages/profile/index`)
    await tap(page, '长辈模式（大字）')
    await see(page, '已开启')
    await shot(page, 'large-help-00-profile')
    expect(await layoutProblems(page)).toEqual([])
    await tap(page, '帮助与反馈')
    await see(page, '常见问题')
    await shot(page, 'large-help-01-faq')
    expect(await layoutProblems(page)).toEqual([])
    await toBottom(page)
    await shot(page, 'large-help-02-feedback')
    expect(await layoutProblems(page)).toEqual([])
  }, 120_000)
})
