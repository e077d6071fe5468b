import { expect } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, newPhone, shot, startCloud } from './harness'
import { agreeAndSign, consentShot, openRequestLink, scanThenLogin } from './consentSteps'
import { loginAs, see, seen, tap } from './spaceSteps'
import { integrateLedger } from '../../cloudfunctions/services/consent/integrator'
import type Database from 'better-sqlite3'
import path from 'node:path'
import { readFileSync } from 'node:fs'
import { publicKeyOf } from '../../cloudfunctions/domain/ledger/checkpoint'
import { toHex } from '../../cloudfunctions/domain/ledger/hash'
import { runVerifyReceipt } from '../../scripts/verify-receipt'
import { layoutProblems } from './layoutCheck'

/**
 * SPEC §4 end to end, family F14 of the fixture: the father heads the household, the flat at the
 * register address is the mother's (seed 000 note 5). The school's demo page asks; each parent
 * signs their own part on their own phone; the form fills; a revocation stops the next read.
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

async function schoolPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 760, height: 1100 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${cloud.url}/demo/enrolment`)
  return page
}

describe('enrolment authorization (SPEC §4)', () => {
  it('two parents sign their parts, the form fills, a revocation stops the next read, the record verifies', async () => {
    // The school creates the request: 授权码 and QR code.
    const school = await schoolPage()
    await school.getByText('提交', { exact: true }).click()
    await school.locator('#code').filter({ hasText: /^[A-Z2-9]{8}$/ }).waitFor()
    const code = (await school.locator('#code').textContent())!
    const link = (await school.locator('#link').getAttribute('href'))!
    expect(link).toContain(`code=${code}`)
    await school.locator('#parts li').filter({ hasText: '待授权' }).nth(1).waitFor()
    await shot(school, 'consent-01-school-code')

    // A stranger (another family) opening this 授权码 learns only that it is not theirs.
    const stranger = await newPhone(browser)
    await loginAs(stranger.page, cloud.url, '陈家长（演示·普通关联）')
    await stranger.page.goto(link)
    await see(stranger.page, '该授权码不是您家的授权申请')
    await see(stranger.page, '我的授权')
    for (const hidden of ['等待授权', '待授权', '有效期至', '户籍信息', '房产信息', '**阳', '**婷']) {
      expect(await stranger.page.getByText(hidden, { exact: false }).filter({ visible: true }).count()).toBe(0)
    }
    await consentShot(stranger.page, 'consent-01b-stranger-not-theirs')
    await stranger.context.close()

    // The father scans before he has logged in: 去登录, then back to the request. He owns flats,
    // none at the register address: told so on the property, and 无法在线授权 offers that very
    // reason first, so the school would read the right one (he closes it: the mother signs it).
    const dad = await newPhone(browser)
    await scanThenLogin(dad.page, cloud.url, link, '何俊杰', '441302198308010976')
    await see(dad.page, '您名下没有与学生户口簿地址一致的房产', false)
    await dad.page.locator('[data-part="property"]').getByText('无法在线授权？').filter({ visible: true }).click()
    await dad.page.getByText('名下房产与学生户口簿地址不一致', { exact: true }).filter({ visible: true }).waitFor()
    const offered = (await dad.page.locator('.taro-actionsheet__cell').filter({ visible: true }).allInnerTexts()).map((t) => t.trim()).filter(Boolean)
    expect(offered).toEqual(['名下房产与学生户口簿地址不一致', '无房产', '房产无法领取电子证照'])
    await consentShot(dad.page, 'consent-01c-father-property-reason')
    await dad.page.getByText('取消', { exact: true }).filter({ visible: true }).click()
    await dad.page.getByText('名下房产与学生户口簿地址不一致', { exact: true }).filter({ visible: true }).waitFor({ state: 'hidden' })

    // The school asks again while this request is open: the same 授权码 comes back.
    await school.getByText('提交', { exact: true }).click()
    await school.locator('#reused').filter({ visible: true }).waitFor()
    expect(await school.locator('#code').textContent()).toBe(code)
    await shot(school, 'consent-01d-school-same-code')

    // The mother scans: she may sign the property (the one at the register address), not the register.
    const mum = await newPhone(browser)
    await loginAs(mum.page, cloud.url, '李家长（演示·多套房产）')
    await openRequestLink(mum.page, link)
    await see(mum.page, '户籍信息需由学生户口簿的户主授权')
    await see(mum.page, '与户口簿地址一致', false)
    await see(mum.page, '与户口簿地址不一致，不可选', false)
    expect(await mum.page.content()).not.toContain('李婉婷')
    await consentShot(mum.page, 'consent-02-mother-review')
    await mum.page.locator('[data-part="property"]').filter({ visible: true }).scrollIntoViewIfNeeded()
    await consentShot(mum.page, 'consent-02b-mother-choose-property')
    // 授权说明: the canonical text whose hash goes back with 签署授权, line by line above the checkbox.
    const notice = mum.page.locator('[data-notice]').filter({ visible: true })
    await notice.scrollIntoViewIfNeeded()
    for (const line of ['证照授权说明（第1版）', '撤回方式：', '可随时在“我的授权”中注销；注销后业务系统立即不能再读取']) await notice.getByText(line, { exact: false }).first().waitFor()
    expect(await notice.innerText()).not.toMatch(/何沐阳|李婉婷|何俊杰|4413/)
    await consentShot(mum.page, 'consent-02c-mother-notice')
    expect(await layoutProblems(mum.page)).toEqual([])
    await agreeAndSign(mum.page)
    await see(mum.page, '您已授权')

    // The father (household head) signs the register on his phone.
    await openRequestLink(dad.page, link)
    await see(dad.page, '已由 **婷 授权')
    // He leaves out the student's ID number (minimal authorization).
    await tap(dad.page, '学生身份证号')
    await agreeAndSign(dad.page)
    await see(dad.page, '授权完成 · 报名类型：网上证照已授权')
    await see(dad.page, '未授权：学生身份证号')
    await consentShot(dad.page, 'consent-03-father-complete')

    // The school's page sees it complete and fills its form from the authorized data.
    await school.locator('#result').filter({ hasText: '网上证照已授权' }).waitFor()
    await school.locator('[data-field="household_register.studentName"]').filter({ hasText: '何沐阳' }).waitFor()
    await school.locator('[data-field="property.address"]').filter({ hasText: '金山湖花园' }).waitFor()
    // What the father left out is named for the school, not just a missing row.
    await school.locator('[data-withheld="household_register"]').filter({ hasText: '家长未授权：学生身份证号' }).waitFor()
    expect(await school.locator('[data-field="household_register.studentIdNumber"]').count()).toBe(0)
    await school.locator('#resultBox').scrollIntoViewIfNeeded()
    await shot(school, 'consent-04-school-form')

    // The mother checks her authorizations: the record verifies on her device; then she revokes.
    await tap(mum.page, '我的授权')
    await see(mum.page, /记录完整性已验证/, false)
    // Grouped by matter and child; the badge says only that the record verifies (no ledger size).
    await mum.page.locator('.cs-group__sub').filter({ visible: true }).filter({ hasText: '学生 **阳 · 1 项授权' }).waitFor()
    expect(await seen(mum.page, /记录完整性已验证/, false).innerText()).toMatch(/^✓ 记录完整性已验证$/)
    expect(await mum.page.getByText('账本', { exact: false }).count()).toBe(0)
    // The local cloud's witness cosigned the checkpoint: named, by the label the phone trusts.
    await see(mum.page, '已由 1 个见证方确认：本地见证节点（演示）', false)
    await consentShot(mum.page, 'consent-05-mine-verified', true)
    // 查看授权说明: the text she agreed to, checked on her phone against the grant the ledger proved.
    await tap(mum.page, '查看授权说明')
    await see(mum.page, '以下为您同意时阅读的授权说明，已与账本记录核对一致。')
    await mum.page.locator('.cs-card [data-notice]').filter({ visible: true }).scrollIntoViewIfNeeded()
    await consentShot(mum.page, 'consent-05b-mine-notice')
    expect(await layoutProblems(mum.page)).toEqual([])
    // Someone with database access softens the kept wording after she agreed: her phone says so, loudly.
    const db = (cloud.deps.stores as unknown as { db: Database.Database }).db
    const softened = db.prepare(`UPDATE consent_notices SET text = replace(text, '立即不能再读取', '在审核结束后不能再读取')`)
    expect(softened.run().changes).toBeGreaterThan(0)
    await mum.page.reload()
    await see(mum.page, /授权说明与账本记录不符，可能被改动/, false)
    await tap(mum.page, '查看授权说明')
    await see(mum.page, '以下为系统现存的授权说明，与您同意时账本记录的不一致：')
    await consentShot(mum.page, 'consent-05c-mine-notice-altered', true)
    expect(await layoutProblems(mum.page)).toEqual([])
    db.prepare(`UPDATE consent_notices SET text = replace(text, '在审核结束后不能再读取', '立即不能再读取')`).run()
    await mum.page.reload()
    await see(mum.page, /记录完整性已验证/, false)
    expect(await mum.page.getByText('授权说明与账本记录不符', { exact: false }).count()).toBe(0)
    // On CloudBase the revocation is answered with the ledger's signed promise and integrated by the
    // timer a moment later: held back here (merge delay 6 s), the card says 已记录，等待入账.
    cloud.deps.ledgerIntegration = 'scheduled'
    cloud.deps.ledgerMergeDelayMs = 6_000
    await tap(mum.page, '注销授权')
    await mum.page.locator('.taro-modal__foot').filter({ visible: true }).getByText('注销', { exact: true }).click()
    await see(mum.page, '重新授权')
    await mum.page.locator('.cs-card').filter({ visible: true }).filter({ hasText: '注销时间' }).filter({ hasText: '已记录，等待入账' }).waitFor()
    expect(await mum.page.getByText('警告：授权记录完整性校验未通过', { exact: false }).count()).toBe(0)
    await consentShot(mum.page, 'consent-06a-mine-revoke-pending', true)
    // The integrator runs; the page checks again after the promised time and shows the proof.
    expect((await integrateLedger(cloud.deps)).batches.length).toBeGreaterThan(0)
    cloud.deps.ledgerIntegration = 'inline'
    // A fresh check of the revoked record (a revocation missing from the ledger would warn instead).
    await mum.page.locator('.cs-card').filter({ visible: true }).filter({ hasText: '注销时间' }).filter({ hasText: '记录完整性已验证' }).waitFor()
    expect(await mum.page.getByText('警告：授权记录完整性校验未通过', { exact: false }).count()).toBe(0)
    cloud.deps.ledgerMergeDelayMs = undefined
    await consentShot(mum.page, 'consent-06-mine-revoked', true)

    // 保存授权凭证: the receipt downloads, and the offline verifier checks the file with the log's key only.
    await saveReceiptAndVerify(mum.page, 'receipt-revoked.json')
    await consentShot(mum.page, 'consent-06b-mine-receipt-saved', true)

    // Back on the request, the revoked property can be signed again: tick box and 签署授权, not a stale card.
    await mum.page.goBack()
    await mum.page.locator('[data-part="property"] .cs-box--on').filter({ visible: true }).waitFor()
    await see(mum.page, '签署授权')

    // The school's next read of the property is refused (and recorded).
    await school.getByText('重新读取授权数据').click()
    await school.locator('.refused').filter({ hasText: '授权已注销' }).waitFor()
    expect(await school.locator('[data-field="property.address"]').count()).toBe(0)
    await school.locator('#resultBox').scrollIntoViewIfNeeded()
    await shot(school, 'consent-07-school-refused')

    // A request that needs the birth certificate: the mother has not linked the student, and the
    // card takes her to 关联被监护人 instead of only telling her to.
    // Asked with the father as the applying parent (the mother's request above is open again after 注销).
    await school.locator('select[name="evidence"]').selectOption('户籍（户口簿, 出生证）')
    await school.locator('input[name="parentName"]').fill('何俊杰')
    await school.locator('input[name="parentIdNumber"]').fill('441302198308010976')
    await school.getByText('提交', { exact: true }).click()
    await school.locator('#code').filter({ hasNotText: code }).filter({ hasText: /^[A-Z2-9]{8}$/ }).waitFor()
    const link2 = (await school.locator('#link').getAttribute('href'))!
    await mum.page.goto('about:blank')
    await openRequestLink(mum.page, link2)
    await mum.page.locator('[data-part="birth_certificate"]').getByText('去关联被监护人', { exact: false }).filter({ visible: true }).click()
    await mum.page.waitForURL(/space\/link/)

    // A mistyped code is caught on the phone, with its own words and a way home (no raw refusal).
    await mum.page.goto('about:blank')
    await mum.page.goto(link.replace(`code=${code}`, 'code=0OIL1234'))
    await see(mum.page, '授权码格式不正确')
    await see(mum.page, '返回首页')
    expect(await mum.page.getByText('请求内容不正确', { exact: false }).count()).toBe(0)

    // The log shows a checkpoint no witness cosigned (a split view needs exactly that): the mother's
    // phone, which trusts the local witness's key since its first check, warns as loudly as for a
    // changed record. Then the same two states at 1.6× text (长辈模式).
    const witnesses = cloud.deps.ledgerWitnesses
    cloud.deps.ledgerWitnesses = undefined
    await mum.page.goto(`${cloud.url}/#/consent/mine/index`)
    await see(mum.page, /见证方/, false)
    const warning = mum.page.locator('.cs-badge--bad').filter({ visible: true }).first()
    expect(await warning.innerText()).toMatch(/^⚠ 警告：授权记录完整性校验未通过——.*见证.*请勿继续使用/)
    await consentShot(mum.page, 'consent-08-mine-unwitnessed', true)
    await mum.page.goto(`${cloud.url}/#/pages/profile/index`)
    await tap(mum.page, '长辈模式（大字）')
    await see(mum.page, '已开启')
    await mum.page.goto(`${cloud.url}/#/consent/mine/index`)
    await mum.page.locator('.cs-badge--bad').filter({ visible: true }).first().waitFor()
    await consentShot(mum.page, 'consent-08b-mine-unwitnessed-large', true)
    expect(await layoutProblems(mum.page)).toEqual([])
    cloud.deps.ledgerWitnesses = witnesses
    await mum.page.reload()
    await see(mum.page, '已由 1 个见证方确认：本地见证节点（演示）', false)
    await consentShot(mum.page, 'consent-05b-mine-verified-large', true)
    expect(await layoutProblems(mum.page)).toEqual([])

    // 我的授权 at 1.6× (长辈模式): 保存授权凭证 again; the card's actions and the saved receipt's note wrap, nothing clips.
    await saveReceiptAndVerify(mum.page, 'receipt-large.json')
    await mum.page.locator('.cs-receipt').filter({ visible: true }).scrollIntoViewIfNeeded()
    await consentShot(mum.page, 'consent-09-mine-receipt-large')
    expect(await layoutProblems(mum.page)).toEqual([])

    await mum.context.close()
    await dad.context.close()
    await school.context().close()
  }, 180_000)
})

/** Taps 保存授权凭证 on the (one) card, keeps the download, and runs `npm run verify-receipt`'s check on it. */
async function saveReceiptAndVerify(page: Page, name: string): Promise<void> {
  const [download] = await Promise.all([page.waitForEvent('download'), tap(page, '保存授权凭证')])
  expect(download.suggestedFilename()).toMatch(/^consent-receipt-cs_[A-Za-z0-9_-]+\.json$/)
  const file = path.join(cloud.dataDir, name)
  await download.saveAs(file)
  await page.locator('.cs-receipt').filter({ visible: true }).filter({ hasText: '已保存授权凭证' }).waitFor()
  expect(readFileSync(file, 'utf8')).not.toMatch(/何|李婉婷|441302|openid/)
  const { origin, keyName, secretKey } = cloud.deps.ledgerKey
  const out: string[] = []
  // The log's key and the local witness's, as the operator hands them out (npm run ledger:trust): quorum 1.
  const witnesses = (cloud.deps.ledgerWitnesses?.witnesses ?? []).flatMap((w) => ['--witness', `${w.name}=${w.publicKey}`])
  const code = runVerifyReceipt([file, '--origin', origin, '--key-name', keyName, '--public-key', toHex(publicKeyOf(secretKey)), ...witnesses, '--quorum', '1'], { log: (s) => out.push(s), error: (s) => out.push(s) })
  expect([code, out.join('\n')]).toEqual([0, expect.stringMatching(/该授权记录已写入授权账本第 \d+ 条.*账本签名有效.*已由 1 个见证方确认/)])
  expect(out.join('\n')).toContain('该授权已于')
}
