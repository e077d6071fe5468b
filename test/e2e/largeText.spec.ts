import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhone, shot, startCloud, steerClock } from './harness'
import { fontSizeOf, layoutProblems } from './layoutCheck'
import { agreeAndStart, expectHomeLoggedIn, goToLogin, openApp, pickDemoUser, simulateOutcome } from './loginSteps'
import { claim, credentialRow, fillVisible, loginAs, openSpace, see, seen, tap, toastSeen } from './spaceSteps'
import { fillForm, healthShot, openCard, openHealth, submitToday, typeInto } from './healthSteps'
import { agreeAndSign, scanThenLogin } from './consentSteps'

let cloud: Awaited<ReturnType<typeof startCloud>>
let browser: Browser

beforeAll(async () => {
  cloud = await startCloud()
  // Morning in China, so the day's deadline (22:00) is ahead whenever this runs.
  steerClock(cloud).chinaMorning()
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
  if (process.env.LAYOUT_SOFT) {
    if (problems.length) console.log(name, JSON.stringify(problems, null, 1))
    return
  }
  expect(problems).toEqual([])
}

/** 个人中心 → 长辈模式（大字）: the setting is the phone's own, so each phone turns it on once. */
async function turnOnLargeText(page: Page): Promise<void> {
  await page.goto(`${cloud.url}/#/pages/profile/index`)
  await tap(page, '长辈模式（大字）')
  await see(page, '已开启')
}

describe('长辈模式: every page at 1.6× text', () => {
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

  it('the teacher\'s workbench, a parent\'s daily form and a father\'s authorization page at 1.6×', async () => {
    // The teacher creates the class and opens the workbench.
    const { page: teacher } = await newPhone(browser)
    await loginAs(teacher, cloud.url, '黄老师（演示·深圳2016出生）')
    await turnOnLargeText(teacher)
    await teacher.goto(`${cloud.url}/#/pages/index/index`)
    await openHealth(teacher)
    await tap(teacher, '创建组织')
    await typeInto(teacher, 0, '三年级二班')
    await check(teacher, 'large-06-create-org')
    await tap(teacher, '创建并邀请成员')
    await see(teacher, '邀请卡片')
    const link = await teacher.locator('.hl-sheet__link').filter({ visible: true }).innerText()
    await tap(teacher, '关闭')

    // A parent files for herself through the card, at 1.6×: the card, then the daily form.
    const { page: parent } = await newPhone(browser)
    await loginAs(parent, cloud.url, '陈家长（演示·普通关联）')
    await turnOnLargeText(parent)
    await parent.goto(link)
    await see(parent, '请选择填报方式')
    await check(parent, 'large-07-invite-card')
    await openCard(parent, link, '本人填报')
    await fillForm(parent)
    await check(parent, 'large-08-daily-form')

    // Back to the teacher: the workbench with one member.
    await teacher.reload()
    await see(teacher, '近7天申报统计')
    await tap(teacher, '关闭') // opened right after creating the org, with the card shown
    await see(teacher, '提醒未申报')
    await check(teacher, 'large-09-workbench')

    // A father scans a school's 授权码 and reads the authorization page at 1.6×.
    const school = await (await browser.newContext({ viewport: { width: 760, height: 1100 }, locale: 'zh-CN' })).newPage()
    await school.goto(`${cloud.url}/demo/enrolment`)
    await school.getByText('提交', { exact: true }).click()
    await school.locator('#code').filter({ hasText: /^[A-Z2-9]{8}$/ }).waitFor()
    const request = (await school.locator('#link').getAttribute('href'))!
    const { page: dad } = await newPhone(browser)
    await scanThenLogin(dad, cloud.url, request, '何俊杰', '441302198308010976')
    await turnOnLargeText(dad)
    await dad.goto(request)
    await see(dad, '签署授权')
    await check(dad, 'large-10-consent-request')
    // The 授权说明 above 同意, at 1.6×; he signs, and reads it again in 我的授权.
    await dad.locator('[data-notice]').filter({ visible: true }).scrollIntoViewIfNeeded()
    await check(dad, 'large-10b-consent-notice')
    await agreeAndSign(dad)
    await tap(dad, '我的授权')
    await see(dad, /记录完整性已验证/, false)
    await tap(dad, '查看授权说明')
    await see(dad, '以下为您同意时阅读的授权说明，已与账本记录核对一致。')
    await dad.locator('.cs-card [data-notice]').filter({ visible: true }).scrollIntoViewIfNeeded()
    await check(dad, 'large-10c-mine-notice')
  })

  it('at normal size 个人中心 reads whole; at 1.6× the credential icons and the linking refusal\'s table', async () => {
    const { page } = await newPhone(browser)
    await loginAs(page, cloud.url, '吕家长（演示·出生日期不一致）')
    // Normal size: the switch's own label is one line, not “长辈模式（大 / 字）”.
    await page.goto(`${cloud.url}/#/pages/profile/index`)
    await see(page, '未开启')
    await check(page, 'large-11-profile-normal')
    await tap(page, '长辈模式（大字）')
    await see(page, '已开启')
    // The linking refusal compares dates: each date and header whole.
    await page.goto(`${cloud.url}/#/pages/index/index`)
    await openSpace(page)
    await claim(page, '出生医学证明')
    await toastSeen(page, '申领成功')
    await credentialRow(page, '出生医学证明').waitFor()
    await check(page, 'large-12-space-icons')
    await tap(page, '关联被监护人')
    await fillVisible(page, '.link__id-input', '440304201812310261')
    await tap(page, '确认关联')
    await see(page, '关联未成功')
    await check(page, 'large-13-link-refused')

  })

  it('a mother links her child and reads the 数据申领同意书 at 1.6×: the login tabs, 同意 and 不同意 on screen, the ✓ marks whole', async () => {
    const { page } = await newPhone(browser)
    await loginAs(page, cloud.url, '陈家长（演示·普通关联）')
    await turnOnLargeText(page)
    await page.goto(`${cloud.url}/#/pages/index/index`)
    // The login page's second tab (微信支付密码认证, the way when the face check fails).
    await page.goto(`${cloud.url}/#/pages/login/index`)
    await tap(page, '微信支付密码认证')
    await check(page, 'large-14-login-pay-tab')
    // The certificate was claimed on the first walk; now she links the child.
    await page.goto(`${cloud.url}/#/pages/index/index`)
    await openSpace(page)
    await credentialRow(page, '出生医学证明').click()
    await see(page, '验证身份后查看完整信息 ›')
    await tap(page, '关联被监护人')
    await see(page, '确认关联')
    await fillVisible(page, '.link__id-input', '441302201809140829')
    await tap(page, '确认关联')
    await see(page, '关联成功')
    await check(page, 'large-15-linked')
    await tap(page, '申领')
    await see(page, '申领被监护人证照')
    await check(page, 'large-16-child-claim')
    await tap(page, '申领')
    await see(page, '数据申领同意书')
    await check(page, 'large-17-consent-sheet')
  })

  it('a parent files, the teacher locks the day: the late refusal, the read-only form and the list at 1.6×', async () => {
    const { page: teacher } = await newPhone(browser)
    await loginAs(teacher, cloud.url, '黄老师（演示·深圳2016出生）')
    await teacher.goto(`${cloud.url}/#/pages/index/index`)
    await openHealth(teacher)
    await tap(teacher, '创建组织')
    await typeInto(teacher, 0, '三年级三班')
    await tap(teacher, '创建并邀请成员')
    await see(teacher, '邀请卡片')
    const link = await teacher.locator('.hl-sheet__link').filter({ visible: true }).innerText()
    await tap(teacher, '关闭')

    const { page: parent } = await newPhone(browser)
    await loginAs(parent, cloud.url, '李家长（演示·改名）')
    await turnOnLargeText(parent)
    await openCard(parent, link, '本人填报')
    await see(parent, '基本信息')
    // The empty form: its placeholders whole in their fields.
    await check(parent, 'large-18-daily-form-empty')
    // The teacher reminds her before she files.
    await teacher.reload()
    await see(teacher, '近7天申报统计')
    await tap(teacher, '关闭')
    await tap(teacher, '提醒未申报')
    await teacher.locator('.taro-modal__foot').filter({ visible: true }).getByText('发送', { exact: true }).click()
    await tap(teacher, '知道了')
    await fillForm(parent)
    await submitToday(parent)
    await see(parent, '提交成功', false)
    await healthShot(parent, 'large-19-filed')
    await check(parent, 'large-19-filed')
    // She opens the form again; meanwhile the teacher locks the day, and her second try is refused.
    await parent.goto(`${cloud.url}/#/health/index/index`)
    await tap(parent, '再次申报')
    await fillForm(parent, '36.8')
    await teacher.reload()
    await see(teacher, '近7天申报统计')
    await tap(teacher, '关闭')
    await tap(teacher, '提交当日数据')
    await seen(teacher, '提交', true).waitFor()
    await teacher.locator('.taro__modal').getByText('提交', { exact: true }).click()
    await see(teacher, '当日数据已提交')
    await submitToday(parent)
    await see(parent, /提交失败：采集员已提交当日数据/, false)
    await healthShot(parent, 'large-20-late-refused')
    await check(parent, 'large-20-late-refused')
    await parent.goto(`${cloud.url}/#/health/index/index`)
    await see(parent, '申报人列表')
    await see(parent, /采集员已提交今日数据，今日不能再申报/, false)
    // Filed, then locked: no reminder saying it is still to be filed.
    expect(await parent.locator('body').innerText()).not.toContain('尚未提交')
    await check(parent, 'large-20b-list-locked')
    await tap(parent, '查看申报')
    await parent.locator('[data-readonly=true]').filter({ visible: true }).first().waitFor()
    await check(parent, 'large-21-form-read-only')
  })
})
