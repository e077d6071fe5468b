import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhone, shot, shotDir, startCloud, steerClock } from './harness'
import { claim, loginAs, openSpace, see, tap, toastSeen } from './spaceSteps'
import { layoutProblems } from './layoutCheck'

/**
 * Counter use (免证办, seed 004) in two browsers side by side: the holder's phone at
 * 375 px and the counter's workstation at 1280 px. 扫码: the phone shows its 政务码, the counter
 * scans (types) it, the phone's 服务授权 opens by itself, 确认授权 fills the counter's form.
 */
let cloud: Awaited<ReturnType<typeof startCloud>>
let browser: Browser
let clock: ReturnType<typeof steerClock>

beforeAll(async () => {
  cloud = await startCloud()
  clock = steerClock(cloud)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.stop()
})

async function workstation(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${cloud.url}/counter/`)
  return page
}

/** What the counter's scanner gun types: the 12 digits under the phone's QR code (a new code, not one of `seenBefore`). */
async function digitsOn(phone: Page, ...seenBefore: string[]): Promise<string> {
  const shown = phone.locator('[data-testid=gov-digits]').filter({ visible: true })
  for (;;) {
    const digits = (await shown.innerText()).replace(/\s/g, '')
    if (!seenBefore.includes(digits)) return digits
    await phone.waitForTimeout(100)
  }
}

async function scan(desk: Page, code: string, matter = '义务教育新生入学现场审核'): Promise<void> {
  await desk.selectOption('#matter', { label: matter })
  await desk.fill('#code', code)
  await desk.click('#scanBtn')
}

/** The phone and the counter in one picture, for docs/COUNTER.md (both screenshots side by side). */
async function sideBySide(name: string, phoneShot: string, deskShot: string): Promise<void> {
  const img = (f: string) => `data:image/png;base64,${readFileSync(path.join(shotDir, `${f}.png`)).toString('base64')}`
  const page = await (await browser.newContext({ viewport: { width: 1700, height: 860 } })).newPage()
  await page.setContent(
    `<body style="margin:0;background:#dfe3e8;display:flex;gap:24px;padding:24px;align-items:flex-start">` +
      `<img alt="手机" src="${img(phoneShot)}" style="width:375px;border-radius:16px;box-shadow:0 2px 8px #0003">` +
      `<img alt="窗口" src="${img(deskShot)}" style="width:1250px;border-radius:6px;box-shadow:0 2px 8px #0003"></body>`,
  )
  await page.screenshot({ path: path.join(shotDir, `${name}.png`) })
  await page.context().close()
}

describe('counter use: 扫码 (seed 004 §3(1))', () => {
  it('the family shows a 政务码, the counter scans it, the phone confirms, the form fills; a replayed, expired or refused code reads nothing', async () => {
    // The mother has claimed her ID, register and the birth certificate in her space.
    const { page: phone } = await newPhone(browser)
    await loginAs(phone, cloud.url, '陈家长（演示·普通关联）')
    await openSpace(phone)
    for (const title of ['居民身份电子凭证', '居民户口簿', '出生医学证明']) {
      await claim(phone, title)
      await toastSeen(phone, '申领成功')
    }

    // 政务码: from the home page, right after logging in (a recent face check).
    await phone.goto(`${cloud.url}/#/pages/index/index`)
    await tap(phone, '政务码（免证办）')
    await see(phone, '请向窗口工作人员出示')
    const first = await digitsOn(phone)
    expect(first).toMatch(/^\d{12}$/)
    await see(phone, /\d+ 秒后自动刷新/, false)
    await shot(phone, 'counter-01-phone-code')

    // The counter signs in with its own account (the local page is handed the demo one).
    const desk = await workstation()
    await see(desk, '窗口账号登录')
    await shot(desk, 'counter-02-desk-login')
    await desk.click('#loginBtn')
    await see(desk, '办事人政务码')
    await see(desk, /惠州市实验小学·新生入学现场审核窗口（演示） · 李\*\*/, false)

    // 扫码 → 免证清单, and the authorization pushed to the phone.
    await scan(desk, first)
    await see(desk, '已推送授权请求到办事人手机，等待办事人确认授权…')
    const list = await desk.locator('#list tr').allInnerTexts()
    expect(list.map((r) => r.split('\t').slice(0, 2).join(' '))).toEqual([
      '居民身份电子凭证 可免提交', '居民户口簿 可免提交', '出生医学证明 可免提交', '不动产权证书 未领取，需提交材料',
    ])
    await shot(desk, 'counter-03-desk-waiting')

    // The phone opens 服务授权 by itself: counter, matter, credentials and fields, for how long.
    await see(phone, '服务授权', false)
    await see(phone, '确认授权')
    await see(phone, '义务教育新生入学现场审核')
    await see(phone, '确认后120分钟内')
    await see(phone, '您尚未领取不动产权证书，该部分需向窗口提交纸质材料。')
    await shot(phone, 'counter-04-phone-authorize')
    // 授权说明 above 确认授权: the text whose hash the confirm sends back (no names in it).
    const notice = phone.locator('[data-notice]').filter({ visible: true })
    await notice.scrollIntoViewIfNeeded()
    await notice.getByText('窗口服务授权说明（第1版）').waitFor()
    expect(await notice.innerText()).not.toMatch(/李婉婷|\*\*婷|4413/)
    await shot(phone, 'counter-04b-phone-notice')
    expect(await layoutProblems(phone)).toEqual([])
    await tap(phone, '确认授权')
    await see(phone, '授权成功')
    await shot(phone, 'counter-05-phone-confirmed')

    // The counter's 受理表单 fills itself: full name and number for the clerk, the allowed fields.
    await see(desk, '办事人已确认授权，受理表单已自动填写。')
    expect(await desk.locator('#applicantName').inputValue()).toBe('陈美玲')
    expect(await desk.locator('#applicantId').inputValue()).toBe('441302198506120324')
    const legends = await desk.locator('#creds legend').allInnerTexts()
    expect(legends).toEqual(['居民身份电子凭证', '居民户口簿', '出生医学证明'])
    // Outside the matter's allow-list: the mother's ID number on the certificate never reaches the form.
    expect(await desk.getByLabel('出生医学证明 母亲身份证号码').count()).toBe(0)
    // 部门侧: the approver prints a credential (a watermarked PDF) and archives the case by hashes.
    await desk.locator('#materials tr').first().waitFor()
    const [pdfTab] = await Promise.all([desk.context().waitForEvent('page'), desk.getByRole('button', { name: '预览 / 打印居民户口簿' }).click()])
    expect(pdfTab.url()).toMatch(/^blob:/)
    await pdfTab.close()
    await desk.click('#archiveBtn')
    await see(desk, /已预归档/, false)
    expect(await desk.locator('#archiveList li').allInnerTexts()).toEqual([
      expect.stringMatching(/^居民身份电子凭证：[0-9a-f]{64}$/), expect.stringMatching(/^居民户口簿：[0-9a-f]{64}$/), expect.stringMatching(/^出生医学证明：[0-9a-f]{64}$/),
    ])
    await desk.locator('#dept').scrollIntoViewIfNeeded()
    await shot(desk, 'counter-06-desk-form')
    await sideBySide('counter-side-by-side', 'counter-04-phone-authorize', 'counter-06-desk-form')

    // A screenshot of the used code, typed again: refused, and nothing pushed.
    await desk.click('#next')
    await scan(desk, first)
    await see(desk, '政务码已被使用')
    await shot(desk, 'counter-07-desk-replayed')

    // A new code, left until it expires (an old screenshot): refused.
    await phone.goto(`${cloud.url}/#/consent/code/index`)
    await see(phone, '请向窗口工作人员出示')
    const stale = await digitsOn(phone, first)
    clock.advance(61_000)
    await scan(desk, stale)
    await see(desk, '政务码已过期')

    // The holder refuses, reading at 1.6× (长辈模式): the counter is told and reads nothing.
    await phone.goto(`${cloud.url}/#/pages/profile/index`)
    await tap(phone, '长辈模式（大字）')
    await see(phone, '已开启')
    await phone.goto(`${cloud.url}/#/consent/code/index`)
    await phone.reload()
    await see(phone, '请向窗口工作人员出示')
    const third = await digitsOn(phone, first, stale)
    await shot(phone, 'counter-large-01-code')
    expect(await layoutProblems(phone)).toEqual([])
    await scan(desk, third, '户口迁入（投靠父母）')
    await see(phone, '拒绝')
    await shot(phone, 'counter-large-02-authorize')
    expect(await layoutProblems(phone)).toEqual([])
    await phone.locator('[data-notice]').filter({ visible: true }).scrollIntoViewIfNeeded()
    await shot(phone, 'counter-large-03-notice')
    expect(await layoutProblems(phone)).toEqual([])
    await tap(phone, '拒绝')
    await phone.locator('.taro-modal__foot').filter({ visible: true }).getByText('拒绝', { exact: true }).click()
    await see(phone, '已拒绝授权')
    await see(desk, /办事人已拒绝授权/, false)
    await shot(desk, 'counter-08-desk-refused')

    // 我的授权 lists what the counter did; she ends the one still running.
    await phone.goto(`${cloud.url}/#/consent/mine/index`)
    await see(phone, '窗口办理')
    await shot(phone, 'counter-09-phone-my-authorizations')
    await tap(phone, '结束授权')
    await phone.locator('.taro-modal__foot').filter({ visible: true }).getByText('结束', { exact: true }).click()
    await see(phone, '已结束')
  })

  it('刷脸办: the counter shows a QR code, the holder verifies by face and confirms on the phone; 读卡: she confirms on the 评价器 without a phone', async () => {
    const { page: phone } = await newPhone(browser)
    await loginAs(phone, cloud.url, '梁家长（演示·双胞胎）')
    await openSpace(phone)
    for (const title of ['居民身份电子凭证', '居民户口簿']) {
      await claim(phone, title)
      await toastSeen(phone, '申领成功')
    }
    const desk = await workstation()
    // A new browser context: signed in again with the demo account.
    await desk.click('#loginBtn')
    await see(desk, '办事人政务码')

    // The 评价器 is a device of its own: another browser, paired once with the code
    // the workstation shows; it never sees the staff member's token.
    const kiosk = await (await browser.newContext({ viewport: { width: 1024, height: 700 }, locale: 'zh-CN' })).newPage()
    await kiosk.goto(`${cloud.url}/counter/kiosk`)
    await see(kiosk, '评价器配对')
    await shot(kiosk, 'counter-16-kiosk-pairing')
    await desk.click('#pairBtn')
    const pairCode = (await desk.locator('#pairCode').innerText()).replace(/\s/g, '')
    expect(pairCode).toMatch(/^\d{8}$/)
    await shot(desk, 'counter-17-desk-pair-code')
    await kiosk.fill('#pairCode', pairCode)
    await kiosk.click('#pairBtn')
    await see(kiosk, '欢迎办理业务')
    const deviceNo = /评价器 (PJQ-[0-9A-Z]{6})/.exec(await kiosk.locator('#where').innerText())![1]
    // The workstation lists it once paired (its list refreshes by itself).
    await desk.locator('#devices tr', { hasText: deviceNo }).filter({ hasText: '已配对' }).waitFor()
    await desk.locator('#pairBox').waitFor({ state: 'hidden' })

    // 刷脸办: the counter's one-time QR code, shown at the desk and pushed to the 评价器 (seed 004
    // §3(2) 3); the holder's WeChat opens it (the same link here).
    await desk.getByRole('tab', { name: '刷脸办' }).click()
    await desk.selectOption('#matter', { label: '户口迁入（投靠父母）' })
    await desk.click('#faceBtn')
    await desk.locator('#faceQr').waitFor()
    await shot(desk, 'counter-10-desk-face-qr')
    await see(kiosk, '请使用微信扫描二维码，完成人脸识别后在手机上确认授权。')
    expect(await kiosk.locator('#faceQr').getAttribute('src')).toBe(await desk.locator('#faceQr').getAttribute('src'))
    await shot(kiosk, 'counter-18-kiosk-face-qr')
    const link = (await desk.locator('#faceLink').getAttribute('data-link'))!
    expect(link).toContain('#/consent/service/index?ticket=tk_')
    await phone.goto(link)
    await see(phone, '确认授权')
    await see(phone, '户口迁入（投靠父母）')
    await see(desk, '办事人已完成人脸识别，等待办事人在手机上确认授权…')
    // Used: the 评价器 no longer shows the code.
    await see(kiosk, '欢迎办理业务')
    await tap(phone, '确认授权')
    await see(phone, '授权成功')
    await see(desk, '办事人已确认授权，受理表单已自动填写。')
    const holder = await desk.locator('#applicantName').inputValue()
    expect(holder.length).toBeGreaterThan(1)

    // 读卡: staff read her ID card (the simulated reader: pick her demo card); the 评价器 asks her.
    await desk.click('#next')
    await desk.getByRole('tab', { name: '读卡' }).click()
    await desk.selectOption('#cardPick', { label: `${holder}（演示身份证）` })
    await desk.click('#cardBtn')
    await see(desk, '已推送到窗口评价器，等待办事人在评价器上确认授权…')
    await see(kiosk, '请核对需要授权的证照信息')
    await shot(kiosk, 'counter-11-kiosk')
    // The 评价器 at 1.6× (a holder who reads large): nothing overlaps or runs out of the screen.
    await kiosk.evaluate(() => { document.body.style.zoom = '1.6' })
    await shot(kiosk, 'counter-large-04-kiosk')
    expect(await layoutProblems(kiosk)).toEqual([])
    await kiosk.evaluate(() => { document.body.style.zoom = '' })
    await kiosk.getByRole('button', { name: '确认授权' }).click()
    await see(kiosk, '授权成功，窗口工作人员将为您办理。')
    await see(desk, '办事人已确认授权，受理表单已自动填写。')
    expect(await desk.locator('#applicantName').inputValue()).toBe(holder)
    await shot(desk, 'counter-12-desk-card-form')
    // Her 数字档案袋 names the 评价器 and the staff member.
    await phone.goto(`${cloud.url}/#/space/history/index`)
    await see(phone, new RegExp(`在窗口评价器 ${deviceNo} 上，窗口工作人员李\\*\\*`), false)

    // 解除配对 at the workstation: the 评价器 goes back to its pairing screen by itself.
    desk.once('dialog', (d) => void d.accept())
    await desk.getByRole('button', { name: `解除配对 ${deviceNo}` }).click()
    await desk.locator('#devices tr', { hasText: deviceNo }).filter({ hasText: '已解除' }).waitFor()
    await see(kiosk, '本评价器已解除配对或配对已失效。请窗口工作人员在受理台点击“配对评价器”，在下方输入新的8位配对码。')
    await shot(kiosk, 'counter-19-kiosk-unpaired')
    expect(await kiosk.evaluate(() => localStorage.getItem('kioskCredential'))).toBeNull()
    await shot(desk, 'counter-20-desk-devices')

    // 退出: the server ends the session; the token the page held is refused from then on.
    const token = (await desk.evaluate(() => sessionStorage.getItem('counterToken')))!
    await desk.click('#signOut')
    await see(desk, '已退出登录。')
    const after = await fetch(`${cloud.url}/counter/api/me`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' })
    expect(after.status).toBe(401)
  })

  it('wrong passwords: after 5 the account waits 15 minutes, and the page says so', async () => {
    const desk = await workstation()
    await desk.fill('#operatorId', 'lockme01')
    for (let i = 0; i < 5; i++) {
      await desk.fill('#password', `wrong-${i}`)
      await desk.click('#loginBtn')
      await desk.locator('#login-error').filter({ hasText: i < 4 ? `再输错${4 - i}次` : '登录失败次数过多' }).waitFor()
    }
    await see(desk, '登录失败次数过多，请15分钟后再试')
    await shot(desk, 'counter-21-desk-locked')
  })

  it('委托代办: she delegates to a friend, who accepts and shows her code at the counter; she confirms remotely, then ends the delegation', async () => {
    // The holder (her ID and register claimed) delegates the enrolment review to 王磊.
    const { page: holder } = await newPhone(browser)
    await loginAs(holder, cloud.url, '孙家长（演示·两个户口簿）')
    await openSpace(holder)
    await claim(holder, '居民身份电子凭证')
    await toastSeen(holder, '申领成功')
    await holder.goto(`${cloud.url}/#/pages/index/index`)
    await tap(holder, '委托代办')
    await see(holder, '我委托的')
    await tap(holder, '发起委托')
    await holder.locator('input').filter({ visible: true }).nth(0).fill('王磊')
    await holder.locator('input').filter({ visible: true }).nth(1).fill('430102198510020357')
    await tap(holder, '3天')
    await shot(holder, 'counter-13-phone-delegate-form')
    // The 授权说明 of these choices, above 确认委托: 3 days, no names in it.
    const delegateNotice = holder.locator('[data-notice]').filter({ visible: true })
    await delegateNotice.scrollIntoViewIfNeeded()
    await delegateNotice.getByText('有效期：发起后3天内').waitFor()
    expect(await delegateNotice.innerText()).not.toMatch(/王磊|4301/)
    await shot(holder, 'counter-13b-phone-delegate-notice')
    expect(await layoutProblems(holder)).toEqual([])
    await tap(holder, '确认委托')
    await see(holder, '待代办人接受')

    // The agent accepts in his own mini-program and shows 委托人身份码.
    const { page: agent } = await newPhone(browser)
    await loginAs(agent, cloud.url, '王家长（演示·湖南户口）')
    await agent.goto(`${cloud.url}/#/consent/delegate/index`)
    await see(agent, '委托给我的')
    await tap(agent, '接受委托')
    await tap(agent, '出示委托人身份码')
    await see(agent, /^委托人身份码：代\*\*涛办理“义务教育新生入学现场审核”$/, false)
    await shot(agent, 'counter-14-agent-code')
    const code = await digitsOn(agent)

    // The counter scans it; the holder, at home on her 委托代办 page, is asked and confirms.
    const desk = await workstation()
    await desk.click('#loginBtn')
    await see(desk, '办事人政务码')
    await scan(desk, code)
    await see(desk, /\*\*涛（代办人 \*磊）/, false)
    await see(holder, /代办人\*磊正在.+办理，请确认授权 ›/, false)
    await tap(holder, /代办人\*磊正在.+办理，请确认授权 ›/, false)
    await see(holder, '代办人')
    await shot(holder, 'counter-15-phone-remote-confirm')
    await tap(holder, '确认授权')
    await see(holder, '授权成功')
    await see(desk, '办事人已确认授权，受理表单已自动填写。')
    expect(await desk.locator('#applicantName').inputValue()).toBe('孙海涛')

    // She ends the delegation: the agent can show no more codes.
    await holder.goto(`${cloud.url}/#/consent/delegate/index`)
    await tap(holder, '结束委托')
    await holder.locator('.taro-modal__foot').filter({ visible: true }).getByText('结束', { exact: true }).click()
    await see(holder, '已结束')
    // The 委托代办 page at 1.6× (长辈模式).
    await holder.goto(`${cloud.url}/#/pages/profile/index`)
    await tap(holder, '长辈模式（大字）')
    await see(holder, '已开启')
    await holder.goto(`${cloud.url}/#/consent/delegate/index`)
    await see(holder, '我委托的')
    await shot(holder, 'counter-large-03-delegate')
    expect(await layoutProblems(holder)).toEqual([])
    await agent.goto(`${cloud.url}/#/consent/delegate/index`)
    await agent.reload()
    await see(agent, '委托给我的')
    expect(await agent.getByText('出示委托人身份码', { exact: true }).filter({ visible: true }).count()).toBe(0)
  })
})


