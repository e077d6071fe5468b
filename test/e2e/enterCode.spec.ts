import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhone, shot, startCloud } from './harness'
import { layoutProblems } from './layoutCheck'
import { agreeAndSign } from './consentSteps'
import { fillVisible, inputValue, loginAs, see, tap } from './spaceSteps'
import { localWorld } from '../scenarios/world'

/**
 * 输入授权码 beside scanning (seed 000: 提交后截屏保存授权码 … 请牢记授权码): a parent with the code
 * but no QR code types it in 我的授权. The format is checked on the phone (no call), an unknown code
 * gets the server's words, the loading state shows, and a good code opens the same 授权信息 a scan
 * opens, where she signs. Every screen at 375 px; the error at 1.6× text too.
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

/** Calls the page makes to the consent function (to prove a malformed code makes none). */
function consentCalls(page: Page): { count: number } {
  const seenCalls = { count: 0 }
  page.on('request', (r) => {
    if (r.url().includes('/cloud/consent')) seenCalls.count++
  })
  return seenCalls
}

const enter = (page: Page, code: string) => fillVisible(page, '.cs-enter__input', code)

describe('输入授权码', () => {
  it('a mother types the 授权码: format checked, unknown code refused in the server’s words, loading, then the request as a scan opens it', async () => {
    // Family F14: the school asks for the property part, which is the mother's.
    const { code } = await localWorld(cloud).enrolmentRequest({})
    const { page } = await newPhone(browser)
    await loginAs(page, cloud.url, '李家长（演示·多套房产）')
    await page.goto(`${cloud.url}/#/consent/mine/index`)
    await see(page, '输入授权码')
    await shot(page, 'enter-code-00-mine-entry')
    await tap(page, '输入授权码')
    await see(page, '查询授权申请')
    await shot(page, 'enter-code-01-empty')

    const calls = consentCalls(page)
    // Nothing typed, then a code with a 0 (not in the alphabet): told on the phone, nothing sent.
    await tap(page, '查询授权申请')
    await see(page, '请输入授权码')
    await enter(page, 'kyh7h9u0')
    await tap(page, '查询授权申请')
    await see(page, '授权码为8位字母或数字，请核对后重新输入')
    expect(await inputValue(page, '.cs-enter__input')).toBe('KYH7H9U0')
    await see(page, '授权码由大写字母和数字组成，不含I、O、0、1。请对照报名系统页面或截图逐位核对。')
    expect(calls.count).toBe(0)
    await shot(page, 'enter-code-02-format')

    // A well-formed code nobody issued: the loading state while the server looks, then its words.
    await page.route('**/cloud/consent', async (route) => {
      // Long enough for the screenshot (it waits up to 3 s for the spinner's animation to stop).
      await new Promise((r) => setTimeout(r, 6000))
      await route.continue()
    })
    await enter(page, code === 'ABCDEFGH' ? 'ABCDEFGJ' : 'ABCDEFGH')
    await tap(page, '查询授权申请')
    await see(page, '正在查询…')
    expect(await page.locator('[aria-busy="true"]').filter({ visible: true }).count()).toBe(1)
    await shot(page, 'enter-code-03-loading')
    await see(page, '未找到该授权申请')
    await see(page, '请核对授权码，或在报名系统重新提交后扫描新的二维码。')
    await page.unroute('**/cloud/consent')
    expect(calls.count).toBe(1)
    await shot(page, 'enter-code-04-unknown')

    // The real code, typed as a parent would (lower case, a space): the request, as a scan opens it.
    await enter(page, `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`)
    await tap(page, '查询授权申请')
    await see(page, '户籍信息需由学生户口簿的户主授权')
    expect(page.url()).toContain(`consent/open/index?code=${code}`)
    await shot(page, 'enter-code-05-request')
    await agreeAndSign(page)
    await see(page, '您已授权')
    // 返回 from the request goes to 我的授权, not back to the code field.
    await page.goBack()
    await see(page, '输入授权码')
    expect(await page.getByText('查询授权申请').filter({ visible: true }).count()).toBe(0)
  }, 120_000)

  it('at 1.6× text (长辈模式) the field, the error and the button fit 375 px', async () => {
    const { page } = await newPhone(browser)
    await loginAs(page, cloud.url, '陈家长（演示·普通关联）')
    await page.goto(`${cloud.url}/#/pages/profile/index`)
    await tap(page, '长辈模式（大字）')
    await see(page, '已开启')
    await page.goto(`${cloud.url}/#/consent/enter/index`)
    await enter(page, 'KYH7H9')
    await tap(page, '查询授权申请')
    await see(page, '授权码为8位字母或数字，请核对后重新输入')
    await shot(page, 'large-enter-code-format')
    expect(await layoutProblems(page)).toEqual([])
  }, 120_000)
})
