import type { Driver } from './driver'

/**
 * The journeys, written once: login, the space and linking a child, the enrolment
 * authorization, and health declaration by oneself, by a proxy and on the collector's workbench.
 * Each runs on the H5 build (test/e2e/scenarios.spec.ts) and, with WeChat DevTools, on the weapp
 * build (test/weapp/scenarios.weapp.test.ts), against a local cloud the runner started.
 * Only what a user sees and does; what the platform does natively (toasts, dialogs) is the driver's.
 */
export interface ScenarioWorld {
  /** The business system (the school's enrolment system) asking for credentials: its 授权码 link path. */
  enrolmentRequest(over: Record<string, string>): Promise<{ path: string; code: string }>
  /** A collector's class set up over the API (its card reaches the others as a chat message would). */
  healthCard(collectorNickname: string, orgName: string): Promise<{ path: string }>
  /** The counter's workstation (免证办, seed 004): its clerk scans the 12 digits for a matter. */
  counterScan(digits: string): Promise<{ caseId: string }>
  /** The counter's 受理表单 once the holder confirmed: whom it names and which credentials it holds. */
  counterForm(caseId: string): Promise<{ applicantName: string; credentials: string[] }>
}

export interface Journey {
  name: string
  run(d: Driver, world: ScenarioWorld): Promise<void>
}

/** People of the demo fixture (fixtures/registry.json) by their demo WeChat user. */
export const PEOPLE = {
  chen: { nickname: '陈家长（演示·普通关联）', idNumber: '441302198506120324', child: { name: '吴思涵', idNumber: '441302201809140829' } },
  /** F14's mother: the flat at the student's register address is hers. */
  li: { nickname: '李家长（演示·多套房产）', idNumber: '441302198512241085' },
  teacher: { nickname: '黄老师（演示·深圳2016出生）' },
  wang: { nickname: '王家长（演示·湖南户口）' },
} as const

/** "陈家长（演示·普通关联）": the picker shows the case on its own line; a plain name otherwise. */
function pickerText(nickname: string): string {
  return /^(.+?)（演示·(.+)）$/.exec(nickname)?.[2] ?? nickname
}

export async function pickDemoUser(d: Driver, nickname: string): Promise<void> {
  await d.see('选择演示微信用户')
  await d.tap(pickerText(nickname))
}

/** WeChat's privacy popup, when this phone has not agreed yet, then the login form's button. */
async function passPrivacy(d: Driver, button: string): Promise<void> {
  if ((await d.firstOf(['同意', button])) === 0) await d.tap('同意')
  await d.see(button)
}

/** A new phone: picks the demo WeChat user and logs in by the (simulated) face check. */
export async function loginAs(d: Driver, nickname: string): Promise<void> {
  await d.newPhone()
  await pickDemoUser(d, nickname)
  await d.tap('请登录')
  await passPrivacy(d, '开始人脸识别验证')
  await d.tap(/^阅读并同意遵循/)
  await d.tap('开始人脸识别验证')
  await d.tap('模拟：验证通过')
  await d.see(/^您好，/)
}

const mustNotShow = async (d: Driver, ...secrets: string[]) => {
  const text = await d.screenText()
  for (const s of secrets) if (text.includes(s)) throw new Error(`${d.platform}: the screen shows ${s.slice(0, 4)}… in clear`)
}

/** Ordinary answers on the daily form (no fever, no contacts). */
async function fillDailyForm(d: Driver): Promise<void> {
  await d.see('基本信息')
  await d.type(0, '13800138000')
  await d.type(1, '惠州市惠城区')
  await d.type(2, '36.5')
  await d.tap({ text: '否', nth: 0 })
  await d.tap({ text: '否', nth: 1 })
}

async function submitToday(d: Driver): Promise<void> {
  await d.chooseNext('提交本日数据', () => d.tap('提交当日数据'))
  await d.see('提交成功')
}

/**
 * 陈美玲 logs in, has her ID, register and birth certificate in her space (any claimed before stay
 * there) and opens the 政务码 from the home page, right after logging in (a recent face check):
 * its 12 digits, as the counter would scan them.
 */
export async function chenShowsCode(d: Driver): Promise<string> {
  await loginAs(d, PEOPLE.chen.nickname)
  await d.tap('我的数字空间')
  await d.see('我的证照')
  for (const type of ['id_card', 'household_register', 'birth_certificate']) {
    if (!(await d.shows({ id: `claim-${type}` }))) continue
    await d.tap({ id: `claim-${type}` })
    await d.gone({ id: `claim-${type}` })
  }
  await d.open('/pages/index/index')
  await d.tap('政务码（免证办）')
  await d.see('请向窗口工作人员出示')
  await d.see(/^\d{4} \d{4} \d{4}$/)
  return /(\d{4}) (\d{4}) (\d{4})/.exec(await d.screenText())!.slice(1).join('')
}

