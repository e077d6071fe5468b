import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { PDFDocument } from 'pdf-lib'
import type { Browser } from 'playwright-core'
import { pdfText, requirePoppler, savePng } from '../helpers/poppler'
import { launchBrowser, newPhone, startCloud, steerClock } from './harness'
import { claim, credentialRow, fillVisible, inputValue, loginAs, openedByTap, openSpace, primaryButton, savedByTap, see, seen, simulateOutcome, spaceShot, tap, toastSeen } from './spaceSteps'

/** In the browser: the digital space and guardian linking as a parent does it (seed 001 §2.1.2). */
let cloud: Awaited<ReturnType<typeof startCloud>>
let browser: Browser
/** The cloud's clock, moved forward to make a face check stale (SPEC §1: 5-minute window). */
let clock: ReturnType<typeof steerClock>

const CHEN = '陈家长（演示·普通关联）'
const CHEN_CHILD = '441302201809140829'
const LI = '李家长（演示·改名）'
const LI_CHILD = '440106201903080379'
const GUO = '郭家长（演示·性别不一致）'
const GUO_CHILD = '440402201904220629'
const XU = '许家长（演示·省外出生）'
const LIANG = '梁家长（演示·双胞胎）'
/** 梁浩宇, the second twin: same sex and birth date as 梁浩然. */
const LIANG_HAOYU = '440604201906210137'
const HUANG = '黄老师（演示·深圳2016出生）'
const ZHANG = '张同学（演示·未满14周岁）'

beforeAll(async () => {
  requirePoppler()
  cloud = await startCloud()
  clock = steerClock(cloud)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.stop()
})