/** A screen at 1.6× (长辈模式): the screenshot (axe-checked by shot) and no overlap, clipping or one-character lines. */
async function largeShot(page: Page, name: string): Promise<void> {
  await shot(page, name)
  expect(await layoutProblems(page)).toEqual([])
}

async function turnOnLargeText(page: Page): Promise<void> {
  await page.goto(`${cloud.url}/#/pages/profile/index`)
  await tap(page, '长辈模式（大字）')
  await see(page, '已开启')
}

/** The code the phone shows now, scanned by a freshly signed-in workstation (or the given one, after 受理下一位). */
async function signedInDesk(): Promise<Page> {
  const desk = await workstation()
  await desk.click('#loginBtn')
  await see(desk, '办事人政务码')
  return desk
}

describe('what the holder and the agent see', () => {
  it('nothing claimed: 去领取 and back to the same 服务授权; the result opens at the top; 我的授权 names the way in, the staff, the time; a refusal shows what was asked', async () => {
    const { page: phone } = await newPhone(browser)
    await loginAs(phone, cloud.url, '李家长（演示·多套房产）')
    await phone.goto(`${cloud.url}/#/consent/code/index`)
    await see(phone, '请向窗口工作人员出示')
    const desk = await signedInDesk()
    await scan(desk, await digitsOn(phone), '户口迁入（投靠父母）')

    // Nothing to authorize: what is missing and one way forward, no greyed 确认授权.
    await see(phone, '您尚未领取所需证照')
    expect(await phone.getByText('确认授权', { exact: true }).filter({ visible: true }).count()).toBe(0)
    await shot(phone, 'counter-16-phone-nothing-held')
    await tap(phone, '去领取证照')
    await see(phone, '返回服务授权 ›')
    await claim(phone, '居民身份电子凭证')
    await toastSeen(phone, '申领成功')
    await shot(phone, 'counter-17-space-return')
    await tap(phone, '返回服务授权 ›')

    // Back on the same 服务授权: the claimed ID is offered now, and she confirms from the bottom of the page.
    await see(phone, '确认授权')
    await see(phone, '窗口将读取：')
    await phone.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await tap(phone, '确认授权')
    await see(phone, '授权成功')
    await see(desk, '办事人已确认授权，受理表单已自动填写。')
    expect(await desk.locator('#creds legend').allInnerTexts()).toEqual(['居民身份电子凭证'])
    // The result opens at the top: its ✓ is below the title bar, not under it.
    await phone.waitForFunction(() => window.scrollY === 0)
    const icon = await phone.locator('.result-head__icon').filter({ visible: true }).boundingBox()
    const bar = await phone.locator('.taro-navigation-bar-title').filter({ visible: true }).first().boundingBox()
    expect(icon!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height)
    await shot(phone, 'counter-18-phone-confirmed-top')

    // A second matter, refused: 我的授权 shows what it asked for.
    await desk.click('#next')
    await phone.goto(`${cloud.url}/#/consent/code/index`)
    // A hash change alone can show the page kept in the H5 stack, with the code it had.
    await phone.reload()
    await see(phone, '请向窗口工作人员出示')
    await scan(desk, await digitsOn(phone), '义务教育新生入学现场审核')
    await see(phone, '拒绝')
    await tap(phone, '拒绝')
    await phone.locator('.taro-modal__foot').filter({ visible: true }).getByText('拒绝', { exact: true }).click()
    await see(phone, '已拒绝授权')
    await phone.goto(`${cloud.url}/#/consent/mine/index`)
    await see(phone, '窗口办理')
    const cards = phone.locator('[data-group=counter] .cs-card').filter({ visible: true })
    await cards.nth(1).waitFor()
    const texts = await cards.allInnerTexts()
    expect(texts).toHaveLength(2)
    const [refused, confirmed] = texts
    expect(refused).toMatch(/已拒绝/)
    expect(refused).toMatch(/办理方式\s*扫码（出示政务码）/)
    expect(refused).toMatch(/窗口人员\s*李\*\*/)
    expect(refused).toMatch(/拒绝时间\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    expect(refused).toMatch(/申请使用\s*居民身份电子凭证\s*姓名、公民身份号码\s*居民户口簿（未领取）\s*户号、/)
    expect(confirmed).toMatch(/授权时间/)
    expect(confirmed).toMatch(/证照\s*居民身份电子凭证\s*姓名、/)
    expect(confirmed).not.toMatch(/居民户口簿/)
    // The confirmed grant is proven on the phone, as a consent is: its record, then its 授权说明; the refused one has no grant to prove.
    const confirmedCard = cards.nth(1)
    await confirmedCard.getByText('✓ 记录完整性已验证').waitFor()
    await expect(confirmedCard.getByText(/已由 1 个见证方确认/).count()).resolves.toBe(1)
    expect(await cards.nth(0).locator('.cs-badge').count()).toBe(0)
    await shot(phone, 'counter-19-phone-mine-cards')
    await confirmedCard.getByText('查看授权说明', { exact: true }).click()
    await confirmedCard.locator('[data-notice-state=ok]').waitFor()
    expect(await confirmedCard.innerText()).toMatch(/已与账本记录核对一致[\s\S]*窗口服务授权说明（第1版）[\s\S]*办理事项：户口迁入（投靠父母）/)
    await confirmedCard.locator('[data-notice-state=ok]').scrollIntoViewIfNeeded()
    await shot(phone, 'counter-19b-phone-mine-card-notice')

    // The same at 1.6×: 我的授权, and another holder's empty 服务授权 and the way back from the space.
    await turnOnLargeText(phone)
    await phone.goto(`${cloud.url}/#/consent/mine/index`)
    await phone.reload()
    await see(phone, '窗口办理')
    await phone.locator('[data-group=counter] [data-ledger=verified]').filter({ visible: true }).first().waitFor()
    await largeShot(phone, 'counter-large-04-mine-cards')
    const largeCard = phone.locator('[data-group=counter] .cs-card').filter({ visible: true }).nth(1)
    await largeCard.getByText('查看授权说明', { exact: true }).click()
    await largeCard.locator('[data-notice-state=ok]').waitFor()
    await largeCard.locator('[data-notice-state=ok]').scrollIntoViewIfNeeded()
    await largeShot(phone, 'counter-large-04b-mine-card-notice')
    const { page: other } = await newPhone(browser)
    await loginAs(other, cloud.url, '许家长（演示·省外出生）')
    await turnOnLargeText(other)
    await other.goto(`${cloud.url}/#/consent/code/index`)
    await other.reload()
    await see(other, '请向窗口工作人员出示')
    await desk.click('#next')
    await scan(desk, await digitsOn(other), '户口迁入（投靠父母）')
    await see(other, '您尚未领取所需证照')
    await largeShot(other, 'counter-large-05-nothing-held')
    await tap(other, '去领取证照')
    await see(other, '返回服务授权 ›')
    await largeShot(other, 'counter-large-06-space-return')
    await tap(other, '返回服务授权 ›')
    await see(other, '去领取证照')
    // She claims her ID and confirms: the 服务授权 result's ✓ inside its circle at 1.6×.
    await tap(other, '去领取证照')
    await see(other, '返回服务授权 ›')
    await claim(other, '居民身份电子凭证')
    await toastSeen(other, '申领成功')
    await tap(other, '返回服务授权 ›')
    await see(other, '确认授权')
    await other.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await tap(other, '确认授权')
    await see(other, '授权成功')
    await largeShot(other, 'counter-large-09-confirmed')
    // A second matter, refused: the 拒绝 result's ! inside its circle.
    await desk.click('#next')
    await other.goto(`${cloud.url}/#/consent/code/index`)
    // As above: a hash change alone can show the page kept in the H5 stack, with the code it had.
    await other.reload()
    await see(other, '请向窗口工作人员出示')
    await scan(desk, await digitsOn(other), '义务教育新生入学现场审核')
    await tap(other, '拒绝')
    await other.locator('.taro-modal__foot').filter({ visible: true }).getByText('拒绝', { exact: true }).click()
    await see(other, '已拒绝授权')
    await largeShot(other, 'counter-large-10-refused')
  })

  it('the agent: accepts or declines; after the scan the code page says what happened; the counter checks the agent by full name and last four digits; an agent who confirms is sent to their delegations', async () => {
    const { page: holder } = await newPhone(browser)
    await loginAs(holder, cloud.url, '林家长（演示·父亲改过名）')
    await openSpace(holder)
    await claim(holder, '居民身份电子凭证')
    await toastSeen(holder, '申领成功')
    await holder.goto(`${cloud.url}/#/consent/delegate/index`)
    await see(holder, '我委托的')
    const delegateTo = async (matter: string | null, byAgent: boolean) => {
      await tap(holder, '发起委托')
      await holder.locator('input').filter({ visible: true }).nth(0).fill('王磊')
      await holder.locator('input').filter({ visible: true }).nth(1).fill('430102198510020357')
      if (matter) await tap(holder, matter)
      await tap(holder, byAgent ? '由代办人确认' : '本人远程确认')
      await tap(holder, '确认委托')
      await toastSeen(holder, '已发起委托')
    }
    // D1: the enrolment review, she confirms remotely; D2: 户口迁入, the agent confirms at the counter.
    await delegateTo(null, false)
    await delegateTo('户口迁入（投靠父母）', true)
    const given = holder.locator('[data-delegation]').filter({ visible: true })
    await given.nth(1).waitFor()

    const { page: agent } = await newPhone(browser)
    await loginAs(agent, cloud.url, '王家长（演示·湖南户口）')
    await agent.goto(`${cloud.url}/#/consent/delegate/index`)
    await see(agent, '委托给我的')
    const received = agent.locator('[data-received]').filter({ visible: true })
    const d1 = received.filter({ hasText: '义务教育新生入学现场审核' }).first()
    const d2 = received.filter({ hasText: '户口迁入（投靠父母）' }).first()
    await d2.waitFor()
    expect(await d1.getByText('拒绝委托', { exact: true }).count()).toBe(1)
    await shot(agent, 'counter-20-agent-received')
    await d1.getByText('接受委托', { exact: true }).click()
    await toastSeen(agent, '已接受委托')
    // Her card follows his 接受 without a reload (not 待代办人接受).
    await given.filter({ hasText: '义务教育新生入学现场审核' }).getByText('代办人已接受', { exact: true }).waitFor()
    await shot(holder, 'counter-21-holder-accepted')

    // He shows her code; the page says she confirms, and after the scan, what happened.
    await d1.getByText('出示委托人身份码', { exact: true }).click()
    await see(agent, /窗口扫码后，由委托人.+在其手机上确认授权/, false)
    const desk = await signedInDesk()
    await scan(desk, await digitsOn(agent))
    await desk.locator('#agentCheck').waitFor()
    expect([await desk.locator('#agentName').innerText(), await desk.locator('#agentLast4').innerText()]).toEqual(['王磊', '0357'])
    await see(desk, '委托代办：已推送授权请求到委托人手机，等待委托人远程确认授权…')
    await shot(desk, 'counter-22-desk-agent-check')
    await see(agent, '已被窗口扫描')
    await see(agent, /等待委托人确认授权/, false)
    await shot(agent, 'counter-23-agent-scanned-waiting')
    await tap(holder, /代办人\*磊正在.+办理，请确认授权 ›/, false)
    await tap(holder, '确认授权')
    await see(holder, '授权成功')
    await see(agent, /委托人已确认授权/, false)
    await shot(agent, 'counter-24-agent-scanned-confirmed')
    await see(desk, '办事人已确认授权，受理表单已自动填写。')
    expect(await desk.locator('#formAgentName').inputValue()).toBe('王磊')
    expect(await desk.locator('#formAgentId').inputValue()).toMatch(/^\*+0357$/)
    await desk.locator('#agentForm').scrollIntoViewIfNeeded()
    await shot(desk, 'counter-25-desk-agent-form')

    // At 1.6×: his delegations, the code, the scan; she refuses this time.
    await turnOnLargeText(agent)
    await agent.goto(`${cloud.url}/#/consent/delegate/index`)
    await agent.reload()
    await see(agent, '委托给我的')
    await largeShot(agent, 'counter-large-07-agent-received')
    await d1.getByText('出示委托人身份码', { exact: true }).click()
    await see(agent, '请向窗口工作人员出示')
    await largeShot(agent, 'counter-large-08-agent-code')
    await desk.click('#next')
    await scan(desk, await digitsOn(agent))
    await see(agent, '已被窗口扫描')
    await largeShot(agent, 'counter-large-09-agent-scanned')
    await holder.goto(`${cloud.url}/#/consent/delegate/index`)
    await tap(holder, /代办人\*磊正在.+办理，请确认授权 ›/, false)
    await tap(holder, '拒绝')
    await holder.locator('.taro-modal__foot').filter({ visible: true }).getByText('拒绝', { exact: true }).click()
    await see(holder, '已拒绝授权')
    await see(agent, /委托人已拒绝授权/, false)

    // D2: he confirms at the counter himself, and is sent to his delegations, not an empty 我的授权.
    await tap(agent, '返回委托代办')
    await see(agent, '委托给我的')
    await d2.getByText('接受委托', { exact: true }).click()
    await toastSeen(agent, '已接受委托')
    await d2.getByText('出示委托人身份码', { exact: true }).click()
    await see(agent, '请向窗口工作人员出示')
    await desk.click('#next')
    await scan(desk, await digitsOn(agent), '户口迁入（投靠父母）')
    await see(agent, '确认授权')
    await largeShot(agent, 'counter-large-10-agent-authorize')
    await tap(agent, '确认授权')
    await see(agent, '授权成功')
    await largeShot(agent, 'counter-large-11-agent-confirmed')
    await tap(agent, '查看委托给我的')
    await see(agent, '委托给我的')

    // He declines D1: she sees it.
    await d1.getByText('拒绝委托', { exact: true }).click()
    await agent.locator('.taro-modal__foot').filter({ visible: true }).getByText('拒绝', { exact: true }).click()
    await toastSeen(agent, '已拒绝')
    await holder.goto(`${cloud.url}/#/consent/delegate/index`)
    await given.filter({ hasText: '义务教育新生入学现场审核' }).getByText('代办人已拒绝', { exact: true }).first().waitFor()
    await shot(holder, 'counter-26-holder-declined')
  })
})