export const journeys: Journey[] = [
  {
    name: 'login by face, masked home',
    async run(d) {
      await loginAs(d, PEOPLE.chen.nickname)
      await d.shot('login-home')
      if (await d.shows('请登录')) throw new Error('still offers 请登录 after logging in')
      await mustNotShow(d, PEOPLE.chen.idNumber)
    },
  },
  {
    name: 'the space: claim the birth certificate and link the child',
    async run(d) {
      await loginAs(d, PEOPLE.chen.nickname)
      await d.tap('我的数字空间')
      await d.see('我的证照')
      await d.tap({ id: 'claim-birth_certificate' })
      await d.see(/新生儿 \*\*涵/)
      await d.shot('space-claimed')
      await d.tap('关联被监护人')
      await d.see('确认关联')
      await d.type(0, PEOPLE.chen.child.idNumber)
      await d.tap('确认关联')
      await d.see('关联成功')
      await d.see(/已关联被监护人 \*\*涵/)
      await d.shot('space-linked')
      await mustNotShow(d, PEOPLE.chen.child.idNumber, PEOPLE.chen.child.name)
    },
  },
  {
    name: 'authorization: the mother signs the property part, verifies the record, revokes',
    async run(d, world) {
      const request = await world.enrolmentRequest({})
      await loginAs(d, PEOPLE.li.nickname)
      await d.open(request.path)
      await d.see(request.code)
      await d.see('户籍信息需由学生户口簿的户主授权')
      await d.shot('consent-request')
      await d.tap('我已认真阅读并同意以上授权内容')
      // 授权成功 is a dialog (wx.showModal, native in WeChat): answered with its 返回.
      await d.confirmNext(['返回'], () => d.tap('签署授权'))
      await d.see('您已授权')
      await d.tap('我的授权')
      await d.see(/记录完整性已验证/)
      await d.shot('consent-mine')
      await d.confirmNext(['注销'], () => d.tap('注销授权'))
      await d.see('重新授权')
    },
  },
  {
    name: 'counter use: the 政务码 is scanned, the phone confirms the 服务授权, the counter’s form fills',
    async run(d, world) {
      const digits = await chenShowsCode(d)
      await d.shot('counter-code')
      const { caseId } = await world.counterScan(digits)
      // The phone opens 服务授权 by itself.
      await d.see('确认授权')
      await d.see('义务教育新生入学现场审核')
      await d.shot('counter-authorize')
      await d.tap('确认授权')
      await d.see('授权成功')
      const form = await world.counterForm(caseId)
      // In the order she claimed them: compared as a set.
      if (form.applicantName !== '陈美玲' || [...form.credentials].sort().join('、') !== ['居民身份电子凭证', '居民户口簿', '出生医学证明'].sort().join('、')) {
        throw new Error(`${d.platform}: the counter's form is not what the holder authorized: ${JSON.stringify(form)}`)
      }
    },
  },
  {
    name: 'health: a proxy files for a child, a member for herself, the collector sees both',
    async run(d, world) {
      const card = await world.healthCard(PEOPLE.teacher.nickname, '三年级二班')
      // A parent files for her child (代他人填报).
      await loginAs(d, PEOPLE.chen.nickname)
      await d.open(card.path)
      await d.see('请选择填报方式')
      await d.tap('代他人填报')
      await d.tap('下一步')
      await d.see('填写申报人（即需上报信息的学生、教职工）信息')
      await d.type(0, PEOPLE.chen.child.name)
      await d.type(1, PEOPLE.chen.child.idNumber)
      await d.tap('下一步')
      await fillDailyForm(d)
      await d.shot('health-form')
      await submitToday(d)
      await d.tap('返回申报人列表')
      await d.see('已申报')
      await mustNotShow(d, PEOPLE.chen.child.idNumber)

      // A member files for herself (本人填报) on her own phone.
      await loginAs(d, PEOPLE.wang.nickname)
      await d.open(card.path)
      await d.tap('本人填报')
      await d.tap('下一步')
      await fillDailyForm(d)
      await submitToday(d)

      // The collector's workbench counts both, and reminds nobody (no one is missing).
      await loginAs(d, PEOPLE.teacher.nickname)
      await d.tap('健康申报')
      await d.tap('三年级二班')
      await d.see('近7天申报统计')
      const counts = (await d.screenText()).replace(/\s+/g, ' ')
      if (!counts.includes('2 成员 2 已申报 0 未申报 0 异常')) throw new Error(`${d.platform}: workbench counts wrong: ${counts.slice(0, 300)}`)
      await d.shot('health-workbench')
    },
  },
]