describe('digital space and guardian linking (SPEC §2–§3)', () => {
  it('a parent claims the birth certificate, links the child, accepts the 数据申领同意书 and sees the child credentials', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, CHEN)
    await openSpace(page)
    await see(page, '您的空间还没有证照')
    await spaceShot(page, 'space-01-home-empty')

    await claim(page, '出生医学证明')
    await toastSeen(page, '申领成功')
    await credentialRow(page, '出生医学证明').waitFor()
    await see(page, /新生儿 \*\*涵/, false)
    await credentialRow(page, '出生医学证明').click()
    await see(page, '验证身份后查看完整信息 ›')
    // Masked until a fresh face check: the field rows show, their personal values masked.
    await page.locator('[data-masked-section] .kv').filter({ visible: true }).filter({ hasText: '新生儿姓名' }).filter({ hasText: '**涵' }).waitFor()
    await page.locator('[data-masked-section] .kv').filter({ visible: true }).filter({ hasText: '母亲身份证号码' }).filter({ hasText: '*' }).waitFor()
    expect(await page.locator('body').innerText()).not.toMatch(/吴思涵|陈美玲|441302198506120324/)
    await spaceShot(page, 'space-02-certificate-masked')

    await tap(page, '关联被监护人')
    await see(page, '确认关联')
    await see(page, '**涵')
    // Spaces typed by mistake are trimmed (SPEC §3).
    await fillVisible(page, '.link__id-input', ` ${CHEN_CHILD.slice(0, 6)} ${CHEN_CHILD.slice(6)}`)
    await spaceShot(page, 'space-03-link-form')
    await tap(page, '确认关联')
    await see(page, '关联成功')
    await see(page, /已关联被监护人 \*\*涵（女，2018-09-14出生），您是其母亲/, false)
    await spaceShot(page, 'space-04-linked')

    await tap(page, '申领')
    await see(page, '申领被监护人证照')
    await see(page, '孩子未满14周岁', false)
    await tap(page, '申领')
    await see(page, '数据申领同意书')
    await spaceShot(page, 'space-05-consent')
    await tap(page, '同意')
    await toastSeen(page, '申领成功')
    await credentialRow(page, '居民身份电子凭证').waitFor()
    await credentialRow(page, '居民户口簿').waitFor()
    await spaceShot(page, 'space-06-child-credentials')
    expect(await page.locator('body').innerText()).not.toContain(CHEN_CHILD)

    // Back in the space: the child and the ward's credentials, marked 被监护人.
    await tap(page, '返回数字空间')
    await see(page, '被监护人证照')
    await see(page, '已申领证照')
    await spaceShot(page, 'space-07-home-with-child')
    await context.close()
  })

  it('the detail is shown in full only after a fresh face check; the PDF download carries the watermark', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, CHEN)
    await openSpace(page)
    await credentialRow(page, '出生医学证明').click()
    // Ten minutes later the login no longer counts as a recent verification.
    clock.advance(10 * 60_000)
    await tap(page, '验证身份后查看完整信息 ›')
    await simulateOutcome(page, '模拟：验证通过')
    await see(page, '吴思涵')
    await see(page, '接生机构')
    await spaceShot(page, 'space-08-certificate-verified')

    await tap(page, '下载PDF')
    await see(page, '生成并下载PDF')
    await tap(page, '小学新生入学报名')
    await spaceShot(page, 'space-09-download-purpose')
    clock.advance(10 * 60_000)
    await tap(page, '生成并下载PDF')
    // Stale again: the face check comes first, then the same request is retried with the same purpose.
    await simulateOutcome(page, '模拟：验证通过')
    await see(page, 'PDF已生成')
    await spaceShot(page, 'space-10-download-done')
    // Nothing is downloaded unasked: the user taps 下载 (or 打开文件, a new tab with the PDF).
    const download = await savedByTap(page, '下载')
    expect(download.suggestedFilename()).toMatch(/^出生医学证明_\d{8}\.pdf$/)
    const bytes = readFileSync((await download.path())!)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const pdf = await PDFDocument.load(bytes)
    expect(pdf.getSubject()).toContain('用途：小学新生入学报名')
    expect(pdf.getSubject()).toContain('下载人：**玲')
    // What the parent takes away reads as it should in a PDF viewer (poppler), not only in pdf-lib.
    const text = pdfText(bytes).replace(/\s+/g, '')
    for (const s of ['出生医学证明', '吴思涵', '用途：小学新生入学报名', '下载人：**玲']) expect(text).toContain(s)
    savePng(bytes, 1, join(__dirname, '../../test-results/screenshots/space-10b-downloaded-pdf.png'))
    const opened = await openedByTap(page, '打开文件')
    expect(opened.url()).toMatch(/^blob:/)
    await opened.close()
    await tap(page, '完成')

    await tap(page, '纠错反馈')
    await see(page, '请选择有误的项目（可多选）')
    await tap(page, '接生机构')
    await fillVisible(page, '.report-form__text', '接生机构名称有误，应为惠州市第一妇幼保健院')
    await tap(page, '提交')
    await see(page, '纠错反馈已提交')
    await tap(page, '查看我的纠错反馈')
    await see(page, '有误项目：接生机构')
    await see(page, '已提交')
    await spaceShot(page, 'space-11-reports')
    await context.close()
  })

  it('the access history lists every action, newest first', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, CHEN)
    await openSpace(page)
    await tap(page, '数字档案袋')
    // Not see('纠错反馈'): the space home has a cell with that very label, visible until the history opens.
    await page.locator('.hist__action', { hasText: '纠错反馈' }).filter({ visible: true }).first().waitFor()
    const actions = await page.locator('.hist__action').filter({ visible: true }).allInnerTexts()
    expect(actions[0]).toBe('纠错反馈')
    for (const a of ['下载证照PDF', '查看证照详情', '申领被监护人证照', '关联被监护人', '申领证照']) expect(actions).toContain(a)
    expect(actions.indexOf('下载证照PDF')).toBeLessThan(actions.indexOf('关联被监护人'))
    await see(page, '用途：小学新生入学报名')
    await spaceShot(page, 'space-12-history')
    await context.close()
  })

  it('a renamed child is linked through the former name, without retyping the ID number', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, LI)
    await openSpace(page)
    await claim(page, '出生医学证明')
    await credentialRow(page, '出生医学证明').waitFor()
    await tap(page, '关联被监护人')
    await fillVisible(page, '.link__id-input', LI_CHILD)
    await tap(page, '确认关联')
    await see(page, '关联未成功')
    await see(page, '户口簿上的姓名与出生医学证明不一致', false)
    await see(page, '**轩')
    await see(page, '**睿')
    await spaceShot(page, 'space-13-link-name-differs')
    await tap(page, '孩子改过名，输入现用名关联')
    expect(await inputValue(page, '.link__id-input')).toBe(LI_CHILD)
    // The ID input: text in H5 (the ID-card keyboard in WeChat), long enough for a pasted spaced number.
    const idInput = page.locator('.link__id-input input, input.link__id-input').filter({ visible: true }).first()
    expect([await idInput.getAttribute('type'), await idInput.getAttribute('maxlength')]).toEqual(['text', '40'])
    // A stale message goes once the field is filled in.
    await tap(page, '确认关联')
    await see(page, '请输入孩子现在的姓名（户口簿上的姓名）')
    await fillVisible(page, '.link__name-input', '周')
    await seen(page, '请输入孩子现在的姓名（户口簿上的姓名）').waitFor({ state: 'hidden' })
    // A current name the register does not hold: said as such, not 需被监护人办理户口簿 (the child has one).
    await fillVisible(page, '.link__name-input', '周梓萱')
    await tap(page, '确认关联')
    await see(page, '输入的孩子现用姓名与户口簿上登记的姓名不一致', false)
    expect(await page.getByText('需被监护人办理户口簿', { exact: false }).filter({ visible: true }).count()).toBe(0)
    await spaceShot(page, 'space-13b-link-current-name-differs')
    await tap(page, '重新输入')
    await fillVisible(page, '.link__name-input', '周梓睿')
    await spaceShot(page, 'space-14-link-renamed-form')
    await tap(page, '确认关联')
    await see(page, '关联成功')
    await see(page, '已通过曾用名核对', false)
    await spaceShot(page, 'space-15-linked-renamed')
    await context.close()
  })

  it('a dead end names the fields that differ and the 待审类（含未授权） fallback', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, GUO)
    await openSpace(page)
    await claim(page, '出生医学证明')
    await credentialRow(page, '出生医学证明').waitFor()
    await tap(page, '关联被监护人')
    // A mistyped check digit is said next to the field; the form stays as typed.
    await fillVisible(page, '.link__id-input', `${GUO_CHILD.slice(0, 17)}0`)
    await tap(page, '确认关联')
    await see(page, '被监护人身份证号码有误', false)
    await spaceShot(page, 'space-18-link-id-invalid')
    await fillVisible(page, '.link__id-input', GUO_CHILD)
    await tap(page, '确认关联')
    await see(page, '关联未成功')
    await see(page, '户口簿上的性别与出生医学证明不一致', false)
    const row = page.locator('.compare__row').filter({ visible: true }).filter({ hasText: '性别' })
    expect(await row.innerText()).toMatch(/女[\s\S]*男/)
    await see(page, '您仍可以这样办理')
    await see(page, '户籍生待审类（含未授权）', false)
    expect(await seen(page, '孩子改过名，输入现用名关联').count()).toBe(0)
    // The register disagrees with the certificate: no retyping changes that, the 派出所 does.
    await see(page, '派出所核实更正', false)
    expect(await page.locator('body').innerText()).not.toContain('请核实输入的被监护人身份证号码')
    expect(await primaryButton(page).innerText()).toBe('返回数字空间')
    await spaceShot(page, 'space-16-dead-end-sex')
    expect(await page.locator('body').innerText()).not.toContain(GUO_CHILD)
    await context.close()
  })

  it('twins: the other twin’s number leads to the other twin’s certificate, not the renamed path', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, LIANG)
    await openSpace(page)
    await claim(page, '出生医学证明')
    await toastSeen(page, '申领成功')
    await credentialRow(page, '**然').waitFor()
    await tap(page, '关联被监护人')
    await see(page, '请选择孩子的出生医学证明')
    await credentialRow(page, '**然').click()
    await fillVisible(page, '.link__id-input', LIANG_HAOYU)
    await tap(page, '确认关联')
    await see(page, '关联未成功')
    await see(page, '输入的身份证号码属于您的另一个孩子**宇', false)
    expect(await seen(page, '孩子改过名，输入现用名关联').count()).toBe(0)
    await spaceShot(page, 'space-19-link-other-twin')
    await tap(page, '从**宇的出生医学证明关联')
    // The number typed stays: it is this certificate's child.
    expect(await inputValue(page, '.link__id-input')).toBe(LIANG_HAOYU)
    await see(page, /新生儿 \*\*宇/, false)
    await tap(page, '确认关联')
    await see(page, '关联成功')
    await see(page, /已关联被监护人 \*\*宇/, false)
    // Linking the same child again says so instead of a second 关联成功.
    await page.goBack()
    await tap(page, '关联被监护人')
    await see(page, '已关联 **宇')
    await spaceShot(page, 'space-20-twins-chooser')
    await credentialRow(page, '已关联 **宇').click()
    await fillVisible(page, '.link__id-input', LIANG_HAOYU)
    await tap(page, '确认关联')
    await see(page, '已关联')
    await see(page, /您此前已关联被监护人 \*\*宇/, false)
    await context.close()
  })

  it('a partly claimable set says what was claimed and why the rest was not', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, HUANG)
    await openSpace(page)
    await claim(page, '出生医学证明')
    await see(page, '已申领1份，另有1份无法在线申领')
    await page.waitForFunction(() => document.title === '申领结果')
    await see(page, '2018-05-01起在深圳市出生', false)
    await spaceShot(page, 'space-21-claim-partly')
    await tap(page, '我知道了')
    await credentialRow(page, '出生医学证明').waitFor()
    await context.close()
  })

  it('a father renamed since the birth is told the certificate names his former name (F17)', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, '林家长（演示·父亲改过名）')
    await openSpace(page)
    const row = page.locator('.missing').filter({ visible: true }).filter({ hasText: '出生医学证明' })
    await row.getByText('查看原因和办理办法 ›').click()
    await see(page, '登记的父亲姓名是您的曾用名', false)
    await see(page, '户籍生待审类（含未授权）', false)
    expect(await page.getByText('未查到登记您为父亲或母亲的出生医学证明', { exact: false }).filter({ visible: true }).count()).toBe(0)
    await spaceShot(page, 'space-22-claim-father-renamed')
    await context.close()
  })

  it('a child under 14 is sent to her parents, not to 待审类', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, ZHANG)
    await openSpace(page)
    await see(page, '出生医学证明由父母申领，请让父母登录后关联')
    // Under 14 she claims nothing herself (seed 000 Q5): no 申领 on any row, each says why.
    expect(await page.locator('.mini-btn').filter({ visible: true }).count()).toBe(0)
    await see(page, '暂无可在线申领的证照，原因和办理办法见下方“证照数据管理”')
    await spaceShot(page, 'space-23-under-14-nothing-to-claim')
    await context.close()
  })

  it('a certificate that cannot be claimed online is explained with the on-site fallback', async () => {
    const { context, page } = await newPhone(browser)
    await loginAs(page, cloud.url, XU)
    await openSpace(page)
    const row = page.locator('.missing').filter({ visible: true }).filter({ hasText: '出生医学证明' })
    await row.getByText('查看原因和办理办法 ›').click()
    await see(page, '无法在线申领出生医学证明')
    await see(page, '广东省外', false)
    await see(page, '户籍生待审类（含未授权）', false)
    // The fallback speaks of claiming here, not of linking a child.
    const box = page.locator('.reason__fallback-text').filter({ visible: true })
    expect(await box.innerText()).toMatch(/^如无法在线申领/)
    await spaceShot(page, 'space-17-claim-refused')
    await tap(page, '我知道了')
    await see(page, '我的证照')
    // No property in the registry: the way out speaks of the paper 不动产权证书, not birth certificates.
    const property = page.locator('.missing').filter({ visible: true }).filter({ hasText: '不动产权证书' })
    await property.getByText('查看原因和办理办法 ›').click()
    await see(page, '无法在线申领不动产权证书')
    expect(await page.locator('.reason__fallback-text').filter({ visible: true }).innerText()).toMatch(/纸质不动产权证书/)
    await context.close()
  })
})
