import type { Page } from 'playwright-core'
import { shot } from './harness'
import { see, tap } from './spaceSteps'

/** Steps of the health declaration as a teacher or parent does them, by what they see. */
export async function openHealth(page: Page): Promise<void> {
  await tap(page, '健康申报')
  await see(page, '申报人列表')
}

/** Types into the n-th visible input of the page (Taro H5 wraps each <input> in its own element). */
export async function typeInto(page: Page, n: number, value: string): Promise<void> {
  await page.locator('input').filter({ visible: true }).nth(n).fill(value)
}

/** A screenshot once the screen has settled: no toast, dialog or action sheet on its way out. */
export async function healthShot(page: Page, name: string): Promise<void> {
  for (const css of ['.taro__toast *', '.taro__modal *', '.taro__actionSheet *']) {
    await page.locator(css).filter({ visible: true }).first().waitFor({ state: 'hidden' })
  }
  await shot(page, name)
}

/** Opens the card's link on a parent's phone and picks the filing way. */
export async function openCard(page: Page, link: string, way: '本人填报' | '代他人填报'): Promise<void> {
  await page.goto(link)
  await see(page, '请选择填报方式')
  await tap(page, way)
  await tap(page, '下一步')
}

/** 代他人填报: the declarant's name and mainland ID number. */
export async function addDeclarant(page: Page, name: string, idNumber: string): Promise<void> {
  await see(page, '填写申报人（即需上报信息的学生、教职工）信息')
  await typeInto(page, 0, name)
  await typeInto(page, 1, idNumber)
  await tap(page, '下一步')
}

/** Fills the daily form with ordinary answers (no fever, no contacts). */
export async function fillForm(page: Page, temperature = '36.5'): Promise<void> {
  await see(page, '基本信息')
  await typeInto(page, 0, '13800138000')
  await typeInto(page, 1, '惠州市惠城区')
  await typeInto(page, 2, temperature)
  const no = page.getByText('否', { exact: true }).filter({ visible: true })
  await no.nth(0).click()
  await no.nth(1).click()
}

export async function submitToday(page: Page): Promise<void> {
  await tap(page, '提交当日数据')
  await tap(page, '提交本日数据')
}

