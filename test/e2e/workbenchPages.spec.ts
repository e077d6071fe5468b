import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhone, shot, startCloud, steerClock } from './harness'
import { layoutProblems } from './layoutCheck'
import { loginAs, see, tap } from './spaceSteps'
import { PEOPLE } from '../scenarios/journeys'
import { seedLargeOrg } from '../scenarios/largeOrg'

/**
 * The collector's workbench pages its members (20 a page, from the server): what one page turn
 * sends to the view stays small however large the school (docs/BENCHMARKS.md, setData). 45
 * members: three pages; 上一页 off on the first, 下一页 off on the last; at 375 px and 1.6×.
 */
let cloud: Awaited<ReturnType<typeof startCloud>>
let browser: Browser

beforeAll(async () => {
  cloud = await startCloud()
  steerClock(cloud).chinaMorning()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await cloud?.stop()
})

const members = (page: Page) => page.locator('.wb-member').filter({ visible: true })
const pager = (page: Page) => page.locator('[data-testid="pager"]').filter({ visible: true })

describe('采集员工作台: members by page', () => {
  it('45 members: 20 a page, 下一页 to the last page, 上一页 back; a filter starts again at page 1', async () => {
    const big = await seedLargeOrg(cloud, PEOPLE.teacher.nickname, '三年级（大班）', 45)
    const { page } = await newPhone(browser)
    await loginAs(page, cloud.url, PEOPLE.teacher.nickname)
    await page.goto(`${cloud.url}/#${big.workbench}`)
    await see(page, '第 1/3 页 · 共 45 人')
    expect(await members(page).count()).toBe(20)
    expect(await pager(page).getByRole('button', { name: '上一页' }).getAttribute('aria-disabled')).toBe('true')
    await pager(page).scrollIntoViewIfNeeded()
    await shot(page, 'workbench-pages-01-first')

    await tap(page, '下一页')
    await see(page, '第 2/3 页 · 共 45 人')
    await tap(page, '下一页')
    await see(page, '第 3/3 页 · 共 45 人')
    expect(await members(page).count()).toBe(5)
    expect(await pager(page).getByRole('button', { name: '下一页' }).getAttribute('aria-disabled')).toBe('true')
    await pager(page).scrollIntoViewIfNeeded()
    await shot(page, 'workbench-pages-02-last')
    await tap(page, '上一页')
    await see(page, '第 2/3 页 · 共 45 人')

    // 已申报 (36 of 45): a new list, from its first page.
    await page.locator('.wb-tab').filter({ hasText: '已申报' }).click()
    await see(page, '第 1/2 页 · 共 36 人')

    // 长辈模式: the pager at 1.6× text.
    await page.goto(`${cloud.url}/#/pages/profile/index`)
    await tap(page, '长辈模式（大字）')
    await see(page, '已开启')
    await page.goto(`${cloud.url}/#${big.workbench}`)
    await see(page, '第 1/3 页 · 共 45 人')
    await pager(page).scrollIntoViewIfNeeded()
    await shot(page, 'large-workbench-pages')
    expect(await layoutProblems(page)).toEqual([])
  }, 120_000)
})
